package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A $ref to a file that does not exist names the referring file, the
// line and column of the $ref and its pointer (it used to name the root
// spec at line 1 with the target's pointer).
func TestMissingRefFile(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"in the spec", map[string]string{"spec.yaml": head + "    U: {$ref: 'nothere.yaml#/U'}\n"},
			`spec.yaml:6:8: #/components/schemas/U: $ref "nothere.yaml#/U": file nothere.yaml does not exist`},
		{"in a referenced file", map[string]string{
			"spec.yaml":     head + "    U: {$ref: 'sub/user.yaml#/User'}\n",
			"sub/user.yaml": "User:\n  type: object\n  properties:\n    a:\n      $ref: 'gone.yaml#/A'\n"},
			`sub/user.yaml:5:7: #/User/properties/a: $ref "gone.yaml#/A": file gone.yaml does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := File(context.Background(), filepath.Join(dir, "spec.yaml"), Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("File() error =\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}
