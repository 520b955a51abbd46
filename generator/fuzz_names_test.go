package generator

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/naming"
)

// goNameSpec is a spec whose schema, property and operation carry the
// given x-go-name values and whose enum holds enum.
func goNameSpec(schemaX, propX, opX, enum string) string {
	q := func(s string) string {
		b, _ := json.Marshal(s)
		return string(b)
	}
	return `{"openapi":"3.0.3","info":{"title":"t","version":"1"},
"paths":{"/x":{"get":{"operationId":"getX","x-go-name":` + q(opX) + `,
  "parameters":[{"name":"limit","in":"query","schema":{"type":"integer"}}],
  "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/S"}}}}}}}},
"components":{"schemas":{"S":{"type":"object","x-go-name":` + q(schemaX) + `,
  "properties":{"p":{"type":"string","x-go-name":` + q(propX) + `},"kind":{"type":"string","enum":[` + q(enum) + `]}}}}}}`
}

// generateNames runs sigen on goNameSpec in dir, with a rename of the
// operation when rename is set.
func generateNames(ctx context.Context, dir, schemaX, propX, opX, rename, enum string) (*Result, error) {
	path := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(path, []byte(goNameSpec(schemaX, propX, opX, enum)), 0o644); err != nil {
		return nil, err
	}
	opts := Options{Spec: path, SpecName: "spec.json", Package: "fuzzed"}
	if rename != "" {
		opts.Renames = map[string]string{"getX": rename}
	}
	return Run(ctx, opts)
}

// declared returns the identifiers the files declare at package level
// (types, functions, constants, variables) and as methods, by kind.
func declared(t testing.TB, files map[string][]byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				kind := "func"
				if d.Recv != nil {
					kind = "method"
				}
				out[kind] = append(out[kind], d.Name.Name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						out["type"] = append(out["type"], s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							out[d.Tok.String()] = append(out[d.Tok.String()], n.Name)
						}
					}
				}
			}
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// FuzzGoNames feeds random and hostile x-go-name values (schema, property,
// operation), a rename and an enum value through generation. A chosen name
// that is not an exported Go identifier must be refused with "not a Go
// identifier"; otherwise the output must parse, type-check, declare no
// func init, declare exactly as many names of each kind as a spec with
// plain names does, and every declared name it does not share with that
// spec must carry one of the names the spec chose.
func FuzzGoNames(f *testing.F) {
	f.Add("Thing struct{}; func init() { panic(1) }; type Other", "P", "Op", "", "v")
	f.Add("Thing", "Thing struct{}; func init() { panic(1) }; type Other", "Op", "", "v")
	f.Add("Thing", "P", "Op(); func init() { panic(1) }; func (c *Client) X", "", "v")
	f.Add("Thing", "P", "Op", "R() {}; func init() { panic(1) }; func (c *Client) X", "*/ func init() { panic(1) } /*")
	f.Add("X\n//go:generate rm -rf /", "P `json:\"x\"`", "_", "func", "\n//go:build ignore\n")
	f.Add("Client", "MarshalJSON", "NewClient", "WithBaseURL", "")
	f.Add("Ünïcode", "Ωmega", "日本", "Ab_1", "日本")
	f.Add("", "", "", "", "a\x00b")
	warmImporter(f)
	// Two specs with plain names: the x-go-names absent, and set.
	baseDecls := map[string][]string{}
	baseNames := map[string]bool{}
	for _, x := range [][3]string{{"", "", ""}, {"Base", "Prop", "Op"}} {
		base, err := generateNames(context.Background(), f.TempDir(), x[0], x[1], x[2], "", "v")
		if err != nil {
			f.Fatalf("plain names %q: %v", x, err)
		}
		baseDecls = declared(f, base.Files)
		for _, names := range baseDecls {
			for _, n := range names {
				baseNames[n] = true
			}
		}
	}
	f.Fuzz(func(t *testing.T, schemaX, propX, opX, rename, enum string) {
		var res *Result
		var err error
		dir := t.TempDir()
		withBudget(t, func(ctx context.Context) { res, err = generateNames(ctx, dir, schemaX, propX, opX, rename, enum) })
		chosen := []string{schemaX, propX, opX, rename}
		valid := true
		for _, c := range chosen {
			if c != "" && !naming.IsExportedIdent(c) {
				valid = false
			}
		}
		if !valid {
			if err == nil {
				t.Fatalf("x-go-names %q generated", chosen)
			}
			if !strings.Contains(err.Error(), "not a Go identifier") {
				t.Fatalf("x-go-names %q: error %v, want 'not a Go identifier'", chosen, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid names %q, enum %q: %v", chosen, enum, err)
		}
		checkGenerated(t, res.Files, "fuzzed")
		got := declared(t, res.Files)
		for kind, names := range baseDecls {
			if len(got[kind]) != len(names) {
				t.Errorf("%d %s declarations, want %d as with plain names:\n got %q\nwant %q", len(got[kind]), kind, len(names), got[kind], names)
			}
		}
		marks := []string{naming.Exported(enum), "Empty"}
		for _, c := range chosen {
			if c != "" {
				marks = append(marks, c)
			}
		}
		for kind, names := range got {
			if len(baseDecls[kind]) == 0 {
				t.Errorf("declares %s %q, which plain names do not", kind, names)
			}
			for _, n := range names {
				if n == "init" {
					t.Errorf("declares func init")
				}
				if baseNames[n] {
					continue
				}
				ok := false
				for _, m := range marks {
					ok = ok || strings.Contains(n, m)
				}
				if !ok {
					t.Errorf("declares %s %s, which no name in the spec explains (chosen %q, enum %q)", kind, n, chosen, enum)
				}
			}
		}
	})
}
