package generator

import (
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docText returns the text of every comment in the generated files.
func docText(t *testing.T, files map[string][]byte) string {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, n, files[n], parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for _, cg := range f.Comments {
			b.WriteString(cg.Text())
		}
	}
	return b.String()
}

// TestDocsFitTheSpec generates small specs with different security and
// checks the words of the generated docs: tokens, refresh and the retry
// only when a token flow is bound; a vendor's name and environment
// variables only for that vendor's flow; no auth wording at all without
// security.
func TestDocsFitTheSpec(t *testing.T) {
	const paths = `paths:
  /files:
    post:
      operationId: upload
      requestBody:
        required: true
        content: {application/octet-stream: {schema: {type: string, format: binary}}}
      responses: {'204': {description: ok}}
`
	tests := []struct {
		name       string
		components string
		want       []string
		wantNot    []string
	}{
		{
			name: "no security",
			want: []string{"The body is streamed, not buffered."},
			wantNot: []string{
				`(?i)token`, `(?i)refresh`, `(?i)credential`, `(?i)authenticat`, `(?i)signicat`, `(?i)signet`,
				`SIGNICAT_`, `SIGNET_`, `\bnone\b`, `(?i)retried once`, `(?i)secret`,
			},
		},
		{
			name: "generic OAuth2 client credentials",
			components: `components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {read: r}}}
security: [{oauth: []}]
`,
			want: []string{
				"Tokens are cached, refreshed before they expire",
				"WithClientCredentials authenticates with the OAuth2 client-credentials grant: tokens are fetched, cached and refreshed for you.",
				"replayed once if its token is refused",
			},
			wantNot: []string{`(?i)signicat`, `(?i)signet`, `SIGNICAT_`, `SIGNET_`, `WithCredentialsFromEnv`},
		},
		{
			name: "Signicat client credentials",
			components: `components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://api.signicat.com/auth/open/connect/token', scopes: {signicat-api: r}}}
security: [{oauth: []}]
`,
			want:    []string{"SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET", "Signicat: client ID and secret", "Tokens are cached"},
			wantNot: []string{`(?i)signet`, `SIGNET_`},
		},
		{
			name: "Signet",
			components: `components:
  securitySchemes:
    sig: {type: http, scheme: bearer, x-sigen-token: {flow: signet}}
security: [{sig: []}]
`,
			want:    []string{"SIGNET_API_KEY and SIGNET_API_SECRET", "Tokens are cached"},
			wantNot: []string{`(?i)signicat`, `SIGNICAT_`},
		},
		{
			name: "static bearer token and API key",
			components: `components:
  securitySchemes:
    b: {type: http, scheme: bearer}
    k: {type: apiKey, in: header, name: X-Key}
security: [{b: []}, {k: []}]
`,
			want: []string{"Credentials come from options such as WithBearerToken, WithAPIKey.", "The body is streamed, not buffered."},
			wantNot: []string{
				`(?i)refresh`, `(?i)retried once`, `(?i)token is refused`, `(?i)token requests`, `(?i)signicat`,
				`(?i)signet`, `SIGNICAT_`, `SIGNET_`, `WithCredentialsFromEnv`, `(?i)tokens are`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://api.example.com'}]\n" + paths + tt.components
			path := filepath.Join(t.TempDir(), "spec.yaml")
			if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), Options{Spec: path, SpecName: "spec.yaml", Package: "api"})
			if err != nil {
				t.Fatal(err)
			}
			text := docText(t, res.Files)
			for _, w := range tt.want {
				if !strings.Contains(strings.Join(strings.Fields(text), " "), w) {
					t.Errorf("docs do not say %q", w)
				}
			}
			for _, re := range tt.wantNot {
				if m := regexp.MustCompile(re).FindString(text); m != "" {
					i := strings.Index(text, m)
					t.Errorf("docs match %s: ...%s...", re, text[max(0, i-80):min(len(text), i+80)])
				}
			}
		})
	}
}
