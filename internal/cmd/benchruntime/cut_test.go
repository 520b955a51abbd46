package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// TestCutSpec checks that the cut keeps the operations tagged issues or git,
// the components they reach (and no others), and adds the OAuth2 scheme.
func TestCutSpec(t *testing.T) {
	spec := `{
	  "openapi": "3.0.3",
	  "info": {"title": "t", "version": "1"},
	  "paths": {
	    "/issues": {"get": {"tags": ["issues"], "operationId": "issues/list",
	      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/issue"}}}}}}},
	    "/git/{ref}": {"parameters": [{"$ref": "#/components/parameters/ref"}],
	      "get": {"tags": ["git"], "operationId": "git/get", "responses": {"204": {"description": "ok"}}},
	      "delete": {"tags": ["repos"], "operationId": "repos/delete", "responses": {"204": {"description": "ok"}}}},
	    "/users": {"get": {"tags": ["users"], "operationId": "users/list",
	      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/unused"}}}}}}}
	  },
	  "components": {
	    "schemas": {
	      "issue": {"type": "object", "properties": {"user": {"$ref": "#/components/schemas/a~1user"}}},
	      "a/user": {"type": "object"},
	      "unused": {"type": "object"}
	    },
	    "parameters": {"ref": {"name": "ref", "in": "path", "required": true, "schema": {"type": "string"}}, "other": {"name": "o", "in": "query"}}
	  }
	}`
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	if err := os.WriteFile(in, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cutSpec(in, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage
		Components map[string]map[string]json.RawMessage
		Security   []map[string][]string
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]json.RawMessage) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	if len(doc.Paths) != 2 {
		t.Errorf("paths = %v, want /issues and /git/{ref}", doc.Paths)
	}
	if got := keys(doc.Paths["/git/{ref}"]); !reflect.DeepEqual(got, []string{"get", "parameters"}) {
		t.Errorf("/git/{ref} keeps %v, want [get parameters]", got)
	}
	if got := keys(doc.Components["schemas"]); !reflect.DeepEqual(got, []string{"a/user", "issue"}) {
		t.Errorf("schemas = %v, want [a/user issue]", got)
	}
	if got := keys(doc.Components["parameters"]); !reflect.DeepEqual(got, []string{"ref"}) {
		t.Errorf("parameters = %v, want [ref]", got)
	}
	if _, ok := doc.Components["securitySchemes"]["oauth2"]; !ok {
		t.Error("no oauth2 security scheme")
	}
	if !reflect.DeepEqual(doc.Security, []map[string][]string{{"oauth2": {"repo"}}}) {
		t.Errorf("security = %v", doc.Security)
	}
}
