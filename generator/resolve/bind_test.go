package resolve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
)

const bindHead = `openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "204": {description: ok}
`

func loadBindSpec(t *testing.T, src string) *load.Spec {
	t.Helper()
	s, err := load.Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBindingLeavesSpecUnchanged checks that bindings are an input of the
// resolver: the model's schemes carry the bound flow (or the added
// scheme), and the loaded document is the same before and after Build.
func TestBindingLeavesSpecUnchanged(t *testing.T) {
	tests := []struct {
		name     string
		spec     string
		bindings []Binding
		want     string // the model's Schemes and Security as JSON
		wantNote string
	}{
		{
			name:     "no scheme: one is added",
			spec:     bindHead,
			bindings: []Binding{{Flow: "Signicat"}},
			want:     `[{"name":"sigenAuth","kind":"clientCredentials","tokenURL":"https://api.signicat.com/auth/open/connect/token","scopes":["signicat-api"],"vendor":"signicat"}] [["sigenAuth"]]`,
			wantNote: `added "sigenAuth" for the signicat binding`,
		},
		{
			name:     "two bindings of the added scheme: the last wins",
			spec:     bindHead,
			bindings: []Binding{{Flow: "signicat"}, {Flow: "signet", RefreshURL: "/r"}},
			want:     `[{"name":"sigenAuth","kind":"flow","tokenURL":"/dpop/v1/api/generate-token","refreshURL":"/r","scopes":null,"vendor":"signet"}] [["sigenAuth"]]`,
			wantNote: `added "sigenAuth"`,
		},
		{
			name: "the only bearer scheme, over its own extension",
			spec: bindHead + `components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    bearer:
      type: http
      scheme: bearer
      description: the token
      x-sigen-token: {flow: signet}
security: [{bearer: []}]
`,
			bindings: []Binding{{Flow: "signicat", TokenURL: "https://example.com/t", Scopes: []string{"a", "b"}}},
			want:     `[{"name":"bearer","kind":"clientCredentials","tokenURL":"https://example.com/t","scopes":["a","b"],"doc":"the token","vendor":"signicat"},{"name":"key","kind":"apiKey","scopes":null,"in":"header","paramName":"X-Key"}] [["bearer"]]`,
		},
		{
			name: "a named scheme",
			spec: bindHead + `components:
  securitySchemes:
    one: {type: http, scheme: bearer}
    two: {type: http, scheme: bearer}
`,
			bindings: []Binding{{Flow: "signet", Scheme: "two"}},
			want:     `[{"name":"one","kind":"bearer","scopes":null},{"name":"two","kind":"flow","tokenURL":"/dpop/v1/api/generate-token","refreshURL":"/dpop/v1/api/refresh-token","scopes":null,"vendor":"signet"}] null`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := loadBindSpec(t, tt.spec)
			before, err := json.Marshal(spec.Doc)
			if err != nil {
				t.Fatal(err)
			}
			diag, notes := &load.Diagnostics{}, &load.Diagnostics{}
			api, err := Build(spec, Config{Bindings: tt.bindings, Notes: notes}, diag)
			if err != nil {
				t.Fatal(err)
			}
			after, err := json.Marshal(spec.Doc)
			if err != nil {
				t.Fatal(err)
			}
			if string(before) != string(after) {
				t.Errorf("Build changed the spec document:\nbefore %s\nafter  %s", before, after)
			}
			schemes, _ := json.Marshal(api.Schemes)
			security, _ := json.Marshal(api.Security)
			if got := string(schemes) + " " + string(security); got != tt.want {
				t.Errorf("schemes, security =\n%s\nwant\n%s", got, tt.want)
			}
			if len(diag.Warnings) != 0 {
				t.Errorf("warnings %v, want none (a binding's note goes to Notes)", diag.Warnings)
			}
			var got []string
			for _, w := range notes.Warnings {
				got = append(got, w.Error())
			}
			if tt.wantNote == "" && len(got) > 0 || tt.wantNote != "" && (len(got) != 1 || !strings.Contains(got[0], tt.wantNote)) {
				t.Errorf("notes %q, want one containing %q", got, tt.wantNote)
			}
			if tt.wantNote != "" && !strings.HasPrefix(got[0], "spec.yaml: #/components/securitySchemes: ") {
				t.Errorf("note %q: want it at spec.yaml: #/components/securitySchemes", got[0])
			}
		})
	}
}

// TestBindingResolveErrors checks the errors of bindings the spec cannot take.
func TestBindingResolveErrors(t *testing.T) {
	tests := []struct {
		spec     string
		bindings []Binding
		want     string
	}{
		{bindHead, []Binding{{Flow: "kerberos"}}, `auth binding: unknown flow "kerberos" (want signicat or signet)`},
		{bindHead, []Binding{{Flow: "signet", Scheme: "nope"}}, `auth binding: the spec declares no security scheme "nope"`},
		{bindHead + "components:\n  securitySchemes:\n    sigenAuth: {type: http, scheme: basic}\n", []Binding{{Flow: "signet"}},
			`auth binding: the spec declares no bearer scheme and "sigenAuth" is taken; name a scheme`},
		{bindHead + "components:\n  securitySchemes:\n    b: {type: http, scheme: bearer}\n    a: {type: http, scheme: Bearer}\n", []Binding{{Flow: "signet"}},
			`auth binding: the spec declares several bearer schemes (a, b); name one`},
	}
	for _, tt := range tests {
		_, err := Build(loadBindSpec(t, tt.spec), Config{Bindings: tt.bindings}, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Build with %+v: error %v, want %q", tt.bindings, err, tt.want)
		}
	}
}
