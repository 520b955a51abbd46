package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/internal/corpus"
)

func writeTarball(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o444, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "pkg.tgz")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestUntarMembers(t *testing.T) {
	tgz := writeTarball(t, map[string]string{
		"package/package.json":      `{"name":"x"}`,
		"package/dist/3.1.yaml":     "openapi: 3.1.0\n",
		"package/dist/big.json":     "{}",
		"package/../../escape.yaml": "no",
		"/etc/absolute-not-wanted":  "no",
	})
	dest := filepath.Join(t.TempDir(), "out")
	if err := untarMembers(tgz, dest, []string{"package/dist/3.1.yaml"}); err != nil {
		t.Fatalf("untarMembers() error: %v", err)
	}
	got, err := os.ReadFile(filepath.Join(dest, "package", "dist", "3.1.yaml"))
	if err != nil || string(got) != "openapi: 3.1.0\n" {
		t.Errorf("extracted spec = %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "package", "package.json")); err != nil {
		t.Errorf("package.json not extracted: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "package", "dist", "big.json")); err == nil {
		t.Error("big.json extracted, want only the listed members")
	}

	err = untarMembers(tgz, filepath.Join(t.TempDir(), "out2"), []string{"package/missing.json"})
	if err == nil || !strings.Contains(err.Error(), "package/missing.json") {
		t.Errorf("untarMembers(missing member) error = %v, want one naming it", err)
	}
}

func TestSourcesAndIDs(t *testing.T) {
	specs := []corpus.Spec{
		{Name: "a", Registry: corpus.GoMod, Package: "github.com/o/g", Version: "v1.0.0", Path: "x.json"},
		{Name: "b", Registry: corpus.NPM, Package: "@scalar/galaxy", Version: "0.6.12", Path: "package/a.yaml", SHA256: "s"},
		{Name: "c", Registry: corpus.GoMod, Package: "github.com/o/g", Version: "v1.0.0", Path: "y.json"},
	}
	srcs := sources(specs)
	if len(srcs) != 2 {
		t.Fatalf("sources() = %d sources, want 2", len(srcs))
	}
	if got := strings.Join(srcs[0].paths, ","); got != "x.json,y.json" {
		t.Errorf("sources()[0].paths = %q, want x.json,y.json", got)
	}
	if got := npmID("@octokit/openapi-webhooks"); got != "octokit-openapi-webhooks" {
		t.Errorf("npmID() = %q, want octokit-openapi-webhooks (the layout of shared/corpus/fetch.sh)", got)
	}
}

func TestInspectOutput(t *testing.T) {
	dir := t.TempDir()
	src := `package pets

type Client struct{}
type Other struct{}

func (c *Client) ListPets() error { return nil }
func (c Client) GetPet() error    { return nil }
func (c *Client) do() error       { return nil }
func (o *Other) Exported()        {}
func Free()                       {}
`
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "client.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	more := "package pets\n\nfunc (c *Client) CreatePet() {}\n"
	if err := os.WriteFile(filepath.Join(dir, "sub", "more.go"), []byte(more), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "README"), []byte("x\ny\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ops, lines, err := inspectOutput(dir)
	if err != nil {
		t.Fatalf("inspectOutput() error: %v", err)
	}
	if ops != 3 || lines != 13 {
		t.Errorf("inspectOutput() = %d ops, %d lines, want 3, 13", ops, lines)
	}
}

func TestModLine(t *testing.T) {
	if got := modLine("// x\nmodule \"github.com/sigen-dev/sigen\"\n\ngo 1.25\n"); got != modulePath {
		t.Errorf("modLine() = %q, want %q", got, modulePath)
	}
}

// TestFetchNetwork fetches one npm and one Go module source into a temp
// cache. It needs the npm registry and the Go module proxy, so it runs only
// with SIGEN_CORPUS_NETWORK=1.
func TestFetchNetwork(t *testing.T) {
	if os.Getenv("SIGEN_CORPUS_NETWORK") != "1" {
		t.Skip("set SIGEN_CORPUS_NETWORK=1 to fetch from the npm registry and the Go module proxy")
	}
	all, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	specs, err := corpus.Select(all, "all", []string{"scalar-galaxy", "petstore-expanded"})
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	if err := os.MkdirAll(filepath.Join(cache, "npm"), 0o755); err != nil {
		t.Fatal(err)
	}
	f := &fetcher{cache: cache, log: t.Logf}
	for i := range 2 { // the second round must be served from the cache
		if errs := f.fetchAll(context.Background(), sources(specs)); len(errs) > 0 {
			t.Fatalf("round %d: fetchAll() errors: %v", i, errs)
		}
		for _, sp := range specs {
			p, err := f.specFile(sp)
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatalf("spec %s: %v", sp.Name, err)
			}
			if st, err := corpus.Count(data); err != nil || st.Ops == 0 {
				t.Errorf("spec %s: Count() = %+v, %v, want operations", sp.Name, st, err)
			}
		}
	}
}

func TestSummaryOps(t *testing.T) {
	tests := map[string]int{
		"sigen: wrote 3 files\nsigen: pets: 12 operations, 4 schemas, 3 files": 12,
		"sigen: 1 operation": 1,
		"sigen: wrote 4 files in techempower, operations 5/7, 6 types, 340 lines in 0.01s": 5,
		"no count here":       -1,
		"12 operations\nlast": -1,
	}
	for in, want := range tests {
		if got := summaryOps(in); got != want {
			t.Errorf("summaryOps(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestCrashed(t *testing.T) {
	tests := map[string]bool{
		"sigen: 2 errors in x.yaml:\n  x.yaml:3:1: #/paths: bad":             false,
		"panic: runtime error: index out of range\n\ngoroutine 1 [running]:": true,
		"some output\nfatal error: all goroutines are asleep - deadlock!":    true,
		"sigen: x.yaml: #/info/description: text mentions panic: here":       false,
	}
	for in, want := range tests {
		if got := crashed(in); got != want {
			t.Errorf("crashed(%q) = %v, want %v", in, got, want)
		}
	}
}
