package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generator"
	"github.com/sigen-dev/sigen/internal/longtest"
	"github.com/sigen-dev/sigen/internal/testhook"
)

// specFile is a small real spec used by most tests.
const specFile = "../../specs/signicat/authentication.yaml"

// sigen runs the command in-process and returns its exit code and output.
func sigen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	if s := errb.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
		t.Fatalf("sigen %s: stderr looks like a panic:\n%s", strings.Join(args, " "), s)
	}
	return code, out.String(), errb.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// copySpec copies the test spec into dir and returns its path.
func copySpec(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "authentication.yaml")
	writeFile(t, p, string(src))
	return p
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot returns every file below dir (slash-separated relative names)
// with its contents; nil if dir does not exist.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	var files map[string]string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if files == nil {
			files = map[string]string{}
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s: %s is missing", what, name)
		} else if g != w {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: unexpected file %s", what, name)
		}
	}
}

// generate runs `sigen generate` for the test spec into a new folder and
// returns the spec path and the output folder.
func generate(t *testing.T) (spec, out string) {
	t.Helper()
	dir := t.TempDir()
	spec = copySpec(t, dir)
	out = filepath.Join(dir, "out")
	if code, _, stderr := sigen(t, "generate", "-i", spec, "-o", out, "-p", "authentication"); code != 0 {
		t.Fatalf("generate: exit %d, stderr:\n%s", code, stderr)
	}
	return spec, out
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"generate", "--help"}, {"generate", "-h"},
		{"check", "--help"}, {"check", "-h"},
		{"model", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := sigen(t, args...)
			if code != exitOK {
				t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stdout+stderr, "Usage") {
				t.Errorf("no usage printed:\nstdout: %s\nstderr: %s", stdout, stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "--version"} {
		code, stdout, stderr := sigen(t, arg)
		if want := "sigen " + generator.Version + "\n"; code != exitOK || stdout != want || stderr != "" {
			t.Errorf("sigen %s = %d, %q, %q; want 0, %q, empty stderr", arg, code, stdout, stderr, want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := copySpec(t, dir)
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		name  string
		args  []string
		first string // the first line of stderr
	}{
		{"unknown command", []string{"frobnicate"}, `sigen: unknown command "frobnicate"`},
		{"generate without out", []string{"generate", "-i", spec}, "sigen generate: --out is required with --spec"},
		{"check without out", []string{"check", "--spec", spec}, "sigen check: --out is required with --spec"},
		{"out without spec", []string{"generate", "-o", out}, "sigen generate: --out and --package need --spec"},
		{"unknown flag", []string{"generate", "--nope"}, "sigen generate: unknown flag: --nope"},
		{"flag without value", []string{"check", "-i", spec, "-o"}, "sigen check: flag needs an argument: 'o' in -o"},
		{"auth detail without auth", []string{"generate", "-i", spec, "-o", out, "--auth-scopes", "x"}, "sigen generate: --auth-token-url, --auth-refresh-url and --auth-scopes need --auth"},
		{"extra argument", []string{"generate", "-i", spec, "-o", out, "extra"}, `sigen generate: unexpected argument "extra"`},
		{"bad package name", []string{"generate", "-i", spec, "-o", out, "-p", "1x"}, `sigen: package name "1x" is not a valid Go identifier`},
		{"missing config", []string{"check", "--config", filepath.Join(dir, "nope.yaml")}, "sigen: open "},
		{"missing spec", []string{"generate", "-i", filepath.Join(dir, "nope.yaml"), "-o", out}, "sigen: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := sigen(t, tc.args...)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if got := firstLine(stderr); !strings.HasPrefix(got, tc.first) {
				t.Errorf("first line of stderr = %q, want %q", got, tc.first)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run created %s", out)
	}
	code, _, stderr := sigen(t)
	if code != exitError || !strings.Contains(stderr, "Usage:") {
		t.Errorf("sigen without arguments = %d, %q; want 2 and the usage", code, stderr)
	}
}

func TestGenerateThenCheck(t *testing.T) {
	t.Parallel()
	spec, out := generate(t)
	files := snapshot(t, out)
	if len(files) == 0 {
		t.Fatal("generate wrote no files")
	}
	for name, data := range files {
		if !strings.HasPrefix(data, "// Code generated by sigen from authentication.yaml. DO NOT EDIT.\n") {
			t.Errorf("%s starts with %q", name, firstLine(data))
		}
		if strings.Contains(data, filepath.Dir(out)) || strings.Contains(data, "/work/") {
			t.Errorf("%s contains an absolute path", name)
		}
	}
	code, stdout, stderr := sigen(t, "check", "-i", spec, "-o", out, "-p", "authentication")
	if code != exitOK || stdout != "" {
		t.Errorf("check after generate = %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
	}
}

func TestCheckStale(t *testing.T) {
	t.Parallel()
	spec, out := generate(t)
	args := []string{"check", "-i", spec, "-o", out, "-p", "authentication"}
	client := filepath.Join(out, "client.go")
	orig, err := os.ReadFile(client)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(orig), "\npackage authentication\n", "\npackage authentication\n\n// hand edit\n", 1)
	writeFile(t, client, edited)

	code, stdout, stderr := sigen(t, args...)
	if code != exitStale {
		t.Fatalf("check after an edit: exit %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"--- a/out/client.go\n", "+++ b/out/client.go\n", "\n@@ -", "\n-// hand edit\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, stdout)
		}
	}
	if want := "sigen: out is stale (1 files differ from authentication.yaml); run sigen generate"; firstLine(stderr) != want {
		t.Errorf("stderr = %q, want %q", firstLine(stderr), want)
	}

	code, quiet, _ := sigen(t, append(args, "--quiet")...)
	if code != exitStale || quiet != "" {
		t.Errorf("check --quiet = %d, stdout %q; want 1 and no diff", code, quiet)
	}

	// The diff is a patch that brings the folder up to date.
	if git, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command(git, "apply", "-")
		cmd.Dir = filepath.Dir(out)
		cmd.Stdin = strings.NewReader(stdout)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git apply of the printed diff: %v\n%s", err, b)
		}
		if code, _, stderr := sigen(t, args...); code != exitOK {
			t.Errorf("check after applying the diff = %d, want 0; stderr:\n%s", code, stderr)
		}
	}

	// A deleted generated file is stale too.
	if err := os.Remove(client); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := sigen(t, args...); code != exitStale {
		t.Errorf("check with client.go deleted = %d, want 1", code)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	spec, out := generate(t)
	first := snapshot(t, out)
	other := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := sigen(t, "generate", "-i", spec, "-o", other, "-p", "authentication"); code != 0 {
		t.Fatalf("second generate: %d\n%s", code, stderr)
	}
	sameFiles(t, "second run into another folder", snapshot(t, other), first)

	// Regenerating an up-to-date folder writes nothing.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for name := range first {
		if err := os.Chtimes(filepath.Join(out, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := sigen(t, "generate", "-i", spec, "-o", out, "-p", "authentication")
	if code != 0 || !strings.HasPrefix(stderr, "sigen: unchanged: ") {
		t.Errorf("regenerate = %d, %q; want 0 and \"sigen: unchanged: ...\"", code, stderr)
	}
	sameFiles(t, "regenerated", snapshot(t, out), first)
	for name := range first {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || !st.ModTime().Equal(old) {
			t.Errorf("%s was rewritten though nothing changed", name)
		}
	}
}

func TestUserFilesSurvive(t *testing.T) {
	t.Parallel()
	spec, out := generate(t)
	args := []string{"-i", spec, "-o", out, "-p", "authentication"}
	generated := snapshot(t, out)
	user := map[string]string{
		"extra.go":              "package authentication\n\n// Extra is hand-written.\nfunc Extra() {}\n",
		"extra_test.go":         "package authentication\n",
		"testdata/session.json": `{"id":"x"}`,
		"notes.md":              "// Code generated by hand, not by sigen\n",
	}
	for name, data := range user {
		writeFile(t, filepath.Join(out, name), data)
	}
	stale := "// Code generated by sigen from old.yaml. DO NOT EDIT.\n\npackage authentication\n"
	writeFile(t, filepath.Join(out, "zz_removed.go"), stale)

	code, stdout, _ := sigen(t, append([]string{"check"}, args...)...)
	if code != exitStale || !strings.Contains(stdout, "--- a/out/zz_removed.go\n") {
		t.Errorf("check with a stale generated file = %d, diff:\n%s\nwant 1 and zz_removed.go in the diff", code, stdout)
	}
	if strings.Contains(stdout, "extra.go") || strings.Contains(stdout, "notes.md") {
		t.Errorf("check reports user files:\n%s", stdout)
	}

	// Change the output so that the folder is really rewritten.
	if code, _, stderr := sigen(t, append([]string{"generate", "--validate"}, args...)...); code != 0 {
		t.Fatalf("regenerate: %d\n%s", code, stderr)
	}
	got := snapshot(t, out)
	for name, data := range user {
		if got[name] != data {
			t.Errorf("user file %s did not survive regeneration: %q", name, got[name])
		}
	}
	if _, ok := got["zz_removed.go"]; ok {
		t.Errorf("stale generated zz_removed.go was not removed")
	}
	for name := range generated {
		if _, ok := got[name]; !ok {
			t.Errorf("generated %s is missing", name)
		}
	}
	if code, _, stderr := sigen(t, append([]string{"check", "--validate"}, args...)...); code != exitOK {
		t.Errorf("check after regenerate = %d\n%s", code, stderr)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".sigen-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

func TestRefuseToOverwriteUserFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := copySpec(t, dir)
	out := filepath.Join(dir, "out")
	writeFile(t, filepath.Join(out, "client.go"), "package authentication\n\n// mine\n")
	before := snapshot(t, out)
	code, _, stderr := sigen(t, "generate", "-i", spec, "-o", out)
	if code != exitError || !strings.Contains(firstLine(stderr), "refusing to overwrite") || !strings.Contains(firstLine(stderr), "client.go") {
		t.Errorf("generate over a hand-written client.go = %d, %q; want 2 and a refusal naming client.go", code, stderr)
	}
	sameFiles(t, "after the refusal", snapshot(t, out), before)
}

// Broken specs: the line numbers in want are those of the texts below.
const (
	badYAML = `openapi: 3.0.3
info:
  title: x
  version: "1"
paths:
  /a:
    get:
      responses: [
        "200":
`
	danglingRef = `openapi: 3.0.3
info:
  title: x
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'
components:
  schemas:
    Present:
      type: string
`
	invalidSchema = `openapi: 3.0.3
info:
  title: x
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      properties:
        n:
          type: integer
          minimum: five
`
	unknownType = `openapi: 3.0.3
info:
  title: x
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      properties:
        k:
          type: notatype
`
)

func TestBrokenSpec(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, spec string
		flags      []string
		want       []string // in stderr
		// knownBug, when set, turns a missing want into a skip: the
		// generator does not locate this error yet. The test fails once
		// it does, so the marker gets removed.
		knownBug string
	}{
		{name: "bad YAML", spec: badYAML, want: []string{"broken.yaml:9"}},
		{name: "dangling ref", spec: danglingRef,
			want: []string{"broken.yaml:15", "#/paths/~1a/get/responses/200/content/application~1json/schema", "Missing"}},
		// minimum: five is dropped with a warning; --strict refuses it.
		{name: "invalid schema strict", spec: invalidSchema, flags: []string{"--strict"},
			want: []string{"broken.yaml:23", "#/components/schemas/Thing/properties/n/minimum", "(--strict)"}},
		{name: "unknown type strict", spec: unknownType, flags: []string{"--strict"},
			want: []string{"broken.yaml:22", "#/components/schemas/Thing/properties/k"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec, out := generate(t)
			// A good run, then a broken spec at the same place.
			writeFile(t, filepath.Join(out, "extra.go"), "package authentication\n")
			before := snapshot(t, out)
			broken := filepath.Join(filepath.Dir(spec), "broken.yaml")
			writeFile(t, broken, tc.spec)
			var unlocated []string
			for _, cmd := range []string{"generate", "check"} {
				args := append([]string{cmd, "-i", broken, "-o", out, "-p", "authentication"}, tc.flags...)
				code, stdout, stderr := sigen(t, args...)
				if code != exitError {
					t.Errorf("%s: exit %d, want 2; stderr:\n%s", cmd, code, stderr)
				}
				if stdout != "" {
					t.Errorf("%s: stdout = %q, want nothing", cmd, stdout)
				}
				if !strings.HasPrefix(stderr, "sigen: ") {
					t.Errorf("%s: stderr = %q, want a sigen: prefix", cmd, stderr)
				}
				sameFiles(t, cmd+" of a broken spec", snapshot(t, out), before)
				var missing []string
				for _, w := range tc.want {
					if !strings.Contains(stderr, w) {
						missing = append(missing, w)
					}
				}
				if len(missing) > 0 {
					unlocated = append(unlocated, fmt.Sprintf("%s: stderr %q lacks %q", cmd, strings.TrimSpace(stderr), missing))
				}
			}
			switch {
			case len(unlocated) > 0 && tc.knownBug != "" && !t.Failed():
				t.Skipf("known bug: %s\n%s", tc.knownBug, strings.Join(unlocated, "\n"))
			case len(unlocated) > 0:
				t.Error(strings.Join(unlocated, "\n"))
			case tc.knownBug != "":
				t.Errorf("known bug %q looks fixed: remove the marker", tc.knownBug)
			}
		})
	}
}

func TestFailedRunWritesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	writeFile(t, broken, danglingRef)
	out := filepath.Join(dir, "gen", "out")
	if code, _, _ := sigen(t, "generate", "-i", broken, "-o", out); code != exitError {
		t.Errorf("exit %d, want 2", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run created %s", out)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "gen", ".sigen-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

func TestConfigUnknownKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, config, first string
	}{
		{"target key", "targets:\n  - spec: a.yaml\n    out: gen\n    pakage: x\n", `sigen: sigen.yaml:4: unknown key "pakage"`},
		{"auth key", "targets:\n  - spec: a.yaml\n    out: gen\n    auth:\n      - flow: signicat\n        scope: [x]\n", `sigen: sigen.yaml:6: unknown key "scope"`},
		{"top-level key", "target:\n  - spec: a.yaml\n    out: gen\n", `sigen: sigen.yaml:1: unknown key "target"`},
		{"bad YAML", "targets: [\n", "sigen: sigen.yaml:1: "},
		{"wrong type", "targets:\n  - spec: a.yaml\n    out: gen\n    strict: maybe\n", "sigen: sigen.yaml:4: "},
		{"no targets", "# nothing yet\n", "sigen: sigen.yaml: no targets"},
		{"no out", "targets:\n  - spec: a.yaml\n", "sigen: sigen.yaml: target 1: spec and out are required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := filepath.Join(dir, "sigen.yaml")
			writeFile(t, cfg, tc.config)
			for _, cmd := range []string{"generate", "check"} {
				code, _, stderr := sigen(t, cmd, "--config", cfg)
				if code != exitError || !strings.HasPrefix(firstLine(stderr), tc.first) {
					t.Errorf("%s = %d, %q; want 2 and first line %q", cmd, code, stderr, tc.first)
				}
			}
			if got := snapshot(t, dir); len(got) != 1 {
				t.Errorf("files after a failed run: %v", got)
			}
		})
	}
}

// TestConfigRelativePaths runs from the package folder with --config in a
// temporary folder: paths resolve against the config's folder, and the
// output does not depend on the working folder.
func TestConfigRelativePaths(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "specs", "auth.yaml"), string(src))
	writeFile(t, filepath.Join(dir, "conf", "sigen.yaml"), "targets:\n  - spec: ../specs/auth.yaml\n    out: ../gen/auth\n    package: auth\n")
	cfg := filepath.Join(dir, "conf", "sigen.yaml")
	if code, _, stderr := sigen(t, "generate", "--config", cfg); code != exitOK {
		t.Fatalf("generate --config: %d\n%s", code, stderr)
	}
	files := snapshot(t, filepath.Join(dir, "gen", "auth"))
	if len(files) == 0 {
		t.Fatalf("nothing in %s; files: %v", filepath.Join(dir, "gen", "auth"), snapshot(t, dir))
	}
	for name, data := range files {
		// The folder is in no module: the header names the spec's base name.
		if want := "// Code generated by sigen from auth.yaml. DO NOT EDIT.\n"; !strings.HasPrefix(data, want) {
			t.Errorf("%s starts with %q, want %q", name, firstLine(data), want)
		}
		if strings.Contains(data, dir) {
			t.Errorf("%s contains the absolute path %s", name, dir)
		}
	}
	if _, err := os.Stat("gen"); err == nil {
		t.Errorf("generate wrote into the working folder")
	}
	// From another working folder, with a relative --config, nothing is stale.
	t.Chdir(filepath.Join(dir, "gen"))
	if code, stdout, stderr := sigen(t, "check", "--config", "../conf/sigen.yaml"); code != exitOK {
		t.Errorf("check from another folder = %d\n%s%s", code, stderr, stdout)
	}
	// Flags override the config: --strict turns warnings into errors.
	writeFile(t, filepath.Join(dir, "specs", "auth.yaml"), unknownType)
	if code, _, stderr := sigen(t, "generate", "--config", "../conf/sigen.yaml"); code != exitOK || !strings.Contains(stderr, "warning") {
		t.Errorf("generate with a warning = %d, %q; want 0 and a warning", code, stderr)
	}
	if code, _, stderr := sigen(t, "generate", "--strict", "--config", "../conf/sigen.yaml"); code != exitError {
		t.Errorf("generate --strict with a warning = %d, %q; want 2", code, stderr)
	}
}

// TestHeaderStable: the header names the spec relative to the root of the
// module holding the output, so `sigen check` from the module root with
// -i/-o agrees with a //go:generate run in the package folder (and the
// other way round), however the paths are written.
func TestHeaderStable(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.25\n")
	writeFile(t, filepath.Join(dir, "specs", "x.yaml"), string(src))
	pkg := filepath.Join(dir, "out", "a")
	elsewhere := t.TempDir()
	runs := []struct {
		wd   string
		args []string
	}{
		{dir, []string{"-i", "specs/x.yaml", "-o", "out/a", "-p", "a"}},
		{dir, []string{"-i", "./specs/../specs/x.yaml", "-o", "out/a/", "-p", "a"}},
		{pkg, []string{"-i", "../../specs/x.yaml", "-o", ".", "-p", "a"}},
		{elsewhere, []string{"-i", filepath.Join(dir, "specs", "x.yaml"), "-o", pkg, "-p", "a"}},
	}
	for _, gen := range runs {
		if err := os.RemoveAll(filepath.Join(dir, "out")); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(gen.wd)
		if code, _, stderr := sigen(t, append([]string{"generate"}, gen.args...)...); code != exitOK {
			t.Fatalf("generate %v in %s = %d\n%s", gen.args, gen.wd, code, stderr)
		}
		for name, data := range snapshot(t, pkg) {
			if want := "// Code generated by sigen from specs/x.yaml. DO NOT EDIT.\n"; !strings.HasPrefix(data, want) {
				t.Errorf("generate %v in %s: %s starts with %q, want %q", gen.args, gen.wd, name, firstLine(data), want)
			}
		}
		for _, check := range runs {
			t.Chdir(check.wd)
			if code, stdout, stderr := sigen(t, append([]string{"check"}, check.args...)...); code != exitOK {
				t.Errorf("generate %v in %s, then check %v in %s = %d\n%s%s", gen.args, gen.wd, check.args, check.wd, code, stderr, stdout)
			}
		}
	}
}

// TestNoConfigHint: without sigen.yaml and without --spec, the error says
// how to pass -i/-o.
func TestNoConfigHint(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, cmd := range []string{"check", "generate"} {
		code, _, stderr := sigen(t, cmd)
		if code != exitError {
			t.Errorf("sigen %s = %d, want %d", cmd, code, exitError)
		}
		for _, want := range []string{"found no sigen.yaml", "sigen " + cmd + " -i specs/api.yaml -o ./api", "--config"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("sigen %s: stderr does not say %q:\n%s", cmd, want, stderr)
			}
		}
		if strings.Contains(stderr, "no such file") {
			t.Errorf("sigen %s: stderr is the raw open error:\n%s", cmd, stderr)
		}
	}
}

// TestRepositoryIsFresh is `sigen check` on the repository's own sigen.yaml,
// run from this folder.
func TestRepositoryIsFresh(t *testing.T) {
	t.Parallel()
	if code, stdout, stderr := sigen(t, "check", "--config", "../../sigen.yaml"); code != exitOK {
		t.Errorf("check = %d\n%s%s", code, stderr, stdout)
	}
}

// TestOutIsWorkingFolder is `//go:generate go tool sigen generate -o .`:
// the output folder is the working folder, and stays the same folder, so
// a shell sitting in it does not end up in a deleted directory.
func TestOutIsWorkingFolder(t *testing.T) {
	dir := t.TempDir()
	copySpec(t, dir)
	gen := "package signicat\n\n//go:generate go tool sigen generate -i authentication.yaml -o . -p signicat\n"
	writeFile(t, filepath.Join(dir, "gen.go"), gen)
	t.Chdir(dir)
	before, err := os.Stat(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{nil, {"--validate"}} {
		args := append([]string{"generate", "-i", "authentication.yaml", "-o", ".", "-p", "signicat"}, flags...)
		if code, _, stderr := sigen(t, args...); code != exitOK {
			t.Fatalf("sigen %s = %d\n%s", strings.Join(args, " "), code, stderr)
		}
		after, err := os.Stat(".")
		if err != nil || !os.SameFile(before, after) {
			t.Fatalf("the working folder was replaced (%v)", err)
		}
		args[0] = "check"
		if code, _, stderr := sigen(t, args...); code != exitOK {
			t.Errorf("sigen %s = %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "gen.go")); err != nil || string(b) != gen {
		t.Errorf("gen.go = %q, %v; want it untouched", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "client.go")); err != nil {
		t.Error(err)
	}
}

// TestNestedPackages: a package generated into a subfolder of another
// one survives the parent's regeneration, and check of either ignores the
// other.
func TestNestedPackages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copySpec(t, dir)
	writeFile(t, filepath.Join(dir, "sigen.yaml"), `targets:
  - spec: authentication.yaml
    out: api
  - spec: authentication.yaml
    out: api/v2
    package: v2
`)
	cfg := filepath.Join(dir, "sigen.yaml")
	if code, _, stderr := sigen(t, "generate", "--config", cfg); code != exitOK {
		t.Fatalf("generate = %d\n%s", code, stderr)
	}
	nested := snapshot(t, filepath.Join(dir, "api", "v2"))
	if len(nested) == 0 {
		t.Fatal("nothing generated in api/v2")
	}
	if code, stdout, stderr := sigen(t, "check", "--config", cfg); code != exitOK {
		t.Fatalf("check = %d\n%s%s", code, stderr, stdout)
	}
	// Regenerate only the parent, with a change.
	if code, _, stderr := sigen(t, "generate", "--validate", "-i", filepath.Join(dir, "authentication.yaml"), "-o", filepath.Join(dir, "api")); code != exitOK {
		t.Fatalf("generate parent = %d\n%s", code, stderr)
	}
	sameFiles(t, "api/v2 after regenerating api", snapshot(t, filepath.Join(dir, "api", "v2")), nested)
}

// TestMain runs the test binary as the sigen command when SIGEN_TEST_AS_CLI
// is set, so tests can run (and kill) real sigen processes. With
// SIGEN_TEST_STEP_PAUSE=1, each step of writing the output is announced on
// stderr and the process waits for a line on stdin before going on, so that
// a test can kill it between any two steps. With SIGEN_TEST_STEP_DELAY,
// each step is announced and followed by that delay (random kills).
func TestMain(m *testing.M) {
	if os.Getenv("SIGEN_TEST_AS_CLI") == "1" {
		if os.Getenv("SIGEN_TEST_STEP_PAUSE") == "1" {
			in := bufio.NewReader(os.Stdin)
			testhook.Write = func(step string) error {
				fmt.Fprintf(os.Stderr, "sigen-test-step %s\n", step)
				_, err := in.ReadString('\n')
				return err
			}
		} else if d, err := time.ParseDuration(os.Getenv("SIGEN_TEST_STEP_DELAY")); err == nil {
			testhook.Write = func(step string) error {
				fmt.Fprintf(os.Stderr, "sigen-test-step %s\n", step)
				time.Sleep(d)
				return nil
			}
		}
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

const (
	// oldSpec generates client.go, doc.go, operations.go and types.go.
	oldSpec = `openapi: 3.0.3
info: {title: Old, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
`
	// newSpec generates no types.go: the new set differs in files, not
	// only in contents.
	newSpec = `openapi: 3.0.3
info: {title: New, version: '2'}
servers: [{url: 'https://example.com'}]
paths:
  /pets/{id}:
    delete:
      operationId: deletePet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
`
	handWritten = "package api\n\n// Hand-written.\n"
)

// cli returns a command running the test binary as sigen in dir.
func cli(dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"SIGEN_TEST_AS_CLI=1"}, env...)...)
	return cmd
}

// tree maps every path below dir (slash-separated) to its contents, "/"
// for folders. A missing dir gives nil.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(a, b map[string]string) bool { return a != nil && maps.Equal(a, b) }

func names(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// Killing `sigen generate` at any point leaves the output folder either
// as the complete old set of files (killed before the commit point; staged
// .sigen-tmp-* files may lie beside them), or committed: the journal is in
// place and `sigen check` refuses the folder until the next run completes
// the write. The next run always ends with the complete new set and nothing
// else beside the output folder. The process is killed once after each step
// of the write, paused there (deterministic); make test-long adds kills at
// random times, which can land inside a step.
func TestKillDuringGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	dir := t.TempDir()
	for name, src := range map[string]string{"old.yaml": oldSpec, "new.yaml": newSpec, "sibling.txt": "keep me"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "api")
	generate := func(spec string, env ...string) *exec.Cmd {
		return cli(dir, env, "generate", "-q", "-i", spec, "-o", "api", "-p", "api")
	}
	// reset makes out the output of old.yaml beside a hand-written file:
	// the first time by running sigen, then by restoring that tree, which
	// saves a process per kill.
	var oldTree map[string]string
	reset := func() {
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if oldTree != nil {
			for _, rel := range slices.Sorted(maps.Keys(oldTree)) {
				p := filepath.Join(out, filepath.FromSlash(rel))
				var err error
				if oldTree[rel] == "/" {
					err = os.MkdirAll(p, 0o755)
				} else {
					err = os.WriteFile(p, []byte(oldTree[rel]), 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			return
		}
		if err := os.WriteFile(filepath.Join(out, "user.go"), []byte(handWritten), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := generate("old.yaml").CombinedOutput(); err != nil {
			t.Fatalf("generate old.yaml: %v\n%s", err, b)
		}
		oldTree = tree(t, out)
	}
	// visible drops staged files and the journal from a tree.
	visible := func(m map[string]string) map[string]string {
		v := map[string]string{}
		for k, s := range m {
			if !strings.HasPrefix(k, ".sigen-") {
				v[k] = s
			}
		}
		return v
	}

	reset()
	oldSet := tree(t, out)
	start := time.Now()
	if b, err := generate("new.yaml").CombinedOutput(); err != nil {
		t.Fatalf("generate new.yaml: %v\n%s", err, b)
	}
	runTime := time.Since(start)
	newSet := tree(t, out)
	if _, ok := oldSet["types.go"]; !ok || newSet["types.go"] != "" || oldSet["user.go"] != handWritten || newSet["user.go"] != handWritten {
		t.Fatalf("unexpected sets: old %q, new %q", names(oldSet), names(newSet))
	}
	rest := tree(t, dir)
	for k := range rest {
		if k == "api" || strings.HasPrefix(k, "api/") {
			delete(rest, k)
		}
	}

	const delay = 20 * time.Millisecond
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("one run takes %v; random kill seed %d", runTime.Round(time.Millisecond), seed)
	steps := []string{"stage client.go", "stage doc.go", "journal", "commit", "rename client.go"}
	counts := map[string]int{}
	kills := len(steps)
	if longtest.Enabled() {
		kills += 10
	}
	for i := 0; i < kills; i++ {
		reset()
		var cmd *exec.Cmd
		var how string
		if i < len(steps) {
			target := steps[i]
			how = "after step " + target
			cmd = generate("new.yaml", "SIGEN_TEST_STEP_PAUSE=1")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Let the process through every step before the target; it
			// is paused after the target when it is killed.
			sc := bufio.NewScanner(stderr)
			reached := false
			for sc.Scan() {
				if sc.Text() == "sigen-test-step "+target {
					reached = true
					break
				}
				if strings.HasPrefix(sc.Text(), "sigen-test-step ") {
					io.WriteString(stdin, "\n")
				}
			}
			if !reached {
				t.Fatalf("the process ended without announcing step %q", target)
			}
		} else {
			cmd = generate("new.yaml", "SIGEN_TEST_STEP_DELAY="+delay.String())
			cmd.Stderr = io.Discard
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			d := time.Duration(rng.Int64N(int64(runTime + 8*delay)))
			how = "after " + d.String()
			time.Sleep(d)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		got := tree(t, out)
		_, journal := got[".sigen-journal"]
		state := ""
		switch {
		case journal:
			state = "committed"
			// check must not call a half-renamed folder up to date.
			if b, err := cli(dir, nil, "check", "-q", "-i", "new.yaml", "-o", "api", "-p", "api").CombinedOutput(); err == nil {
				t.Errorf("kill %s: check passed with a pending journal:\n%s", how, b)
			}
		case sameTree(visible(got), oldSet):
			state = "old"
		case sameTree(visible(got), newSet):
			state = "new"
		default:
			t.Fatalf("kill %s: no journal, and the output is neither the old nor the new set: %q", how, names(got))
		}
		counts[state]++
		if i < len(steps) {
			target := steps[i]
			wantCommitted := target == "commit" || strings.HasPrefix(target, "rename")
			if wantCommitted != (state == "committed") {
				t.Errorf("kill %s: state %q", how, state)
			}
		}

		// The next run recovers.
		if b, err := generate("new.yaml").CombinedOutput(); err != nil {
			t.Fatalf("kill %s: next run: %v\n%s", how, err, b)
		}
		if got := tree(t, out); !sameTree(got, newSet) {
			t.Fatalf("kill %s: after the next run, api holds %q, want %q", how, names(got), names(newSet))
		}
		after := tree(t, dir)
		for k := range after {
			if k == "api" || strings.HasPrefix(k, "api/") {
				delete(after, k)
			}
		}
		if !maps.Equal(after, rest) {
			t.Fatalf("kill %s: after the next run, beside api: %q, want %q", how, names(after), names(rest))
		}
	}
	t.Logf("states after kills: %v", counts)
	if counts["committed"] == 0 || counts["old"] == 0 {
		t.Errorf("kills did not reach every phase: %v", counts)
	}
}

// TestModelFromModel checks that `sigen model` prints JSON that
// `sigen generate --from-model` turns into the same files as generating
// from the spec with the same flags, and that check accepts them.
func TestModelFromModel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := copySpec(t, dir)
	direct := filepath.Join(dir, "direct", "authentication")
	fromModel := filepath.Join(dir, "model", "authentication")
	flags := []string{"--validate", "--initialism", "LOA"}
	if code, _, stderr := sigen(t, append([]string{"generate", "-i", spec, "-o", direct}, flags...)...); code != exitOK {
		t.Fatalf("generate: exit %d:\n%s", code, stderr)
	}
	code, js, stderr := sigen(t, append([]string{"model", "-i", spec, "-o", fromModel}, flags...)...)
	if code != exitOK {
		t.Fatalf("model: exit %d:\n%s", code, stderr)
	}
	if !strings.HasPrefix(js, "{\n  \"version\": 1,\n") {
		t.Errorf("model output does not start with the version:\n%.200s", js)
	}
	if _, again, _ := sigen(t, append([]string{"model", "-i", spec, "-o", fromModel}, flags...)...); again != js {
		t.Error("sigen model is not deterministic")
	}
	file := filepath.Join(dir, "model.json")
	writeFile(t, file, js)
	if code, _, stderr := sigen(t, "generate", "--from-model", file, "-o", fromModel, "-q"); code != exitOK {
		t.Fatalf("generate --from-model: exit %d:\n%s", code, stderr)
	}
	if code, _, stderr := sigen(t, "check", "--from-model", file, "-o", fromModel); code != exitOK {
		t.Errorf("check --from-model: exit %d:\n%s", code, stderr)
	}
	want, got := tree(t, direct), tree(t, fromModel)
	if len(want) == 0 || !maps.Equal(want, got) {
		for _, name := range slices.Sorted(maps.Keys(want)) {
			if got[name] != want[name] {
				t.Errorf("%s from the model differs from the one from the spec", name)
			}
		}
		t.Errorf("from the model: %v; from the spec: %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}

	for _, tc := range []struct {
		args  []string
		first string
	}{
		{[]string{"generate", "--from-model", file, "-o", fromModel, "-i", spec}, "sigen generate: --spec cannot be used with --from-model"},
		{[]string{"generate", "--from-model", file}, "sigen generate: --out is required with --from-model"},
		{[]string{"generate", "--from-model", spec, "-o", fromModel}, "sigen: authentication.yaml: decode model:"},
		{[]string{"model", "--from-model", file}, "sigen model: unknown flag: --from-model"},
	} {
		code, _, stderr := sigen(t, tc.args...)
		if code != exitError || !strings.HasPrefix(firstLine(stderr), tc.first) {
			t.Errorf("sigen %s = %d, %q; want %d, %q", strings.Join(tc.args, " "), code, firstLine(stderr), exitError, tc.first)
		}
	}
}
