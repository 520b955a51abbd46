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
