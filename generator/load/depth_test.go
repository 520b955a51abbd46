package load

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Deeply nested JSON is refused before kin-openapi sees it: decoding nested
// schemas takes time quadratic in the depth (10 000 levels took 16 s and
// 6 GB of allocations).
func TestJSONDepth(t *testing.T) {
	deep := func(n int) string {
		return `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":` +
			strings.Repeat(`{"type":"array","items":`, n) + `{"type":"string"}` + strings.Repeat("}", n) + "}}}"
	}
	tests := []struct {
		name, src, want string
	}{
		{"schemas", deep(5000), "spec.json:1:48023: nesting deeper than 2000 levels"},
		{"arrays", `{"openapi":"3.0.3","x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}", "spec.json:1:2023: nesting deeper than 2000 levels"},
		{"second line", "{\n\"x\": \"{{{{[[[\\\"\",\n\"y\":" + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + "}", "spec.json:3:2004: nesting deeper than 2000 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Data(context.Background(), "/nonexistent/spec.json", "spec.json", []byte(tt.src), Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("Data() error = %v, want %q", err, tt.want)
			}
		})
	}
	// Just below the limit, JSON strings with brackets do not count.
	if err := checkJSONDepth("x.json", []byte(`{"a":"`+strings.Repeat("[", 5000)+`","b":`+strings.Repeat("[", 1999)+strings.Repeat("]", 1999)+"}")); err != nil {
		t.Errorf("checkJSONDepth: %v", err)
	}
}

// A deep JSON file reached through a $ref is refused too, naming that file.
func TestJSONDepthReferencedFile(t *testing.T) {
	dir := t.TempDir()
	sub := strings.Repeat(`{"type":"array","items":`, 3000) + `{"type":"string"}` + strings.Repeat("}", 3000)
	if err := os.WriteFile(filepath.Join(dir, "deep.json"), []byte(sub), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'deep.json'}\n"
	_, err := Data(context.Background(), filepath.Join(dir, "spec.yaml"), "spec.yaml", []byte(src), Options{})
	if want := "deep.json:1:48001: nesting deeper than 2000 levels"; err == nil || err.Error() != want {
		t.Errorf("Data() error = %v, want %q", err, want)
	}
}

// The pointer of a too-deep YAML node is abbreviated in the message.
func TestYAMLDepthMessage(t *testing.T) {
	src := "openapi: 3.0.3\nx: " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + "\n"
	_, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "spec.yaml:2:2003: #/x/0/0/") || !strings.HasSuffix(err.Error(), "/…: nesting deeper than 2000 levels") || len(err.Error()) > 200 {
		t.Errorf("Data() error = %v", err)
	}
}
