package resolve

import (
	"context"
	. "github.com/sigen-dev/sigen/generator/model"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
)

// An allOf property defined three times with three incompatible types is a
// union of the three, with a repair for each conflict; a fourth, compatible
// definition adds nothing.
func TestAllOfConflictUnion(t *testing.T) {
	const src = `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    O:
      allOf:
        - {type: object, properties: {d: {type: integer}}}
        - {type: object, properties: {d: {type: object, properties: {p: {type: number}}}}}
        - {type: object, properties: {d: {type: array, items: {type: string}}}}
        - {type: object, properties: {d: {type: number}}}
`
	spec, err := load.Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	diag := &load.Diagnostics{}
	api, err := Build(spec, Config{}, diag)
	if err != nil {
		t.Fatal(err)
	}
	var rs []string
	for _, r := range diag.Repairs() {
		rs = append(rs, r.Error())
	}
	want := []string{
		`spec.yaml:9:42: #/components/schemas/O/allOf/1/properties/d: allOf conflict: property "d" is object here but integer at #/components/schemas/O/allOf/0/properties/d (spec.yaml:8:42); generated a field that holds either`,
		`spec.yaml:10:42: #/components/schemas/O/allOf/2/properties/d: allOf conflict: property "d" is array here but integer or object at #/components/schemas/O/allOf/0/properties/d (spec.yaml:8:42); generated a field that holds either`,
	}
	if strings.Join(rs, "\n") != strings.Join(want, "\n") {
		t.Errorf("repairs:\n%s\nwant:\n%s", strings.Join(rs, "\n"), strings.Join(want, "\n"))
	}
	var o *Struct
	for _, n := range api.Types {
		if n.Name == "O" {
			o, _ = n.Decl().(*Struct)
		}
	}
	if o == nil || len(o.Fields) != 1 {
		t.Fatalf("O = %+v", o)
	}
	u := api.Named(o.Fields[0].Type).Union
	ok := u != nil
	if !ok {
		t.Fatalf("O.D is %s, want a union", TypeString(o.Fields[0].Type))
	}
	var kinds []string
	for _, v := range u.Variants {
		kinds = append(kinds, v.JSONKind)
	}
	if got := strings.Join(kinds, ","); got != "integer,object,array" {
		t.Errorf("variants = %s, want integer,object,array", got)
	}
}
