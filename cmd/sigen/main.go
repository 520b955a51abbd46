// Command sigen generates typed Go clients from OpenAPI specs (3.0, 3.1 and
// Swagger 2.0), bound to the token runtime in
// github.com/sigen-dev/sigen/runtime/auth.
//
// Usage:
//
//	sigen generate [-i spec.yaml -o dir [-p package]] [flags]
//	sigen check    [-i spec.yaml -o dir [-p package]] [flags]
//	sigen version
//
// Without --spec, generate and check read sigen.yaml in the current folder.
// check regenerates in memory and compares with the files on disk.
//
// Exit codes: 0 success; 1 check found stale files; 2 bad usage, a bad spec
// or any other error.
//
// Names: when two spec names give the same Go name, or a name the generated
// package already declares (Client, NewClient, DefaultServerURL, the With...
// options), the later one in sorted order gets a numeric suffix: Pet, Pet2.
// Likewise for a duplicate operationId (a warning; the second operation in
// path order gets the suffix) and for fields and arguments. x-go-name in the
// spec, or renames in sigen.yaml, choose a name instead.
//
// Output: generate writes the package atomically (built in a temporary
// folder beside --out, then swapped in), never touches files it did not
// generate, and deletes only the files it generated that a new run does not
// produce. A run killed half way leaves the previous output, which the next
// run restores if needed.
//
// $refs to http(s) URLs are refused unless --allow-remote-refs is given;
// $refs to files outside the spec's folder are always refused.
//
// In a consumer module:
//
//	//go:generate go tool sigen generate -i ../specs/api.yaml -o . -p api
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sigen-dev/sigen/generator"
	"github.com/sigen-dev/sigen/generator/model"
	"github.com/spf13/pflag"
)

const (
	exitOK    = 0
	exitStale = 1
	exitError = 2
)

func main() {
	if os.Getenv("GOGC") == "" {
		// Generation is a short burst of allocation: trading memory for
		// fewer collections makes it markedly faster.
		debug.SetGCPercent(400)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `sigen generates typed Go clients from OpenAPI specs.

Usage:
  sigen generate [flags]   write client packages
  sigen check [flags]      fail (exit 1) if generated files are stale
  sigen version            print the version

Run 'sigen <command> --help' for a command's flags. Without --spec, generate
and check read sigen.yaml in the current folder.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	switch args[0] {
	case "generate", "check":
		return runGenerate(ctx, args[0], args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "sigen %s\n", generator.Version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "sigen: unknown command %q\n\n%s", args[0], usage)
	return exitError
}

type flags struct {
	spec, out, pkg, config, templates, tokenURL, refreshURL string
	overlays, auth, skip, scopes                            []string
	strict, validate, remote, quiet, verbose, split         bool
	importPath                                              string
	initialisms                                             []string
}

func runGenerate(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	var f flags
	fs := pflag.NewFlagSet("sigen "+cmd, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVarP(&f.spec, "spec", "i", "", "OpenAPI spec `file` (3.0, 3.1 or Swagger 2.0, YAML or JSON)")
	fs.StringVarP(&f.out, "out", "o", "", "output `folder` for the Go package")
	fs.StringVarP(&f.pkg, "package", "p", "", "Go package `name` (default: the output folder's name)")
	fs.StringVar(&f.config, "config", generator.ConfigFile, "config `file` read when --spec is not given")
	fs.StringArrayVar(&f.overlays, "overlay", nil, "OpenAPI Overlay 1.0 `file` applied before generation (repeatable)")
	fs.StringArrayVar(&f.auth, "auth", nil, "bind a bearer scheme to a token `flow`: signicat or signet, optionally flow=SCHEME (repeatable)")
	fs.StringVar(&f.tokenURL, "auth-token-url", "", "token `URL` for --auth bindings (default: the vendor's)")
	fs.StringVar(&f.refreshURL, "auth-refresh-url", "", "refresh `URL` for a --auth signet binding")
	fs.StringSliceVar(&f.scopes, "auth-scopes", nil, "`scopes` for a --auth signicat binding (default signicat-api)")
	fs.StringArrayVar(&f.skip, "skip", nil, "leave out an operation on purpose, by `operationId` or \"METHOD /path\" (repeatable)")
	fs.BoolVar(&f.strict, "strict", false, "treat spec validation problems and repaired defects as errors")
	fs.BoolVar(&f.validate, "validate", false, "generate Validate methods on struct types")
	fs.BoolVar(&f.split, "split-by-tag", false, "put each tag's operations in a sub-package sharing the root package's client and types")
	fs.StringVar(&f.importPath, "import-path", "", "import `path` of the output package (default: from the nearest go.mod; needed by --split-by-tag)")
	fs.StringSliceVar(&f.initialisms, "initialism", nil, "extra `words` written in capitals in Go names, such as OIDC (repeatable)")
	fs.BoolVar(&f.remote, "allow-remote-refs", false, "allow $refs to http(s) URLs (generation then reaches the network)")
	fs.StringVar(&f.templates, "templates", "", "`folder` of templates overriding the embedded ones")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print only errors (check: no diff)")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "print timing per phase")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sigen %s [flags]\n\nFlags:\n%s", cmd, fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		// With ContinueOnError pflag prints nothing itself.
		fmt.Fprintf(stderr, "sigen %s: %v\nRun 'sigen %s --help' for the flags.\n", cmd, err, cmd)
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sigen %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return exitError
	}

	if len(f.auth) == 0 && (f.tokenURL != "" || f.refreshURL != "" || len(f.scopes) > 0) {
		fmt.Fprintf(stderr, "sigen %s: --auth-token-url, --auth-refresh-url and --auth-scopes need --auth\n", cmd)
		return exitError
	}
	var targets []generator.Target
	if f.spec != "" {
		if f.out == "" {
			fmt.Fprintf(stderr, "sigen %s: --out is required with --spec\n", cmd)
			return exitError
		}
		targets = []generator.Target{{Spec: f.spec, Out: f.out, Package: f.pkg}}
	} else {
		if f.out != "" || f.pkg != "" {
			fmt.Fprintf(stderr, "sigen %s: --out and --package need --spec\n", cmd)
			return exitError
		}
		cfg, err := generator.LoadConfig(f.config)
		if err != nil {
			fmt.Fprintf(stderr, "sigen: %v\n", err)
			return exitError
		}
		targets = cfg.Targets
	}
	// Flags override the config.
	var bindings []generator.AuthBinding
	for _, a := range f.auth {
		flow, scheme, _ := strings.Cut(a, "=")
		bindings = append(bindings, generator.AuthBinding{Flow: flow, Scheme: scheme, TokenURL: f.tokenURL, RefreshURL: f.refreshURL, Scopes: f.scopes})
	}
	code := exitOK
	for _, t := range targets {
		t.Overlays = append(t.Overlays, f.overlays...)
		if len(bindings) > 0 {
			t.Auth = bindings
		}
		t.Skip = append(t.Skip, f.skip...)
		t.Strict = t.Strict || f.strict
		t.Validate = t.Validate || f.validate
		t.SplitByTag = t.SplitByTag || f.split
		if f.importPath != "" {
			t.ImportPath = f.importPath
		}
		t.Initialisms = append(t.Initialisms, f.initialisms...)
		t.AllowRemoteRefs = t.AllowRemoteRefs || f.remote
		if f.templates != "" {
			t.Templates = f.templates
		}
		if c := runTarget(ctx, cmd, t, f, stdout, stderr); c > code {
			code = c
		}
	}
	return code
}

func runTarget(ctx context.Context, cmd string, t generator.Target, f flags, stdout, stderr io.Writer) int {
	start := time.Now()
	res, err := generator.Run(ctx, t.Options())
	if err != nil {
		var me *model.Errors
		if errors.As(err, &me) {
			fmt.Fprintf(stderr, "sigen: %d errors in %s:\n", len(me.List), generator.DisplayName(t.Spec))
			for _, e := range me.List {
				fmt.Fprintf(stderr, "  %v\n", e)
			}
		} else {
			fmt.Fprintf(stderr, "sigen: %v\n", err)
		}
		return exitError
	}
	if !f.quiet && len(res.Warnings) > 0 {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "%v\n", w)
		}
		fmt.Fprintf(stderr, "sigen: %d warnings for %s\n", len(res.Warnings), generator.DisplayName(t.Spec))
	}
	if f.verbose {
		s := res.Stats
		fmt.Fprintf(stderr, "sigen: %s: load %v, build %v, emit %v\n", generator.DisplayName(t.Spec),
			s.Load.Round(time.Millisecond), s.Build.Round(time.Millisecond), s.Emit.Round(time.Millisecond))
	}
	out := generator.DisplayName(t.Out)
	if cmd == "check" {
		changes, err := generator.Diff(t.Out, res.Files)
		if err != nil {
			fmt.Fprintf(stderr, "sigen: %v\n", err)
			return exitError
		}
		if len(changes) == 0 {
			return exitOK
		}
		fmt.Fprintf(stderr, "sigen: %s is stale (%d files differ from %s); run sigen generate\n", out, len(changes), generator.DisplayName(t.Spec))
		if !f.quiet {
			for _, c := range changes {
				fmt.Fprint(stdout, generator.UnifiedDiff(path.Join(out, c.Name), c.Old, c.New))
			}
		}
		return exitStale
	}
	changed, err := generator.Write(t.Out, res.Files)
	if err != nil {
		fmt.Fprintf(stderr, "sigen: write %s: %v\n", out, err)
		return exitError
	}
	if !f.quiet {
		verb := "wrote"
		if !changed {
			verb = "unchanged:"
		}
		s := res.Stats
		fmt.Fprintf(stderr, "sigen: %s %d files in %s, operations %d/%d, %d types, %d lines in %.2fs\n",
			verb, s.Files, out, s.Operations, s.OperationsInSpec, s.Types, s.Lines, time.Since(start).Seconds())
	}
	return exitOK
}
