// Command corpus runs sigen against a pinned corpus of real-world OpenAPI
// specs and checks that the generated clients build and vet (make corpus).
//
// Usage (from the checkout root):
//
//	go run ./internal/cmd/corpus [flags]
//
// The specs are listed in internal/corpus/corpus.tsv (embedded; -list reads
// another file). They are fetched at pinned versions into a cache outside the
// repository: Go modules with `go mod download -json` (verified by the Go
// checksum database; files are read in place from the module cache), npm
// packages with `npm pack` (verified against the sha256 in the list, then
// the spec files are extracted). A warm cache costs no network and no child
// process.
//
// For each spec the harness runs
//
//	sigen generate --spec FILE --out SCRATCH/NAME/NAME --package PKG
//
// with a sigen built once from this checkout (or -sigen), then `go build ./...`
// and `go vet ./...` in SCRATCH/NAME, a module that requires
// github.com/sigen-dev/sigen replaced by this checkout, so the output is
// compiled against this checkout's runtime. It prints one table row per spec
// and the line "N/M specs generate+build+vet", and exits 1 if any spec's
// result differs from its expect column (2 on bad usage or a failed fetch).
//
// Build peak memory is the ru_maxrss that wait4 reports for the go command:
// on Linux that is the largest resident set of the go command and every
// descendant it waited for (compile, asm, link), i.e. the largest single
// process of the tree, not the sum of processes running at once. The go
// command runs under a small copy of this binary (wrapper mode, see
// rusage.go), because os/exec's vfork would otherwise charge this harness's
// own memory to the child.
// Build time is the wall time of `go build ./...`; the scratch module path
// carries a per-run nonce, so the generated package is always compiled afresh
// while the standard library and this checkout's runtime come from the
// shared build cache.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sigen-dev/sigen/internal/corpus"
)

const modulePath = "github.com/sigen-dev/sigen"

type options struct {
	only      []string
	set       string
	cache     string
	keep      string
	jobs      int
	timeout   time.Duration
	sigen     string
	list      string
	fetchOnly bool
	verbose   bool
}

func main() {
	maybeWrapper()
	log.SetFlags(0)
	log.SetPrefix("corpus: ")
	var o options
	var only string
	defCache := os.Getenv("SIGEN_CORPUS")
	if defCache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			defCache = filepath.Join(home, ".cache", "sigen-corpus")
		}
	}
	flag.StringVar(&only, "only", "", "comma-separated spec `names` to run (default: all in -set)")
	flag.StringVar(&o.set, "set", "all", "which specs: real, edge or all")
	flag.StringVar(&o.cache, "cache", defCache, "cache `dir` for fetched specs ($SIGEN_CORPUS, else ~/.cache/sigen-corpus)")
	flag.StringVar(&o.keep, "keep", "", "write scratch modules to `dir` and keep them (default: a temp dir, removed)")
	flag.IntVar(&o.jobs, "j", 1, "specs to run in parallel")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "time limit per spec (generate+build+vet)")
	flag.StringVar(&o.sigen, "sigen", "", "use this sigen `binary` instead of building ./cmd/sigen")
	flag.StringVar(&o.list, "list", "", "read the spec list from `file` instead of the embedded internal/corpus/corpus.tsv")
	flag.BoolVar(&o.fetchOnly, "fetch-only", false, "fetch the specs into the cache, print where they are, and exit")
	flag.BoolVar(&o.verbose, "v", false, "print each step and sigen's summary line")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/cmd/corpus [flags]\n\n"+
			"Runs sigen generate, go build and go vet on the pinned OpenAPI corpus.\n\nFlags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if only != "" {
		for _, n := range strings.Split(only, ",") {
			if n = strings.TrimSpace(n); n != "" {
				o.only = append(o.only, n)
			}
		}
	}
	if o.jobs < 1 {
		log.Printf("-j %d: want at least 1", o.jobs)
		os.Exit(2)
	}
	if o.cache == "" {
		log.Print("no cache directory: set -cache or $SIGEN_CORPUS")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, o)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, o options) int {
	root, err := checkoutRoot()
	if err != nil {
		log.Print(err)
		return 2
	}
	var all []corpus.Spec
	if o.list != "" {
		fh, err := os.Open(o.list)
		if err != nil {
			log.Print(err)
			return 2
		}
		all, err = corpus.Parse(fh, o.list)
		fh.Close()
		if err != nil {
			log.Print(err)
			return 2
		}
	} else if all, err = corpus.Default(); err != nil {
		log.Print(err)
		return 2
	}
	specs, err := corpus.Select(all, o.set, o.only)
	if err != nil {
		log.Print(err)
		return 2
	}
	if len(specs) == 0 {
		log.Print("no specs selected")
		return 2
	}
	cache, err := filepath.Abs(o.cache)
	if err == nil {
		err = os.MkdirAll(filepath.Join(cache, "npm"), 0o755)
	}
	if err != nil {
		log.Print(err)
		return 2
	}

	// 1. Fetch.
	f := &fetcher{cache: cache, log: log.Printf}
	start := time.Now()
	errs := f.fetchAll(ctx, sources(specs))
	fetchTime := time.Since(start)
	for _, e := range errs {
		log.Print(e)
	}
	if o.fetchOnly {
		for _, sp := range specs {
			if p, err := f.specFile(sp); err == nil {
				fmt.Printf("%s\t%s\t%s\n", sp.Set, sp.Name, p)
			}
		}
		log.Printf("fetched %d specs from %d packages in %s (cache %s)", len(specs), len(sources(specs)), corpus.FormatDuration(fetchTime), cache)
		if len(errs) > 0 {
			return 2
		}
		return 0
	}
	if len(errs) > 0 {
		log.Printf("fetch failed; the specs of those packages are reported as %s", corpus.FetchError)
	}
	if o.verbose {
		log.Printf("fetch: %s", corpus.FormatDuration(fetchTime))
	}

	// 2. Build sigen once.
	tmp, err := os.MkdirTemp("", "sigen-corpus-")
	if err != nil {
		log.Print(err)
		return 2
	}
	defer os.RemoveAll(tmp)
	sigen := o.sigen
	if sigen == "" {
		sigen = filepath.Join(tmp, "sigen")
		if runtime.GOOS == "windows" {
			sigen += ".exe"
		}
		cmd := exec.CommandContext(ctx, "go", "build", "-o", sigen, "./cmd/sigen")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			log.Printf("go build ./cmd/sigen: %v\n%s(use -sigen to test with another binary)", err, out)
			return 2
		}
	} else if sigen, err = filepath.Abs(sigen); err != nil {
		log.Print(err)
		return 2
	}

	// 3. Run the specs.
	work := filepath.Join(tmp, "work")
	if o.keep != "" {
		if work, err = filepath.Abs(o.keep); err != nil {
			log.Print(err)
			return 2
		}
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		log.Print(err)
		return 2
	}
	r := &runner{
		root:    root,
		sigen:   sigen,
		work:    work,
		nonce:   nonce(),
		timeout: o.timeout,
		verbose: o.verbose,
		fetch:   f,
		fetchErrs: func(sp corpus.Spec) error {
			return errs[string(sp.Registry)+" "+sp.Source()]
		},
	}
	results := make([]corpus.Result, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range o.jobs {
		wg.Go(func() {
			for i := range next {
				res := r.run(ctx, specs[i])
				mu.Lock()
				results[i] = res
				done++
				log.Printf("[%d/%d] %s: %s", done, len(specs), specs[i].Name, res.ResultText())
				mu.Unlock()
			}
		})
	}
	for i := range specs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		log.Print("interrupted")
		return 2
	}

	// 4. Report.
	rows := make([][]string, len(results))
	for i, res := range results {
		rows[i] = res.Row()
	}
	fmt.Print(corpus.Table(rows))
	printDiagnostics(os.Stdout, results)
	line, unexpected := corpus.Summary(results)
	fmt.Println(line)
	if o.keep != "" {
		log.Printf("outputs kept in %s", work)
	}
	if unexpected {
		return 1
	}
	return 0
}

// printDiagnostics prints the first lines of the error of every spec whose
// result differs from its expectation.
func printDiagnostics(w io.Writer, results []corpus.Result) {
	for _, res := range results {
		if ok, _ := res.Matches(); ok || res.Diagnostic == "" {
			continue
		}
		lines := strings.Split(res.Diagnostic, "\n")
		const maxLines = 15
		if len(lines) > maxLines {
			lines = append(lines[:maxLines], fmt.Sprintf("... (%d more lines)", len(lines)-maxLines))
		}
		fmt.Fprintf(w, "\n--- %s (%s):\n    %s\n", res.Spec.Name, res.Outcome, strings.Join(lines, "\n    "))
	}
	fmt.Fprintln(w)
}

// checkoutRoot finds the directory of sigen's go.mod at or above the working
// directory.
func checkoutRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modLine(string(b)) == modulePath {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside a checkout of " + modulePath + " (run from the repository)")
		}
		dir = parent
	}
}

// modLine returns the module path declared in a go.mod file.
func modLine(gomod string) string {
	for _, l := range strings.Split(gomod, "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

func nonce() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}
