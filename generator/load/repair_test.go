package load

import (
	"context"
	"strings"
	"testing"
)

func loadString(t *testing.T, spec string) (*Spec, []string) {
	t.Helper()
	diag := &Diagnostics{}
	s, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(spec), Options{Diag: diag})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	var rs []string
	for _, r := range diag.Repairs() {
		rs = append(rs, r.Error())
	}
	return s, rs
}

// A clean document is handed to kin-openapi as it is: no repair, no
// re-encoding.
func TestNormalizeLeavesCleanSpecAlone(t *testing.T) {
	const spec = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","schema":{"type":"string","pattern":"^a+$","maxLength":3}}],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/T"},"examples":{"one":{"value":{"n":12345678901234567890}}}}}}}}}},"components":{"schemas":{"T":{"type":"object","required":["n"],"properties":{"n":{"type":"integer","examples":[1]}}}}}}`
	s, _ := loadString(t, spec)
	fixed, err := normalize([]byte(spec), s, &Diagnostics{})
	if err != nil || fixed != nil {
		t.Errorf("normalize(clean) = %q, %v; want nil, nil", fixed, err)
	}
}

// A response $ref to a request body (PagerDuty) and the reverse use the
// body's content; numbers elsewhere survive the re-encoding exactly.
func TestRepairSwapsBodies(t *testing.T) {
	const spec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody: {$ref: '#/components/responses/R'}
      responses:
        "200": {$ref: '#/components/requestBodies/B'}
components:
  requestBodies:
    B:
      content:
        application/json:
          schema: {type: integer, maximum: 12345678901234567890}
  responses:
    R:
      description: r
      content:
        text/plain:
          schema: {type: string}
`
	s, rs := loadString(t, spec)
	want := []string{
		"spec.yaml:6:20: #/paths/~1a/post/requestBody: $ref to a response object (#/components/responses/R); used as a request body",
		"spec.yaml:8:16: #/paths/~1a/post/responses/200: $ref to a request body object (#/components/requestBodies/B); used as a response",
	}
	if strings.Join(rs, "\n") != strings.Join(want, "\n") {
		t.Errorf("repairs:\n%s\nwant:\n%s", strings.Join(rs, "\n"), strings.Join(want, "\n"))
	}
	op := s.Doc.Paths.Value("/a").Post
	if op.RequestBody.Value.Content.Get("text/plain") == nil {
		t.Error("request body lacks the response's content")
	}
	r := op.Responses.Value("200").Value
	mt := r.Content.Get("application/json")
	if mt == nil || r.Description == nil || *r.Description != "B" {
		t.Fatalf("response = %+v", r)
	}
	if !strings.Contains(string(s.data), "12345678901234567890") {
		t.Error("a large number changed in re-encoding")
	}
}

// Keywords of the wrong JSON type: coerced when the meaning is clear,
// else dropped; never an error.
func TestRepairKeywordTypes(t *testing.T) {
	const spec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    T:
      type: object
      properties:
        a: {type: string, pattern: 12, minLength: "2", format: 5}
        b: {type: number, minimum: five, exclusiveMaximum: "10", deprecated: "true"}
        c: {type: array, items: [{type: string}], uniqueItems: 1}
        d: integer
        e: 7
        f: {allOf: {type: string}, oneOf: [{type: string}, 3]}
      required: name
`
	s, rs := loadString(t, spec)
	got := strings.Join(rs, "\n")
	for _, w := range []string{
		`#/components/schemas/T/properties/a/pattern: pattern is the number 12; read as the string "12"`,
		`#/components/schemas/T/properties/a/minLength: minLength is the string "2"; read as the number 2`,
		`#/components/schemas/T/properties/a/format: format is the number 5; read as the string "5"`,
		`#/components/schemas/T/properties/b/minimum: minimum is the string "five", not a number; ignored`,
		`#/components/schemas/T/properties/b/exclusiveMaximum: exclusiveMaximum is the string "10"; read as the number 10`,
		`#/components/schemas/T/properties/b/deprecated: deprecated is the string "true"; read as the boolean true`,
		`#/components/schemas/T/properties/c/items: items written as a list (draft-4 tuple); read as prefixItems`,
		`#/components/schemas/T/properties/c/uniqueItems: uniqueItems is the number 1, not a boolean; ignored`,
		`#/components/schemas/T/properties/d: schema written as the string "integer"; read as {type: integer}`,
		`#/components/schemas/T/properties/e: schema is the number 7, not an object; ignored`,
		`#/components/schemas/T/properties/f/allOf: allOf is an object, not a list of schemas; ignored`,
		`#/components/schemas/T/properties/f/oneOf/1: schema is the number 3, not an object; ignored`,
		`#/components/schemas/T/required: required is the string "name"; read as a list`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("repairs lack %s", w)
		}
	}
	if req := s.Doc.Components.Schemas["T"].Value.Required; len(req) != 1 || req[0] != "name" {
		t.Errorf("required = %q", req)
	}
	props := s.Doc.Components.Schemas["T"].Value.Properties
	if a := props["a"].Value; a.Pattern != "12" || a.MinLength != 2 {
		t.Errorf("a = pattern %q, minLength %d", a.Pattern, a.MinLength)
	}
	if d := props["d"].Value; !d.Type.Is("integer") {
		t.Errorf("d = %v", d.Type)
	}
	if _, ok := props["e"]; ok {
		t.Error("e kept")
	}
	if len(props["f"].Value.OneOf) != 1 {
		t.Errorf("f.oneOf = %d members", len(props["f"].Value.OneOf))
	}
}

// A request body $ref to a schema is a JSON body of that schema; a schema
// $ref to a media type object uses its schema.
func TestRepairBodyRefToSchema(t *testing.T) {
	const spec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody: {$ref: '#/components/schemas/In'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/paths/~1a/post/responses/201/content/text~1plain'}
        "201":
          description: created
          content:
            text/plain:
              schema: {type: string, maxLength: 9}
components:
  schemas:
    In: {type: object, properties: {a: {type: string}}}
`
	s, rs := loadString(t, spec)
	want := []string{
		"spec.yaml:6:20: #/paths/~1a/post/requestBody: $ref to a schema object (#/components/schemas/In); used as the request's JSON body",
		"spec.yaml:12:23: #/paths/~1a/post/responses/200/content/application~1json/schema: $ref to a media type object (#/paths/~1a/post/responses/201/content/text~1plain); used its schema",
	}
	if strings.Join(rs, "\n") != strings.Join(want, "\n") {
		t.Errorf("repairs:\n%s\nwant:\n%s", strings.Join(rs, "\n"), strings.Join(want, "\n"))
	}
	op := s.Doc.Paths.Value("/a").Post
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema.Ref != "#/components/schemas/In" {
		t.Errorf("request body = %+v", op.RequestBody.Value)
	}
	got := op.Responses.Value("200").Value.Content.Get("application/json").Schema
	if got.Value == nil || got.Value.MaxLength == nil || *got.Value.MaxLength != 9 {
		t.Errorf("200 schema = %+v", got)
	}
}
