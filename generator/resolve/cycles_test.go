package resolve

import (
	"context"
	. "github.com/sigen-dev/sigen/generator/model"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
)

func buildString(t *testing.T, src string) (*API, error) {
	t.Helper()
	spec, err := load.Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), load.Options{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return Build(spec, Config{}, nil)
}

func TestDefinitionCycles(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
	tests := []struct {
		name, schemas string
		want          []string
	}{
		{"ref-two", "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
			[]string{"spec.yaml:6:8: #/components/schemas/A: $ref cycle with no schema in between: A -> B -> A",
				"spec.yaml:7:8: #/components/schemas/B: $ref cycle with no schema in between: B -> A -> B"}},
		{"ref-self", "    A: {$ref: '#/components/schemas/A'}\n",
			[]string{"spec.yaml:6:8: #/components/schemas/A: $ref cycle with no schema in between: A -> A"}},
		{"allof-self", "    A: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
			[]string{"spec.yaml:6:8: #/components/schemas/A: schema is defined as itself (allOf cycle with no object in between)"}},
		{"allof-two", "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
			[]string{"spec.yaml:6:8: #/components/schemas/A: schema is defined as itself (allOf cycle with no object in between)"}},
		{"allof-three", "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/C'}]}\n    C: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
			[]string{"spec.yaml:6:8: #/components/schemas/A: schema is defined as itself (allOf cycle with no object in between)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, err := buildString(t, head+tt.schemas)
			if err == nil {
				var names []string
				for _, n := range api.Types {
					names = append(names, n.Name)
				}
				t.Fatalf("Build succeeded with types %v, want errors %q", names, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Build error:\n%v\nlacks %q", err, w)
				}
			}
		})
	}
}

// An alias chain without a cycle stays an alias.
func TestAllOfAliasChain(t *testing.T) {
	api, err := buildString(t, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"+
		"    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/C'}]}\n    C: {type: object, properties: {x: {type: string}}}\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range api.Types {
		if d, ok := n.Decl().(*Defined); n.Name != "C" && (!ok || !d.Alias) {
			t.Errorf("%s: Decl %T, want an alias", n.Name, n.Decl())
		}
	}
}

// A cycle of $refs across files was kept by kin-openapi as a "$ref"
// extension and became json.RawMessage with only a validation warning.
func TestFileRefCycle(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"spec.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'a.yaml'}\n",
		"a.yaml":    "$ref: 'b.yaml'\n",
		"b.yaml":    "$ref: 'a.yaml'\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec, err := load.File(context.Background(), filepath.Join(dir, "spec.yaml"), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(spec, Config{}, nil)
	want := `spec.yaml:6:8: #/components/schemas/A: $ref "`
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "does not resolve to a schema") {
		t.Errorf("Build() error = %v, want one starting %q", err, want)
	}
}
