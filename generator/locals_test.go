package generator

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/model"
)

// TestEmitPrintsModelLocals renames every name of the model's Locals and
// ClientNames in the models of the golden cases and prints them: client.go
// declares no exported package-level name but those (and the flows'
// options), the operation methods and iterators declare no receiver,
// argument or local but those names
// (the path parameters' arguments aside, and the arguments d and p of
// the closures a decoder closure passes on, which use nothing else), and the packages build and vet. A name the printer chose itself
// would keep its old spelling, and could clash with or be shadowed by an
// argument a spec names.
func TestEmitPrintsModelLocals(t *testing.T) {
	specs, err := filepath.Glob("testdata/cases/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no test specs: %v", err)
	}
	dir := t.TempDir()
	for _, spec := range specs {
		name := strings.TrimSuffix(filepath.Base(spec), ".yaml")
		opts := Options{Spec: spec, SpecName: filepath.ToSlash(spec), Package: name, Validate: true}
		if name == "tagged" {
			opts.SplitByTag = true
			opts.ImportPath = "hostile/" + name
		}
		doc, _, err := Model(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		allowed := renameLocals(t, &doc.API.Locals)
		clientNames := renameClientNames(t, &doc.API.Client)
		allowed["_"] = true
		for _, op := range doc.API.Operations {
			for _, p := range op.PathParams {
				allowed[p.GoName] = true
			}
		}
		files, err := Emit(doc, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for file, b := range files {
			out := filepath.Join(dir, name, filepath.FromSlash(file))
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(out, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(path.Base(file), "operations") {
				checkMethodNames(t, name+"/"+file, b, allowed)
			}
			if file == "client.go" {
				checkClientNames(t, name+"/"+file, b, clientNames)
			}
		}
	}
	buildModule(t, dir, []string{"./..."})
}

// renameLocals gives every field of l a new name, "loc" and the field's
// name, and returns the new names as a set.
func renameLocals(t *testing.T, l *model.Locals) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	v := reflect.ValueOf(l).Elem()
	for i := range v.NumField() {
		if v.Field(i).String() == "" {
			t.Errorf("the model names no local %s", v.Type().Field(i).Name)
		}
		name := "loc" + v.Type().Field(i).Name
		v.Field(i).SetString(name)
		set[name] = true
	}
	return set
}

// renameClientNames gives every field of n a new name, "X" and the
// field's name, and returns the new names, with the flows' credential
// options, as a set.
func renameClientNames(t *testing.T, n *model.ClientNames) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	v := reflect.ValueOf(n).Elem()
	for i := range v.NumField() {
		if v.Field(i).String() == "" {
			t.Errorf("the model names no client declaration %s", v.Type().Field(i).Name)
		}
		name := "X" + v.Type().Field(i).Name
		v.Field(i).SetString(name)
		set[name] = true
	}
	for _, o := range flows.Options() {
		set[o] = true
	}
	return set
}

// checkClientNames reports each exported package-level name of the Go
// file src that is not in names.
func checkClientNames(t *testing.T, file string, src []byte, names map[string]bool) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		var ids []*ast.Ident
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				ids = append(ids, d.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					ids = append(ids, s.Name)
				case *ast.ValueSpec:
					ids = append(ids, s.Names...)
				}
			}
		}
		for _, id := range ids {
			if id.IsExported() && !names[id.Name] {
				t.Errorf("%s: package-level %s is not a name of the model", file, id.Name)
			}
		}
	}
}

// checkMethodNames reports each receiver, argument, local and closure
// argument of a *Client method of the Go file src that is not in allowed.
func checkMethodNames(t *testing.T, file string, src []byte, allowed map[string]bool) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Body == nil {
			continue
		}
		check := func(id *ast.Ident, what string) {
			if id != nil && !allowed[id.Name] {
				t.Errorf("%s: %s: %s %s is not a name of the model", file, fd.Name.Name, what, id.Name)
			}
		}
		for _, n := range fd.Recv.List[0].Names {
			check(n, "receiver")
		}
		for _, p := range fd.Type.Params.List {
			for _, n := range p.Names {
				check(n, "argument")
			}
		}
		// Closures inside closures (a decoder's element decoders) name
		// their own arguments d and p.
		nested := map[*ast.FuncLit]bool{}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if fl, ok := n.(*ast.FuncLit); ok {
				ast.Inspect(fl.Body, func(m ast.Node) bool {
					if g, ok := m.(*ast.FuncLit); ok {
						nested[g] = true
					}
					return true
				})
			}
			return true
		})
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
						if !nested[n] || (id.Name != "d" && id.Name != "p") {
							check(id, "closure argument")
						}
					}
				}
			}
			return true
		})
	}
}

const clientMethodsSpec = `openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /f:
    get:
      operationId: format
      responses: {'204': {description: ok}}
  /r:
    get:
      operationId: rest
      responses: {'204': {description: ok}}
  /t:
    get:
      operationId: other
      tags: [a]
      responses: {'204': {description: ok}}
`

// An operation named like a method the client declares itself (Format;
// Rest, split by tag) does not clash with it: the operation, or the
// client's Rest, is renamed, and the packages build.
func TestClientMethodNames(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(spec, []byte(clientMethodsSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, split := range []bool{false, true} {
		name := "plain"
		opts := Options{Spec: spec, Package: name}
		if split {
			name = "split"
			opts.Package, opts.SplitByTag, opts.ImportPath = name, true, "hostile/"+name
		}
		doc, _, err := Model(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, op := range doc.API.Operations {
			if op.Name == doc.API.Client.Format || (split && len(op.Tags) == 0 && op.Name == doc.API.Client.Rest) {
				t.Errorf("%s: operation %s has the name of a method of the client", name, op.Name)
			}
		}
		if split && doc.API.Client.Rest == "Rest" {
			t.Errorf("split: the client's Rest method keeps the name of the operation rest")
		}
		files, err := Emit(doc, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for file, b := range files {
			out := filepath.Join(dir, name, filepath.FromSlash(file))
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(out, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	buildModule(t, dir, []string{"./..."})
}
