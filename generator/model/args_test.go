package model

import (
	"strings"
	"testing"
)

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

// Property names encoding/json cannot use in a struct tag were generated
// with tags it reads differently ("a,b" as "a", "c\"d" as the Go field
// name, "-" as no field at all): now an error naming each.
func TestPropertyNamesJSONCannotUse(t *testing.T) {
	_, err := buildString(t, `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"S":{"type":"object","properties":{
"a,b":{"type":"string"},"c\"d":{"type":"string"},"-":{"type":"string"},"e`+"`"+`f":{"type":"string"},"":{"type":"string"},
"ok name-1.x/y:z@ü":{"type":"string"}}}}}}`)
	if err == nil {
		t.Fatal("Build succeeded")
	}
	for _, name := range []string{`"a,b"`, `"c\"d"`, `"-"`, "\"e`f\"", `""`} {
		if !strings.Contains(err.Error(), "property name "+name+" cannot be a field name for encoding/json") {
			t.Errorf("no error for %s in:\n%v", name, err)
		}
	}
	if strings.Contains(err.Error(), "ok name") {
		t.Errorf("error for a valid name:\n%v", err)
	}
}

// A path parameter named security0 shadowed the emitter's package-level
// variable of that name, used by the method it became an argument of.
func TestPathParamNotSecurityVar(t *testing.T) {
	api, err := buildString(t, `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /{security0}/{security12}/{securityX}:
    get:
      parameters:
        - {name: security0, in: path, required: true, schema: {type: string}}
        - {name: security12, in: path, required: true, schema: {type: string}}
        - {name: securityX, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"security0Param", "security12Param", "securityX"}
	for i, p := range api.Operations[0].PathParams {
		if p.GoName != want[i] {
			t.Errorf("path param %q: GoName = %q, want %q", p.Name, p.GoName, want[i])
		}
	}
}
