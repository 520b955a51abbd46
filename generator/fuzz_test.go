package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/model"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// fuzzBudget bounds the time one fuzz input may take while fuzzing
// (-fuzz): a slow input is a finding. Plain test runs replay the seed
// corpus with only a hang guard, hangGuard, so that a busy machine cannot
// fail them.
const (
	fuzzBudget = time.Second * slowdown
	hangGuard  = 2 * time.Minute
)

// inputBudget returns fuzzBudget while fuzzing and hangGuard otherwise.
func inputBudget() time.Duration {
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return fuzzBudget
	}
	return hangGuard
}

// fuzzSeeds adds the repository's specs and the test specs as seeds.
func fuzzSeeds(f *testing.F) {
	var paths []string
	for _, pat := range []string{"../specs/*/*.yaml", "testdata/specs/*.yaml", "testdata/specs/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			f.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 5 {
		f.Fatalf("found %d seed specs, want at least 5", len(paths))
	}
	sort.Strings(paths)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// withBudget runs fn in a goroutine and fails t if it panics or takes
// longer than inputBudget.
func withBudget(t *testing.T, fn func(ctx context.Context)) {
	t.Helper()
	budget := inputBudget()
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	done := make(chan string, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
				return
			}
			done <- ""
		}()
		fn(ctx)
	}()
	select {
	case msg := <-done:
		if msg != "" {
			t.Fatal(msg)
		}
	case <-time.After(budget):
		t.Fatalf("input took longer than %v", budget)
	}
}

// FuzzLoadAndBuild checks that any input either fails to load or build
// with an error, or gives a model; it never panics and finishes in time.
func FuzzLoadAndBuild(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range []string{
		hostileHead + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
		hostileHead + "paths: {}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
		hostileHead + "paths: {}\nx: &a [*a]\n",
		`{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}`,
		"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: [string, 'null']}}]\n      responses: {'200': {description: ok}}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		withBudget(t, func(ctx context.Context) {
			spec, err := load.Data(ctx, "/nonexistent/sigen-fuzz/spec.yaml", "spec.yaml", src, load.Options{})
			if err != nil {
				return
			}
			api, err := resolve.Build(spec, resolve.Config{}, nil)
			if err == nil && api == nil {
				panic("Build returned neither a model nor an error")
			}
		})
	})
}

// FuzzGenerate checks that whatever Run generates parses, is gofmt-ed and
// type-checks against the runtime packages, and that Run fails only when
// the spec does not load or build.
func FuzzGenerate(f *testing.F) {
	fuzzSeeds(f)
	f.Add([]byte(hostileHead + shadowSpec))
	f.Add([]byte(hostileHead + duplicateIDsSpec))
	f.Add([]byte(`{"openapi":"3.0.3","info":{"title":"x\n*/\nfunc init() { panic(1) }\n/*","version":"1"},"paths":{},` +
		`"components":{"schemas":{"S":{"type":"string","description":"/*","enum":["*/ func init() { panic(1) } /*"]}}}}`))
	warmImporter(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "spec.yaml")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var res *Result
		var runErr, buildErr error
		withBudget(t, func(ctx context.Context) {
			res, runErr = Run(ctx, Options{Spec: path, SpecName: "spec.yaml", Package: "fuzzed"})
			if runErr == nil {
				return
			}
			spec, err := load.File(ctx, path, load.Options{DisplayName: "spec.yaml"})
			if err != nil {
				buildErr = err
				return
			}
			_, buildErr = resolve.Build(spec, resolve.Config{}, nil)
		})
		if runErr != nil {
			if buildErr == nil {
				t.Fatalf("the spec loads and builds, but Run fails: %v", runErr)
			}
			return
		}
		checkGenerated(t, res.Files, "fuzzed")
	})
}

// checkGenerated parses, format-checks and type-checks generated files.
func checkGenerated(t *testing.T, files map[string][]byte, pkg string) {
	t.Helper()
	fset := token.NewFileSet()
	var asts []*ast.File
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		src := files[name]
		if !bytes.HasPrefix(src, []byte(headerPrefix)) {
			t.Errorf("%s does not start with %q", name, headerPrefix)
		}
		af, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", name, err, src)
		}
		if af.Name.Name != pkg {
			t.Errorf("%s: package %s, want %s", name, af.Name.Name, pkg)
		}
		formatted, err := format.Source(src)
		if err != nil || !bytes.Equal(formatted, src) {
			t.Errorf("%s is not gofmt-ed (err %v)", name, err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			// sigen never generates these: spec text escaped into code.
			if fd, ok := n.(*ast.FuncDecl); ok && fd.Name.Name == "init" {
				t.Errorf("%s declares func init: code injected from the spec", name)
			}
			if id, ok := n.(*ast.Ident); ok && id.Name == "panic" {
				t.Errorf("%s calls panic: code injected from the spec", name)
			}
			return true
		})
		asts = append(asts, af)
	}
	conf := types.Config{Importer: sourceImporter()}
	if _, err := conf.Check(pkg, fset, asts, nil); err != nil {
		var all strings.Builder
		for _, name := range names {
			fmt.Fprintf(&all, "==> %s\n%s\n", name, files[name])
		}
		t.Fatalf("generated code does not type-check: %v\n%s", err, all.String())
	}
}

var (
	srcImporterOnce sync.Once
	srcImporter     types.Importer
	srcImporterMu   sync.Mutex
	// srcImported caches imports: the source importer looks each one up
	// with go/build first, which runs "go list" for module packages.
	srcImported = map[string]*types.Package{}
)

// sourceImporter returns a shared importer for type-checking generated
// code, caching imports for the life of the process. It reads the
// compiler's export data, which `go list -export` builds or finds in the
// build cache; type-checking net/http and its dependencies from source
// instead took minutes under -race. Without a go command it falls back to
// the source importer.
func sourceImporter() types.Importer {
	srcImporterOnce.Do(func() {
		if _, err := exec.LookPath("go"); err == nil {
			exports := map[string]string{}
			srcImporter = importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
				if _, ok := exports[path]; !ok {
					// Called under srcImporterMu.
					if err := listExports(exports, path); err != nil {
						return nil, err
					}
				}
				file := exports[path]
				if file == "" {
					return nil, fmt.Errorf("no export data for %q", path)
				}
				return os.Open(file)
			})
			return
		}
		srcImporter = importer.ForCompiler(token.NewFileSet(), "source", nil)
	})
	return lockedImporter{}
}

// listExports adds to exports the export data files of path and of every
// package it depends on, as `go list -export -deps` reports them.
func listExports(exports map[string]string, path string) error {
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("go list -export %s: %v\n%s", path, err, ee.Stderr)
		}
		return fmt.Errorf("go list -export %s: %v", path, err)
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		if p, file, ok := strings.Cut(line, "\t"); ok {
			exports[p] = file
		}
	}
	if _, ok := exports[path]; !ok {
		exports[path] = ""
	}
	return nil
}

// warmImporter type-checks, from source, the packages generated code
// imports. It takes seconds, longer than the fuzzing engine lets one input
// run, so each fuzzing process does it before fuzzing.
func warmImporter(f *testing.F) {
	imp := sourceImporter()
	for _, path := range []string{
		model.OASPath, model.AuthPath, model.ImplPath, "context", "encoding/json", "fmt", "io", "iter",
		"log/slog", "maps", "net/http", "net/url", "slices", "strings", "time", "unicode/utf8",
	} {
		if _, err := imp.Import(path); err != nil {
			f.Fatalf("import %s: %v", path, err)
		}
	}
}

type lockedImporter struct{}

func (lockedImporter) Import(path string) (*types.Package, error) {
	srcImporterMu.Lock()
	defer srcImporterMu.Unlock()
	if pkg, ok := srcImported[path]; ok {
		return pkg, nil
	}
	pkg, err := srcImporter.Import(path)
	if err == nil {
		srcImported[path] = pkg
	}
	return pkg, err
}

// FuzzGenerateNames puts fuzzed names (of a schema, a property, an
// operation, path and query parameters and an enum value) into a small
// valid spec: whatever Run generates must type-check, and Run may fail only
// when the spec does not load or build.
func FuzzGenerateNames(f *testing.F) {
	f.Add("Pet", "name", "getPet", "id", "available", "limit", "A pet.")
	f.Add("string", "type", "do", "ctx", "", "opts", "")
	f.Add("Client", "Error", "new", "rest", "1", "params", "*/")
	f.Add("pet-store", "@id", "list_pets", "http", "a b", "json", "a\n\nb")
	f.Add("日本", "ünïcode", "Ωmega", "_", "-", "X-Request-ID", "\x00\ufeff\u2028")
	f.Add("S", "p\n/*", "op\n*/ func init() { panic(1) } /*", "id", "*/ func init() { panic(1) } /*", "/*", "x\n/*\n")
	warmImporter(f)
	f.Fuzz(func(t *testing.T, schema, prop, op, param, enum, query, doc string) {
		q := func(s string) string {
			b, _ := json.Marshal(s)
			return string(b)
		}
		ref := q("#/components/schemas/" + load.EscapePointer(schema))
		spec := `{"openapi":"3.0.3","info":{"title":` + q(doc) + `,"version":` + q(doc) + `,"description":` + q(doc) + `},"servers":[{"url":"https://example.com","description":` + q(doc) + `}],
"paths":{` + q("/x/{"+param+"}") + `:{"get":{"operationId":` + q(op) + `,"summary":` + q(doc) + `,"description":` + q(doc) + `,
  "parameters":[{"name":` + q(param) + `,"in":"path","required":true,"schema":{"type":"string"}},
    {"name":` + q(query) + `,"in":"query","schema":{"type":"integer"}},
    {"name":` + q(prop) + `,"in":"header","schema":{"type":"string"}}],
  "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":` + ref + `}}}}}},
 "post":{"operationId":` + q(op+"2") + `,
  "requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","properties":{` + q(prop) + `:{"type":"string","enum":[` + q(enum) + `,"b"]}}}}}},
  "responses":{"204":{"description":"ok"}}}}},
"components":{"schemas":{` + q(schema) + `:{"type":"object","title":` + q(doc) + `,"description":` + q(doc) + `,"required":[` + q(prop) + `],"properties":{` + q(prop) + `:{"type":"string"},` + q(query) + `:{"$ref":` + ref + `},"kind":{"type":"string","enum":[` + q(enum) + `]}}}}}}`
		dir := t.TempDir()
		path := filepath.Join(dir, "spec.json")
		if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		var res *Result
		var runErr, buildErr error
		withBudget(t, func(ctx context.Context) {
			res, runErr = Run(ctx, Options{Spec: path, SpecName: "spec.json", Package: "fuzzed"})
			if runErr == nil {
				return
			}
			spec, err := load.File(ctx, path, load.Options{DisplayName: "spec.json"})
			if err != nil {
				buildErr = err
				return
			}
			_, buildErr = resolve.Build(spec, resolve.Config{}, nil)
		})
		if runErr != nil {
			if buildErr == nil {
				t.Fatalf("the spec loads and builds, but Run fails: %v\n%s", runErr, spec)
			}
			return
		}
		checkGenerated(t, res.Files, "fuzzed")
	})
}
