package resolve

import (
	"context"
	. "github.com/sigen-dev/sigen/generator/model"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
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
// name, "-" as no field at all), then refused, which sank whole vendor
// specs (PagerDuty, Stoplight). Now each is an untagged field the type's
// own JSON methods carry, with a warning naming its location.
func TestPropertyNamesJSONCannotUse(t *testing.T) {
	spec, err := load.Data(context.Background(), "/nonexistent/spec.json", "spec.json", []byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"S":{"type":"object","properties":{
"a,b":{"type":"string"},"c\"d":{"type":"string"},"-":{"type":"string"},"e`+"`"+`f":{"type":"string"},"":{"type":"string"},
"ok name-1.x/y:z@ü":{"type":"string"}}}}}}`), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	diag := &load.Diagnostics{}
	api, err := Build(spec, Config{}, diag)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	var warns []string
	for _, w := range diag.Sorted() {
		warns = append(warns, w.Error())
	}
	all := strings.Join(warns, "\n")
	for _, name := range []string{`"a,b"`, `"c\"d"`, `"-"`, "\"e`f\"", `""`} {
		if !strings.Contains(all, "property name "+name+" cannot be written in an encoding/json struct tag") {
			t.Errorf("no warning for %s in:\n%s", name, all)
		}
	}
	if strings.Contains(all, "ok name") {
		t.Errorf("warning for a valid name:\n%s", all)
	}
	st := api.Types[0].Decl().(*Struct)
	untagged := map[string]bool{}
	for _, f := range st.Fields {
		untagged[f.JSONName] = f.Untagged
	}
	want := map[string]bool{"": true, "-": true, "a,b": true, "c\"d": true, "e`f": true, "ok name-1.x/y:z@ü": false}
	if len(untagged) != len(want) {
		t.Fatalf("fields %v, want %v", untagged, want)
	}
	for k, v := range want {
		if untagged[k] != v {
			t.Errorf("property %q: Untagged = %v, want %v", k, untagged[k], v)
		}
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
