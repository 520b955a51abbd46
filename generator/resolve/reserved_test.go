package resolve

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReservedNamesCoverEmit checks the lists of names the builder keeps
// free for the printer against what the printer writes in the golden
// packages: every exported package-level name of a client.go must be in
// reservedNames (clientNames and the flows' options), and every receiver
// and local of a generated method in reservedArgs (the model's locals and
// the names kept free beside them). Both lists are now derived from the
// model's names (TestEmitPrintsModelLocals proves the printer uses no
// other), so this checks the derivation against the goldens.
func TestReservedNamesCoverEmit(t *testing.T) {
	pkgNames := reservedNames
	files, err := filepath.Glob("../golden/*/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		base := filepath.Base(name)
		if strings.HasSuffix(base, "_test.go") || base == "doc.go" || strings.HasPrefix(base, "types") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if base == "client.go" {
			for _, d := range f.Decls {
				for _, id := range topLevel(d) {
					if token.IsExported(id) && !slices.Contains(pkgNames, id) {
						t.Errorf("%s: package-level %s is not in reservedNames", name, id)
					}
				}
			}
		}
		if base == "client.go" {
			continue // its functions take no argument a spec names
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			check := func(id *ast.Ident, what string) {
				if id == nil || id.Name == "_" || slices.Contains(reservedArgs, id.Name) {
					return
				}
				t.Errorf("%s: %s: %s %s is not in reservedArgs", name, fd.Name.Name, what, id.Name)
			}
			if fd.Recv != nil {
				for _, n := range fd.Recv.List[0].Names {
					check(n, "receiver")
				}
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if n.Tok == token.DEFINE {
						for _, l := range n.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								check(id, "local")
							}
						}
					}
				case *ast.RangeStmt:
					if n.Tok == token.DEFINE {
						for _, e := range []ast.Expr{n.Key, n.Value} {
							if id, ok := e.(*ast.Ident); ok {
								check(id, "local")
							}
						}
					}
				case *ast.ValueSpec:
					for _, id := range n.Names {
						check(id, "local")
					}
				case *ast.FuncLit:
					for _, p := range n.Type.Params.List {
						for _, id := range p.Names {
							check(id, "closure argument")
						}
					}
				}
				return true
			})
		}
	}
}

// topLevel returns the names a declaration declares at package level.
func topLevel(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			}
		}
	}
	return out
}
