package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/resolve"
)

// schemeOf generates opts and returns the sigenimpl.Scheme literal of the client
// for the named scheme, plus all warnings as text.
func run(t *testing.T, opts Options) (*Result, string) {
	t.Helper()
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run(%s): %v", opts.Spec, err)
	}
	var w strings.Builder
	for _, x := range res.Warnings {
		w.WriteString(x.Error() + "\n")
	}
	return res, w.String()
}

func TestSignV2Quirk(t *testing.T) {
	res, warn := run(t, Options{Spec: "testdata/specs/sign-v2-quirk.json", Package: "sign"})
	for _, want := range []string{"sign-v2-quirk.json:", "#/info/contact: info.contact is \"\"", "#/info/license: info.license is \"\""} {
		if !strings.Contains(warn, want) {
			t.Errorf("warnings lack %q:\n%s", want, warn)
		}
	}
	if !strings.Contains(string(res.Files["client.go"]), "WithBearerToken") {
		t.Errorf("bearer-only spec has no WithBearerToken option")
	}
}

func TestBindings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     Options
		want     []string // in client.go
		wantWarn string
	}{
		{
			name: "bearer bound to signicat by flag",
			opts: Options{Spec: "testdata/specs/bearer-only.yaml", Bindings: []resolve.Binding{{Flow: "signicat"}}},
			want: []string{`Kind:     sigenimpl.ClientCredentials`, `TokenURL: "https://api.signicat.com/auth/open/connect/token"`, `Scopes:   []string{"signicat-api"}`, "func WithClientCredentials("},
		},
		{
			name: "bearer bound to signet by name",
			opts: Options{Spec: "testdata/specs/bearer-only.yaml", Bindings: []resolve.Binding{{Flow: "signet", Scheme: "bearerAuth"}}},
			want: []string{`Kind:       sigenimpl.Flow`, `TokenURL:   "/dpop/v1/api/generate-token"`, `RefreshURL: "/dpop/v1/api/refresh-token"`, "func WithSignetCredentials("},
		},
		{
			name:     "no security, bound to signicat",
			opts:     Options{Spec: "testdata/specs/no-security.yaml", Bindings: []resolve.Binding{{Flow: "signicat"}}},
			want:     []string{`Name:     "sigenAuth"`, "sigenimpl.ClientCredentials"},
			wantWarn: `added "sigenAuth"`,
		},
		{
			name: "overlay adds the OAuth2 scheme",
			opts: Options{Spec: "testdata/specs/bearer-only.yaml", Overlays: []string{"testdata/specs/overlays/signicat-oauth2.yaml"}},
			want: []string{`Name:     "signicatOAuth"`, "sigenimpl.ClientCredentials"},
		},
		{
			name: "overlay on the quirky Sign v2 file",
			opts: Options{Spec: "testdata/specs/sign-v2-quirk.json", Overlays: []string{"testdata/specs/overlays/signet-token.yaml"}},
			want: []string{"sigenimpl.Flow", "func WithSignetCredentials("},
		},
		{
			name: "swagger 2.0 application flow",
			opts: Options{Spec: "testdata/specs/swagger2-signicat.yaml"},
			want: []string{`Name:     "signicatOAuth"`, "sigenimpl.ClientCredentials", `"https://api.signicat.com/auth/open/connect/token"`, `DefaultServerURL = "https://api.signicat.com/dem"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Package = "x"
			res, warn := run(t, tc.opts)
			client := string(res.Files["client.go"])
			for _, w := range tc.want {
				if !strings.Contains(client, w) {
					t.Errorf("client.go lacks %q", w)
				}
			}
			if tc.wantWarn != "" && !strings.Contains(warn, tc.wantWarn) {
				t.Errorf("warnings lack %q:\n%s", tc.wantWarn, warn)
			}
		})
	}
}

func TestBindingErrors(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Spec: "testdata/specs/bearer-only.yaml", Bindings: []resolve.Binding{{Flow: "kerberos"}}}, `unknown flow "kerberos"`},
		{Options{Spec: "testdata/specs/bearer-only.yaml", Bindings: []resolve.Binding{{Flow: "signet", Scheme: "nope"}}}, `no security scheme "nope"`},
	} {
		_, err := Run(context.Background(), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run = %v, want error containing %q", err, tc.want)
		}
	}
}

// TestDefectWarnings: invalid defaults and examples, and keywords next to
// $ref in a 3.0 spec, are warnings naming file, line and pointer; --strict
// turns validation problems into an error.
func TestDefectWarnings(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "defects.yaml")
	src := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/A"
                description: ignored in 3.0
components:
  schemas:
    A: {type: integer, default: "nope"}
`
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, warn := run(t, Options{Spec: spec, Package: "x"})
	for _, want := range []string{
		"defects.yaml:16:",
		"#/components/schemas/A/default: validation: invalid components: schema \"A\": invalid default",
		"defects.yaml:12:17: #/paths/~1x/get/responses/200/content/application~1json/schema: description next to $ref ignored",
	} {
		if !strings.Contains(warn, want) {
			t.Errorf("warnings lack %q:\n%s", want, warn)
		}
	}
	if _, err := Run(context.Background(), Options{Spec: spec, Package: "x", Strict: true}); err == nil || !strings.Contains(err.Error(), "--strict") {
		t.Errorf("strict Run = %v, want a --strict error", err)
	}
}

// TestConstraintOnlyUnion: anyOf/oneOf branches that only list required
// properties (GitHub's "a or b must be set") leave the object's properties
// as the type, with no warning.
func TestConstraintOnlyUnion(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "gist.yaml")
	src := `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    GistPatch:
      type: object
      properties:
        description: {type: string}
        files: {type: object, additionalProperties: {type: string}}
      anyOf:
        - required: [description]
        - required: [files]
`
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, warn := run(t, Options{Spec: spec, Package: "x"})
	if strings.Contains(warn, "not generated") {
		t.Errorf("warned about dropped properties:\n%s", warn)
	}
	types := string(res.Files["types.go"])
	for _, want := range []string{"type GistPatch struct", "Description *string", "Files       map[string]string"} {
		if !strings.Contains(types, want) {
			t.Errorf("types.go lacks %q", want)
		}
	}
}

// TestToleratedDefects: real-world defects generate with a warning that
// names the file and pointer, never silently.
func TestToleratedDefects(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "quirks.yaml")
	src := "\ufeff" + `openapi: 3
info: {title: t, version: "1"}
servers:
  - url: https://{region}.example.com
    variables:
      region: {enum: [eu, us]}
paths:
  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array}
`
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, warn := run(t, Options{Spec: spec, Package: "x"})
	for _, want := range []string{
		"quirks.yaml:1:1: file starts with a UTF-8 byte order mark; ignored",
		`#/openapi: openapi version written as a number (3); read as "3.0.0"`,
		`#/servers/0/variables/region: server variable "region" has no default; using "eu"`,
		"#/paths/~1x/get/responses/200/content/application~1json/schema: array without items",
	} {
		if !strings.Contains(warn, want) {
			t.Errorf("warnings lack %q:\n%s", want, warn)
		}
	}
	if !strings.Contains(string(res.Files["client.go"]), `DefaultServerURL = "https://eu.example.com"`) {
		t.Errorf("the server variable's first enum value is not the default")
	}
}
