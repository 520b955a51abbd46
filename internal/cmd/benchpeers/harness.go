package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sigen-dev/sigen/internal/corpus"
	"github.com/sigen-dev/sigen/internal/scratchmod"
)

// goEnv keeps the caller's go.work, GOFLAGS and module mode out of every go
// command run here.
var goEnv = []string{"GOWORK=off", "GOFLAGS=", "GO111MODULE=on"}

type harness struct {
	o    options
	root string // checkout root
	work string // scratch dir
}

// sample is one finished command.
type sample struct {
	wall      time.Duration
	user, sys time.Duration
	maxRSS    int64 // bytes; 0 unknown
	err       error
	out       string // combined stdout and stderr
}

func (s sample) cpu() time.Duration { return s.user + s.sys }

// exec runs name args in dir under the rusage wrapper.
func (h *harness) exec(ctx context.Context, dir string, env []string, name string, args ...string) sample {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	use, werr := wrap(cmd)
	if werr != nil && h.o.verbose {
		log.Printf("no rusage wrapper: %v", werr)
	}
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), err: err, out: strings.TrimSpace(buf.String())}
	if use != nil {
		if u, ok := use(); ok {
			s.user, s.sys, s.maxRSS = u.user, u.sys, u.maxRSS
		}
	} else if cmd.ProcessState != nil {
		s.user, s.sys = cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime()
	}
	if err != nil && s.out != "" {
		s.err = fmt.Errorf("%w: %s", err, failureLine(s.out))
	}
	if h.o.verbose {
		log.Printf("%s %s: %s, err=%v", name, strings.Join(args, " "), s.wall.Round(time.Millisecond), err)
	}
	return s
}

// buildSigen builds ./cmd/sigen from the checkout into dir.
func (h *harness) buildSigen(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "sigen")
	log.Printf("building sigen from %s", h.root)
	s := h.exec(ctx, h.root, goEnv, "go", "build", "-o", bin, "./cmd/sigen")
	return bin, s.err
}

// install puts pkg@version into tools/name-version/ with go install, run
// in a throwaway directory outside any module, unless it is there already.
func (h *harness) install(ctx context.Context, tools, name, pkg, version string) (string, error) {
	dir := filepath.Join(tools, name+"-"+version)
	bin := filepath.Join(dir, name)
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() {
		return bin, nil
	}
	tmp, err := os.MkdirTemp("", "sigen-benchpeers-install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	log.Printf("go install %s@%s", pkg, version)
	s := h.exec(ctx, tmp, append(goEnv, "GOBIN="+dir), "go", "install", pkg+"@"+version)
	if s.err != nil {
		return "", fmt.Errorf("go install %s@%s: %w", pkg, version, s.err)
	}
	return bin, nil
}

// generator is one way of running a generator.
type generator struct {
	name    string // row label
	peer    string // "" for sigen, else the peer it belongs to
	version string
	bin     string
	err     error // could not be installed
	// args returns the command line generating into the empty folder out
	// (a Go package named x) from spec; cfg is a scratch dir for config
	// files.
	args func(spec, out, cfg string) ([]string, error)
	// fallback is run when this one fails (a peer's lenient setting).
	fallback *generator
	// require and replace lines for the scratch module's go.mod.
	modLines func(root string) string
}

func newSigen(bin string) *generator {
	return &generator{
		name: "sigen", version: "checkout", bin: bin,
		args: func(spec, out, _ string) ([]string, error) {
			return []string{"generate", "--quiet", "--spec", spec, "--out", out, "--package", "x"}, nil
		},
		modLines: func(root string) string {
			return scratchmod.Replace(modulePath, root)
		},
	}
}

func newOapiCodegen(bin, version string, err error) *generator {
	args := func(extra string) func(spec, out, cfg string) ([]string, error) {
		return func(spec, out, cfg string) ([]string, error) {
			a := []string{"-generate", "types,client", "-package", "x", "-o", filepath.Join(out, "x.go")}
			if extra != "" {
				name := filepath.Join(cfg, "oapi-codegen.yaml")
				if err := os.WriteFile(name, []byte(extra), 0o644); err != nil {
					return nil, err
				}
				a = append([]string{"-config", name}, a...)
			}
			return append(a, spec), nil
		}
	}
	g := &generator{name: "oapi-codegen", peer: "oapi-codegen", version: version, bin: bin, err: err, args: args("")}
	g.fallback = &generator{
		name: "oapi-codegen+", peer: "oapi-codegen", version: version, bin: bin, err: err,
		args: args("package: x\noutput-options:\n  resolve-type-name-collisions: true\n"),
	}
	return g
}

// ogenClientOnly turns off what a client does not need.
const ogenClientOnly = `  features:
    disable:
      - paths/server
      - webhooks/server
      - ogen/otel
      - ogen/unimplemented
`

func newOgen(bin, version string, err error) *generator {
	args := func(config string) func(spec, out, cfg string) ([]string, error) {
		return func(spec, out, cfg string) ([]string, error) {
			name := filepath.Join(cfg, "ogen.yml")
			if err := os.WriteFile(name, []byte(config), 0o644); err != nil {
				return nil, err
			}
			return []string{"--config", name, "--target", out, "--clean", "--package", "x", spec}, nil
		}
	}
	g := &generator{name: "ogen", peer: "ogen", version: version, bin: bin, err: err,
		args: args("generator:\n" + ogenClientOnly)}
	g.fallback = &generator{name: "ogen+", peer: "ogen", version: version, bin: bin, err: err,
		args: args("generator:\n  ignore_not_implemented: [\"all\"]\n" + ogenClientOnly)}
	return g
}

// genResult is one generator on one spec.
type genResult struct {
	gen     *generator
	runs    []sample // successful runs
	err     error    // first failure (the generator is then not run again)
	files   int
	lines   int
	note    string // what the generator said it left out
	mod     string // scratch module; the output is in mod/x
	builds  []sample
	buildOK bool
	bErr    error
}

type specResult struct {
	spec corpus.Spec
	size int64
	err  error // spec not available
	gens []*genResult
}

func (h *harness) runSpec(ctx context.Context, sp corpus.Spec, gens []*generator) *specResult {
	res := &specResult{spec: sp}
	file, err := corpus.Locate(sp, h.o.cache, corpus.GoModCache())
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(file); err == nil {
			res.size = fi.Size()
		}
	}
	if err != nil {
		res.err = err
		log.Printf("%s: skipped: %v", sp.Name, err)
		return res
	}
	log.Printf("%s (%s)", sp.Name, formatBytes(res.size))
	// Round 1 finds, per generator, the variant that works (a failed strict
	// run is followed by its fallback); the later rounds run those variants
	// in turn, so that a change of load on the shared machine affects them
	// all alike.
	var live []*genResult
	for _, g := range gens {
		for g != nil && ctx.Err() == nil {
			r := &genResult{gen: g, mod: filepath.Join(h.work, "out", sp.Name, strings.ReplaceAll(g.name, "+", "-plus"))}
			res.gens = append(res.gens, r)
			if h.runOnce(ctx, file, r) {
				live = append(live, r)
				break
			}
			g = g.fallback
		}
	}
	for i := 1; i < h.o.n && ctx.Err() == nil; i++ {
		for _, r := range live {
			if r.err == nil {
				h.runOnce(ctx, file, r)
			}
		}
	}
	for _, r := range live {
		if r.err != nil || len(r.runs) == 0 {
			continue
		}
		log.Printf("  %-13s %s wall, %s CPU, %s lines", r.gen.name, fmtDur(median(r.runs, sample.wallOf)),
			fmtDur(median(r.runs, sample.cpuOf)), fmtInt(r.lines))
	}
	if h.o.build {
		for _, r := range live {
			if r.err == nil && ctx.Err() == nil {
				h.buildOutput(ctx, r.mod, r.gen, r)
			}
		}
	}
	return res
}

// runOnce runs r's generator once into r.mod/x and records the run; on
// failure it sets r.err and reports false.
func (h *harness) runOnce(ctx context.Context, file string, r *genResult) bool {
	g := r.gen
	if g.err != nil {
		r.err = g.err
		return false
	}
	out := filepath.Join(r.mod, "x")
	cfg := filepath.Join(r.mod, "cfg")
	if err := resetDir(out); err != nil {
		r.err = err
		return false
	}
	if err := resetDir(cfg); err != nil {
		r.err = err
		return false
	}
	args, err := g.args(file, out, cfg)
	if err != nil {
		r.err = err
		return false
	}
	s := h.exec(ctx, r.mod, nil, g.bin, args...)
	if s.err == nil {
		// A generator that exits 0 without Go files has failed too.
		if r.files, r.lines, err = countGo(out); err == nil && r.files == 0 {
			err = errors.New("exit status 0 but no .go files written")
		}
		s.err = err
	}
	if s.err != nil {
		r.err = s.err
		log.Printf("  %-13s FAILED: %v", g.name, s.err)
		return false
	}
	r.runs = append(r.runs, s)
	if n := strings.Count(s.out, "Skipping operation"); n > 0 {
		r.note = fmt.Sprintf("skipped %d operations", n)
	}
	return true
}

func (s sample) wallOf() time.Duration { return s.wall }
func (s sample) cpuOf() time.Duration  { return s.cpu() }

// buildOutput turns mod (holding the output in mod/x) into a module and
// times go build ./... (see the package doc).
func (h *harness) buildOutput(ctx context.Context, mod string, g *generator, r *genResult) {
	if err := os.RemoveAll(filepath.Join(mod, "cfg")); err != nil {
		r.bErr = err
		return
	}
	modName := "benchpeers.test/" + filepath.Base(filepath.Dir(mod)) + "/" + filepath.Base(mod)
	gomod := fmt.Sprintf("module %s\n\ngo %s\n", modName, scratchmod.GoDirective(h.root))
	if g.modLines != nil {
		gomod += "\n" + g.modLines(h.root)
		if sum, err := os.ReadFile(filepath.Join(h.root, "go.sum")); err == nil {
			if err := os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644); err != nil {
				r.bErr = err
				return
			}
		}
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		r.bErr = err
		return
	}
	if s := h.exec(ctx, mod, goEnv, "go", "mod", "tidy"); s.err != nil {
		r.bErr = fmt.Errorf("go mod tidy: %w", s.err)
		return
	}
	// Compile the dependencies once, untimed.
	l := h.exec(ctx, mod, goEnv, "go", "list", "-deps", "-f",
		`{{if and (not .Standard) .Module}}{{if not .Module.Main}}{{.ImportPath}}{{end}}{{end}}`, "./...")
	if l.err != nil {
		r.bErr = fmt.Errorf("go list: %w", l.err)
		return
	}
	if deps := strings.Fields(l.out); len(deps) > 0 {
		if s := h.exec(ctx, mod, goEnv, "go", append([]string{"build"}, deps...)...); s.err != nil {
			r.bErr = fmt.Errorf("go build (dependencies): %w", s.err)
			return
		}
	}
	// One file to touch: the first .go file in name order.
	touch, err := firstGo(filepath.Join(mod, "x"))
	if err != nil {
		r.bErr = err
		return
	}
	nonce := time.Now().UnixNano()
	for i := 0; i < h.o.buildN; i++ {
		f, err := os.OpenFile(touch, os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = fmt.Fprintf(f, "\n// benchpeers build %d.%d\n", nonce, i)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			r.bErr = err
			return
		}
		s := h.exec(ctx, mod, goEnv, "go", "build", "./...")
		if s.err != nil {
			r.bErr = fmt.Errorf("go build: %w", s.err)
			log.Printf("  %-13s build FAILED: %v", g.name, r.bErr)
			return
		}
		r.builds = append(r.builds, s)
	}
	r.buildOK = true
	log.Printf("  %-13s build %s wall, %s CPU, %s peak RSS", g.name,
		fmtDur(median(r.builds, sample.wallOf)), fmtDur(median(r.builds, sample.cpuOf)), formatBytes(medianRSS(r.builds)))
}

func resetDir(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// countGo counts the .go files under dir and their lines.
func countGo(dir string) (files, lines int, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		lines += bytes.Count(b, []byte("\n"))
		return nil
	})
	return files, lines, err
}

func firstGo(dir string) (string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range ents { // ReadDir sorts by name
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return filepath.Join(dir, e.Name()), nil
		}
	}
	return "", fmt.Errorf("no .go file in %s", dir)
}

// median of f over ss (the lower middle for an even count).
func median(ss []sample, f func(sample) time.Duration) time.Duration {
	if len(ss) == 0 {
		return 0
	}
	v := make([]time.Duration, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	return v[(len(v)-1)/2]
}

func medianRSS(ss []sample) int64 {
	return int64(median(ss, func(s sample) time.Duration { return time.Duration(s.maxRSS) }))
}

// failureLine picks the line of a failed command's output that says why:
// the first that mentions an error, a failure or something not implemented
// (log lines at INFO, WARN or DEBUG level aside), else the last line.
func failureLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		l = strings.TrimSpace(l)
		low := strings.ToLower(l)
		if strings.HasPrefix(l, "INFO") || strings.HasPrefix(l, "WARN") || strings.HasPrefix(l, "DEBUG") {
			continue
		}
		if strings.Contains(low, "error") || strings.Contains(low, "not implemented") || strings.Contains(low, "unsupported") || strings.Contains(low, "failed") || strings.Contains(l, ".go:") {
			return truncate(l, 300)
		}
	}
	return truncate(strings.TrimSpace(lines[len(lines)-1]), 300)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
