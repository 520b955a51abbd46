package load

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONPositionsMatchYAML(t *testing.T) {
	src := []byte(`{
  "openapi": "3.0.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/a/{id}": {"get": {"responses": {"200": {"description": "ok \" quoted", "x": [1, {"y": true}, [null]]}}}}
  },
  "é~/": {"k\u00e9y": -1.5e3}
}`)
	jp, _ := jsonPositions(src)
	_, yp, err := yamlToJSON("x.json", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if jp == nil {
		t.Fatal("jsonPositions returned nil for valid JSON")
	}
	for ptr, want := range yp {
		got, ok := jp[ptr]
		if !ok {
			t.Errorf("%s missing from the JSON index", ptr)
			continue
		}
		if got[0] != want[0] {
			t.Errorf("%s: line %d, want %d", ptr, got[0], want[0])
		}
	}
	if len(jp) != len(yp) {
		t.Errorf("JSON index has %d entries, YAML %d", len(jp), len(yp))
	}
	if p, _ := jsonPositions([]byte(`{"a": [1, 2}`)); p != nil {
		t.Errorf("malformed JSON indexed")
	}
}

func TestJSONPositionsRefSiblings(t *testing.T) {
	src := []byte(`{"a": {"$ref": "#/x", "description": "d", "x-k\u00e9": 1},
	 "b": [{"$ref": "#/y"}, {"c": {"$ref": "#/z", "nullable": true}}],
	 "s": "{\"$ref\": \"not an object\", \"d\": 1}", "e~/": {"$ref": "r", "title": "t"},
	 "examples": {"ex": {"value": {"$ref": "data", "d": 1}}}, "x-ext": {"$ref": "data", "d": 1}}`)
	_, sibs := jsonPositions(src)
	var ptrs []string
	var keys [][]string
	for _, sb := range sibs {
		ptrs = append(ptrs, sb.ptr)
		keys = append(keys, sb.keys)
	}
	want := map[string]string{
		"#/a":     "description,x-ké",
		"#/b/1/c": "nullable",
		"#/e~0~1": "title",
	}
	if len(ptrs) != len(want) {
		t.Fatalf("found %v %v, want %v", ptrs, keys, want)
	}
	for i, p := range ptrs {
		if got := strings.Join(keys[i], ","); got != want[p] {
			t.Errorf("%s: keys %q, want %q", p, got, want[p])
		}
	}
}

func TestTopLevel(t *testing.T) {
	for _, doc := range []string{
		`{"openapi": "3.0.0", "info": {"title": "a \"}\" b", "x": [1, {"y": "]"}]}, "n": -1.5e3, "t": true, "z": null, "e\u00e9": "v"}`,
		" \n{ } ",
		`{"a":{}}`,
	} {
		got, ok := topLevel([]byte(doc))
		var want map[string]json.RawMessage
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		if !ok || len(got) != len(want) {
			t.Fatalf("topLevel(%s) = %v, %v; want %v", doc, got, ok, want)
		}
		for k, v := range want {
			if string(got[k]) != string(v) {
				t.Errorf("%s: %q, want %q", k, got[k], v)
			}
		}
	}
	for _, bad := range []string{`[1]`, `{"a" 1}`, `{"a": 1,}x`, `{a: 1}`} {
		if _, ok := topLevel([]byte(bad)); ok {
			t.Errorf("topLevel(%s) accepted", bad)
		}
	}
}
