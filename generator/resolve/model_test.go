package resolve

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/model"
)

var update = flag.Bool("update", false, "rewrite testdata/model/*.json")

// TestModelJSON builds the model of each small spec in testdata/model,
// split by tag as package p, and compares its JSON with the reviewed
// golden beside it: the model's decisions, tested on the model.
// Regenerate with: go test ./generator/resolve -run TestModelJSON -update
func TestModelJSON(t *testing.T) {
	specs, err := filepath.Glob("testdata/model/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no specs: %v", err)
	}
	for _, spec := range specs {
		t.Run(filepath.Base(spec), func(t *testing.T) {
			src, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			s, err := load.Data(context.Background(), "/nonexistent/"+filepath.Base(spec), filepath.Base(spec), src, load.Options{})
			if err != nil {
				t.Fatal(err)
			}
			api, err := Build(s, Config{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			Layout(api, "p", true)
			var got bytes.Buffer
			if err := (&model.Document{Version: model.FormatVersion, Package: "p", SplitByTag: true, ImportPath: "example.com/p", API: api}).Encode(&got); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(spec, ".yaml") + ".json"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want, got.Bytes()) {
				t.Errorf("model of %s differs from %s (go test ./generator/resolve -run TestModelJSON -update):\n%s", spec, golden, got.String())
			}
		})
	}
}

// TestLayout checks the names Layout settles, on the model.
func TestLayout(t *testing.T) {
	src, err := os.ReadFile("testdata/model/layout.yaml")
	if err != nil {
		t.Fatal(err)
	}
	api, err := buildString(t, string(src))
	if err != nil {
		t.Fatal(err)
	}
	vars := func() map[string]string {
		out := map[string]string{}
		for _, op := range api.Operations {
			out[op.Name] = op.SecurityVar
		}
		return out
	}
	// One package: getA and getC share a requirement.
	want := map[string]string{"GetA": "security0", "GetB": "security1", "GetC": "security0", "GetD": ""}
	if got := vars(); !equalMaps(got, want) {
		t.Errorf("unsplit security variables = %v, want %v", got, want)
	}
	if api.TagPackages != nil {
		t.Errorf("unsplit TagPackages = %v, want nil", api.TagPackages)
	}
	Layout(api, "p", true)
	// Split: numbered per package; tag packages avoid imports and the root.
	want = map[string]string{"GetA": "security0", "GetB": "security1", "GetC": "security0", "GetD": ""}
	if got := vars(); !equalMaps(got, want) {
		t.Errorf("split security variables = %v, want %v", got, want)
	}
	if wantPkgs := map[string]string{"http": "http2", "P": "p2"}; !equalMaps(api.TagPackages, wantPkgs) {
		t.Errorf("TagPackages = %v, want %v", api.TagPackages, wantPkgs)
	}
	if f := api.Lookup("Code").Struct.Fields[0]; f.PatternVar != "patternCodeValue" {
		t.Errorf("Code.Value PatternVar = %q, want patternCodeValue", f.PatternVar)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
