package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/resolve"
	"go.yaml.in/yaml/v3"
)

// ConfigFile is the file `sigen generate` and `sigen check` read when no
// --spec is given.
const ConfigFile = "sigen.yaml"

// Target is one entry of sigen.yaml: a spec and where its client goes.
//
// Target declares the generator's options once: its yaml tags are the keys
// of sigen.yaml (sigen.schema.json is checked against them by a test), and
// its flag tags the command-line flags of sigen generate and check, with
// the help text in the help tag ({word} names the flag's argument). A flag
// tag is "name[,shorthand][,comma]": comma splits the values of a list flag
// at commas. Flags override the config: a string flag replaces the value,
// a boolean flag sets it, a list flag appends to it; spec, out and package
// apply only with --spec. Options (Target.Options) carries the same fields
// to Run, as a test checks.
type Target struct {
	Spec            string            `yaml:"spec" flag:"spec,i" help:"OpenAPI spec {file} (3.0, 3.1 or Swagger 2.0, YAML or JSON)"`
	Out             string            `yaml:"out" flag:"out,o" help:"output {folder} for the Go package"`
	Package         string            `yaml:"package" flag:"package,p" help:"Go package {name} (default: the output folder's name)"`
	Overlays        []string          `yaml:"overlays" flag:"overlay" help:"OpenAPI Overlay 1.0 {file} applied before generation (repeatable)"`
	Auth            []AuthBinding     `yaml:"auth"`
	Strict          bool              `yaml:"strict" flag:"strict" help:"treat every spec warning as an error"`
	Validate        bool              `yaml:"validate" flag:"validate" help:"generate Validate methods on struct types"`
	AllowRemoteRefs bool              `yaml:"allowRemoteRefs" flag:"allow-remote-refs" help:"allow $refs to http(s) URLs (generation then reaches the network)"`
	Templates       string            `yaml:"templates" flag:"templates" help:"{folder} of templates overriding the embedded ones"`
	TypeMappings    map[string]string `yaml:"typeMappings"`
	Renames         map[string]string `yaml:"renames"`
	Skip            []string          `yaml:"skip" flag:"skip" help:"leave out an operation on purpose, by {operationId} or \"METHOD /path\" (repeatable)"`
	SplitByTag      bool              `yaml:"splitByTag" flag:"split-by-tag" help:"put each tag's operations in a sub-package sharing the root package's client and types"`
	ImportPath      string            `yaml:"importPath" flag:"import-path" help:"import {path} of the output package (default: from the nearest go.mod; needed by --split-by-tag)"`
	Initialisms     []string          `yaml:"initialisms" flag:"initialism,,comma" help:"extra {words} written in capitals in Go names, such as OIDC (repeatable)"`
}

// AuthBinding binds a security scheme to a token flow (see resolve.Binding).
type AuthBinding struct {
	Scheme     string   `yaml:"scheme"`
	Flow       string   `yaml:"flow"`
	TokenURL   string   `yaml:"tokenUrl"`
	RefreshURL string   `yaml:"refreshUrl"`
	Scopes     []string `yaml:"scopes"`
}

// Config is the contents of sigen.yaml.
type Config struct {
	Targets []Target `yaml:"targets"`
}

// LoadConfig reads a sigen.yaml. Paths in it are relative to its folder
// and are returned joined with that folder. Unknown keys are errors naming
// their line.
func LoadConfig(path string) (*Config, error) {
	src, err := load.ReadRegular(path, DisplayName(path))
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var cfg Config
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, configError(DisplayName(path), err)
	}
	if len(cfg.Targets) == 0 {
		return nil, fmt.Errorf("%s: no targets", DisplayName(path))
	}
	base := filepath.Dir(path)
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		if t.Spec == "" || t.Out == "" {
			return nil, fmt.Errorf("%s: target %d: spec and out are required", DisplayName(path), i+1)
		}
		t.Spec = join(base, t.Spec)
		t.Out = join(base, t.Out)
		for j := range t.Overlays {
			t.Overlays[j] = join(base, t.Overlays[j])
		}
		if t.Templates != "" {
			t.Templates = join(base, t.Templates)
		}
	}
	return &cfg, nil
}

var (
	yamlLine    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknown = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// configError rewrites a YAML decoding error as one "file:line: message"
// line per problem, unknown keys as `unknown key "x"`.
func configError(file string, err error) error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var lines []string
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			msg := sm[2]
			if um := yamlUnknown.FindStringSubmatch(msg); um != nil {
				msg = fmt.Sprintf("unknown key %q", um[1])
			}
			lines = append(lines, fmt.Sprintf("%s:%s: %s", file, sm[1], msg))
			continue
		}
		lines = append(lines, file+": "+m)
	}
	return errors.New(strings.Join(lines, "\n"))
}

func join(base, p string) string {
	if filepath.IsAbs(p) || base == "." {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

// Options returns the generator options for t.
func (t Target) Options() Options {
	o := Options{
		Spec: t.Spec, Out: t.Out, Package: t.Package, Overlays: t.Overlays,
		AllowRemoteRefs: t.AllowRemoteRefs, Strict: t.Strict, Validate: t.Validate,
		Templates: t.Templates, TypeMappings: t.TypeMappings, Renames: t.Renames, Skip: t.Skip,
		SplitByTag: t.SplitByTag, ImportPath: t.ImportPath, Initialisms: t.Initialisms,
	}
	for _, a := range t.Auth {
		o.Bindings = append(o.Bindings, resolve.Binding{Scheme: a.Scheme, Flow: a.Flow, TokenURL: a.TokenURL, RefreshURL: a.RefreshURL, Scopes: a.Scopes})
	}
	return o
}
