package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// Refused $refs are reported where they are written, as written.
func TestRefusedRefs(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte("type: string\n"))
	}))
	defer srv.Close()
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"remote", map[string]string{"spec.yaml": head + "    U: {$ref: '" + srv.URL + "/u.yaml#/U'}\n"},
			`spec.yaml:6:8: #/components/schemas/U: remote $ref "` + srv.URL + `/u.yaml" refused: generation must not reach the network (pass --allow-remote-refs to permit)`},
		{"remote in referenced file", map[string]string{
			"spec.yaml":     head + "    U: {$ref: 'sub/user.yaml'}\n",
			"sub/user.yaml": "type: object\nproperties:\n  a: {$ref: '" + srv.URL + "/a.yaml'}\n"},
			`sub/user.yaml:3:6: #/properties/a: remote $ref "` + srv.URL + `/a.yaml" refused: generation must not reach the network (pass --allow-remote-refs to permit)`},
		{"escape", map[string]string{"spec.yaml": head + "    P: {$ref: '../../etc/passwd'}\n"},
			`spec.yaml:6:8: #/components/schemas/P: $ref "../../etc/passwd" escapes the spec's folder`},
		{"escape absolute", map[string]string{"spec.yaml": head + "    P: {$ref: '/etc/passwd#/x'}\n"},
			`spec.yaml:6:8: #/components/schemas/P: $ref "/etc/passwd#/x" escapes the spec's folder`},
		{"escape in referenced JSON file", map[string]string{
			"spec.yaml":     head + "    U: {$ref: 'sub/user.json'}\n",
			"sub/user.json": `{"type":"object","properties":{"a":{"$ref":"../../secret.yaml"}}}`},
			`sub/user.json: #/properties/a: $ref "../../secret.yaml" escapes the spec's folder`},
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
			if err != nil && strings.Contains(err.Error(), dir) {
				t.Errorf("error names the absolute folder %s", dir)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}
