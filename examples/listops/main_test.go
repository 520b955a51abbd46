package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator"
)

// TestListOps runs the example back end on the model of a shipped spec.
func TestListOps(t *testing.T) {
	d, _, err := generator.Model(context.Background(), generator.Options{Spec: "../../specs/signicat/authentication.yaml", Package: "authentication"})
	if err != nil {
		t.Fatal(err)
	}
	var js, out bytes.Buffer
	if err := d.Encode(&js); err != nil {
		t.Fatal(err)
	}
	if err := run(&js, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(d.API.Operations) {
		t.Fatalf("%d lines for %d operations:\n%s", len(lines), len(d.API.Operations), out.String())
	}
	for i, op := range d.API.Operations {
		if !strings.HasPrefix(lines[i], op.Name+"\t"+op.Method+" "+op.Path+"\t") {
			t.Errorf("line %d = %q, want operation %s %s %s", i, lines[i], op.Name, op.Method, op.Path)
		}
	}
	if err := run(strings.NewReader(`{"version": 2}`), &out); err == nil {
		t.Error("a model of another version was accepted")
	}
}
