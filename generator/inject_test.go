package generator

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// injections are x-go-name and rename values that once went into the
// generated source as they were. The first is from issue 17: as a schema's
// x-go-name it added a func init to the consumer's package, and generate,
// build and vet all passed.
var injections = []string{
	"Thing struct{}; func init() { panic(1) }; type Other",
	"Thing struct{}\nfunc init() { panic(1) }\ntype Other",
	"X /* */ func init() {} //",
	"X\n//go:generate rm -rf /",
	"X `json:\"a\"`",
	"X.Y",
	"X Y",
	"_",
	"func",
	"lowercase",
	"9Lives",
	"X\u00a0Y",
	"X\x00",
	" X",
}

// injectionSpec is a spec with a schema, a property and an operation; the
// x-go-name of the one named by where is set to value.
func injectionSpec(where, value string) string {
	q, _ := json.Marshal(value)
	ext := func(w string) string {
		if w == where {
			return `"x-go-name":` + string(q) + `,`
		}
		return ""
	}
	return `{"openapi":"3.0.3","info":{"title":"t","version":"1"},
"paths":{"/x":{"get":{` + ext("operation") + `"operationId":"getX","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/S"}}}}}}}},
"components":{"schemas":{"S":{` + ext("schema") + `"type":"object","properties":{"a":{` + ext("property") + `"type":"string"}}}}}}`
}

// Every identifier chosen in a spec (x-go-name on a schema, a property or
// an operation) or in the config (renames) is refused unless it is an
// exported Go identifier, with the file, line, column and pointer.
func TestGoNameInjectionRefused(t *testing.T) {
	dir := t.TempDir()
	loc := regexp.MustCompile(`^spec\.json:\d+:\d+: #/`)
	for _, where := range []string{"schema", "property", "operation"} {
		for _, v := range injections {
			spec := filepath.Join(dir, "spec.json")
			if err := os.WriteFile(spec, []byte(injectionSpec(where, v)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{Spec: spec, SpecName: "spec.json", Package: "p"})
			if err == nil {
				t.Errorf("%s x-go-name %q: generated", where, v)
				continue
			}
			msg := strings.TrimSpace(err.Error())
			if i := strings.Index(msg, "\n"); i >= 0 && strings.HasPrefix(msg, "1 errors") {
				msg = strings.TrimSpace(msg[i+1:])
			}
			want := `x-go-name ` + strconv.Quote(v) + `: not a Go identifier`
			if !strings.Contains(msg, want) || !loc.MatchString(msg) {
				t.Errorf("%s x-go-name %q: error\n%s\nwant file:line:col: #/pointer: %s", where, v, err, want)
			}
		}
	}
	for _, rename := range []string{"S", "S.a", "getX"} {
		for _, v := range injections {
			spec := filepath.Join(dir, "spec.json")
			if err := os.WriteFile(spec, []byte(injectionSpec("", "")), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{Spec: spec, SpecName: "spec.json", Package: "p", Renames: map[string]string{rename: v}})
			if err == nil || !strings.Contains(err.Error(), `rename `+strconv.Quote(v)) || !strings.Contains(err.Error(), "not a Go identifier") ||
				!strings.Contains(err.Error(), "spec.json:") {
				t.Errorf("rename %s to %q: error %v, want a located 'not a Go identifier'", rename, v, err)
			}
		}
	}
}

// Valid names, Unicode ones included, are used as they are.
func TestGoNameAccepted(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ where, value, decl string }{
		{"schema", "Thing", "type Thing struct"},
		{"schema", "Ünïcode", "type Ünïcode struct"},
		{"property", "Alpha_2", "Alpha_2 *string"},
		{"operation", "Fetch", ") Fetch(ctx context.Context"},
	} {
		spec := filepath.Join(dir, "spec.json")
		if err := os.WriteFile(spec, []byte(injectionSpec(tc.where, tc.value)), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), Options{Spec: spec, SpecName: "spec.json", Package: "p"})
		if err != nil {
			t.Errorf("%s x-go-name %q: %v", tc.where, tc.value, err)
			continue
		}
		found := false
		for _, b := range res.Files {
			found = found || strings.Contains(string(b), tc.decl)
		}
		if !found {
			t.Errorf("%s x-go-name %q: no %q in the output", tc.where, tc.value, tc.decl)
		}
	}
}

// Spec text in doc comments cannot start a directive (//go:build,
// //go:generate, //go:linkname, //line) or end the comment: every comment
// line sigen writes from spec text starts "// ".
func TestSpecTextStartsNoDirective(t *testing.T) {
	text := "x\n//go:build ignore\n//go:generate rm -rf /\n//line evil.go:1\n/*line evil.go:1*/\n*/ func init() {} /*\n\u2028//go:linkname x y"
	q, _ := json.Marshal(text)
	src := `{"openapi":"3.0.3","info":{"title":` + string(q) + `,"version":` + string(q) + `,"description":` + string(q) + `},
"tags":[{"name":"t","description":` + string(q) + `}],
"paths":{"/x":{"get":{"operationId":"getX","tags":["t"],"summary":` + string(q) + `,"description":` + string(q) + `,
  "parameters":[{"name":"q","in":"query","description":` + string(q) + `,"schema":{"type":"string"}}],
  "responses":{"200":{"description":` + string(q) + `,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/S"}}}}}}}},
"components":{"schemas":{"S":{"type":"object","title":` + string(q) + `,"description":` + string(q) + `,
  "properties":{"p":{"type":"string","description":` + string(q) + `,"enum":[` + string(q) + `]}}}}}}`
	spec := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Spec: spec, SpecName: "spec.json", Package: "p", Validate: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range res.Files {
		for i, line := range strings.Split(string(b), "\n") {
			l := strings.TrimSpace(line)
			if strings.HasPrefix(l, "//go:") || strings.HasPrefix(l, "//line ") || strings.HasPrefix(l, "/*line ") || strings.HasPrefix(l, "func init") {
				t.Errorf("%s:%d: %q: spec text became a directive or code", name, i+1, line)
			}
		}
	}
	checkGenerated(t, res.Files, "p")
}
