// Command benchpeers compares sigen with its peers, oapi-codegen and ogen, on
// specs of the real-world corpus (make bench-peers).
//
// Usage (from the checkout root):
//
//	go run ./internal/cmd/benchpeers [flags]
//
// The peers are never dependencies of this module: they are installed at
// pinned versions with `GOBIN=DIR go install pkg@version`, run from a
// throwaway directory outside any module (GOFLAGS= GOWORK=off), into a temp
// dir (or -tools DIR, which keeps them between runs). sigen is built from
// this checkout with `go build ./cmd/sigen`.
//
// For each spec (-only; specs are read from the corpus cache, see
// internal/corpus.Locate; nothing is fetched) each generator runs -n times,
// in rounds (sigen, oapi-codegen, ogen, sigen, ...) so that a change of load
// on a shared machine affects all of them alike:
//
//	sigen generate --quiet --spec SPEC --out OUT --package x
//	oapi-codegen -generate types,client -package x -o OUT/x.go SPEC
//	ogen --config CLIENT.yml --target OUT --clean --package x SPEC
//
// ogen runs with a config that turns off its server, OpenTelemetry and
// stub-handler features (paths/server, webhooks/server, ogen/otel,
// ogen/unimplemented), so that all three generate a client only. When a peer
// fails on a spec with these settings, the failure is reported and the peer
// is run again with the setting its error message asks for, marked with a
// '+': oapi-codegen+ with output-options.resolve-type-name-collisions: true,
// ogen+ with generator.ignore_not_implemented: ["all"] (which leaves out the
// operations it cannot generate). The ratios use the strict run when it
// succeeded, else the '+' run.
//
// Measured per run: wall time, and CPU time (user+sys) and peak RSS of the
// generator process. The table shows the median of the -n runs (min..max of
// wall in brackets). Output size is the number of lines (newline count) and
// files of the *.go files written.
//
// With -build, each generator's output (of its last run) becomes a scratch
// module (go mod tidy; sigen's output requires this checkout through a
// replace), its dependencies are compiled once untimed, and then
// `go build ./...` is timed -build-n times; before each timed build a
// comment with a fresh number is appended to one generated file so that the
// generated package is compiled afresh while everything else comes from the
// build cache. Build CPU is user+sys of the go command and all its children
// (compile, asm); build peak RSS is the ru_maxrss that wait4 reports for the
// go command, which on Linux is the largest resident set of any single
// process of the tree (in practice the compiler), not the sum. Every
// measured command runs under a small copy of this binary (wrapper mode),
// because os/exec's vfork would otherwise charge this process's own
// high-water mark to the child's ru_maxrss. go mod tidy reaches the Go
// module proxy for the peers' runtime libraries.
//
// It prints a table, then per spec the ratios of the faster peer (by median
// wall time) to sigen, and exits 0 whatever the results; 2 on bad usage or
// when sigen cannot be built.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/sigen-dev/sigen/internal/corpus"
)

type options struct {
	only        []string
	n           int
	build       bool
	buildN      int
	cache       string
	tools       string
	keep        string
	oapiVersion string
	ogenVersion string
	verbose     bool
}

// defaultSpecs: the reference spec and a few mid-size ones.
const defaultSpecs = "github-rest-2022,superset,telegram-bot-api,azure-apimanagement"

func main() {
	maybeWrapper()
	log.SetFlags(0)
	log.SetPrefix("benchpeers: ")
	var o options
	var only string
	flag.StringVar(&only, "only", defaultSpecs, "comma-separated corpus spec `names` (internal/corpus/corpus.tsv)")
	flag.IntVar(&o.n, "n", 3, "generation runs per generator and spec (the median is reported)")
	flag.BoolVar(&o.build, "build", false, "also go build each generator's output and measure time, CPU and peak RSS")
	flag.IntVar(&o.buildN, "build-n", 1, "timed builds per output with -build (the median is reported)")
	flag.StringVar(&o.cache, "cache", corpus.DefaultCache(), "corpus cache `dir` ($SIGEN_CORPUS, else ~/.cache/sigen-corpus)")
	flag.StringVar(&o.tools, "tools", "", "install the peers into `dir` and reuse them from there (default: a temp dir, removed)")
	flag.StringVar(&o.keep, "keep", "", "write outputs and scratch modules to `dir` and keep them (default: a temp dir, removed)")
	flag.StringVar(&o.oapiVersion, "oapi-codegen", "v2.8.0", "oapi-codegen `version` (github.com/oapi-codegen/oapi-codegen/v2)")
	flag.StringVar(&o.ogenVersion, "ogen", "v1.24.0", "ogen `version` (github.com/ogen-go/ogen)")
	flag.BoolVar(&o.verbose, "v", false, "print every command")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/cmd/benchpeers [flags]\n\n"+
			"Times sigen, oapi-codegen and ogen on corpus specs and prints a table.\n\nFlags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || o.n < 1 || o.buildN < 1 {
		flag.Usage()
		os.Exit(2)
	}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			o.only = append(o.only, n)
		}
	}
	if len(o.only) == 0 {
		log.Print("-only: no spec names")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, o)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, o options) int {
	all, err := corpus.Default()
	if err != nil {
		log.Print(err)
		return 2
	}
	specs, err := corpus.Select(all, "all", o.only)
	if err != nil {
		log.Print(err)
		return 2
	}
	root, err := checkoutRoot()
	if err != nil {
		log.Print(err)
		return 2
	}
	work := o.keep
	if work == "" {
		if work, err = os.MkdirTemp("", "sigen-benchpeers-"); err != nil {
			log.Print(err)
			return 2
		}
		defer os.RemoveAll(work)
	} else if work, err = filepath.Abs(work); err != nil {
		log.Print(err)
		return 2
	}
	tools := o.tools
	if tools == "" {
		tools = filepath.Join(work, "tools")
	} else if tools, err = filepath.Abs(tools); err != nil {
		log.Print(err)
		return 2
	}
	h := &harness{o: o, root: root, work: work}

	sigen, err := h.buildSigen(ctx, filepath.Join(work, "bin"))
	if err != nil {
		log.Printf("build sigen: %v", err)
		return 2
	}
	gens := []*generator{newSigen(sigen)}
	oapi, oapiErr := h.install(ctx, tools, "oapi-codegen", "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", o.oapiVersion)
	gens = append(gens, newOapiCodegen(oapi, o.oapiVersion, oapiErr))
	ogen, ogenErr := h.install(ctx, tools, "ogen", "github.com/ogen-go/ogen/cmd/ogen", o.ogenVersion)
	gens = append(gens, newOgen(ogen, o.ogenVersion, ogenErr))

	var results []*specResult
	for _, sp := range specs {
		if ctx.Err() != nil {
			break
		}
		results = append(results, h.runSpec(ctx, sp, gens))
	}
	printReport(os.Stdout, o, results)
	return 0
}

// checkoutRoot finds the directory of go.mod upwards from the working
// directory.
func checkoutRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if strings.Contains(string(b), "module "+modulePath+"\n") {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("not inside the %s checkout", modulePath)
		}
		dir = parent
	}
}

const modulePath = "github.com/sigen-dev/sigen"
