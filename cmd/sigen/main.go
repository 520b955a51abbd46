// Command sigen generates typed Go clients from OpenAPI specs (3.0, 3.1 and
// Swagger 2.0), bound to the token runtime in
// github.com/sigen-dev/sigen/runtime/auth.
//
// Usage:
//
//	sigen generate [-i spec.yaml -o dir [-p package]] [flags]
//	sigen check    [-i spec.yaml -o dir [-p package]] [flags]
//	sigen model    [-i spec.yaml [-o dir] [-p package]] [flags]
//	sigen generate --from-model model.json -o dir
//	sigen version
//
// Without --spec, generate and check read sigen.yaml in the current folder.
// check regenerates in memory and compares with the files on disk.
//
// model prints the resolved model of one client, the input of sigen's Go
// printer, as indented JSON (see the README, "Writing your own back end");
// generate and check with --from-model print such a file instead of
// reading a spec, with the same output as from the spec and the flags the
// model was made with.
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
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"reflect"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sigen-dev/sigen/generator"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/model"
	"github.com/sigen-dev/sigen/generator/resolve"
	"github.com/spf13/pflag"
)

const (
	exitOK    = 0
	exitStale = 1
	exitError = 2
)

func main() {
	if os.Getenv("GOGC") == "" {
		// Generation is a short burst of allocation: fewer collections
		// make it faster, up to the point where the fresh memory a
		// larger heap touches costs more in page faults than the
		// collections saved (on GitHub REST, 200 was ~10 % faster in
		// wall time than 400 and 100 on a 2-core Linux VM).
		debug.SetGCPercent(200)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `sigen generates typed Go clients from OpenAPI specs.

Usage:
  sigen generate [flags]   write client packages
  sigen check [flags]      fail (exit 1) if generated files are stale
  sigen model [flags]      print the resolved model of a client as JSON
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
	case "generate", "check", "model":
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

// flags are the command-line flags that are not generator options (those
// are derived from generator.Target by targetFlags).
type flags struct {
	config, tokenURL, refreshURL string
	fromModel                    string
	auth, scopes                 []string
	quiet, verbose               bool
}

// targetFlags defines a flag for every field of generator.Target with a
// flag tag and returns the Target the flags are parsed into.
func targetFlags(fs *pflag.FlagSet) *generator.Target {
	t := new(generator.Target)
	v := reflect.ValueOf(t).Elem()
	for i := range v.NumField() {
		sf := v.Type().Field(i)
		tag, ok := sf.Tag.Lookup("flag")
		if !ok {
			continue
		}
		parts := strings.Split(tag, ",")
		name, short := parts[0], ""
		if len(parts) > 1 {
			short = parts[1]
		}
		comma := len(parts) > 2 && parts[2] == "comma"
		help := strings.NewReplacer("{", "`", "}", "`").Replace(sf.Tag.Get("help"))
		switch p := v.Field(i).Addr().Interface().(type) {
		case *string:
			fs.StringVarP(p, name, short, "", help)
		case *bool:
			fs.BoolVarP(p, name, short, false, help)
		case *[]string:
			if comma {
				fs.StringSliceVarP(p, name, short, nil, help)
			} else {
				fs.StringArrayVarP(p, name, short, nil, help)
			}
		default:
			panic(fmt.Sprintf("generator.Target.%s: flag of unsupported type %s", sf.Name, sf.Type))
		}
	}
	return t
}

// applyFlags overrides the options of t with the flags parsed into from: a
// non-empty string replaces, a true boolean sets, a list appends. Spec, out
// and package are not applied: they select the target instead.
func applyFlags(t *generator.Target, from *generator.Target) {
	dst, src := reflect.ValueOf(t).Elem(), reflect.ValueOf(from).Elem()
	for i := range dst.NumField() {
		sf := dst.Type().Field(i)
		tag, ok := sf.Tag.Lookup("flag")
		name, _, _ := strings.Cut(tag, ",")
		d, s := dst.Field(i), src.Field(i)
		if !ok || name == "spec" || name == "out" || name == "package" || s.IsZero() {
			continue
		}
		if d.Kind() == reflect.Slice {
			d.Set(reflect.AppendSlice(d, s))
		} else {
			d.Set(s)
		}
	}
}

func runGenerate(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	var f flags
	fs := pflag.NewFlagSet("sigen "+cmd, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	ft := targetFlags(fs)
	fs.StringVar(&f.config, "config", generator.ConfigFile, "config `file` read when --spec is not given")
	fs.StringArrayVar(&f.auth, "auth", nil, "bind a bearer scheme to a token `flow`: "+flows.Names("", "or", nil)+", optionally flow=SCHEME (repeatable)")
	fs.StringVar(&f.tokenURL, "auth-token-url", "", "token `URL` for --auth bindings (default: the vendor's)")
	fs.StringVar(&f.refreshURL, "auth-refresh-url", "", "refresh `URL` for a --auth "+flows.Names("", "or", hasRefresh)+" binding")
	fs.StringSliceVar(&f.scopes, "auth-scopes", nil, "`scopes` for a --auth "+flows.Names("", "or", hasScopes)+" binding"+defaultScopes())
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print only errors (check: no diff)")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "print timing per phase")
	if cmd != "model" {
		fs.StringVar(&f.fromModel, "from-model", "", "print the model `file` written by sigen model instead of reading a spec (with --out, --templates)")
	}
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
	if f.fromModel != "" {
		return runFromModel(cmd, fs, ft, f, stdout, stderr)
	}
	var targets []generator.Target
	if ft.Spec != "" {
		if ft.Out == "" && cmd != "model" {
			fmt.Fprintf(stderr, "sigen %s: --out is required with --spec\n", cmd)
			return exitError
		}
		targets = []generator.Target{{Spec: ft.Spec, Out: ft.Out, Package: ft.Package}}
	} else {
		if ft.Out != "" || ft.Package != "" {
			fmt.Fprintf(stderr, "sigen %s: --out and --package need --spec\n", cmd)
			return exitError
		}
		cfg, err := generator.LoadConfig(f.config)
		if errors.Is(err, iofs.ErrNotExist) && !fs.Changed("config") {
			fmt.Fprintf(stderr, "sigen %s: found no %s in this folder, and no --spec was given\n"+
				"Name the spec and the output folder instead, for example:\n"+
				"  sigen %s -i specs/api.yaml -o ./api [-p api]\n"+
				"or give a config file with --config FILE. Run 'sigen %s --help' for the flags.\n",
				cmd, f.config, cmd, cmd)
			return exitError
		}
		if err != nil {
			fmt.Fprintf(stderr, "sigen: %v\n", err)
			return exitError
		}
		targets = cfg.Targets
		if cmd == "model" && len(targets) != 1 {
			fmt.Fprintf(stderr, "sigen model: %s has %d targets; name one with --spec (and --out, --package)\n", f.config, len(targets))
			return exitError
		}
	}
	// Flags override the config.
	var bindings []generator.AuthBinding
	for _, a := range f.auth {
		flow, scheme, _ := strings.Cut(a, "=")
		bindings = append(bindings, generator.AuthBinding{Flow: flow, Scheme: scheme, TokenURL: f.tokenURL, RefreshURL: f.refreshURL, Scopes: f.scopes})
	}
	code := exitOK
	for _, t := range targets {
		applyFlags(&t, ft)
		if len(bindings) > 0 {
			t.Auth = bindings
		}
		if c := runTarget(ctx, cmd, t, f, stdout, stderr); c > code {
			code = c
		}
	}
	return code
}

// printError prints an error of generation, each spec error on a line.
func printError(stderr io.Writer, spec string, err error) {
	var me *resolve.Errors
	if errors.As(err, &me) {
		fmt.Fprintf(stderr, "sigen: %d errors in %s:\n", len(me.List), generator.DisplayName(spec))
		for _, e := range me.List {
			fmt.Fprintf(stderr, "  %v\n", e)
		}
	} else {
		fmt.Fprintf(stderr, "sigen: %v\n", err)
	}
}

// printWarnings prints the warnings of a spec, unless quiet.
func printWarnings(stderr io.Writer, spec string, warnings []*load.SpecError, quiet bool) {
	if quiet || len(warnings) == 0 {
		return
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "%v\n", w)
	}
	noun := "warnings"
	if len(warnings) == 1 {
		noun = "warning"
	}
	fmt.Fprintf(stderr, "sigen: %d %s for %s\n", len(warnings), noun, generator.DisplayName(spec))
}

// runModel prints the model of t as JSON on stdout.
func runModel(ctx context.Context, t generator.Target, f flags, stdout, stderr io.Writer) int {
	doc, warnings, err := generator.Model(ctx, t.Options())
	if err != nil {
		printError(stderr, t.Spec, err)
		return exitError
	}
	printWarnings(stderr, t.Spec, warnings, f.quiet)
	if err := doc.Encode(stdout); err != nil {
		fmt.Fprintf(stderr, "sigen: %v\n", err)
		return exitError
	}
	return exitOK
}

// runFromModel prints the model file named by --from-model into --out.
// The model settles everything the spec and the other flags would, so
// those are refused.
func runFromModel(cmd string, fs *pflag.FlagSet, ft *generator.Target, f flags, stdout, stderr io.Writer) int {
	var bad []string
	fs.Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "from-model", "out", "templates", "quiet", "verbose":
		default:
			bad = append(bad, "--"+fl.Name)
		}
	})
	if len(bad) > 0 {
		fmt.Fprintf(stderr, "sigen %s: %s cannot be used with --from-model: the model already settles it (pass it to sigen model)\n", cmd, strings.Join(bad, ", "))
		return exitError
	}
	if ft.Out == "" {
		fmt.Fprintf(stderr, "sigen %s: --out is required with --from-model\n", cmd)
		return exitError
	}
	start := time.Now()
	src, err := os.Open(f.fromModel)
	if err != nil {
		fmt.Fprintf(stderr, "sigen: %v\n", err)
		return exitError
	}
	doc, err := model.Decode(src)
	src.Close()
	if err != nil {
		fmt.Fprintf(stderr, "sigen: %s: %v\n", generator.DisplayName(f.fromModel), err)
		return exitError
	}
	files, err := generator.Emit(doc, ft.Templates)
	if err != nil {
		fmt.Fprintf(stderr, "sigen: %s: %v\n", generator.DisplayName(f.fromModel), err)
		return exitError
	}
	lines := 0
	for _, b := range files {
		lines += bytes.Count(b, []byte("\n"))
	}
	summary := fmt.Sprintf("%d files in %s, %d operations, %d types, %d lines", len(files), generator.DisplayName(ft.Out),
		len(doc.API.Operations), len(doc.API.Types), lines)
	return output(cmd, ft.Out, f.fromModel, files, f, stdout, stderr, start, summary)
}

func runTarget(ctx context.Context, cmd string, t generator.Target, f flags, stdout, stderr io.Writer) int {
	if cmd == "model" {
		return runModel(ctx, t, f, stdout, stderr)
	}
	start := time.Now()
	res, err := generator.Run(ctx, t.Options())
	if err != nil {
		printError(stderr, t.Spec, err)
		return exitError
	}
	printWarnings(stderr, t.Spec, res.Warnings, f.quiet)
	if f.verbose {
		s := res.Stats
		fmt.Fprintf(stderr, "sigen: %s: load %v, build %v, emit %v\n", generator.DisplayName(t.Spec),
			s.Load.Round(time.Millisecond), s.Build.Round(time.Millisecond), s.Emit.Round(time.Millisecond))
	}
	s := res.Stats
	summary := fmt.Sprintf("%d files in %s, operations %d/%d, %d types, %d lines",
		s.Files, generator.DisplayName(t.Out), s.Operations, s.OperationsInSpec, s.Types, s.Lines)
	return output(cmd, t.Out, t.Spec, res.Files, f, stdout, stderr, start, summary)
}

// output writes files into the folder out (generate) or compares them with
// it (check); src names what they were generated from.
func output(cmd, dir, src string, files map[string][]byte, f flags, stdout, stderr io.Writer, start time.Time, summary string) int {
	out := generator.DisplayName(dir)
	if cmd == "check" {
		changes, err := generator.Diff(dir, files)
		if err != nil {
			fmt.Fprintf(stderr, "sigen: %v\n", err)
			return exitError
		}
		if len(changes) == 0 {
			return exitOK
		}
		fmt.Fprintf(stderr, "sigen: %s is stale (%d files differ from %s); run sigen generate\n", out, len(changes), generator.DisplayName(src))
		if !f.quiet {
			for _, c := range changes {
				fmt.Fprint(stdout, generator.UnifiedDiff(path.Join(out, c.Name), c.Old, c.New))
			}
		}
		return exitStale
	}
	changed, err := generator.Write(dir, files)
	if err != nil {
		fmt.Fprintf(stderr, "sigen: write %s: %v\n", out, err)
		return exitError
	}
	if !f.quiet {
		verb := "wrote"
		if !changed {
			verb = "unchanged:"
		}
		fmt.Fprintf(stderr, "sigen: %s %s in %.2fs\n", verb, summary, time.Since(start).Seconds())
	}
	return exitOK
}

// hasRefresh keeps the flows with a refresh endpoint.
func hasRefresh(f *flows.Flow) bool { return f.RefreshURL != "" }

// hasScopes keeps the flows that send scopes.
func hasScopes(f *flows.Flow) bool { return len(f.Scopes) > 0 }

// defaultScopes says the default scopes of the flows that send scopes, if
// they agree: " (default signicat-api)".
func defaultScopes() string {
	def := ""
	for _, f := range flows.All {
		if s := strings.Join(f.Scopes, ","); s != "" {
			if def != "" && def != s {
				return ""
			}
			def = s
		}
	}
	if def == "" {
		return ""
	}
	return " (default " + def + ")"
}
