package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/internal/corpus"
)

// checkSamePositions asserts that jsonPositions indexes src exactly as
// yamlToJSON does.
func checkSamePositions(t *testing.T, name string, src []byte) {
	t.Helper()
	got, ok := jsonPositions(src)
	if !ok {
		t.Errorf("%s: jsonPositions() = false, want an index", name)
		return
	}
	_, want, err := yamlToJSON(name, src, nil)
	if err != nil {
		t.Fatalf("%s: yamlToJSON() error: %v", name, err)
	}
	if len(got) != len(want) {
		t.Errorf("%s: jsonPositions() has %d pointers, yamlToJSON %d", name, len(got), len(want))
	}
	bad := 0
	for ptr, w := range want {
		if g, ok := got[ptr]; !ok || g != w {
			if bad++; bad <= 5 {
				t.Errorf("%s: %s at %v (present %v), want %v", name, ptr, g, ok, w)
			}
		}
	}
}

func TestJSONPositions(t *testing.T) {
	tests := map[string]string{
		"pretty":   "{\n  \"a\": {\n    \"b~/c\": [1, true, null, \"x\"]\n  },\n  \"e\": {}\n}\n",
		"minified": `{"a":{"b":[1,2,{"c":"d"}]},"é":"ü","f":[]}`,
		"escapes":  "{\"a\\u00e9\\\"\": 1, \"t\":\t\"\\\\\"}",
		"breaks":   "{\"a\": \"x\u2028y\",\r\n \"b\": \"\u0085\", \"c\":\r 1}",
	}
	for name, src := range tests {
		checkSamePositions(t, name, []byte(src))
	}
	for name, src := range map[string]string{
		"duplicate key": `{"a": 1, "a": {"b": 2}}`,
		"yaml":          "a: 1\n",
		"trailing":      `{"a": 1} x`,
		"unterminated":  `{"a": "x`,
		"scalar":        `"x"`,
	} {
		if _, ok := jsonPositions([]byte(src)); ok {
			t.Errorf("jsonPositions(%s) = true, want false", name)
		}
	}
}

// TestJSONPositionsCorpus compares with yamlToJSON on the JSON specs of the
// corpus cache, when it is there.
func TestJSONPositionsCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	specs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sp := range specs {
		if !strings.HasSuffix(sp.Path, ".json") {
			continue
		}
		file, err := corpus.Locate(sp, corpus.DefaultCache(), corpus.GoModCache())
		if err != nil {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if len(src) > 4<<20 {
			continue // keep go test -race ./... quick: the large ones are checked by hand
		}
		if _, _, err := yamlToJSON(sp.Name, src, nil); err != nil {
			continue // go-yaml cannot read it: Pos falls back and fails alike
		}
		n++
		t.Run(sp.Name+"/"+filepath.Base(sp.Path), func(t *testing.T) { checkSamePositions(t, sp.Name, src) })
	}
	if n == 0 {
		t.Skip("no corpus specs in the cache")
	}
}

func BenchmarkPositions(b *testing.B) {
	sp, err := corpus.Find("github-rest-2022")
	if err != nil {
		b.Fatal(err)
	}
	file, err := corpus.Locate(sp, corpus.DefaultCache(), corpus.GoModCache())
	if err != nil {
		b.Skipf("spec not available, skipping: %v", err)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("jsonPositions", func(b *testing.B) {
		for b.Loop() {
			if _, ok := jsonPositions(src); !ok {
				b.Fatal("jsonPositions() = false")
			}
		}
		b.SetBytes(int64(len(src)))
	})
	b.Run("yamlToJSON", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := yamlToJSON("x", src, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(src)))
	})
}
