package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/model"
)

// roundTripCases are the options of every golden case and of every target
// of sigen.yaml (the specs in specs/).
func roundTripCases(t *testing.T) map[string]Options {
	t.Helper()
	cases := map[string]Options{}
	specs, err := filepath.Glob("testdata/cases/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no test specs: %v", err)
	}
	for _, spec := range specs {
		name := strings.TrimSuffix(filepath.Base(spec), ".yaml")
		opts := Options{Spec: spec, SpecName: "generator/" + filepath.ToSlash(spec), Package: name, Validate: true}
		if name == "tagged" {
			opts.SplitByTag = true
			opts.ImportPath = "github.com/sigen-dev/sigen/generator/golden/tagged"
		}
		cases["cases/"+name] = opts
	}
	cfg, err := LoadConfig(filepath.Join("..", ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range cfg.Targets {
		cases[filepath.ToSlash(tg.Spec)] = tg.Options()
	}
	return cases
}

// TestModelRoundTrip checks that the model's JSON form holds everything
// the emitter needs: printing the model decoded from its JSON gives the
// same files as generating from the spec, and encoding is deterministic
// and stable under a decode/encode cycle.
func TestModelRoundTrip(t *testing.T) {
	for name, opts := range roundTripCases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			res, err := Run(ctx, opts)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			doc, _, err := Model(ctx, opts)
			if err != nil {
				t.Fatalf("Model: %v", err)
			}
			var js bytes.Buffer
			if err := doc.Encode(&js); err != nil {
				t.Fatal(err)
			}
			back, err := model.Decode(bytes.NewReader(js.Bytes()))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			var again bytes.Buffer
			if err := back.Encode(&again); err != nil {
				t.Fatal(err)
			}
			if again.String() != js.String() {
				t.Errorf("decode then encode changes the JSON:\n%s", UnifiedDiff("model.json", js.Bytes(), again.Bytes()))
			}
			files, err := Emit(back, opts.Templates)
			if err != nil {
				t.Fatalf("Emit: %v", err)
			}
			if len(files) != len(res.Files) {
				t.Errorf("from the model: %d files, from the spec: %d", len(files), len(res.Files))
			}
			for f, want := range res.Files {
				if got := files[f]; !bytes.Equal(got, want) {
					t.Errorf("%s differs when printed from the decoded model:\n%s", f, UnifiedDiff(f, want, got))
				}
			}
		})
	}
}

// TestModelJSONRecursive checks that a recursive schema, which made the
// old pointer graph impossible to encode, encodes with the reference by
// name.
func TestModelJSONRecursive(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "api.yaml")
	writeSpec(t, spec, `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Node'}
`)
	doc, _, err := Model(context.Background(), Options{Spec: spec, Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := doc.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Version int
		API     struct {
			Types []struct {
				Name   string
				Struct struct {
					Fields []struct {
						Name    string
						Type    model.Type
						Pointer bool
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if raw.Version != model.FormatVersion {
		t.Errorf("version = %d, want %d", raw.Version, model.FormatVersion)
	}
	if len(raw.API.Types) != 1 || len(raw.API.Types[0].Struct.Fields) != 1 {
		t.Fatalf("types: %+v", raw.API.Types)
	}
	f := raw.API.Types[0].Struct.Fields[0]
	if f.Type.Kind != model.TypeNamed || f.Type.Name != "Node" || !f.Pointer {
		t.Errorf("Node.Next = %+v (pointer %v), want a pointer to Node by name", f.Type, f.Pointer)
	}
}

// TestModelWithoutNames checks that a model file written before the
// printer's names were model data (no "locals", no "client") is read with
// the names those versions printed: the files are the same.
func TestModelWithoutNames(t *testing.T) {
	for name, opts := range roundTripCases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			res, err := Run(ctx, opts)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			doc, _, err := Model(ctx, opts)
			if err != nil {
				t.Fatalf("Model: %v", err)
			}
			var js bytes.Buffer
			if err := doc.Encode(&js); err != nil {
				t.Fatal(err)
			}
			var old map[string]json.RawMessage
			var api map[string]json.RawMessage
			if err := json.Unmarshal(js.Bytes(), &old); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(old["api"], &api); err != nil {
				t.Fatal(err)
			}
			if _, ok := api["locals"]; !ok {
				t.Fatal(`the model has no "locals" to leave out`)
			}
			delete(api, "locals")
			delete(api, "client")
			var err2 error
			if old["api"], err2 = json.Marshal(api); err2 != nil {
				t.Fatal(err2)
			}
			b, err := json.Marshal(old)
			if err != nil {
				t.Fatal(err)
			}
			back, err := model.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			files, err := Emit(back, opts.Templates)
			if err != nil {
				t.Fatalf("Emit: %v", err)
			}
			for f, want := range res.Files {
				if got := files[f]; !bytes.Equal(got, want) {
					t.Errorf("%s differs when printed from a model without names:\n%s", f, UnifiedDiff(f, want, got))
				}
			}
		})
	}
}
