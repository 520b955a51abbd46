package main

import (
	"bufio"
	"context"
	"fmt"
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

	"github.com/sigen-dev/sigen/internal/testhook"
)

// TestMain runs the test binary as the sigen command when SIGEN_TEST_AS_CLI
// is set, so tests can run (and kill) real sigen processes. With
// SIGEN_TEST_STEP_DELAY, each step of writing the output is announced on
// stderr and followed by that delay.
func TestMain(m *testing.M) {
	if os.Getenv("SIGEN_TEST_AS_CLI") == "1" {
		if d, err := time.ParseDuration(os.Getenv("SIGEN_TEST_STEP_DELAY")); err == nil {
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

// Killing `sigen generate` at any point leaves the output folder as the
// complete old set or the complete new set of files (or, between the two
// renames, the complete old set in .sigen-old-api), never a mix; the next
// run recovers and leaves nothing beside the output folder.
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
	reset := func() {
		for _, p := range []string{out, filepath.Join(dir, ".sigen-old-api")} {
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
		}
		stale, _ := filepath.Glob(filepath.Join(dir, ".sigen-tmp-api-*"))
		for _, p := range stale {
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "user.go"), []byte(handWritten), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := generate("old.yaml").CombinedOutput(); err != nil {
			t.Fatalf("generate old.yaml: %v\n%s", err, b)
		}
	}

	// The two complete sets.
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
	if sameTree(oldSet, newSet) {
		t.Fatal("old and new sets are the same")
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
	steps := []string{"file client.go", "file doc.go", "file operations.go", "keep", "swap"}
	counts := map[string]int{}
	for i := 0; i < 2*len(steps)+10; i++ {
		reset()
		cmd := generate("new.yaml", "SIGEN_TEST_STEP_DELAY="+delay.String())
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var how string
		if i < 2*len(steps) {
			// Kill right after a given step, while the child sleeps.
			target := steps[i%len(steps)]
			how = "after step " + target
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if sc.Text() == "sigen-test-step "+target {
					break
				}
			}
		} else {
			// Kill at a random time in the whole run.
			d := time.Duration(rng.Int64N(int64(runTime + 8*delay)))
			how = "after " + d.String()
			time.Sleep(d)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		got := tree(t, out)
		held := tree(t, filepath.Join(dir, ".sigen-old-api"))
		state := ""
		switch {
		case sameTree(got, oldSet) && held == nil:
			state = "old"
		case sameTree(got, newSet) && held == nil:
			state = "new"
		case got == nil && sameTree(held, oldSet):
			state = "old, held between the renames"
		case sameTree(got, newSet) && sameTree(held, oldSet):
			state = "new, old not yet removed"
		default:
			t.Fatalf("kill %s: output is neither the old nor the new set:\napi: %q\n.sigen-old-api: %q", how, names(got), names(held))
		}
		counts[state]++
		if i < 2*len(steps) && strings.HasSuffix(how, "swap") && got != nil {
			t.Errorf("kill %s: want the output held in .sigen-old-api, got state %q", how, state)
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
	if counts["old, held between the renames"] == 0 || counts["old"] == 0 {
		t.Errorf("kills did not reach every phase: %v", counts)
	}
}
