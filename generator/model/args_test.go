package model

import "testing"

// Path parameters become method arguments; they must not shadow the
// packages or locals of generated methods.
func TestPathParamNames(t *testing.T) {
	api, err := buildString(t, `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /{rest}/{oas}/{fmt}/{r}/{data}/{id}/{ctx}:
    get:
      operationId: get
      parameters:
        - {name: rest, in: path, required: true, schema: {type: string}}
        - {name: oas, in: path, required: true, schema: {type: string}}
        - {name: fmt, in: path, required: true, schema: {type: string}}
        - {name: r, in: path, required: true, schema: {type: string}}
        - {name: data, in: path, required: true, schema: {type: string}}
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: ctx, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"rest2", "oas2", "fmt2", "r2", "data2", "id", "ctx2"}
	ps := api.Operations[0].PathParams
	if len(ps) != len(want) {
		t.Fatalf("%d path params, want %d", len(ps), len(want))
	}
	for i, p := range ps {
		if p.GoName != want[i] {
			t.Errorf("path param %q: GoName = %q, want %q", p.Name, p.GoName, want[i])
		}
	}
}
