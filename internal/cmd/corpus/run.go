package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sigen-dev/sigen/internal/corpus"
	"github.com/sigen-dev/sigen/internal/scratchmod"
)

// runner runs specs; it is shared by the workers and read-only.
type runner struct {
	root      string // checkout root
	sigen     string // sigen binary
	work      string // parent of the scratch modules
	nonce     string // per-run part of the scratch module paths
	timeout   time.Duration
	verbose   bool
	fetch     *fetcher
	fetchErrs func(corpus.Spec) error
}

// step is a finished child process.
type step struct {
	wall    time.Duration
	peak    int64 // bytes; 0 unknown
	exit    int   // -1 if it did not exit (killed, not started)
	out     string
	err     error
	timeout bool
}

// exec runs name args in dir with a combined stdout+stderr. With measure,
// it runs under the rusage wrapper to get the peak RSS of the process tree.
func (r *runner) exec(ctx context.Context, measure bool, dir string, env []string, name string, args ...string) step {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	setProcessGroup(cmd)
	var peak func() int64
	if measure {
		var err error
		if peak, err = wrap(cmd); err != nil && r.verbose {
			log.Printf("  no peak memory for %s: %v", name, err)
		}
	}
	start := time.Now()
	err := cmd.Run()
	s := step{wall: time.Since(start), exit: -1, out: strings.TrimSpace(buf.String()), err: err}
	if cmd.ProcessState != nil {
		s.exit = cmd.ProcessState.ExitCode()
	}
	if peak != nil {
		s.peak = peak()
	}
	if ctx.Err() != nil {
		s.timeout = true
	}
	if r.verbose {
		log.Printf("  %s %s (in %s): exit %d, %s", name, strings.Join(args, " "), dir, s.exit, corpus.FormatDuration(s.wall))
	}
	return s
}

// goEnv is the environment of the go commands run in a scratch module.
var goEnv = []string{"GOWORK=off", "GOFLAGS=", "GO111MODULE=on"}

func (r *runner) run(ctx context.Context, sp corpus.Spec) corpus.Result {
	res := corpus.Result{Spec: sp, OpsGen: -1, ExitCode: -1}
	if err := r.fetchErrs(sp); err != nil {
		res.Outcome, res.Diagnostic, res.StatsErr = corpus.FetchError, err.Error(), err
		return res
	}
	file, err := r.fetch.specFile(sp)
	if err == nil {
		var data []byte
		if data, err = os.ReadFile(file); err == nil {
			res.Stats, res.StatsErr = corpus.Count(data)
		}
	}
	if err != nil {
		res.Outcome, res.Diagnostic, res.StatsErr = corpus.FetchError, err.Error(), err
		return res
	}

	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	mod := filepath.Join(r.work, sp.Name)
	out := filepath.Join(mod, sp.Name)
	if err := os.RemoveAll(mod); err != nil {
		res.Outcome, res.Diagnostic = corpus.HarnessFail, err.Error()
		return res
	}
	if err := os.MkdirAll(mod, 0o755); err != nil {
		res.Outcome, res.Diagnostic = corpus.HarnessFail, err.Error()
		return res
	}

	// Generate.
	g := r.exec(ctx, false, mod, nil, r.sigen, "generate", "--spec", file, "--out", out, "--package", corpus.PackageName(sp.Name))
	res.GenTime, res.ExitCode = g.wall, g.exit
	switch {
	case g.timeout:
		res.Outcome, res.Diagnostic = corpus.GenTimeout, strings.TrimSpace(fmt.Sprintf("timed out after %s\n%s", r.timeout, g.out))
		return res
	case g.exit == 2 && !crashed(g.out):
		res.Outcome, res.Diagnostic = corpus.GenError, g.out
		return res
	case g.err != nil:
		res.Outcome, res.Diagnostic = corpus.GenCrash, strings.TrimSpace(g.err.Error()+"\n"+g.out)
		return res
	}
	if r.verbose && g.out != "" {
		log.Printf("  %s: %s", sp.Name, lastLine(g.out))
	}
	res.OpsGen, res.Lines, err = inspectOutput(out)
	if err != nil {
		// Unparsable output fails the build below; fall back to sigen's
		// summary line ("... N operations ...") for the count.
		res.OpsGen = summaryOps(g.out)
	}

	// The model's JSON must print the same files: sigen model, then
	// sigen check --from-model against what generate wrote.
	if diag := r.modelRoundTrip(ctx, sp, mod, file, out); diag != "" {
		res.Outcome, res.Diagnostic = corpus.ModelError, diag
		return res
	}

	// Scratch module: requires this checkout, so the output uses its runtime.
	if err := r.writeModule(mod, sp); err != nil {
		res.Outcome, res.Diagnostic = corpus.HarnessFail, err.Error()
		return res
	}
	if t := r.exec(ctx, false, mod, goEnv, "go", "mod", "tidy"); t.err != nil {
		res.Outcome, res.Diagnostic = corpus.BuildError, "go mod tidy: "+t.out
		if t.timeout {
			res.Outcome = corpus.Timeout
		}
		return res
	}

	// Build and vet.
	b := r.exec(ctx, true, mod, goEnv, "go", "build", "./...")
	res.BuildTime, res.BuildPeak = b.wall, b.peak
	if b.err != nil {
		res.Outcome, res.Diagnostic = corpus.BuildError, b.out
		if b.timeout {
			res.Outcome = corpus.Timeout
		}
		return res
	}
	v := r.exec(ctx, false, mod, goEnv, "go", "vet", "./...")
	if v.err != nil {
		res.Outcome, res.Diagnostic = corpus.VetError, v.out
		if v.timeout {
			res.Outcome = corpus.Timeout
		}
		return res
	}
	res.Outcome, res.Diagnostic = corpus.OK, ""
	return res
}

// modelRoundTrip prints the model of file with sigen model and checks that
// sigen check --from-model finds the generated folder out up to date. It
// returns what went wrong, or "".
func (r *runner) modelRoundTrip(ctx context.Context, sp corpus.Spec, mod, file, out string) string {
	m := r.exec(ctx, false, mod, nil, r.sigen, "model", "-q", "--spec", file, "--out", out, "--package", corpus.PackageName(sp.Name))
	if m.err != nil {
		return "sigen model: " + m.out
	}
	js := filepath.Join(mod, "model.json")
	if err := os.WriteFile(js, []byte(m.out), 0o644); err != nil {
		return err.Error()
	}
	if c := r.exec(ctx, false, mod, nil, r.sigen, "check", "-q", "--from-model", js, "--out", out); c.err != nil {
		return "sigen check --from-model: " + c.out
	}
	return ""
}

// writeModule writes go.mod (and the checkout's go.sum) of a scratch module.
func (r *runner) writeModule(mod string, sp corpus.Spec) error {
	gomod := fmt.Sprintf("module corpus.sigen.test/r%s/%s\n\ngo %s\n\n%s",
		r.nonce, sp.Name, scratchmod.GoDirective(r.root), scratchmod.Replace(modulePath, r.root))
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(r.root, "go.sum"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644)
}

// inspectOutput counts the exported methods on Client (value or pointer
// receiver) and the lines of Go in the generated directory tree.
func inspectOutput(dir string) (ops, lines int, err error) {
	fset := token.NewFileSet()
	var errs []error
	walkErr := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines += bytes.Count(src, []byte("\n"))
		if strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		ops += clientMethods(f)
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	return ops, lines, errors.Join(errs...)
}

// clientMethods counts exported methods declared on Client or *Client.
func clientMethods(f *ast.File) int {
	n := 0
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || !fn.Name.IsExported() {
			continue
		}
		t := fn.Recv.List[0].Type
		if st, ok := t.(*ast.StarExpr); ok {
			t = st.X
		}
		if id, ok := t.(*ast.Ident); ok && id.Name == "Client" {
			n++
		}
	}
	return n
}

// crashed reports whether output is a Go panic or fatal runtime error,
// which also exit 2 but are not a diagnosis of the spec.
func crashed(out string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			return true
		}
	}
	return false
}

// opsRE matches the operation count in sigen's summary line: "operations
// 5/5" (generated/in spec) or "5 operations".
var opsRE = regexp.MustCompile(`\boperations (\d+)(?:/\d+)?\b|\b(\d+) operations?\b`)

// summaryOps is the operation count in sigen's summary line, or -1.
func summaryOps(out string) int {
	m := opsRE.FindStringSubmatch(lastLine(out))
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1] + m[2])
	if err != nil {
		return -1
	}
	return n
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
