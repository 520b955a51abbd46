package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repairSpec is a one-operation spec whose 200 response is body (indented
// under "200":) with components added at the end.
func repairSpec(response, components string) string {
	return `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: kind, in: query, schema: {type: string, enum: [x, y]}}
      responses:
        "200":
` + response + `
components:
` + components
}

// TestRepairsWarnAndStrictRefuses generates each repaired defect (issue
// 18), checks its warning, and checks that Strict refuses it at the same
// place.
func TestRepairsWarnAndStrictRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, spec string
		want       string // in the warning and in the strict error
	}{
		{"schema ref to response", repairSpec(`          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/responses/R'}`, `  responses:
    R:
      description: r
      x-content:
        application/json:
          schema: {type: object, properties: {a: {type: string}}}`),
			"spec.yaml:15:23: #/paths/~1a~1{id}/get/responses/200/content/application~1json/schema: $ref to a response object (#/components/responses/R); used its schema"},
		{"response ref to schema", repairSpec(`          $ref: '#/components/schemas/Doc'`, `  schemas:
    Doc: {description: free-form}`),
			"spec.yaml:12:11: #/paths/~1a~1{id}/get/responses/200: $ref to a schema object (#/components/schemas/Doc); used as the response's JSON body"},
		{"items ref to parameter", repairSpec(`          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/paths/~1a~1%7Bid%7D/get/parameters/1'}}`, `  schemas: {}`),
			"#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/items: $ref to a parameter object (#/paths/~1a~1%7Bid%7D/get/parameters/1); used its schema"},
		{"number pattern", repairSpec(`          description: ok
          content:
            application/json:
              schema: {type: string, pattern: 12}`, `  schemas: {}`),
			`#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/pattern: pattern is the number 12; read as the string "12"`},
		{"examples map", repairSpec(`          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/T'}`, `  schemas:
    T:
      type: string
      examples: {one: {value: a}}`),
			"spec.yaml:20:17: #/components/schemas/T/examples: examples is a map of named examples (the media-type form), not a list; ignored as documentation"},
		{"dropped keyword", repairSpec(`          description: ok
          content:
            application/json:
              schema: {type: string, maxLength: lots}`, `  schemas: {}`),
			`#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/maxLength: maxLength is the string "lots", not an integer; ignored`},
		{"allOf conflict", repairSpec(`          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/O'}`, `  schemas:
    P:
      type: object
      properties: {d: {type: integer}}
    O:
      allOf:
        - $ref: '#/components/schemas/P'
        - {type: object, properties: {d: {type: object, properties: {p: {type: number}}}}}`),
			`spec.yaml:24:42: #/components/schemas/O/allOf/1/properties/d: allOf conflict: property "d" is object here but integer at #/components/schemas/P/properties/d (spec.yaml:20:23); generated a field that holds either`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "spec.yaml")
			if err := os.WriteFile(path, []byte(tc.spec), 0o644); err != nil {
				t.Fatal(err)
			}
			opts := Options{Spec: path, SpecName: "spec.yaml", Package: "api"}
			res, err := Run(context.Background(), opts)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			var warns []string
			for _, w := range res.Warnings {
				warns = append(warns, w.Error())
			}
			if !strings.Contains(strings.Join(warns, "\n"), tc.want) {
				t.Errorf("warnings lack %q:\n%s", tc.want, strings.Join(warns, "\n"))
			}
			opts.Strict = true
			_, err = Run(context.Background(), opts)
			if err == nil {
				t.Fatal("Strict: Run succeeded; want the repair refused")
			}
			i := strings.Index(tc.want, "#/")
			j := i + strings.Index(tc.want[i:], ": ")
			ptr, msg := tc.want[i:j], tc.want[j+2:]
			if e := err.Error(); !strings.Contains(e, ptr+": spec needs a repair (--strict): "+msg) {
				t.Errorf("Strict: %v; want the repair at %s refused", err, ptr)
			}
		})
	}
}
