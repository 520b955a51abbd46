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

// TestNullableObjectStates checks the three states of a nullable object
// property, which is held through a pointer (oas.Nullable[*Author]).
func TestNullableObjectStates(t *testing.T) {
	for _, tt := range []struct {
		doc       string
		set, null bool
		name      string
	}{
		{doc: `{"title":"t","subtitle":null}`},
		{doc: `{"title":"t","subtitle":null,"author":null}`, set: true, null: true},
		{doc: `{"title":"t","subtitle":null,"author":{"name":"Ada"}}`, set: true, name: "Ada"},
		{doc: `{"title":"t","subtitle":null,"author":{"name":""}}`, set: true},
	} {
		var d schemas31.Doc
		if err := json.Unmarshal([]byte(tt.doc), &d); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.doc, err)
		}
		if d.Author.IsSet() != tt.set || d.Author.IsNull() != tt.null {
			t.Errorf("%s: IsSet %v IsNull %v, want %v %v", tt.doc, d.Author.IsSet(), d.Author.IsNull(), tt.set, tt.null)
		}
		if a, ok := d.Author.Get(); ok != (tt.set && !tt.null) || (ok && a.Name != tt.name) {
			t.Errorf("%s: Get() = %+v, %v", tt.doc, a, ok)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !same(t, tt.doc, string(out)) {
			t.Errorf("round trip:\n in: %s\nout: %s", tt.doc, out)
		}
	}
}
