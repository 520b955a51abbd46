package emit

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// The regexps of Validate methods were named "pattern" + type + field, so
// a_b.c and A.b_c both declared patternABC and the package did not compile.
func TestPatternVarsUnique(t *testing.T) {
	const src = `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    a_b: {type: object, properties: {c: {type: string, pattern: '^a$'}}}
    A: {type: object, properties: {b_c: {type: string, pattern: '^b$'}}}
`
	spec, err := load.Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, err := resolve.Build(spec, resolve.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(api, Options{Package: "x", Validate: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for name, b := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, b, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, s := range g.Specs {
					for _, id := range s.(*ast.ValueSpec).Names {
						if id.Name != "_" && seen[id.Name] {
							t.Errorf("var %s declared twice", id.Name)
						}
						seen[id.Name] = true
					}
				}
			}
		}
	}
	if !seen["patternABC"] || !seen["patternABC2"] {
		t.Errorf("pattern vars %v, want patternABC and patternABC2", seen)
	}
}
