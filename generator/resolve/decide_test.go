package resolve

import "testing"

// TestDecide checks, on the model, how values are passed and encoded.
func TestDecide(t *testing.T) {
	api, err := buildString(t, `openapi: 3.0.3
info: {title: t, version: '1'}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
    Tags: {type: array, items: {type: string}}
paths:
  /pets/{id}:
    post:
      operationId: addPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: q, in: query, schema: {type: string}}
        - {name: n, in: query, required: true, schema: {type: integer}}
        - {name: tags, in: query, schema: {$ref: '#/components/schemas/Tags'}}
        - {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/Pet'}}
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Pet'}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
  /count:
    get:
      operationId: count
      responses: {'200': {description: ok, content: {application/json: {schema: {type: integer}}}}}
  /upload:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                note: {type: string}
                meta: {type: object, properties: {a: {type: string}}}
      responses: {'204': {description: ok}}
`)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]int{}
	for i, op := range api.Operations {
		ops[op.Name] = i
	}
	add := api.Operations[ops["AddPet"]]
	if !add.ResultPointer || add.ResultZero != "nil" {
		t.Errorf("AddPet result: pointer %v, zero %q; want a pointer, nil", add.ResultPointer, add.ResultZero)
	}
	if b := add.Bodies[0]; !b.Pointer || !b.Nilable {
		t.Errorf("AddPet body (optional object): pointer %v, nilable %v; want both", b.Pointer, b.Nilable)
	}
	if p := add.PathParams[0]; p.Encoding != "scalar" {
		t.Errorf("path id: encoding %q, want scalar", p.Encoding)
	}
	want := map[string]struct {
		enc     string
		nilable bool
	}{"q": {"string", true}, "n": {"scalar", false}, "tags": {"list", true}, "filter": {"struct", true}}
	for _, p := range add.Query {
		if w := want[p.Name]; p.Encoding != w.enc || p.Nilable != w.nilable {
			t.Errorf("query %s: encoding %q, nilable %v; want %q, %v", p.Name, p.Encoding, p.Nilable, w.enc, w.nilable)
		}
	}
	if c := api.Operations[ops["Count"]]; c.ResultPointer || c.ResultZero != "zero" {
		t.Errorf("Count result: pointer %v, zero %q; want a value, zero", c.ResultPointer, c.ResultZero)
	}
	up := api.Operations[ops["Upload"]].Bodies[0]
	if up.Pointer || up.Nilable {
		t.Errorf("Upload body (required): pointer %v, nilable %v; want neither", up.Pointer, up.Nilable)
	}
	styles := map[string]string{}
	for _, p := range up.Parts {
		styles[p.Name] = p.Style
	}
	if want := map[string]string{"file": "file", "note": "text", "meta": "json"}; !equalMaps(styles, want) {
		t.Errorf("Upload part styles = %v, want %v", styles, want)
	}
}
