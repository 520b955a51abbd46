package load

import "testing"

func TestJSONPositionsMatchYAML(t *testing.T) {
	src := []byte(`{
  "openapi": "3.0.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/a/{id}": {"get": {"responses": {"200": {"description": "ok \" quoted", "x": [1, {"y": true}, [null]]}}}}
  },
  "é~/": {"k\u00e9y": -1.5e3}
}`)
	jp := jsonPositions(src)
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
	if jsonPositions([]byte(`{"a": [1, 2}`)) != nil {
		t.Errorf("malformed JSON indexed")
	}
}
