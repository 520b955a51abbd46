package emit

import (
	"context"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// Optional fields of multipart and form bodies are checked for nil and
// then sent; the check must not leak into the value (jennifer's Clone
// shares the statement it clones, so appending to the original changed
// the copy: "Body: body.File != nil" did not compile; found by
// FuzzGenerate).
func TestOptionalBodyFields(t *testing.T) {
	const src = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /up:
    post:
      operationId: upload
      requestBody: {content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}, n: {type: integer}}}}}}
      responses: {'204': {description: ok}}
  /form:
    post:
      operationId: form
      requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {n: {type: integer}}}}}}
      responses: {'204': {description: ok}}
`
	spec, err := load.Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, err := resolve.Build(spec, resolve.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(api, Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	ops := string(files["operations.go"])
	for _, want := range []string{"Body:     body.File,", "sigenimpl.Format(*body.N))", "if body.File != nil {", "if body.N != nil {"} {
		if !strings.Contains(ops, want) {
			t.Errorf("operations.go lacks %q", want)
		}
	}
	if strings.Count(ops, "!= nil") != strings.Count(ops, "!= nil {") {
		t.Errorf("a nil check is used as a value:\n%s", ops)
	}
	if t.Failed() {
		t.Logf("operations.go:\n%s", ops)
	}
}
