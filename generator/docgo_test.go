package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Spec text in doc.go stays inside comments: a security scheme name or
// token URL with a line break put code into doc.go, and NUL or a byte
// order mark in the description made it unrenderable.
func TestDocGoSpecText(t *testing.T) {
	const spec = `{"openapi":"3.0.3",
"info":{"title":"T\u0000\ufeff","version":"1\u2028func init() { panic(0) }","description":"a\u0000b\ufeffc\r\n/*\nfunc init() { panic(1) }"},
"paths":{"/a":{"get":{"operationId":"a","responses":{"204":{"description":"ok"}}}}},
"components":{"securitySchemes":{
  "b\nfunc init() { panic(2) }\n//":{"type":"http","scheme":"bearer"},
  "cc":{"type":"oauth2","flows":{"clientCredentials":{"tokenUrl":"https://example.com/t\nfunc init() { panic(3) }","scopes":{"s\nfunc init() { panic(4) }":"x"}}}},
  "k":{"type":"apiKey","in":"header","name":"X-K\nfunc init() { panic(5) }"}}}}`
	path := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Spec: path, SpecName: "spec.json", Package: "api"})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	checkGenerated(t, res.Files, "api")
}
