// Package generator turns an OpenAPI spec into the files of a Go client
// package. Run does the whole job in memory and returns the files; Write
// puts them on disk atomically and Check compares them with what is there.
// The sigen command is a thin layer over these three.
package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/sigen-dev/sigen/generator/emit"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/model"
	"github.com/sigen-dev/sigen/generator/naming"
	"github.com/sigen-dev/sigen/generator/resolve"
	"github.com/sigen-dev/sigen/templates"
)

// Version is sigen's version, printed by `sigen version`. It is not written
// into generated files, so releases do not churn them.
const Version = "0.1.0"

// Options say what to generate.
type Options struct {
	// Spec is the path of the spec file.
	Spec string
	// SpecName, if set, is how the spec is named in messages and file
	// headers; it should be relative. By default messages name Spec
	// relative to the working directory (DisplayName) and headers name it
	// as HeaderName does, the same from any working directory.
	SpecName string
	// Package is the Go package name (default: derived from Out).
	Package string
	// Out is the output folder; it is used only to derive the package name.
	Out string
	// Overlays are OpenAPI Overlay 1.0 files applied in order.
	Overlays []string
	// Bindings bind security schemes to token flows.
	Bindings []resolve.Binding
	// AllowRemoteRefs permits $refs to http(s) URLs.
	AllowRemoteRefs bool
	// Strict makes every spec warning an error, validation problems and
	// repaired defects included, except the notes that the spec declares
	// no security scheme and that a binding added one.
	Strict bool
	// Validate adds Validate methods to generated struct types.
	Validate bool
	// Templates is a folder whose templates override the embedded ones.
	Templates string
	// SplitByTag puts each tag's operations in a sub-package of Out that
	// shares the root package's client core and types.
	SplitByTag bool
	// ImportPath is the output package's import path; it is needed with
	// SplitByTag and found from the nearest go.mod above Out when empty.
	ImportPath string
	// TypeMappings, Renames and Skip: see resolve.Config.
	TypeMappings map[string]string
	Renames      map[string]string
	Skip         []string
	// Initialisms are extra words written in capitals in Go names.
	Initialisms []string
}

// Stats describe one generation.
type Stats struct {
	OperationsInSpec int
	Operations       int
	Types            int
	Files            int
	Lines            int
	Load, Build      time.Duration
	Emit, Total      time.Duration
}

// Result is the output of Run.
type Result struct {
	// Files maps file names (relative to the output folder, slash-separated)
	// to their contents.
	Files map[string][]byte
	// Warnings are sorted and free of duplicates.
	Warnings []*load.SpecError
	Stats    Stats
}

// Run generates a client package in memory.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	fe, err := front(ctx, opts)
	if err != nil {
		return nil, err
	}
	built := time.Now()
	files, err := emitGo(fe.doc)
	if err != nil {
		<-fe.verr
		var ferr *emit.FormatError
		if errors.As(err, &ferr) && ferr.Pointer != "" {
			// Name the spec element whose code did not parse.
			return nil, fmt.Errorf("%s: %w", fe.spec.Pos(ferr.Pointer), err)
		}
		return nil, fmt.Errorf("%s: %w", fe.name, err)
	}
	if files["doc.go"], err = renderDoc(fe.doc.API, fe.doc.Package, opts.Templates); err != nil {
		<-fe.verr
		return nil, err
	}
	warnings, err := fe.finish(opts.Strict)
	if err != nil {
		return nil, err
	}
	api := fe.doc.API
	res := &Result{Files: files, Warnings: warnings}
	res.Stats = Stats{
		OperationsInSpec: countOperations(fe.spec),
		Operations:       len(api.Operations),
		Types:            len(api.Types),
		Files:            len(files),
		Load:             fe.loaded.Sub(start),
		Build:            built.Sub(fe.loaded),
		Emit:             time.Since(built),
		Total:            time.Since(start),
	}
	for _, b := range files {
		res.Stats.Lines += bytes.Count(b, []byte("\n"))
	}
	if skipped := res.Stats.OperationsInSpec - len(opts.Skip); res.Stats.Operations < skipped {
		return nil, fmt.Errorf("%s: generated %d of %d operations", fe.name, res.Stats.Operations, res.Stats.OperationsInSpec)
	}
	return res, nil
}

// Model builds the model Run would print for opts, with the spec's
// warnings: what `sigen model` writes and Emit reads.
func Model(ctx context.Context, opts Options) (*model.Document, []*load.SpecError, error) {
	fe, err := front(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	warnings, err := fe.finish(opts.Strict)
	if err != nil {
		return nil, nil, err
	}
	return fe.doc, warnings, nil
}

// Emit renders a model as Run does, keyed by file name; templates, if set,
// is a folder whose templates override the embedded ones.
func Emit(doc *model.Document, templates string) (map[string][]byte, error) {
	if !isIdent(doc.Package) {
		return nil, fmt.Errorf("package name %q is not a valid Go identifier", doc.Package)
	}
	files, err := emitGo(doc)
	if err != nil {
		return nil, fmt.Errorf("emit: %w", err)
	}
	if files["doc.go"], err = renderDoc(doc.API, doc.Package, templates); err != nil {
		return nil, err
	}
	return files, nil
}

// emitGo renders the Go files of doc but doc.go.
func emitGo(doc *model.Document) (map[string][]byte, error) {
	return emit.Files(doc.API, emit.Options{Package: doc.Package, Validate: doc.Validate, SplitByTag: doc.SplitByTag, ImportPath: doc.ImportPath})
}

// frontEnd is the loaded spec and its model, with validation still
// running beside what comes next.
type frontEnd struct {
	name   string // the spec's display name
	spec   *load.Spec
	doc    *model.Document
	diag   *load.Diagnostics
	notes  *load.Diagnostics
	vdiag  *load.Diagnostics
	verr   chan error
	loaded time.Time
}

// front loads the spec, binds the flows and builds the model. Validation
// of the spec runs on; finish waits for it.
func front(ctx context.Context, opts Options) (*frontEnd, error) {
	name := opts.SpecName
	if name == "" {
		name = DisplayName(opts.Spec)
	}
	pkg := opts.Package
	if pkg == "" {
		base := "api"
		if opts.Out != "" {
			base = filepath.Base(filepath.Clean(opts.Out))
		}
		pkg = naming.Package(base)
	}
	if !isIdent(pkg) {
		return nil, fmt.Errorf("package name %q is not a valid Go identifier", pkg)
	}
	diag := &load.Diagnostics{}
	var overlays []load.Overlay
	for _, o := range opts.Overlays {
		ov, err := load.ReadOverlay(o, DisplayName(o))
		if err != nil {
			return nil, err
		}
		overlays = append(overlays, ov)
	}
	spec, err := load.File(ctx, opts.Spec, load.Options{
		DisplayName:     name,
		AllowRemoteRefs: opts.AllowRemoteRefs,
		Overlays:        overlays,
		Diag:            diag,
	})
	if err != nil {
		return nil, err
	}
	if err := refuseRepairs(opts.Strict, diag); err != nil {
		return nil, err
	}
	// Notes describe what sigen did or suggests rather than problems of
	// the spec: --strict leaves them warnings.
	notes := &load.Diagnostics{}
	noSecurityNote(spec, opts.Bindings, notes)
	fe := &frontEnd{name: name, spec: spec, diag: diag, notes: notes, vdiag: &load.Diagnostics{}, verr: make(chan error, 1), loaded: time.Now()}
	// Validation only reads the document: it runs beside model building
	// and emission, and its warnings are merged at the end.
	go func() { fe.verr <- spec.Validate(ctx, opts.Strict, fe.vdiag) }()
	api, err := resolve.Build(spec, resolve.Config{TypeMappings: opts.TypeMappings, Renames: opts.Renames, Skip: opts.Skip, Initialisms: opts.Initialisms, Bindings: opts.Bindings, Notes: notes}, diag)
	if err == nil {
		err = refuseRepairs(opts.Strict, diag)
	}
	if err != nil {
		<-fe.verr
		return nil, err
	}
	if opts.SpecName == "" {
		api.SpecFile = HeaderName(opts.Spec, opts.Out)
	}
	if opts.SplitByTag {
		resolve.Layout(api, pkg, true)
	}
	importPath := opts.ImportPath
	if opts.SplitByTag && importPath == "" {
		if importPath, err = findImportPath(opts.Out); err != nil {
			<-fe.verr
			return nil, fmt.Errorf("split by tag: %w (or set the import path)", err)
		}
	}
	fe.doc = &model.Document{Version: model.FormatVersion, Package: pkg, ImportPath: importPath, Validate: opts.Validate, SplitByTag: opts.SplitByTag, API: api}
	return fe, nil
}

// finish waits for validation and returns every warning, sorted; with
// strict set, a warning that is not a note is an error.
func (fe *frontEnd) finish(strict bool) ([]*load.SpecError, error) {
	if err := <-fe.verr; err != nil {
		return nil, err
	}
	diag := fe.diag
	diag.Warnings = append(diag.Warnings, fe.vdiag.Warnings...)
	if strict {
		if err := strictError(diag.Sorted()); err != nil {
			return nil, err
		}
	}
	diag.Warnings = append(diag.Warnings, fe.notes.Warnings...)
	return diag.Sorted(), nil
}

// refuseRepairs returns, when strict is set, the first repair recorded in
// diag as an error.
func refuseRepairs(strict bool, diag *load.Diagnostics) error {
	if !strict {
		return nil
	}
	if rs := diag.Repairs(); len(rs) > 0 {
		return &load.SpecError{Pos: rs[0].Pos, Msg: "spec needs a repair (--strict)", Err: errors.New(rs[0].Msg)}
	}
	return nil
}

func countOperations(spec *load.Spec) int {
	n := 0
	if spec.Doc.Paths == nil {
		return 0
	}
	for _, item := range spec.Doc.Paths.Map() {
		if item != nil {
			n += len(item.Operations())
		}
	}
	return n
}

func isIdent(s string) bool {
	return s != "" && naming.Package(s) == s
}

// DisplayName returns path relative to the working directory when it lies
// below it, else its base name: never an absolute path.
func DisplayName(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.ToSlash(filepath.Clean(path))
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(path)
}

// HeaderName returns how the files generated into out name the spec at
// path in their header ("Code generated by sigen from specs/x.yaml"): its
// path relative to the root of the Go module that contains out (the folder
// of the nearest go.mod at or above it), with forward slashes, or its base
// name when out lies in no module. It depends neither on the working
// directory nor on how the two paths are written, so a run from the module
// root and a //go:generate run in the package folder write the same bytes.
// An empty out is the working directory.
func HeaderName(path, out string) string {
	if out == "" {
		out = "."
	}
	spec, err1 := absReal(path)
	dir, err2 := absReal(out)
	if err1 != nil || err2 != nil {
		return filepath.Base(path)
	}
	root, ok := moduleRoot(dir)
	if !ok {
		return filepath.Base(spec)
	}
	rel, err := filepath.Rel(root, spec)
	if err != nil {
		return filepath.Base(spec)
	}
	return filepath.ToSlash(rel)
}

// absReal returns path made absolute, with symbolic links resolved in as
// much of it as exists (the output folder may not exist yet).
func absReal(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var rest []string
	for d := abs; ; d = filepath.Dir(d) {
		if real, err := filepath.EvalSymlinks(d); err == nil {
			for i := len(rest) - 1; i >= 0; i-- {
				real = filepath.Join(real, rest[i])
			}
			return real, nil
		}
		if filepath.Dir(d) == d {
			return abs, nil
		}
		rest = append(rest, filepath.Base(d))
	}
}

// moduleRoot returns the folder of the nearest go.mod at or above dir.
func moduleRoot(dir string) (string, bool) {
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && st.Mode().IsRegular() {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// renderDoc renders doc.go from the doc.go.tmpl template.
func renderDoc(api *model.API, pkg, dir string) ([]byte, error) {
	var fsys fs.FS = templates.FS
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	src, err := fs.ReadFile(fsys, "doc.go.tmpl")
	if err != nil {
		return nil, fmt.Errorf("read template doc.go.tmpl: %w", err)
	}
	t, err := template.New("doc.go.tmpl").Funcs(template.FuncMap{
		"comment": func(s string) string {
			var b strings.Builder
			for i, line := range strings.Split(strings.TrimSpace(commentSafe(s)), "\n") {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(strings.TrimRight("// "+strings.ReplaceAll(line, "*/", "* /"), " "))
			}
			return b.String()
		},
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("parse template doc.go.tmpl: %w", err)
	}
	data := docData(api, pkg)
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render doc.go.tmpl: %w", err)
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("doc.go.tmpl does not render valid Go: %w", err)
	}
	return out, nil
}

type docInfo struct {
	Header, Package, Title, Version, Spec, Description string
	Schemes                                            []string
	EnvVars                                            string
	ExampleOption                                      string
	// Tokens is set when a scheme is bound to a token flow: only then do
	// the docs speak of token caching, refresh and the retry on 401.
	Tokens bool
}

func docData(api *model.API, pkg string) docInfo {
	d := docInfo{
		Header:      emit.Header(api.SpecFile),
		Package:     pkg,
		Title:       oneLine(api.Title),
		Version:     oneLine(api.Version),
		Spec:        oneLine(api.SpecFile),
		Description: api.Description,
	}
	if d.Title == "" {
		d.Title = "an HTTP API"
	}
	d.Tokens = api.TokenFlow()
	for _, s := range api.Schemes {
		switch s.Kind {
		case model.SchemeClientCredentials:
			d.Schemes = append(d.Schemes, fmt.Sprintf("%s: OAuth2 client credentials (token URL %s, scopes %q): use WithClientCredentials.", s.Name, s.TokenURL, strings.Join(s.Scopes, " ")))
			if d.ExampleOption == "" {
				d.ExampleOption = `WithClientCredentials(clientID, clientSecret)`
			}
		case model.SchemeFlow:
			fl := flows.Lookup(s.Vendor)
			if fl == nil || fl.Runtime == nil {
				continue
			}
			r := fl.Runtime
			d.Schemes = append(d.Schemes, fmt.Sprintf("%s: %s: use %s.", s.Name, r.Describe(s.TokenURL, s.RefreshURL), r.Option))
			if d.ExampleOption == "" {
				d.ExampleOption = r.Option + "(" + r.Params[0] + ", " + r.Params[1] + ")"
			}
		case model.SchemeBearer:
			d.Schemes = append(d.Schemes, s.Name+": a bearer token: use WithBearerToken.")
		case model.SchemeAPIKey:
			d.Schemes = append(d.Schemes, fmt.Sprintf("%s: an API key in the %s %q: use WithAPIKey.", s.Name, s.In, s.ParamName))
		case model.SchemeBasic:
			d.Schemes = append(d.Schemes, s.Name+": HTTP Basic: use WithBasicAuth.")
		}
	}
	for i, s := range d.Schemes {
		// Scheme names and URLs come from the spec: keep each on its line.
		d.Schemes[i] = oneLine(s)
	}
	d.EnvVars = strings.Join(api.EnvVars(), ", or ")
	return d
}

// oneLine makes spec text safe for one comment line.
func oneLine(s string) string { return strings.Join(strings.Fields(commentSafe(s)), " ") }

// commentSafe replaces what Go source cannot hold in a comment: control
// characters other than newline and tab, and byte order marks. Line and
// paragraph separators become spaces too.
func commentSafe(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\ufeff':
			return ' '
		}
		return r
	}, s)
}

// findImportPath derives the import path of the folder dir from the nearest
// go.mod above it.
func findImportPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
					rel, err := filepath.Rel(d, abs)
					if err != nil {
						return "", err
					}
					mod := strings.Trim(f[1], `"`)
					if rel == "." {
						return mod, nil
					}
					return mod + "/" + filepath.ToSlash(rel), nil
				}
			}
			return "", fmt.Errorf("%s has no module line", filepath.Join(d, "go.mod"))
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", DisplayName(dir))
		}
	}
}
