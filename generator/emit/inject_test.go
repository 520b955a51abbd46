package emit

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// Spec text must not end a comment: a title with a line break injected
// code into client.go ("func init() { panic(...) }" compiled into every
// program importing the client), and NUL or a byte order mark made the
// file unformattable.
func TestSpecTextStaysInComments(t *testing.T) {
	texts := []string{
		"x\n*/\nfunc init() { panic(\"injected\") }\n/*",
		"x\nfunc init() { panic(\"injected\") }\n//",
		"x\rfunc init() { panic(\"injected\") }",
		"x\u2028func init() { panic(\"injected\") }",
		"x */ func init() { panic(\"injected\") } /* y",
		"a\x00b", "a\ufeffb", "a\x1bb\x7f",
	}
	for _, text := range texts {
		q, _ := json.Marshal(text)
		src := `{"openapi":"3.0.3","info":{"title":` + string(q) + `,"version":` + string(q) + `,"description":` + string(q) + `},
"servers":[{"url":"https://example.com","description":` + string(q) + `}],
"paths":{"/x":{"get":{"operationId":"get","summary":` + string(q) + `,"description":` + string(q) + `,
  "parameters":[{"name":"q","in":"query","description":` + string(q) + `,"schema":{"type":"string"}}],
  "responses":{"200":{"description":` + string(q) + `,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/S"}}}}}}}},
"components":{"schemas":{"S":{"type":"object","title":` + string(q) + `,"description":` + string(q) + `,
  "properties":{"p":{"type":"string","description":` + string(q) + `,"enum":[` + string(q) + `,"x"]}}}}}}`
		spec, err := load.Data(context.Background(), "/nonexistent/spec.json", "spec.json", []byte(src), load.Options{})
		if err != nil {
			t.Fatalf("%q: load: %v", text, err)
		}
		api, err := resolve.Build(spec, resolve.Config{}, nil)
		if err != nil {
			t.Fatalf("%q: build: %v", text, err)
		}
		files, err := Files(api, Options{Package: "x", Validate: true})
		if err != nil {
			t.Errorf("%q: Files: %v", text, err)
			continue
		}
		for name, b := range files {
			f, err := parser.ParseFile(token.NewFileSet(), name, b, 0)
			if err != nil {
				t.Errorf("%q: %s does not parse: %v", text, name, err)
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Name.Name == "init" {
						t.Errorf("%q: %s declares func init: code injected from the spec", text, name)
					}
				case *ast.Ident:
					if n.Name == "panic" {
						t.Errorf("%q: %s calls panic: code injected from the spec", text, name)
					}
				}
				return true
			})
		}
	}
}
