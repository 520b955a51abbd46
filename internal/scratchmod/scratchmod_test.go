package scratchmod

import (
	"os"
	"path/filepath"
	"testing"
)

func TestGoDirective(t *testing.T) {
	dir := t.TempDir()
	if got := GoDirective(dir); got != "1.25" {
		t.Errorf("no go.mod: %q, want 1.25", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26.1\n\ntoolchain go1.26.8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := GoDirective(dir); got != "1.26.1" {
		t.Errorf("GoDirective = %q, want 1.26.1", got)
	}
}

func TestReplace(t *testing.T) {
	for root, want := range map[string]string{
		"/src/sigen":    "replace m => /src/sigen\n",
		"/my dir/sigen": `replace m => "/my dir/sigen"` + "\n",
		`C:\src\sigen`:  `replace m => "C:\\src\\sigen"` + "\n",
		"/a`b":          "replace m => \"/a`b\"\n",
	} {
		want = "require m v0.0.0\n\n" + want
		if got := Replace("m", root); got != want {
			t.Errorf("Replace(m, %q) = %q, want %q", root, got, want)
		}
	}
}
