package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestLocate(t *testing.T) {
	cache, mods := t.TempDir(), t.TempDir()
	write := func(name string) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	npmFile := write(filepath.Join(cache, "npm", "octokit-openapi@1.0.0", "package", "a.json"))
	modFile := write(filepath.Join(mods, "github.com", "!burnt!sushi", "x@v1.0.0", "t", "b.json"))
	tests := []struct {
		sp   Spec
		want string
	}{
		{Spec{Name: "n", Registry: NPM, Package: "@octokit/openapi", Version: "1.0.0", Path: "package/a.json"}, npmFile},
		{Spec{Name: "g", Registry: GoMod, Package: "github.com/BurntSushi/x", Version: "v1.0.0", Path: "t/b.json"}, modFile},
	}
	for _, tt := range tests {
		got, err := Locate(tt.sp, cache, mods)
		if err != nil || got != tt.want {
			t.Errorf("Locate(%s) = %q, %v, want %q", tt.sp.Name, got, err, tt.want)
		}
	}
	_, err := Locate(Spec{Name: "m", Registry: GoMod, Package: "example.com/m", Version: "v1.0.0", Path: "x.json"}, cache, mods)
	if !errors.Is(err, ErrNotCached) {
		t.Errorf("Locate(missing) error = %v, want ErrNotCached", err)
	}
}
