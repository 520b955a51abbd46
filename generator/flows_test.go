package generator

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/emit"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// toyFlow is a third vendor flow defined only here: adding it to
// flows.All must be all the generator needs (its runtime side reuses the
// Signet constructor, standing in for a runtime/auth file of its own).
var toyFlow = &flows.Flow{
	Name:        "toyco",
	Title:       "Toyco",
	Summary:     "Toyco key/secret tokens",
	ServerHosts: []string{"toyco.example"},
	Grant:       flows.Custom,
	TokenURL:    "/toy/token",
	RefreshURL:  "/toy/refresh",
	EnvID:       "TOYCO_KEY",
	EnvSecret:   "TOYCO_SECRET",
	HintArgs:    "key, secret",
	Runtime: &flows.Runtime{
		Option:          "WithToycoCredentials",
		OptionDoc:       "WithToycoCredentials authenticates with a Toyco key and secret.",
		Params:          [2]string{"toyKey", "toySecret"},
		RefreshURLDoc:   "WithRefreshURL overrides the Toyco refresh endpoint.",
		Func:            "toycoFlow",
		FuncDoc:         "toycoFlow makes the tokens of the Toyco schemes.",
		Constructor:     "NewSignet",
		ConfigType:      "SignetConfig",
		TokenURLField:   "GenerateURL",
		RefreshURLField: "RefreshURL",
		IDField:         "APIKey",
		SecretField:     "APISecret",
		Describe: func(tokenURL, refreshURL string) string {
			return "Toyco tokens (from " + tokenURL + ", refreshed at " + refreshURL + ")"
		},
	},
}

// TestThirdFlow adds a toy vendor flow to the table and checks that the
// --auth binding, the x-sigen-token extension, the generated options,
// environment variables, hint and docs, and the no-security note all
// follow, and that the generated package builds. It changes flows.All, so
// it does not run in parallel.
func TestThirdFlow(t *testing.T) {
	saved := flows.All
	flows.All = append(slices.Clip(flows.All), toyFlow)
	t.Cleanup(func() { flows.All = saved })

	dir := t.TempDir()
	spec := filepath.Join(dir, "toy.yaml")
	writeSpec(t, spec, `openapi: 3.0.3
info: {title: Toy, version: '1'}
servers: [{url: 'https://api.toyco.example'}]
security: [{toyAuth: []}]
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    toyAuth: {type: http, scheme: bearer}
`)
	res, err := Run(context.Background(), Options{Spec: spec, Out: filepath.Join(dir, "toy"), Bindings: []resolve.Binding{{Flow: "toyco"}}})
	if err != nil {
		t.Fatal(err)
	}
	client, doc := string(res.Files["client.go"]), string(res.Files["doc.go"])
	for _, want := range []string{
		"func WithToycoCredentials(toyKey, toySecret string) Option",
		"func toycoFlow(toyKey string, toySecret auth.Secret) sigenimpl.TokenFlow",
		`Flows["toyco"]`,
		`Flow:       "toyco"`,
		`"TOYCO_KEY"`, `"TOYCO_SECRET"`,
		"WithToycoCredentials(key, secret), WithTokenSource(src), or WithCredentialsFromEnv() with TOYCO_KEY and TOYCO_SECRET set, to NewClient",
		"func WithRefreshURL(",
		"WithRefreshURL overrides the Toyco refresh endpoint.",
		"fills credentials not given by other options from TOYCO_KEY and TOYCO_SECRET.",
	} {
		if !strings.Contains(client, want) {
			t.Errorf("client.go lacks %q", want)
		}
	}
	if want := "toyAuth: Toyco tokens (from /toy/token, refreshed at /toy/refresh): use WithToycoCredentials."; !strings.Contains(doc, want) {
		t.Errorf("doc.go lacks %q:\n%s", want, doc)
	}
	// Only the stand-in constructor may name another vendor.
	rest := strings.ToLower(strings.NewReplacer("auth.NewSignet(", "", "auth.SignetConfig{", "").Replace(client + doc))
	if strings.Contains(rest, "signet") || strings.Contains(rest, "signicat") {
		t.Errorf("the toy client names another vendor:\n%s", client)
	}
	out := filepath.Join(dir, "mod", "toy")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range res.Files {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	buildModule(t, filepath.Join(dir, "mod"), []string{"./toy"})

	// The extension selects the flow as the binding does.
	writeSpec(t, spec, strings.Replace(mustRead(t, spec), "{type: http, scheme: bearer}", "{type: http, scheme: bearer, x-sigen-token: {flow: toyco}}", 1))
	res2, err := Run(context.Background(), Options{Spec: spec, Out: filepath.Join(dir, "toy")})
	if err != nil {
		t.Fatal(err)
	}
	if string(res2.Files["client.go"]) != client {
		t.Error("x-sigen-token flow toyco generates another client than --auth toyco")
	}

	// A spec without security on the vendor's servers names the flow.
	writeSpec(t, spec, "openapi: 3.0.3\ninfo: {title: Toy, version: '1'}\nservers: [{url: 'https://api.toyco.example'}]\npaths: {}\n")
	res3, err := Run(context.Background(), Options{Spec: spec, Out: filepath.Join(dir, "toy")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res3.Warnings) == 0 || !strings.Contains(res3.Warnings[0].Error(), "its servers are Toyco's: generate with --auth toyco") {
		t.Errorf("warnings = %v, want the note naming Toyco", res3.Warnings)
	}
	if _, err := Run(context.Background(), Options{Spec: spec, Bindings: []resolve.Binding{{Flow: "nope"}}}); err == nil ||
		!strings.Contains(err.Error(), "want signicat, signet or toyco") {
		t.Errorf("unknown flow: err = %v, want the table's flows listed", err)
	}
}

func writeSpec(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOptionsFromTarget checks that Target.Options carries every option
// of Target to Options under the same name (Auth as Bindings), and that
// every field of emit.Options is an option of Options: an option is
// declared in Target, and everything else is checked against it.
func TestOptionsFromTarget(t *testing.T) {
	t.Parallel()
	var tg Target
	v := reflect.ValueOf(&tg).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x" + v.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.String {
				f.Set(reflect.ValueOf([]string{v.Type().Field(i).Name}))
			}
		case reflect.Map:
			f.Set(reflect.ValueOf(map[string]string{v.Type().Field(i).Name: "v"}))
		}
	}
	tg.Auth = []AuthBinding{{Scheme: "s", Flow: "signet", TokenURL: "t", RefreshURL: "r", Scopes: []string{"a"}}}
	o := reflect.ValueOf(tg.Options())
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if name == "Auth" {
			continue
		}
		got := o.FieldByName(name)
		if !got.IsValid() {
			t.Errorf("Options has no field %s (Target has)", name)
			continue
		}
		if !reflect.DeepEqual(got.Interface(), v.Field(i).Interface()) {
			t.Errorf("Target.Options().%s = %v, want %v", name, got, v.Field(i))
		}
	}
	if want := []resolve.Binding{{Scheme: "s", Flow: "signet", TokenURL: "t", RefreshURL: "r", Scopes: []string{"a"}}}; !reflect.DeepEqual(tg.Options().Bindings, want) {
		t.Errorf("Target.Options().Bindings = %+v, want %+v", tg.Options().Bindings, want)
	}
	et, ot := reflect.TypeFor[emit.Options](), reflect.TypeFor[Options]()
	for i := range et.NumField() {
		f := et.Field(i)
		if g, ok := ot.FieldByName(f.Name); !ok || g.Type != f.Type {
			t.Errorf("emit.Options.%s is not an option of generator.Options", f.Name)
		}
	}
}
