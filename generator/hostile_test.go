package generator

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/internal/longtest"
)

// Hostile specs: each is generated into t.TempDir() and must either fail
// with an error naming the file (and, where it makes sense, the line and
// JSON pointer) or succeed with code that compiles, within bounded time and
// memory. The successful outputs are compiled together at the end, in one
// temporary module, with go build and go vet.

const hostileHead = "openapi: 3.0.3\ninfo: {title: hostile, version: '1'}\n"

type hostileCase struct {
	name string
	// files are written into the spec folder; spec.yaml or spec.json is the
	// root (see root).
	files func(t *testing.T) map[string]string
	root  string // default spec.yaml
	// setup, if set, prepares the spec folder further (symbolic links).
	setup func(t *testing.T, dir string)
	// wantErr lists substrings the error must contain; empty means the run
	// must succeed.
	wantErr []string
	// check inspects a successful result.
	check func(t *testing.T, res *Result)
	// maxTime bounds the run's wall time in TestLongHostileSpecs (default
	// 10 s); TestHostileSpecs asserts no durations and cancels a run only
	// after 2 × maxTime × slowdown, as a hang guard.
	maxTime time.Duration
	maxHeap uint64 // peak heap in bytes; default 512 MiB
	// long cases run only in TestLongHostileSpecs (make test-long).
	long bool
	// large outputs are not compiled in TestHostileSpecs: building them
	// takes most of a minute. noBuild outputs are never compiled.
	large, noBuild bool
}

func yamlSpec(body string) func(*testing.T) map[string]string {
	return func(*testing.T) map[string]string { return map[string]string{"spec.yaml": hostileHead + body} }
}

func TestHostileSpecs(t *testing.T) { testHostileSpecs(t, false) }

// TestLongHostileSpecs generates the 5 and 50 MB specs and asserts the time
// and peak heap each takes, compiling the 5 MB output. Its time bounds
// (maxTime) are several times what a quiet 2-core machine needs, but they
// are wall-clock claims: make test-long, without -race.
func TestLongHostileSpecs(t *testing.T) {
	longtest.Skip(t)
	testHostileSpecs(t, true)
}

// testHostileSpecs runs the hostile cases: in long mode the long cases,
// with their time bounds; otherwise every other case, without.
func testHostileSpecs(t *testing.T, long bool) {
	var remoteHits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		remoteHits.Add(1)
		fmt.Fprint(w, "type: object\nproperties: {a: {type: string}}\n")
	}))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("httptest server at %s, want 127.0.0.1", srv.URL)
	}

	cases := []hostileCase{
		{
			name: "ref-cycle-two",
			files: yamlSpec(`paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
    User: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
`),
			wantErr: []string{"spec.yaml:6:", "#/components/schemas/A", "$ref cycle"},
		},
		{
			name: "ref-cycle-self",
			files: yamlSpec(`paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/A'}
`),
			wantErr: []string{"spec.yaml:6:", "#/components/schemas/A", "$ref cycle"},
		},
		{
			name: "ref-cycle-across-files",
			files: func(*testing.T) map[string]string {
				return map[string]string{
					"spec.yaml": hostileHead + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'a.yaml'}\n",
					"a.yaml":    "$ref: 'b.yaml'\n",
					"b.yaml":    "$ref: 'a.yaml'\n",
				}
			},
			wantErr: []string{"spec.yaml:6:8: #/components/schemas/A: $ref \"", "does not resolve to a schema"},
		},
		{
			name: "allof-self-cycle",
			files: yamlSpec(`paths: {}
components:
  schemas:
    A: {allOf: [{$ref: '#/components/schemas/A'}]}
`),
			wantErr: []string{"spec.yaml:6:", "#/components/schemas/A", "allOf cycle"},
		},
		{
			name: "allof-two-cycle",
			files: yamlSpec(`paths: {}
components:
  schemas:
    A: {allOf: [{$ref: '#/components/schemas/B'}]}
    B: {allOf: [{$ref: '#/components/schemas/A'}]}
`),
			wantErr: []string{"spec.yaml:6:", "#/components/schemas/A", "allOf cycle"},
		},
		{
			// Recursion through an object is fine: a pointer breaks it.
			name: "recursive-object",
			files: yamlSpec(`paths: {}
components:
  schemas:
    Node:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Node'}
        kids: {type: array, items: {$ref: '#/components/schemas/Node'}}
`),
			check: wantDecl("type Node struct"),
		},
		{
			name:    "deep-10000-yaml-flow",
			files:   yamlSpec("paths: {}\nx-deep: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"),
			wantErr: []string{"spec.yaml:4:2008: #/x-deep/0/0/", "/…: nesting deeper than 2000 levels"},
		},
		{
			// 25 MB of indentation: a minute under -race. make test has
			// the same depth limit in flow style (deep-10000-yaml-flow).
			name:    "deep-10000-yaml-block",
			files:   func(*testing.T) map[string]string { return map[string]string{"spec.yaml": deepBlockYAML(5000)} },
			wantErr: []string{"spec.yaml:", "#/components/schemas/A/items/items", "nesting deeper than 2000 levels"},
			maxTime: 30 * time.Second,
			long:    true,
		},
		{
			name: "deep-10000-json",
			root: "spec.json",
			files: func(*testing.T) map[string]string {
				return map[string]string{"spec.json": deepSchemaJSON(5000)}
			},
			wantErr: []string{"spec.json:1:48023: nesting deeper than 2000 levels"},
		},
		{
			name: "deep-10000-json-array",
			root: "spec.json",
			files: func(*testing.T) map[string]string {
				return map[string]string{"spec.json": `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x-deep":` +
					strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}"}
			},
			wantErr: []string{"spec.json:1:2074: nesting deeper than 2000 levels"},
		},
		{
			// "Billion laughs": 9 levels of 10 aliases each.
			name: "yaml-alias-bomb",
			files: func(*testing.T) map[string]string {
				var b strings.Builder
				b.WriteString(hostileHead + "paths: {}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
				for i := 1; i <= 9; i++ {
					fmt.Fprintf(&b, "x%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
				}
				return map[string]string{"spec.yaml": b.String()}
			},
			wantErr: []string{"spec.yaml:4:", "#/x5/", "YAML aliases expand the document to more than"},
			maxTime: 5 * time.Second,
			maxHeap: 256 << 20,
		},
		{
			// Just below the limit: must still be fast (half a minute
			// under -race on a busy machine, so a long case).
			name: "deep-1900-json",
			root: "spec.json",
			files: func(*testing.T) map[string]string {
				return map[string]string{"spec.json": deepSchemaJSON(1900 / 2)}
			},
			wantErr: []string{"spec.json", "schema nesting deeper than"},
			maxTime: 30 * time.Second,
			long:    true,
		},
		{
			name: "remote-ref",
			files: yamlSpec(`paths: {}
components:
  schemas:
    User: {$ref: '` + srv.URL + `/user.yaml'}
`),
			wantErr: []string{"spec.yaml:6:11: #/components/schemas/User: remote $ref \"" + srv.URL + "/user.yaml\" refused"},
		},
		{
			name: "remote-ref-nested",
			files: func(*testing.T) map[string]string {
				return map[string]string{
					"spec.yaml":     hostileHead + "paths: {}\ncomponents:\n  schemas:\n    User: {$ref: 'sub/user.yaml'}\n",
					"sub/user.yaml": "type: object\nproperties:\n  a: {$ref: '" + srv.URL + "/a.yaml'}\n",
				}
			},
			wantErr: []string{"sub/user.yaml:3:6: #/properties/a: remote $ref \"" + srv.URL + "/a.yaml\" refused"},
		},
		{
			name: "ref-escapes-folder",
			files: yamlSpec(`paths: {}
components:
  schemas:
    P: {$ref: '../../etc/passwd'}
`),
			wantErr: []string{`spec.yaml:6:8: #/components/schemas/P: $ref "../../etc/passwd" escapes the spec's folder`},
		},
		{
			name: "ref-escapes-folder-absolute",
			files: yamlSpec(`paths: {}
components:
  schemas:
    P: {$ref: '/etc/passwd'}
`),
			wantErr: []string{`spec.yaml:6:8: #/components/schemas/P: $ref "/etc/passwd" escapes the spec's folder`},
		},
		{
			name: "ref-escapes-folder-from-subfile",
			files: func(*testing.T) map[string]string {
				return map[string]string{
					"spec.yaml":     hostileHead + "paths: {}\ncomponents:\n  schemas:\n    User: {$ref: 'sub/user.yaml'}\n",
					"sub/user.yaml": "type: object\nproperties:\n  a: {$ref: '../../secret.yaml'}\n",
				}
			},
			wantErr: []string{`sub/user.yaml:3:6: #/properties/a: $ref "../../secret.yaml" escapes the spec's folder`},
		},
		{
			name: "ref-symlink-to-dev-zero",
			files: yamlSpec(`paths: {}
components:
  schemas:
    Z: {$ref: 'zero.yaml'}
`),
			setup: func(t *testing.T, dir string) {
				if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
					t.Skip(err)
				}
			},
			wantErr: []string{`spec.yaml:6:8: #/components/schemas/Z: $ref "zero.yaml" escapes the spec's folder through a symbolic link`},
			maxTime: 2 * time.Second,
			maxHeap: 64 << 20,
		},
		{
			name:  "shadowing-identifiers",
			files: yamlSpec(shadowSpec),
			check: func(t *testing.T, res *Result) {
				types := string(res.Files["types.go"])
				ops := string(res.Files["operations.go"])
				for _, want := range []string{
					"type String struct", "type Error struct", "type Client2 struct", "type HTTP struct",
					"type JSON struct", "type Context struct", "Type    *string `json:\"type,omitempty\"`",
				} {
					if !strings.Contains(types, want) {
						t.Errorf("types.go lacks %q", want)
					}
				}
				for _, want := range []string{"type PetFromCat struct", "func PetFromCat2(v Cat) Pet", "func PetFromString2(v string) Pet"} {
					if !strings.Contains(types, want) {
						t.Errorf("types.go lacks %q", want)
					}
				}
				for _, want := range []string{") Do(ctx context.Context", ") New(ctx context.Context"} {
					if !strings.Contains(ops, want) {
						t.Errorf("operations.go lacks %q", want)
					}
				}
			},
		},
		{
			// Path parameters become method arguments: they must not
			// shadow the generated code's locals or imports.
			name:  "shadowing-arguments",
			files: yamlSpec(shadowArgsSpec),
			check: func(t *testing.T, res *Result) {
				if !strings.Contains(string(res.Files["operations.go"]), ") Get(ctx context.Context") {
					t.Errorf("operations.go lacks method Get")
				}
			},
		},
		{
			name:  "duplicate-operation-ids",
			files: yamlSpec(duplicateIDsSpec),
			check: func(t *testing.T, res *Result) {
				ops := string(res.Files["operations.go"])
				for _, want := range []string{") GetThing(ctx", ") GetThing2(ctx"} {
					if !strings.Contains(ops, want) {
						t.Errorf("operations.go lacks %q", want)
					}
				}
				found := false
				for _, w := range res.Warnings {
					if strings.Contains(w.Error(), `duplicate operationId "getThing"`) &&
						strings.HasPrefix(w.Error(), "spec.yaml:") && strings.Contains(w.Error(), "#/paths/~1b/get/operationId") {
						found = true
					}
				}
				if !found {
					t.Errorf("no warning naming the duplicate operationId and its location; warnings: %v", res.Warnings)
				}
			},
		},
		{
			name: "large-256KB",
			files: func(*testing.T) map[string]string {
				return map[string]string{"spec.yaml": largeSpec(256 << 10)}
			},
			check:   wantDecl("type Thing0 struct"),
			maxHeap: 256 << 20,
			large:   true,
		},
		{
			name: "large-5MB",
			files: func(*testing.T) map[string]string {
				return map[string]string{"spec.yaml": largeSpec(5 << 20)}
			},
			// Measured on 2 shared cores: 3.8-7.3 s, peak heap 230-320 MiB.
			check:   wantDecl("type Thing0 struct"),
			maxTime: 30 * time.Second,
			maxHeap: 1 << 30,
			long:    true,
			large:   true,
		},
		{
			name: "large-50MB",
			files: func(*testing.T) map[string]string {
				return map[string]string{"spec.yaml": largeSpec(50 << 20)}
			},
			// Measured on 2 shared cores: 43 s (load average 3.5), 69 s (5) and 108 s
			// (11), peak heap 2.1-3.3 GiB, 10-12 GiB allocated.
			check:   wantDecl("type Thing0 struct"),
			maxTime: 150 * time.Second,
			maxHeap: 6 << 30,
			long:    true,
			large:   true,
			noBuild: true,
		},
	}

	mod := t.TempDir()
	var compile []string // packages to compile
	for _, tc := range cases {
		if tc.long != long {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := tc.files(t)
			size := 0
			for name, src := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
				size += len(src)
			}
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			root := tc.root
			if root == "" {
				root = "spec.yaml"
			}
			maxTime, maxHeap := tc.maxTime, tc.maxHeap
			if maxTime == 0 {
				maxTime = 10 * time.Second
			}
			if maxHeap == 0 {
				maxHeap = 512 << 20
			}
			pkg := strings.ReplaceAll(tc.name, "-", "")
			pkg = strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, pkg)
			ctx, cancel := context.WithTimeout(context.Background(), 2*maxTime*slowdown)
			defer cancel()
			var res *Result
			var err error
			m := measure(func() {
				res, err = Run(ctx, Options{Spec: filepath.Join(dir, root), SpecName: root, Package: pkg})
			})
			outcome := "ok"
			if err != nil {
				outcome = firstLine(err.Error(), 200)
			}
			t.Logf("%s: %d bytes in, %v, peak heap %d MiB, allocated %d MiB: %s",
				tc.name, size, m.elapsed.Round(time.Millisecond), m.peakHeap>>20, m.totalAlloc>>20, outcome)
			if long && m.elapsed > maxTime*slowdown {
				t.Errorf("took %v, want < %v", m.elapsed, maxTime*slowdown)
			}
			if m.peakHeap > maxHeap {
				t.Errorf("peak heap %d MiB, want < %d MiB", m.peakHeap>>20, maxHeap>>20)
			}
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("Run succeeded, want an error containing %q", tc.wantErr)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q\ndoes not contain %q", firstLine(err.Error(), 2000), w)
					}
				}
				if len(err.Error()) > 4000 {
					t.Errorf("error is %d bytes long; want a readable message", len(err.Error()))
				}
				return
			}
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tc.check != nil {
				tc.check(t, res)
			}
			if err := os.MkdirAll(filepath.Join(mod, pkg), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, data := range res.Files {
				if err := os.WriteFile(filepath.Join(mod, pkg, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if !tc.noBuild && tc.large == long {
				compile = append(compile, "./"+pkg)
			}
		})
	}
	if got := remoteHits.Load(); got != 0 {
		t.Errorf("the remote $ref server got %d requests, want 0", got)
	}
	if len(compile) == 0 {
		t.Log("no generated code to compile")
		return
	}
	buildModule(t, mod, compile)
}

func wantDecl(decl string) func(*testing.T, *Result) {
	return func(t *testing.T, res *Result) {
		// Large packages split their types into types1.go, types2.go, ...
		for name, src := range res.Files {
			if strings.HasPrefix(name, "types") && strings.Contains(string(src), decl) {
				return
			}
		}
		t.Errorf("no types*.go has %q", decl)
	}
}

func firstLine(s string, max int) string {
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

type measurement struct {
	elapsed              time.Duration
	peakHeap, totalAlloc uint64
}

// measure runs f and reports its wall time, the peak heap seen while it ran
// (sampled every 10 ms), and the bytes it allocated.
func measure(f func()) measurement {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	peak.Store(before.HeapAlloc)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}
	}()
	start := time.Now()
	f()
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > peak.Load() {
		peak.Store(after.HeapAlloc)
	}
	return measurement{elapsed: elapsed, peakHeap: peak.Load(), totalAlloc: after.TotalAlloc - before.TotalAlloc}
}

// buildModule runs go build and go vet on pkgs of a temporary module at dir
// that uses this checkout of sigen.
func buildModule(t *testing.T, dir string, pkgs []string) {
	t.Helper()
	if testing.Short() {
		t.Log("-short: generated code not compiled")
		return
	}
	checkout, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gomod := fmt.Sprintf("module hostile\n\ngo 1.25\n\nrequire github.com/sigen-dev/sigen v0.0.0\n\nreplace github.com/sigen-dev/sigen => %s\n", checkout)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(checkout, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{append([]string{"build"}, pkgs...), append([]string{"vet"}, pkgs...)} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", args[0], err, out)
		}
	}
}

const shadowSpec = `servers: [{url: 'https://example.com'}]
paths:
  /do:
    post:
      operationId: do
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/string'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/error'}
  /new:
    get:
      operationId: new
      parameters:
        - {name: type, in: query, schema: {type: string}}
        - {name: context, in: query, schema: {type: string}}
        - {name: http, in: query, schema: {type: string}}
        - {name: ctx, in: query, schema: {type: string}}
        - {name: err, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Client'}
  /list:
    get:
      operationId: list
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}, next: {type: string}}}}}
  /listAll:
    get:
      operationId: listAll
      responses: {'204': {description: ok}}
  /json:
    get:
      operationId: json
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  http: {$ref: '#/components/schemas/http'}
                  json: {$ref: '#/components/schemas/json'}
                  context: {$ref: '#/components/schemas/context'}
components:
  schemas:
    string: {type: object, properties: {type: {type: string}, string: {type: string}}}
    error: {type: object, properties: {error: {type: string}, Error: {type: integer}}}
    Client: {type: object, properties: {client: {type: string}}}
    http: {type: object, properties: {type: {type: string}}}
    json: {type: object, properties: {MarshalJSON: {type: string}, UnmarshalJSON: {type: string}}}
    context: {type: object, properties: {context: {type: string}}}
    int: {type: string, enum: [a, b]}
    any: {type: integer}
    time: {type: string, format: date-time}
    url: {type: array, items: {type: string}}
    DefaultServerURL: {type: string}
    WithBaseURL: {type: object, properties: {a: {type: string}}}
    with-retry: {type: string, enum: [x]}
    WithBearerToken: {type: integer}
    WithClientCredentials: {type: integer}
    WithAPIKey: {type: integer}
    WithBasicAuth: {type: integer}
    NewParams: {type: object, properties: {a: {type: string}}}
    Color: {type: string, enum: [red, blue]}
    ColorRed: {type: object, properties: {a: {type: string}}}
    Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {type: string}]}
    Cat: {type: object, properties: {a: {type: string}}}
    PetFromCat: {type: object, properties: {a: {type: string}}}
    PetFromString: {type: integer}
    JSONResponse: {type: object, properties: {a: {type: string}}}
`

const shadowArgsSpec = `servers: [{url: 'https://example.com'}]
paths:
  /{r}/{rest}/{fmt}/{json}/{oas}/{data}/{out}/{url}/{http}/{strconv}/{context}/{time}/{errors}/{io}/{bytes}/{strings}/{auth}/{ctx}/{opts}/{body}/{params}/{c}/{req}/{resp}/{err}/{q}/{u}/{type}/{string}/{error}/{nil}/{true}/{len}/{v}/{i}/{s}/{b}/{ok}/{it}/{next}/{page}/{w}:
    get:
      operationId: get
      parameters:
        - {name: 'r', in: path, required: true, schema: {type: string}}
        - {name: 'rest', in: path, required: true, schema: {type: integer}}
        - {name: 'fmt', in: path, required: true, schema: {type: string}}
        - {name: 'json', in: path, required: true, schema: {type: string}}
        - {name: 'oas', in: path, required: true, schema: {type: integer}}
        - {name: 'data', in: path, required: true, schema: {type: string}}
        - {name: 'out', in: path, required: true, schema: {type: string}}
        - {name: 'url', in: path, required: true, schema: {type: integer}}
        - {name: 'http', in: path, required: true, schema: {type: string}}
        - {name: 'strconv', in: path, required: true, schema: {type: string}}
        - {name: 'context', in: path, required: true, schema: {type: integer}}
        - {name: 'time', in: path, required: true, schema: {type: string}}
        - {name: 'errors', in: path, required: true, schema: {type: string}}
        - {name: 'io', in: path, required: true, schema: {type: integer}}
        - {name: 'bytes', in: path, required: true, schema: {type: string}}
        - {name: 'strings', in: path, required: true, schema: {type: string}}
        - {name: 'auth', in: path, required: true, schema: {type: integer}}
        - {name: 'ctx', in: path, required: true, schema: {type: string}}
        - {name: 'opts', in: path, required: true, schema: {type: string}}
        - {name: 'body', in: path, required: true, schema: {type: integer}}
        - {name: 'params', in: path, required: true, schema: {type: string}}
        - {name: 'c', in: path, required: true, schema: {type: string}}
        - {name: 'req', in: path, required: true, schema: {type: integer}}
        - {name: 'resp', in: path, required: true, schema: {type: string}}
        - {name: 'err', in: path, required: true, schema: {type: string}}
        - {name: 'q', in: path, required: true, schema: {type: integer}}
        - {name: 'u', in: path, required: true, schema: {type: string}}
        - {name: 'type', in: path, required: true, schema: {type: string}}
        - {name: 'string', in: path, required: true, schema: {type: integer}}
        - {name: 'error', in: path, required: true, schema: {type: string}}
        - {name: 'nil', in: path, required: true, schema: {type: string}}
        - {name: 'true', in: path, required: true, schema: {type: integer}}
        - {name: 'len', in: path, required: true, schema: {type: string}}
        - {name: 'v', in: path, required: true, schema: {type: string}}
        - {name: 'i', in: path, required: true, schema: {type: integer}}
        - {name: 's', in: path, required: true, schema: {type: string}}
        - {name: 'b', in: path, required: true, schema: {type: string}}
        - {name: 'ok', in: path, required: true, schema: {type: integer}}
        - {name: 'it', in: path, required: true, schema: {type: string}}
        - {name: 'next', in: path, required: true, schema: {type: string}}
        - {name: 'page', in: path, required: true, schema: {type: integer}}
        - {name: 'w', in: path, required: true, schema: {type: string}}
        - {name: 'r', in: query, schema: {type: string}}
        - {name: 'rest', in: query, schema: {type: string}}
        - {name: 'fmt', in: query, schema: {type: string}}
        - {name: 'json', in: query, schema: {type: string}}
        - {name: 'oas', in: query, schema: {type: string}}
        - {name: 'data', in: query, schema: {type: string}}
        - {name: 'out', in: query, schema: {type: string}}
        - {name: 'url', in: query, schema: {type: string}}
        - {name: 'http', in: query, schema: {type: string}}
        - {name: 'strconv', in: query, schema: {type: string}}
        - {name: 'context', in: query, schema: {type: string}}
        - {name: 'time', in: query, schema: {type: string}}
        - {name: 'errors', in: query, schema: {type: string}}
        - {name: 'io', in: query, schema: {type: string}}
        - {name: 'bytes', in: query, schema: {type: string}}
        - {name: 'strings', in: query, schema: {type: string}}
        - {name: 'auth', in: query, schema: {type: string}}
        - {name: 'ctx', in: query, schema: {type: string}}
        - {name: 'opts', in: query, schema: {type: string}}
        - {name: 'body', in: query, schema: {type: string}}
        - {name: 'params', in: query, schema: {type: string}}
        - {name: 'c', in: query, schema: {type: string}}
        - {name: 'req', in: query, schema: {type: string}}
        - {name: 'resp', in: query, schema: {type: string}}
        - {name: 'err', in: query, schema: {type: string}}
        - {name: 'q', in: query, schema: {type: string}}
        - {name: 'u', in: query, schema: {type: string}}
        - {name: 'type', in: query, schema: {type: string}}
        - {name: 'string', in: query, schema: {type: string}}
        - {name: 'error', in: query, schema: {type: string}}
        - {name: 'nil', in: query, schema: {type: string}}
        - {name: 'true', in: query, schema: {type: string}}
        - {name: 'len', in: query, schema: {type: string}}
        - {name: 'v', in: query, schema: {type: string}}
        - {name: 'i', in: query, schema: {type: string}}
        - {name: 's', in: query, schema: {type: string}}
        - {name: 'b', in: query, schema: {type: string}}
        - {name: 'ok', in: query, schema: {type: string}}
        - {name: 'it', in: query, schema: {type: string}}
        - {name: 'next', in: query, schema: {type: string}}
        - {name: 'page', in: query, schema: {type: string}}
        - {name: 'w', in: query, schema: {type: string}}
        - {name: 'X-r', in: header, schema: {type: string}}
        - {name: 'X-rest', in: header, schema: {type: string}}
        - {name: 'X-fmt', in: header, schema: {type: string}}
        - {name: 'X-json', in: header, schema: {type: string}}
        - {name: 'X-oas', in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {a: {type: string}}}
    put:
      operationId: put
      parameters:
        - {name: 'r', in: path, required: true, schema: {type: string}}
        - {name: 'rest', in: path, required: true, schema: {type: integer}}
        - {name: 'fmt', in: path, required: true, schema: {type: string}}
        - {name: 'json', in: path, required: true, schema: {type: string}}
        - {name: 'oas', in: path, required: true, schema: {type: integer}}
        - {name: 'data', in: path, required: true, schema: {type: string}}
        - {name: 'out', in: path, required: true, schema: {type: string}}
        - {name: 'url', in: path, required: true, schema: {type: integer}}
        - {name: 'http', in: path, required: true, schema: {type: string}}
        - {name: 'strconv', in: path, required: true, schema: {type: string}}
        - {name: 'context', in: path, required: true, schema: {type: integer}}
        - {name: 'time', in: path, required: true, schema: {type: string}}
        - {name: 'errors', in: path, required: true, schema: {type: string}}
        - {name: 'io', in: path, required: true, schema: {type: integer}}
        - {name: 'bytes', in: path, required: true, schema: {type: string}}
        - {name: 'strings', in: path, required: true, schema: {type: string}}
        - {name: 'auth', in: path, required: true, schema: {type: integer}}
        - {name: 'ctx', in: path, required: true, schema: {type: string}}
        - {name: 'opts', in: path, required: true, schema: {type: string}}
        - {name: 'body', in: path, required: true, schema: {type: integer}}
        - {name: 'params', in: path, required: true, schema: {type: string}}
        - {name: 'c', in: path, required: true, schema: {type: string}}
        - {name: 'req', in: path, required: true, schema: {type: integer}}
        - {name: 'resp', in: path, required: true, schema: {type: string}}
        - {name: 'err', in: path, required: true, schema: {type: string}}
        - {name: 'q', in: path, required: true, schema: {type: integer}}
        - {name: 'u', in: path, required: true, schema: {type: string}}
        - {name: 'type', in: path, required: true, schema: {type: string}}
        - {name: 'string', in: path, required: true, schema: {type: integer}}
        - {name: 'error', in: path, required: true, schema: {type: string}}
        - {name: 'nil', in: path, required: true, schema: {type: string}}
        - {name: 'true', in: path, required: true, schema: {type: integer}}
        - {name: 'len', in: path, required: true, schema: {type: string}}
        - {name: 'v', in: path, required: true, schema: {type: string}}
        - {name: 'i', in: path, required: true, schema: {type: integer}}
        - {name: 's', in: path, required: true, schema: {type: string}}
        - {name: 'b', in: path, required: true, schema: {type: string}}
        - {name: 'ok', in: path, required: true, schema: {type: integer}}
        - {name: 'it', in: path, required: true, schema: {type: string}}
        - {name: 'next', in: path, required: true, schema: {type: string}}
        - {name: 'page', in: path, required: true, schema: {type: integer}}
        - {name: 'w', in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {a: {type: string}}}
      responses:
        '204': {description: ok}
`

const duplicateIDsSpec = `servers: [{url: 'https://example.com'}]
paths:
  /a:
    get:
      operationId: getThing
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: getThing
      responses: {'204': {description: ok}}
`

func deepSchemaJSON(n int) string {
	return `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":` +
		strings.Repeat(`{"type":"array","items":`, n) + `{"type":"string"}` + strings.Repeat("}", n) + "}}}"
}

// deepBlockYAML nests n array schemas in block style (2n mapping levels).
func deepBlockYAML(n int) string {
	var b strings.Builder
	b.WriteString(hostileHead + "paths: {}\ncomponents:\n  schemas:\n    A:\n")
	for i := 0; i < n; i++ {
		ind := strings.Repeat(" ", 6+i)
		b.WriteString(ind + "type: array\n" + ind + "items:\n")
	}
	b.WriteString(strings.Repeat(" ", 6+n) + "type: string\n")
	return b.String()
}

// largeSpec returns a spec of at least size bytes: many object schemas and
// one operation per schema.
func largeSpec(size int) string {
	var paths, schemas strings.Builder
	desc := strings.Repeat("A long description of this thing. ", 8)
	for i := 0; paths.Len()+schemas.Len() < size; i++ {
		fmt.Fprintf(&paths, `  /things%d/{id}:
    get:
      operationId: getThing%d
      description: %s
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing%d'}
`, i, i, desc, i)
		fmt.Fprintf(&schemas, `    Thing%d:
      type: object
      description: %s
      required: [id]
      properties:
        id: {type: string}
        name: {type: string, description: %s}
        count: {type: integer, format: int64}
        tags: {type: array, items: {type: string}}
        kind: {type: string, enum: [small, large]}
        next: {$ref: '#/components/schemas/Thing%d'}
`, i, desc, desc, i/2)
	}
	return hostileHead + "servers: [{url: 'https://example.com'}]\npaths:\n" + paths.String() + "components:\n  schemas:\n" + schemas.String()
}

// allSchemesSpec declares every kind of security scheme, so that client.go
// has every option.
const allSchemesSpec = `openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /a:
    get:
      operationId: a
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    cc: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://example.com/token', scopes: {a: a}}}}
    signet: {type: http, scheme: bearer, x-sigen-token: {flow: signet}}
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
`

// Every package-level name of client.go is reserved: a schema with that
// name is renamed, not declared twice (DefaultServerURL and the With*
// options were not).
func TestClientNamesReserved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(path, []byte(allSchemesSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Spec: path, Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "client.go", res.Files["client.go"], 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	if len(names) < 20 {
		t.Fatalf("client.go declares only %q", names)
	}
	var schemas strings.Builder
	for _, n := range names {
		if ast.IsExported(n) {
			fmt.Fprintf(&schemas, "    %s: {type: object, properties: {a: {type: string}}}\n", n)
		}
	}
	if err := os.WriteFile(path, []byte(allSchemesSpec+"  schemas:\n"+schemas.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = Run(context.Background(), Options{Spec: path, Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	types := string(res.Files["types.go"])
	for _, n := range names {
		if ast.IsExported(n) && !strings.Contains(types, "\ntype "+n+"2 struct") {
			t.Errorf("schema %s is not renamed to %s2", n, n)
		}
	}
}
