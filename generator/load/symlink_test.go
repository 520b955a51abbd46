package load

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A symbolic link inside the spec's folder must not lead $refs out of it:
// a link to /dev/zero was read until memory ran out (4 GB in 9 s), and a
// link to /etc/passwd was read.
func TestRefSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
	tests := []struct {
		name, target, ref, want string
	}{
		{"device", "/dev/zero", "zero.yaml", `spec.yaml:6:8: #/components/schemas/A: $ref "zero.yaml" escapes the spec's folder through a symbolic link`},
		{"file outside", "/etc/passwd", "passwd.yaml", `spec.yaml:6:8: #/components/schemas/A: $ref "passwd.yaml" escapes the spec's folder through a symbolic link`},
		{"folder outside", "/etc", "etc/passwd", `spec.yaml:6:8: #/components/schemas/A: $ref "etc/passwd" escapes the spec's folder through a symbolic link`},
		{"inside", "sub/a.yaml", "link.yaml", ""},
		{"fifo inside", "", "fifo.yaml", "read $ref file fifo.yaml: not a regular file"},
		{"folder inside", "", "sub", "read $ref file sub: not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "sub", "a.yaml"), []byte("type: string\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.target != "" {
				if err := os.Symlink(tt.target, filepath.Join(dir, strings.Split(tt.ref, "/")[0])); err != nil {
					t.Fatal(err)
				}
			}
			if tt.ref == "fifo.yaml" {
				if err := mkfifo(filepath.Join(dir, "fifo.yaml")); err != nil {
					t.Skip(err)
				}
			}
			src := head + "    A: {$ref: '" + tt.ref + "'}\n"
			if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			// A FIFO or device read to the end would block the test until
			// its timeout; the error shows it was refused before reading.
			_, err := File(context.Background(), filepath.Join(dir, "spec.yaml"), Options{})
			if tt.want == "" {
				if err != nil {
					t.Errorf("File() error = %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("File() error = %v, want %q", err, tt.want)
			}
		})
	}
}

// The spec itself must be a regular file: -i /dev/zero was read until
// memory ran out.
func TestSpecNotRegular(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	_, err := File(context.Background(), "/dev/zero", Options{DisplayName: "zero.yaml"})
	if want := "read spec: zero.yaml is not a regular file"; err == nil || err.Error() != want {
		t.Errorf("File(/dev/zero) error = %v, want %q", err, want)
	}
}
