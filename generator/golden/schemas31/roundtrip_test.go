package schemas31_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/golden/schemas31"
)

func same(t *testing.T, a, b string) bool {
	t.Helper()
	dec := func(s string) any {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("decode %s: %v", s, err)
		}
		return v
	}
	return reflect.DeepEqual(dec(a), dec(b))
}

func TestTypeArraysAndNull(t *testing.T) {
	for _, doc := range []string{
		`{"title":"t","subtitle":null}`,
		`{"title":"t","subtitle":"s","summary":null,"pages":12,"author":null}`,
		`{"title":"t","subtitle":"s","author":{"name":"Ada"},"kind":"document","mixed":3}`,
		`{"title":"t","subtitle":"s","mixed":"three","point":[1.5,2,"a","b"]}`,
	} {
		var d schemas31.Doc
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			t.Fatalf("Unmarshal(%s): %v", doc, err)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !same(t, doc, string(out)) {
			t.Errorf("round trip:\n in: %s\nout: %s", doc, out)
		}
	}
}

func TestTuple(t *testing.T) {
	var p schemas31.Point
	if err := json.Unmarshal([]byte(`[1.5, 2, "x"]`), &p); err != nil {
		t.Fatal(err)
	}
	if p.V0 != 1.5 || p.V1 != 2 || len(p.Rest) != 1 || p.Rest[0] != "x" {
		t.Errorf("Point = %+v", p)
	}
	if err := json.Unmarshal([]byte(`[1]`), &p); err == nil {
		t.Errorf("a one-item array decoded into a two-item tuple")
	}
}

func TestConst(t *testing.T) {
	if !schemas31.DocKindDocument.IsKnown() || schemas31.DocKind("other").IsKnown() {
		t.Errorf("const enum IsKnown is wrong")
	}
}
