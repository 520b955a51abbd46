package generator

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGeneratedCodeShape checks what gofumpt and staticcheck -checks all
// would say of generated code written by hand (both skip generated files,
// so they cannot be run on it as it is): imports in two groups, the
// standard library first; a switch on resp.StatusCode, not a tagless one,
// when every case is an exact status; and a doc comment on every exported
// declaration that starts with its name.
func TestGeneratedCodeShape(t *testing.T) {
	specs, err := filepath.Glob("testdata/cases/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no test specs: %v", err)
	}
	specs = append(specs, "../specs/signicat/sign.yaml", "../specs/signet/fraud.yaml")
	for _, spec := range specs {
		name := strings.TrimSuffix(filepath.Base(spec), ".yaml")
		t.Run(name, func(t *testing.T) {
			opts := Options{Spec: spec, Package: name, Validate: true}
			if name == "tagged" {
				opts.SplitByTag = true
				opts.ImportPath = "github.com/sigen-dev/sigen/generator/golden/tagged"
			}
			res, err := Run(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			for fname, src := range res.Files {
				checkShape(t, fname, src)
			}
		})
	}
}

func checkShape(t *testing.T, fname string, src []byte) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, fname, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s: %v", fname, err)
	}
	// Imports: standard library, blank line, the rest; no alias that
	// repeats the package's name.
	var lastStd, firstOther int
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		line := fset.Position(imp.Pos()).Line
		std := !strings.Contains(strings.Split(path, "/")[0], ".")
		switch {
		case std && firstOther > 0:
			t.Errorf("%s:%d: standard library import %s after other imports", fname, line, path)
		case std:
			lastStd = line
		case firstOther == 0:
			firstOther = line
		}
		if imp.Name != nil && imp.Name.Name == path[strings.LastIndex(path, "/")+1:] {
			t.Errorf("%s:%d: import %s has a needless alias", fname, line, path)
		}
	}
	if lastStd > 0 && firstOther > 0 && firstOther != lastStd+2 {
		t.Errorf("%s: the standard library imports (last on line %d) and the others (first on line %d) are not two groups split by one blank line", fname, lastStd, firstOther)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag != nil {
			return true
		}
		// A tagless switch is fine only if some case needs it (a range).
		exact := true
		for _, c := range sw.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				b, ok := e.(*ast.BinaryExpr)
				if !ok || b.Op != token.EQL {
					exact = false
				}
			}
		}
		if exact {
			t.Errorf("%s:%d: tagless switch whose cases all compare one value: switch on the value instead", fname, fset.Position(sw.Pos()).Line)
		}
		return true
	})
	// Doc comments of exported declarations start with the name.
	check := func(name string, doc *ast.CommentGroup, pos token.Pos) {
		if !ast.IsExported(name) || name == "_" {
			return
		}
		text := ""
		if doc != nil {
			text = doc.Text()
		}
		if !strings.HasPrefix(text, name+" ") {
			t.Errorf("%s:%d: doc comment of %s does not start with %q: %q", fname, fset.Position(pos).Line, name, name+" ", text)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			check(d.Name.Name, d.Doc, d.Pos())
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					doc := s.Doc
					if doc == nil {
						doc = d.Doc
					}
					check(s.Name.Name, doc, s.Pos())
				case *ast.ValueSpec:
					if d.Lparen.IsValid() {
						// In a group, the group's comment may document it
						// (as staticcheck accepts).
						continue
					}
					doc := s.Doc
					if doc == nil {
						doc = d.Doc
					}
					check(s.Names[0].Name, doc, s.Pos())
				}
			}
		}
	}
}
