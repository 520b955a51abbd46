package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// The JSON Schema of sigen.yaml at the repository root, for editors
// (yaml-language-server) and CI. These tests keep it in step with
// generator.Config with a small checker for the keywords it uses.

const schemaFile = "../../sigen.schema.json"

// maximalConfig uses every key sigen.yaml has.
const maximalConfig = `# yaml-language-server: $schema=https://raw.githubusercontent.com/sigen-dev/sigen/main/sigen.schema.json
targets:
  - spec: specs/signicat/authentication.yaml
    out: generated/signicat/authentication
    package: authentication
    overlays: [overlays/rename.yaml, overlays/skip.yaml]
    auth:
      - scheme: signicatOAuth
        flow: signicat
        tokenUrl: https://api.signicat.com/auth/open/connect/token
        scopes: [signicat-api]
      - scheme: signetAuth
        flow: signet
        tokenUrl: https://signet.example.com/dpop/v1/api/generate-token
        refreshUrl: https://signet.example.com/dpop/v1/api/refresh-token
    strict: true
    validate: true
    allowRemoteRefs: false
    templates: templates
    typeMappings:
      uuid: github.com/google/uuid.UUID
      date: string
    renames:
      SessionData: Session
      SessionData.id: SessionID
      getSession: FetchSession
    skip: [cancelSession, "GET /sessions/{id}"]
  - spec: specs/signet/fraud.yaml
    out: generated/signet/fraud
`

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	if got, want := s["$schema"], "https://json-schema.org/draft/2020-12/schema"; got != want {
		t.Errorf("$schema = %v, want %v", got, want)
	}
	return s
}

func decodeYAML(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSchemaAcceptsConfigs(t *testing.T) {
	t.Parallel()
	schema := loadSchema(t)
	repo, err := os.ReadFile("../../sigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"sigen.yaml": string(repo), "maximal": maximalConfig} {
		if errs := validate(schema, schema, decodeYAML(t, src), ""); len(errs) > 0 {
			t.Errorf("%s does not match the schema:\n%s", name, strings.Join(errs, "\n"))
		}
	}
	// The maximal example is also what LoadConfig accepts.
	p := filepath.Join(t.TempDir(), "sigen.yaml")
	writeFile(t, p, maximalConfig)
	cfg, err := generator.LoadConfig(p)
	if err != nil {
		t.Fatalf("LoadConfig(maximal): %v", err)
	}
	if tg := cfg.Targets[0]; len(tg.Auth) != 2 || !tg.Strict || len(tg.Renames) != 3 || len(tg.Skip) != 2 {
		t.Errorf("LoadConfig(maximal) = %+v", tg)
	}
}

func TestSchemaRejects(t *testing.T) {
	t.Parallel()
	schema := loadSchema(t)
	for _, tc := range []struct{ name, config, want string }{
		{"unknown top-level key", "target: []\n", `/target: unknown key`},
		{"no targets", "{}\n", `: "targets" is required`},
		{"unknown target key", "targets:\n  - {spec: a.yaml, out: x, pakage: x}\n", "/targets/0/pakage: unknown key"},
		{"missing out", "targets:\n  - {spec: a.yaml}\n", `/targets/0: "out" is required`},
		{"unknown auth key", "targets:\n  - {spec: a, out: b, auth: [{flow: signet, scope: [x]}]}\n", "/targets/0/auth/0/scope: unknown key"},
		{"unknown flow", "targets:\n  - {spec: a, out: b, auth: [{flow: okta}]}\n", "/targets/0/auth/0/flow: okta is not one of"},
		{"wrong type", "targets:\n  - {spec: a, out: b, strict: maybe}\n", "/targets/0/strict: maybe has type string, want boolean"},
		{"bad package", "targets:\n  - {spec: a, out: b, package: My-API}\n", "/targets/0/package: \"My-API\" does not match"},
		{"mapping to a list", "targets:\n  - {spec: a, out: b, renames: {A: [B]}}\n", `/targets/0/renames/A: ["B"] has type array, want string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := validate(schema, schema, decodeYAML(t, tc.config), "")
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, tc.want) }) {
				t.Errorf("errors = %q, want one starting with %q", errs, tc.want)
			}
		})
	}
}

// TestSchemaMatchesStructs fails when a yaml tag is added to or removed
// from generator.Config, Target or AuthBinding without the schema.
func TestSchemaMatchesStructs(t *testing.T) {
	t.Parallel()
	schema := loadSchema(t)
	defs := schema["$defs"].(map[string]any)
	for _, tc := range []struct {
		typ    reflect.Type
		schema any
	}{
		{reflect.TypeFor[generator.Config](), schema},
		{reflect.TypeFor[generator.Target](), defs["target"]},
		{reflect.TypeFor[generator.AuthBinding](), defs["auth"]},
	} {
		props, _ := tc.schema.(map[string]any)["properties"].(map[string]any)
		var tags []string
		for i := range tc.typ.NumField() {
			f := tc.typ.Field(i)
			tag, ok := f.Tag.Lookup("yaml")
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if !ok || name == "" || name == "-" {
				t.Errorf("%s.%s has no yaml tag", tc.typ, f.Name)
				continue
			}
			tags = append(tags, name)
			if _, ok := props[name]; !ok {
				t.Errorf("%s.%s: key %q is not in %s", tc.typ, f.Name, name, schemaFile)
			}
		}
		for name := range props {
			if !slices.Contains(tags, name) {
				t.Errorf("%s: key %q has no field in %s", schemaFile, name, tc.typ)
			}
		}
		if tc.schema.(map[string]any)["additionalProperties"] != false {
			t.Errorf("%s: the schema of %s allows unknown keys; LoadConfig refuses them", schemaFile, tc.typ)
		}
	}
}

// validate checks v against the subset of JSON Schema 2020-12 that
// sigen.schema.json uses and returns "pointer: problem" lines. Keywords it
// does not know are errors, so the schema cannot outgrow the checker.
func validate(root, schema map[string]any, v any, ptr string) []string {
	var errs []string
	fail := func(format string, args ...any) {
		errs = append(errs, ptr+": "+fmt.Sprintf(format, args...))
	}
	keys := make([]string, 0, len(schema))
	for k := range schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := schema[k]
		switch k {
		case "$schema", "$id", "$defs", "title", "description", "default", "format":
			// Annotations; format is an annotation in 2020-12.
		case "$ref":
			ref := strings.TrimPrefix(kw.(string), "#/$defs/")
			def, ok := root["$defs"].(map[string]any)[ref].(map[string]any)
			if !ok {
				fail("unresolved $ref %q", kw)
				continue
			}
			errs = append(errs, validate(root, def, v, ptr)...)
		case "type":
			if got := jsonType(v); got != kw && !(kw == "number" && got == "integer") {
				fail("%v has type %s, want %s", short(v), got, kw)
			}
		case "enum":
			if !slices.Contains(kw.([]any), v) {
				fail("%v is not one of %v", short(v), kw)
			}
		case "pattern":
			if s, ok := v.(string); ok && !regexp.MustCompile(kw.(string)).MatchString(s) {
				fail("%q does not match %s", s, kw)
			}
		case "minLength":
			if s, ok := v.(string); ok && len([]rune(s)) < int(kw.(float64)) {
				fail("%q is shorter than %v", s, kw)
			}
		case "minItems":
			if a, ok := v.([]any); ok && len(a) < int(kw.(float64)) {
				fail("%d items, want at least %v", len(a), kw)
			}
		case "items":
			if a, ok := v.([]any); ok {
				for i, e := range a {
					errs = append(errs, validate(root, kw.(map[string]any), e, fmt.Sprintf("%s/%d", ptr, i))...)
				}
			}
		case "required":
			if m, ok := v.(map[string]any); ok {
				for _, name := range kw.([]any) {
					if _, ok := m[name.(string)]; !ok {
						fail("%q is required", name)
					}
				}
			}
		case "properties", "additionalProperties":
			if k == "additionalProperties" {
				if _, ok := schema["properties"]; ok {
					continue // handled with properties
				}
			}
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			props, _ := schema["properties"].(map[string]any)
			names := make([]string, 0, len(m))
			for name := range m {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				p := ptr + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
				if sub, ok := props[name]; ok {
					errs = append(errs, validate(root, sub.(map[string]any), m[name], p)...)
					continue
				}
				switch ap := schema["additionalProperties"].(type) {
				case bool:
					if !ap {
						errs = append(errs, p+": unknown key")
					}
				case map[string]any:
					errs = append(errs, validate(root, ap, m[name], p)...)
				}
			}
		default:
			fail("schema keyword %q is not supported by this checker", k)
		}
	}
	return errs
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case int, int64, uint64:
		return "integer"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 0 && b[0] == '"' {
		return string(b[1 : len(b)-1])
	}
	return string(b)
}

// TestSchemaFlows keeps the schema's auth flows in step with the flow
// table of generator/flows.
func TestSchemaFlows(t *testing.T) {
	t.Parallel()
	flow := loadSchema(t)["$defs"].(map[string]any)["auth"].(map[string]any)["properties"].(map[string]any)["flow"].(map[string]any)
	var names []any
	var docs []string
	for _, f := range flows.All {
		names = append(names, f.Name)
		docs = append(docs, f.Name+": "+f.Summary)
	}
	if !reflect.DeepEqual(flow["enum"], names) {
		t.Errorf("%s: auth flow enum = %v, want %v (from generator/flows)", schemaFile, flow["enum"], names)
	}
	if want := strings.Join(docs, "; ") + "."; flow["description"] != want {
		t.Errorf("%s: auth flow description = %q, want %q", schemaFile, flow["description"], want)
	}
}

// TestSchemaNamesFlags checks that the description of each key of a
// target names its flag (the flag tag of generator.Target), and that keys
// without a flag claim none.
func TestSchemaNamesFlags(t *testing.T) {
	t.Parallel()
	props := loadSchema(t)["$defs"].(map[string]any)["target"].(map[string]any)["properties"].(map[string]any)
	typ := reflect.TypeFor[generator.Target]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		doc, _ := props[key].(map[string]any)["description"].(string)
		flag, ok := f.Tag.Lookup("flag")
		name, _, _ := strings.Cut(flag, ",")
		switch {
		case key == "auth":
			// The auth flags build bindings; the description names them.
		case ok && !strings.Contains(doc, "--"+name):
			t.Errorf("%s: the description of %q does not name its flag --%s", schemaFile, key, name)
		case !ok && strings.Contains(doc, "Flag"):
			t.Errorf("%s: the description of %q names a flag, but generator.Target.%s has none", schemaFile, key, f.Name)
		}
	}
}

// TestFlagsFromTarget checks that every option flag is derived from
// generator.Target and that a flag and its config key set the same field.
func TestFlagsFromTarget(t *testing.T) {
	t.Parallel()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	ft := targetFlags(fs)
	err := fs.Parse([]string{"-i", "a.yaml", "-o", "out", "-p", "x", "--overlay", "o1", "--strict", "--validate",
		"--allow-remote-refs", "--templates", "tpl", "--skip", "s1", "--split-by-tag", "--import-path", "ip", "--initialism", "A,B"})
	if err != nil {
		t.Fatal(err)
	}
	want := generator.Target{Spec: "a.yaml", Out: "out", Package: "x", Overlays: []string{"o1"}, Strict: true, Validate: true,
		AllowRemoteRefs: true, Templates: "tpl", Skip: []string{"s1"}, SplitByTag: true, ImportPath: "ip", Initialisms: []string{"A", "B"}}
	if !reflect.DeepEqual(*ft, want) {
		t.Errorf("parsed flags = %+v, want %+v", *ft, want)
	}
	cfg := generator.Target{Spec: "c.yaml", Out: "c", Overlays: []string{"o0"}, Templates: "old", Initialisms: []string{"Z"}}
	applyFlags(&cfg, ft)
	want = generator.Target{Spec: "c.yaml", Out: "c", Overlays: []string{"o0", "o1"}, Strict: true, Validate: true,
		AllowRemoteRefs: true, Templates: "tpl", Skip: []string{"s1"}, SplitByTag: true, ImportPath: "ip", Initialisms: []string{"Z", "A", "B"}}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config after flags = %+v, want %+v", cfg, want)
	}
}
