package corpus

import "testing"

const petsJSON = `{
  "openapi": "3.1.0",
  "paths": {
    "/pets": {
      "summary": "pets",
      "parameters": [],
      "get": {"operationId": "listPets"},
      "post": {"operationId": "createPet"}
    },
    "/pets/{id}": {"get": {}, "delete": {}, "patch": {}, "x-get": {}},
    "/ref": {"$ref": "other.json#/paths/~1x"}
  },
  "webhooks": {"newPet": {"post": {}}},
  "components": {"schemas": {"Pet": {}, "Error": {}}, "responses": {"R": {}}}
}`

const petsYAML = `# leading comment
openapi: 3.0.3
info:
  title: pets
  description: |
    paths:
      /not-a-path:
        get: {}
paths:
  /pets:
    summary: all pets
    get:
      description: >
        get: this is text
      responses:
        "200": {description: ok}
    post:
      responses: {}
  '/pets/{id}':
    parameters:
      - name: id
        in: path
    "get": {}
    delete: # trailing comment
      responses: {}
    x-patch: {}
  /pets/{id}:feed:
    put: {}
webhooks:
  newPet:
    post: {}
  petGone:
    delete: {}
    get: {}
components:
  responses:
    R: {}
  schemas:
    Pet:
      type: object
      properties:
        id: {type: string}
    "Error": {}
    Other:
      $ref: '#/components/schemas/Pet'
`

const anchorsYAML = `openapi: 3.0.2
paths:
  /a:
    get:
      tags:
        &t
        - x
    post:
      tags: *t
---
`

func TestCount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Stats
	}{
		{"json", petsJSON, Stats{Ops: 5, Webhooks: 1, Schemas: 2}},
		{"yaml", petsYAML, Stats{Ops: 5, Webhooks: 3, Schemas: 3}},
		{"yaml anchors", anchorsYAML, Stats{Ops: 2}},
		{"yaml crlf", "paths:\r\n  /a:\r\n    get: {}\r\n", Stats{Ops: 1}},
		{"yaml empty paths", "openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas: {}\n", Stats{}},
		{"json with BOM and space", "\ufeff \n{\"paths\": {\"/a\": {\"head\": {}}}}", Stats{Ops: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Count([]byte(tt.in))
			if err != nil {
				t.Fatalf("Count() error: %v", err)
			}
			if got != tt.want {
				t.Errorf("Count() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCountBadJSON(t *testing.T) {
	if _, err := Count([]byte(`{"paths": [`)); err == nil {
		t.Error("Count(truncated JSON) error = nil, want an error")
	}
}

func TestYAMLKey(t *testing.T) {
	tests := map[string]string{
		"get:":                  "get",
		"get: {}":               "get",
		"/a/{b}:c:":             "/a/{b}:c",
		"'/a''b': x":            "/a'b",
		`"/a\"b" : x`:           `/a"b`,
		"- name: id":            "",
		"url: http://x":         "url",
		"text with no colon":    "",
		"text # get: comment":   "",
		`"unterminated: x`:      "",
		`"quoted" but no colon`: "",
	}
	for in, want := range tests {
		if got := yamlKey(in); got != want {
			t.Errorf("yamlKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatOps(t *testing.T) {
	if got := (Stats{Ops: 10}).FormatOps(); got != "10" {
		t.Errorf("FormatOps() = %q, want 10", got)
	}
	if got := (Stats{Webhooks: 261}).FormatOps(); got != "0+261w" {
		t.Errorf("FormatOps() = %q, want 0+261w", got)
	}
}
