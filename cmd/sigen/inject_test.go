package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The injection from issue 17: a schema's x-go-name that would add a func
// init to the consumer's package. sigen exits 2 with the location and
// writes nothing.
func TestXGoNameInjectionExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "inj.yaml")
	writeFile(t, spec, `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    S:
      type: object
      x-go-name: "Thing struct{}; func init() { os.Exit(3) }; type Other"
      properties:
        a: {type: string}
`)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := sigen(t, "generate", "-i", spec, "-o", out, "-p", "inj")
	if code != exitError {
		t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q", stdout)
	}
	want := `inj.yaml:8:18: #/components/schemas/S/x-go-name: x-go-name "Thing struct{}; func init() { os.Exit(3) }; type Other": not a Go identifier`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to contain\n%s", stderr, want)
	}
	if got := snapshot(t, out); len(got) != 0 {
		t.Errorf("wrote %d files", len(got))
	}
}
