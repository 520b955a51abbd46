package load

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/internal/corpus"
)

// equalToKin loads path with Data, then checks that decoding its JSON in
// parallel gives the document kin-openapi's own loader gives. It reports
// whether the parallel path was taken.
func equalToKin(t *testing.T, path string) bool {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Data(context.Background(), path, filepath.Base(path), src, Options{})
	if err != nil {
		t.Skipf("%s does not load: %v", path, err)
	}
	if s.data == nil {
		t.Skipf("%s is not an OpenAPI 3 document", path)
	}
	loc := &url.URL{Path: filepath.ToSlash(path)}
	newLoader := func() *openapi3.Loader { return s.newLoader(context.Background(), Options{}) }
	want, err := newLoader().LoadFromDataWithPath(s.data, loc)
	if err != nil {
		t.Fatalf("kin-openapi: %v", err)
	}
	got, ok := decodeParallel(newLoader(), s.data, loc, false)
	if !ok {
		return false
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the document decoded in parallel differs from kin-openapi's", path)
	}
	return true
}

func TestParallelDecodeEqualsKin(t *testing.T) {
	var files []string
	for _, glob := range []string{"../../specs/*/*.yaml", "../../specs/*/*.json", "../testdata/cases/*.yaml", "../testdata/specs/*.*", "testdata/*.yaml", "testdata/*.json"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found %d specs, want the repository's specs and test cases", len(files))
	}
	parallel := 0
	for _, f := range files {
		t.Run(strings.TrimPrefix(filepath.ToSlash(f), "../"), func(t *testing.T) {
			if equalToKin(t, f) {
				parallel++
			}
		})
	}
	if parallel < len(files)/2 {
		t.Errorf("only %d of %d specs took the parallel path", parallel, len(files))
	}
}

// TestParallelDecodeEqualsKinCorpus does the same for every spec of the
// real-world corpus in the local cache (SIGEN_TEST_LONG=1; fill the cache
// with make corpus).
func TestParallelDecodeEqualsKinCorpus(t *testing.T) {
	if os.Getenv("SIGEN_TEST_LONG") == "" {
		t.Skip("set SIGEN_TEST_LONG=1 to compare on the corpus")
	}
	specs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range specs {
		t.Run(sp.Name, func(t *testing.T) {
			path, err := corpus.Locate(sp, corpus.DefaultCache(), corpus.GoModCache())
			if err != nil {
				t.Skip(err)
			}
			if !equalToKin(t, path) {
				t.Logf("%s: kin-openapi's loader (not decoded in parallel)", sp.Name)
			}
		})
	}
}

// TestParallelDecodeFallsBack shows the shapes decoded by kin-openapi alone:
// a heavy member in another case, a null path item, a component that
// does not decode, and JSON that is not well-formed (the piecewise decoders
// read only well-formed JSON).
func TestParallelDecodeFallsBack(t *testing.T) {
	loc := &url.URL{Path: "x.json"}
	for _, doc := range []string{
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"Paths":{}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":null}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"A":{"type":7}}}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"Schemas":{}}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":[]}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{}}},}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{} "x-a":1}}}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{},"x-a":01}}}}`,
	} {
		if _, ok := decodeParallel(openapi3.NewLoader(), []byte(doc), loc, false); ok {
			t.Errorf("decodeParallel(%s) took the parallel path, want a fallback", doc)
		}
	}
}

func TestObjectMembers(t *testing.T) {
	m, ok := objectMembers([]byte(` {"a": 1, "b\u0041": [2, {"c": "}"}], "a" : null} `))
	want := map[string]string{"a": "null", "bA": `[2, {"c": "}"}]`}
	if !ok || len(m) != len(want) {
		t.Fatalf("objectMembers = %q, %v; want %q", m, ok, want)
	}
	for k, v := range want {
		if string(m[k]) != v {
			t.Errorf("member %q = %s, want %s", k, m[k], v)
		}
	}
	for _, doc := range []string{`[]`, `"a"`, `null`, `{"a":1} 2`} {
		if _, ok := objectMembers([]byte(doc)); ok {
			t.Errorf("objectMembers(%s) ok, want not an object", doc)
		}
	}
}
