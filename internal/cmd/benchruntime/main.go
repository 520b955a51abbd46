// Command benchruntime compares the run-time cost of the clients sigen,
// oapi-codegen and ogen generate from the same spec (make bench-runtime).
//
// Usage (from the checkout root):
//
//	go run ./internal/cmd/benchruntime [flags]
//
// It cuts GitHub's REST description (ogen's
// _testdata/examples/api.github.com.json, from the corpus cache or the Go
// module cache) to the operations tagged issues or git, adds an OAuth2
// client-credentials scheme (token URL /token) required by every operation,
// and generates three clients from it in a scratch module outside this
// module's build: sigen built from this checkout (required through a
// replace), and oapi-codegen and ogen installed at pinned versions with
// `GOBIN=DIR go install pkg@version` (as internal/cmd/benchpeers does).
// ogen runs with ignore_not_implemented: ["all"], since it cannot generate
// some operations of the cut; the benchmarked ones are not among them. The
// peers get their tokens from golang.org/x/oauth2/clientcredentials, as
// their users' code would; sigen's client uses its own token runtime.
//
// The scratch module's programs are in testdata/mod: server serves canned
// payloads (package payload) on a loopback port in a process of its own;
// bench first checks that every client decodes the same data (its decoded
// value, encoded again as JSON, equals what the server sent, nulls aside)
// and posts the same JSON, then runs -rounds rounds. In each round, for
// each case, the three clients make the same number of calls (about -time
// each) in an order that rotates from round to round, so that a change of
// load on a shared machine falls on all of them alike. The report gives,
// per case, each client's median time, bytes and allocations per call, and
// the per-round ratios sigen/peer as median, 95% confidence interval of the
// median (order statistics, as benchstat computes it) and the two-sided
// sign test's p-value; then the size of the decoded element type and the
// heap the decoded 1 MB response retains.
package main

import (
	"bufio"
	"context"
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/sigen-dev/sigen/internal/corpus"
	"github.com/sigen-dev/sigen/internal/scratchmod"
)

//go:embed testdata/mod
var modFS embed.FS

const modulePath = "github.com/sigen-dev/sigen"

// goEnv keeps the caller's go.work, GOFLAGS and module mode out of every go
// command run here.
var goEnv = []string{"GOWORK=off", "GOFLAGS=", "GO111MODULE=on"}

func main() {
	log.SetFlags(0)
	log.SetPrefix("benchruntime: ")
	var (
		rounds      = flag.Int("rounds", 10, "measurement rounds")
		per         = flag.Duration("time", 300*time.Millisecond, "time per client, case and round")
		only        = flag.String("only", "", "run only the cases whose name contains this text")
		spec        = flag.String("spec", "", "GitHub REST description `file` (default: ogen's example from the corpus or module cache)")
		tools       = flag.String("tools", "", "install the peers into `dir` and reuse them from there (default: a temp dir, removed)")
		keep        = flag.String("keep", "", "build the scratch module in `dir` and keep it (default: a temp dir, removed)")
		oapiVersion = flag.String("oapi-codegen", "v2.8.0", "oapi-codegen `version`")
		ogenVersion = flag.String("ogen", "v1.24.0", "ogen `version`")
	)
	flag.Parse()
	if flag.NArg() > 0 || *rounds < 1 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *rounds, *per, *only, *spec, *tools, *keep, *oapiVersion, *ogenVersion); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, rounds int, per time.Duration, only, spec, tools, keep, oapiVersion, ogenVersion string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !strings.Contains(string(b), "module "+modulePath+"\n") {
		return fmt.Errorf("run from the root of the %s checkout", modulePath)
	}
	work := keep
	if work == "" {
		if work, err = os.MkdirTemp("", "sigen-benchruntime-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	if tools == "" {
		tools = filepath.Join(work, "tools")
	}
	if spec == "" {
		if spec, err = findSpec(ogenVersion); err != nil {
			return err
		}
	}
	mod := filepath.Join(work, "mod")
	if err := os.RemoveAll(mod); err != nil {
		return err
	}
	if err := os.MkdirAll(mod, 0o755); err != nil {
		return err
	}
	cut := filepath.Join(work, "github-issues-git.json")
	if err := cutSpec(spec, cut); err != nil {
		return err
	}
	log.Printf("spec: %s cut to the issues and git tags: %s", spec, cut)

	sigen := filepath.Join(work, "sigen")
	if err := goCmd(ctx, root, "build", "-o", sigen, "./cmd/sigen"); err != nil {
		return fmt.Errorf("building sigen: %w", err)
	}
	oapi, err := install(ctx, tools, "oapi-codegen", "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", oapiVersion)
	if err != nil {
		return err
	}
	ogen, err := install(ctx, tools, "ogen", "github.com/ogen-go/ogen/cmd/ogen", ogenVersion)
	if err != nil {
		return err
	}
	ogenCfg := filepath.Join(work, "ogen.yml")
	if err := os.WriteFile(ogenCfg, []byte("generator:\n  ignore_not_implemented: [\"all\"]\n  features:\n    disable:\n"+
		"      - paths/server\n      - webhooks/server\n      - ogen/otel\n      - ogen/unimplemented\n"), 0o644); err != nil {
		return err
	}
	for _, d := range []string{"sg", "oc", "og"} {
		if err := os.MkdirAll(filepath.Join(mod, d), 0o755); err != nil {
			return err
		}
	}
	gens := []struct {
		name string
		bin  string
		args []string
	}{
		{"sigen", sigen, []string{"generate", "--quiet", "--spec", cut, "--out", filepath.Join(mod, "sg"), "--package", "sg"}},
		{"oapi-codegen " + oapiVersion, oapi, []string{"-generate", "types,client", "-package", "oc", "-o", filepath.Join(mod, "oc", "oc.go"), cut}},
		{"ogen " + ogenVersion, ogen, []string{"--config", ogenCfg, "--target", filepath.Join(mod, "og"), "--clean", "--package", "og", cut}},
	}
	for _, g := range gens {
		log.Printf("generating with %s", g.name)
		if out, err := command(ctx, mod, nil, g.bin, g.args...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %w\n%s", g.name, err, lastLines(string(out), 20))
		}
	}
	if err := copyMod(mod); err != nil {
		return err
	}
	gomod := fmt.Sprintf("module benchruntime.test\n\ngo %s\n\n%s", scratchmod.GoDirective(root), scratchmod.Replace(modulePath, root))
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		if err := os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644); err != nil {
			return err
		}
	}
	log.Print("go mod tidy and go build in ", mod)
	if err := goCmd(ctx, mod, "mod", "tidy"); err != nil {
		return err
	}
	if err := goCmd(ctx, mod, "build", "-o", filepath.Join("bin", "bench"), "."); err != nil {
		return err
	}
	if err := goCmd(ctx, mod, "build", "-o", filepath.Join("bin", "server"), "./server"); err != nil {
		return err
	}

	srv := command(ctx, mod, nil, filepath.Join(mod, "bin", "server"))
	srv.Stderr = os.Stderr
	stdin, err := srv.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		stdin.Close() // the server exits when its input closes
		srv.Wait()
	}()
	base, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	base = strings.TrimSpace(base)
	log.Printf("server (pid %d) at %s", srv.Process.Pid, base)
	args := []string{"-rounds", fmt.Sprint(rounds), "-time", per.String()}
	if only != "" {
		args = append(args, "-only", only)
	}
	b := command(ctx, mod, nil, filepath.Join(mod, "bin", "bench"), append(args, base)...)
	b.Stdout, b.Stderr = os.Stdout, os.Stderr
	fmt.Printf("sigen (this checkout), oapi-codegen %s, ogen %s; %s; %s\n", oapiVersion, ogenVersion,
		time.Now().UTC().Format("2006-01-02"), goVersionString(ctx))
	return b.Run()
}

func command(ctx context.Context, dir string, env []string, name string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, name, args...)
	c.Dir = dir
	c.Env = append(append(os.Environ(), goEnv...), env...)
	return c
}

func goCmd(ctx context.Context, dir string, args ...string) error {
	out, err := command(ctx, dir, nil, "go", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, lastLines(string(out), 30))
	}
	return nil
}

func goVersionString(ctx context.Context) string {
	out, err := command(ctx, ".", nil, "go", "env", "GOVERSION", "GOARCH").Output()
	if err != nil {
		return "go ?"
	}
	return strings.Join(strings.Fields(string(out)), "/")
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// install puts pkg@version into tools/name-version/ with go install, run
// in a throwaway directory outside any module, unless it is there already.
func install(ctx context.Context, tools, name, pkg, version string) (string, error) {
	dir := filepath.Join(tools, name+"-"+version)
	bin := filepath.Join(dir, name)
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() {
		return bin, nil
	}
	tmp, err := os.MkdirTemp("", "sigen-benchruntime-install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	log.Printf("go install %s@%s", pkg, version)
	if out, err := command(ctx, tmp, []string{"GOBIN=" + dir}, "go", "install", pkg+"@"+version).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %w\n%s", pkg, version, err, lastLines(string(out), 20))
	}
	return bin, nil
}

// findSpec locates ogen's GitHub example in the corpus cache or the Go
// module cache.
func findSpec(ogenVersion string) (string, error) {
	rel := filepath.Join("_testdata", "examples", "api.github.com.json")
	cands := []string{
		filepath.Join(corpus.DefaultCache(), "go", "ogen@"+ogenVersion, rel),
		filepath.Join(corpus.GoModCache(), "github.com", "ogen-go", "ogen@"+ogenVersion, rel),
	}
	for _, c := range cands {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	return "", fmt.Errorf("GitHub spec not found (looked in %s); run make corpus CORPUSFLAGS=-fetch-only or pass -spec", strings.Join(cands, ", "))
}

// cutSpec writes the operations of spec tagged issues or git, the
// components they reference (transitively), and an OAuth2
// client-credentials scheme every operation requires.
func cutSpec(spec, out string) error {
	b, err := os.ReadFile(spec)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %w", spec, err)
	}
	paths, _ := doc["paths"].(map[string]any)
	kept := map[string]any{}
	for p, item := range paths {
		ops, _ := item.(map[string]any)
		ni := map[string]any{}
		has := false
		for m, op := range ops {
			o, _ := op.(map[string]any)
			if m == "parameters" || o == nil {
				ni[m] = op
				continue
			}
			if tags, _ := o["tags"].([]any); len(tags) > 0 && (tags[0] == "issues" || tags[0] == "git") {
				ni[m], has = op, true
			}
		}
		if has {
			kept[p] = ni
		}
	}
	doc["paths"] = kept
	comps, _ := doc["components"].(map[string]any)
	if comps == nil {
		comps = map[string]any{}
		doc["components"] = comps
	}
	// Keep the components reachable from the kept paths.
	seen := map[string]bool{}
	todo := refs(kept, nil)
	for len(todo) > 0 {
		r := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[r] {
			continue
		}
		seen[r] = true
		var node any = doc
		for _, part := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
			m, _ := node.(map[string]any)
			node = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(part)]
		}
		todo = refs(node, todo)
	}
	for sec, v := range comps {
		m, _ := v.(map[string]any)
		for name := range m {
			if !seen["#/components/"+sec+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(name)] {
				delete(m, name)
			}
		}
	}
	comps["securitySchemes"] = map[string]any{"oauth2": map[string]any{
		"type": "oauth2",
		"flows": map[string]any{"clientCredentials": map[string]any{
			"tokenUrl": "/token", "scopes": map[string]any{"repo": "Full control of repositories"},
		}},
	}}
	doc["security"] = []any{map[string]any{"oauth2": []any{"repo"}}}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// refs appends the $ref values found in v to acc.
func refs(v any, acc []string) []string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := x[k].(string); ok && k == "$ref" {
				acc = append(acc, s)
			} else {
				acc = refs(x[k], acc)
			}
		}
	case []any:
		for _, e := range x {
			acc = refs(e, acc)
		}
	}
	return acc
}

// copyMod writes the embedded programs into mod.
func copyMod(mod string) error {
	const top = "testdata/mod"
	return fs.WalkDir(modFS, top, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == top {
			return err
		}
		dst := filepath.Join(mod, filepath.FromSlash(strings.TrimPrefix(p, top+"/")))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		src, err := modFS.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		f, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, src); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}
