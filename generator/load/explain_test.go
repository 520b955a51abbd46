package load

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSpecFiles writes files (slash-separated names) into a new folder and
// returns the path of spec.yaml (or spec.json) in it.
func writeSpecFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	root := ""
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(name, "spec.") {
			root = p
		}
	}
	return root
}

const explainHead = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"

// TestLoadErrorKind: a member whose JSON kind kin-openapi's types cannot
// hold is found by decoding the document's members into those types, not
// from kin-openapi's message, and named with file, line, column and
// pointer.
func TestLoadErrorKind(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"top level", explainHead + "paths: 5\n", `spec.yaml:3:8: #/paths: load spec: paths must not be a number`},
		{"in an operation", explainHead + "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: 5}\n",
			`spec.yaml:7:30: #/paths/~1a/get/responses/200/description: load spec: description must not be a number`},
		{"in a parameter list", explainHead + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: a, in: query}\n        - {name: b, in: query, required: 'no'}\n      responses:\n        '204': {description: ok}\n",
			`spec.yaml:8:42: #/paths/~1a/get/parameters/1/required: load spec: required must not be a string`},
		{"in a component", explainHead + "paths: {}\ncomponents:\n  responses:\n    R: {description: [a]}\n",
			`spec.yaml:6:22: #/components/responses/R/description: load spec: description must not be a array`},
		{"JSON source", `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},` + "\n" + `"paths": {"/a": {"get": {"responses": {"200": {"description": true}}}}}}`,
			`spec.json:2:63: #/paths/~1a/get/responses/200/description: load spec: description must not be a bool`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "spec.yaml"
			if strings.HasPrefix(tt.src, "{") {
				name = "spec.json"
			}
			_, err := File(context.Background(), writeSpecFiles(t, map[string]string{name: tt.src}), Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("File() error =\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// TestLoadErrorDanglingRef: a $ref to nothing is found by resolving the
// $refs of the document (and of the files read for it) on sigen's own
// JSON, and named where it is written; kin-openapi's message is the cause.
func TestLoadErrorDanglingRef(t *testing.T) {
	const schemaRef = "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '%s'\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"local", map[string]string{"spec.yaml": explainHead + strings.Replace(schemaRef, "%s", "#/components/schemas/Missing", 1) + "components:\n  schemas:\n    Present: {type: string}\n"},
			`spec.yaml:12:17: #/paths/~1a/get/responses/200/content/application~1json/schema: dangling $ref: `},
		{"missing section", map[string]string{"spec.yaml": explainHead + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Missing'\n"},
			`spec.yaml:8:11: #/paths/~1a/get/responses/200: dangling $ref: `},
		{"into another file", map[string]string{
			"spec.yaml":  explainHead + strings.Replace(schemaRef, "%s", "other.yaml#/Missing", 1),
			"other.yaml": "Present: {type: string}\n"},
			`spec.yaml:12:17: #/paths/~1a/get/responses/200/content/application~1json/schema: dangling $ref: `},
		{"in another file", map[string]string{
			"spec.yaml":      explainHead + strings.Replace(schemaRef, "%s", "sub/other.yaml#/User", 1),
			"sub/other.yaml": "User:\n  type: object\n  properties:\n    a: {$ref: '#/Gone'}\n"},
			`sub/other.yaml:4:8: #/User/properties/a: dangling $ref: `},
		{"to a number", map[string]string{
			"spec.yaml": explainHead + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: 'x.yaml#/R'\n",
			"x.yaml":    "R: 5\n"},
			`spec.yaml:8:11: #/paths/~1a/get/responses/200: $ref to a value that is not an object: `},
		// Nothing locates this one: the file and kin-openapi's message.
		{"unlocated", map[string]string{"spec.yaml": explainHead + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#foo'\n"},
			`spec.yaml: load spec: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := File(context.Background(), writeSpecFiles(t, tt.files), Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("File() error =\n%v\nwant it to start with\n%s", err, tt.want)
			}
		})
	}
}

// TestDanglingRefSkipsLiterals: a "$ref" inside an example, default or
// extension is data, which neither kin-openapi nor the search follows.
func TestDanglingRefSkipsLiterals(t *testing.T) {
	s := &Spec{File: "spec.yaml", path: "/nonexistent/spec.yaml"}
	data := []byte(`{"components":{"schemas":{"A":{"type":"object","example":{"$ref":"#/nothing"},"default":{"$ref":"#/nothing"},"x-note":{"$ref":"#/nothing"}}}}}`)
	if p, _, ok := s.danglingRef(data); ok {
		t.Errorf("danglingRef = %v, want none", p)
	}
	data = []byte(`{"components":{"schemas":{"A":{"type":"object","properties":{"b":{"$ref":"#/components/schemas/A"},"c":{"$ref":"#/components/schemas/C"}}}}}}`)
	if p, _, ok := s.danglingRef(data); !ok || p.Pointer != "#/components/schemas/A/properties/c" {
		t.Errorf("danglingRef = %v, %v; want #/components/schemas/A/properties/c", p, ok)
	}
}

// TestWrongKindAcceptsValidDocument: every member of a valid document
// decodes into its type, so nothing is blamed.
func TestWrongKindAcceptsValidDocument(t *testing.T) {
	src, err := os.ReadFile("../../specs/signicat/sign.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Data(context.Background(), "/nonexistent/sign.yaml", "sign.yaml", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(s.data, &doc); err != nil {
		t.Fatal(err)
	}
	if ke, ok := wrongKind(doc); ok {
		t.Errorf("wrongKind = %+v, want none", ke)
	}
}

// TestValidationPos: validation problems are located by kin-openapi's
// typed context (component, path, operation, section) and the keyword or
// value it names, in sigen's index.
func TestValidationPos(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"schema default", explainHead + "paths: {}\ncomponents:\n  schemas:\n    A: {type: integer, default: nope}\n",
			`spec.yaml:6:33: #/components/schemas/A/default: validation: invalid components: schema "A": invalid default`},
		// Two defaults below the schema: the one with the offending value.
		{"two defaults", explainHead + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      default: {}\n      properties:\n        n: {type: integer, default: nope}\n",
			`spec.yaml:10:37: #/components/schemas/A/properties/n/default: validation: invalid components: schema "A": invalid default`},
		// Two equal defaults: which one is meant is not known.
		{"two equal defaults", explainHead + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        m: {type: integer, default: nope}\n        n: {type: integer, default: nope}\n",
			`spec.yaml:7:7: #/components/schemas/A: validation: invalid components: schema "A": invalid default`},
		// A default behind a $ref may be meant: not located below.
		{"behind a ref", explainHead + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: integer, default: 1}}\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/B'}\n      responses:\n        '204': {description: ok}\ncomponents:\n  schemas:\n    B: {type: integer, default: nope}\n",
			`spec.yaml:6:7: #/paths/~1a/get: validation: invalid paths: invalid path /a: invalid operation GET: invalid default`},
		{"schema type", explainHead + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        k: {type: notatype}\n",
			`spec.yaml:9:19: #/components/schemas/A/properties/k/type: validation: invalid components: schema "A": unsupported 'type' value "notatype"`},
		{"operation", explainHead + "paths:\n  /a/{id}:\n    get:\n      responses:\n        '204': {description: ok}\n",
			`spec.yaml:6:7: #/paths/~1a~1{id}/get: validation: invalid paths: operation GET /a/{id} must define exactly all path parameters`},
		{"component parameter", explainHead + "paths: {}\ncomponents:\n  parameters:\n    P: {name: p, in: nowhere, schema: {type: string}}\n",
			`spec.yaml:6:8: #/components/parameters/P: validation: invalid components: parameter "P": `},
		{"info", "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n",
			`spec.yaml:2:7: #/info: validation: invalid info: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(tt.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			diag := &Diagnostics{}
			if err := s.Validate(context.Background(), false, diag); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range diag.Warnings {
				got = append(got, w.Error())
				if strings.HasPrefix(w.Error(), tt.want) {
					return
				}
			}
			t.Errorf("warnings\n%s\nlack one starting with\n%s", strings.Join(got, "\n"), tt.want)
		})
	}
}

// TestValidationPosExamples: a named example is located by its name; the
// example keyword is not confused with a property named example or
// examples.
func TestValidationPosExamples(t *testing.T) {
	src := explainHead + `paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: integer}
            examples:
              good: {value: 1}
              bad: {value: nope}
      responses:
        '204': {description: ok}
components:
  schemas:
    A:
      type: object
      properties:
        example: {type: string}
        examples: {type: string}
        n: {type: integer, example: nope}
    B:
      type: object
      properties:
        examples: {type: integer, example: nope}
`
	s, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	diag := &Diagnostics{}
	if err := s.Validate(context.Background(), false, diag); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range diag.Sorted() {
		got = append(got, w.Error())
	}
	for _, want := range []string{
		`spec.yaml:12:20: #/paths/~1a/post/requestBody/content/application~1json/examples/bad: validation: `,
		`spec.yaml:22:37: #/components/schemas/A/properties/n/example: validation: `,
		`spec.yaml:26:44: #/components/schemas/B/properties/examples/example: validation: `,
	} {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, want)
		}
		if !found {
			t.Errorf("warnings\n%s\nlack one starting with\n%s", strings.Join(got, "\n"), want)
		}
	}
}
