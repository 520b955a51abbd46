// Command apicheck compares the exported API of the runtime packages with
// the files under api/ that record it (make api-check), or rewrites those
// files (make api-update).
//
// Usage (from the checkout root):
//
//	go run ./internal/cmd/apicheck [-w] [-dir api] [packages]
//
// Each package's API is one file, api/<path>.txt, where <path> is the
// import path below the module with "/" turned into "_" (api/runtime_auth.txt
// for runtime/auth). It holds one line per exported identifier, field and
// method, sorted, in the style of the Go project's own api/ files:
//
//	pkg github.com/sigen-dev/sigen/runtime/auth, func NewCache(string, GrantFunc, Options) (*Cache, error)
//	pkg github.com/sigen-dev/sigen/runtime/auth, method (*Cache) Key() string
//	pkg github.com/sigen-dev/sigen/runtime/auth, type Options struct, Clock Clock
//
// Without -w, apicheck prints every line that is in the code but not in the
// files (+) or in the files but not in the code (-), and exits with status
// 1 if there is any. Packages default to every package under runtime/.
// Their types come from the export data `go list -export` leaves in the
// build cache.
package main

import (
	"flag"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// module is the import path the api/ file names are relative to.
const module = "github.com/sigen-dev/sigen"

func main() {
	write := flag.Bool("w", false, "rewrite the api/ files from the code instead of comparing")
	dir := flag.String("dir", "api", "directory of the api files")
	flag.Parse()
	if err := run(os.Stdout, *dir, *write, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, dir string, write bool, paths []string) error {
	pattern := paths
	if len(pattern) == 0 {
		pattern = []string{module + "/runtime/..."}
	}
	all := len(paths) == 0
	imp, targets, err := exportImporter(pattern)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = targets
	}
	failed := false
	for _, path := range paths {
		pkg, err := imp.Import(path)
		if err != nil {
			return fmt.Errorf("type-check %s: %w", path, err)
		}
		got := Features(pkg)
		file := filepath.Join(dir, FileName(path))
		if write {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(file, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
				return err
			}
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(out, "%s: %v (run make api-update to record the API of %s)\n", file, err, path)
			failed = true
			continue
		}
		added, removed := Diff(strings.Split(strings.TrimRight(string(data), "\n"), "\n"), got)
		for _, l := range removed {
			fmt.Fprintf(out, "%s: - %s\n", file, l)
		}
		for _, l := range added {
			fmt.Fprintf(out, "%s: + %s\n", file, l)
		}
		if len(added)+len(removed) > 0 {
			failed = true
		}
	}
	if !write {
		// A file for a package that no longer exists is a removed API too.
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		want := map[string]bool{}
		for _, p := range paths {
			want[filepath.Join(dir, FileName(p))] = true
		}
		for _, f := range files {
			if !want[f] && all {
				fmt.Fprintf(out, "%s: records a package that does not exist\n", f)
				failed = true
			}
		}
	}
	if failed {
		return fmt.Errorf("the exported API differs from %s/: review the change, then run make api-update and commit the files with it", dir)
	}
	return nil
}

// exportImporter type-checks nothing itself: it asks `go list -export` to
// compile the packages matching pattern and their dependencies (from the
// build cache when it can) and imports their export data. It returns the
// import paths pattern matched.
func exportImporter(pattern []string) (types.Importer, []string, error) {
	args := append([]string{"list", "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}} {{.Export}} {{.DepOnly}}{{end}}"}, pattern...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return nil, nil, fmt.Errorf("go list: %w\n%s", err, ee.Stderr)
		}
		return nil, nil, fmt.Errorf("go list: %w", err)
	}
	exports := map[string]string{}
	var targets []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		exports[f[0]] = f[1]
		if f[2] == "false" {
			targets = append(targets, f[0])
		}
	}
	lookup := func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", lookup), targets, nil
}

// FileName is the api/ file name of the package at path.
func FileName(path string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
	if rel == "" {
		rel = "root"
	}
	return strings.ReplaceAll(rel, "/", "_") + ".txt"
}

// Diff returns the lines of got missing from want (added) and of want
// missing from got (removed), each sorted.
func Diff(want, got []string) (added, removed []string) {
	w := map[string]bool{}
	for _, l := range want {
		if l != "" {
			w[l] = true
		}
	}
	g := map[string]bool{}
	for _, l := range got {
		g[l] = true
		if !w[l] {
			added = append(added, l)
		}
	}
	for l := range w {
		if !g[l] {
			removed = append(removed, l)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	return added, removed
}

// Features returns the API lines of pkg, sorted.
func Features(pkg *types.Package) []string {
	prefix := "pkg " + pkg.Path() + ", "
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	ts := func(t types.Type) string { return types.TypeString(t, qual) }
	sig := func(s *types.Signature) string { return signature(s, qual) }
	var out []string
	add := func(format string, args ...any) { out = append(out, prefix+fmt.Sprintf(format, args...)) }
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch o := obj.(type) {
		case *types.Const:
			if b, ok := o.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
				add("const %s ideal-%s", name, strings.TrimPrefix(b.Name(), "untyped "))
			} else {
				add("const %s %s", name, ts(o.Type()))
			}
			add("const %s = %s", name, o.Val().ExactString())
		case *types.Var:
			add("var %s %s", name, ts(o.Type()))
		case *types.Func:
			sg := o.Type().(*types.Signature)
			tp := typeParams(sg.TypeParams(), qual)
			add("func %s%s%s", name, tp, sig(sg))
		case *types.TypeName:
			typeFeatures(o, add, ts, sig, qual)
		}
	}
	sort.Strings(out)
	return out
}

// signature renders s without "func" and without parameter names, which
// callers do not depend on: "(string, ...int) (T, error)".
func signature(s *types.Signature, qual types.Qualifier) string {
	var params []string
	for i := range s.Params().Len() {
		t := s.Params().At(i).Type()
		if s.Variadic() && i == s.Params().Len()-1 {
			params = append(params, "..."+types.TypeString(t.(*types.Slice).Elem(), qual))
			continue
		}
		params = append(params, types.TypeString(t, qual))
	}
	out := "(" + strings.Join(params, ", ") + ")"
	switch n := s.Results().Len(); n {
	case 0:
	case 1:
		out += " " + types.TypeString(s.Results().At(0).Type(), qual)
	default:
		var rs []string
		for i := range n {
			rs = append(rs, types.TypeString(s.Results().At(i).Type(), qual))
		}
		out += " (" + strings.Join(rs, ", ") + ")"
	}
	return out
}

// typeParams renders a type parameter list, or "".
func typeParams(tps *types.TypeParamList, qual types.Qualifier) string {
	if tps.Len() == 0 {
		return ""
	}
	var parts []string
	for i := range tps.Len() {
		tp := tps.At(i)
		parts = append(parts, tp.Obj().Name()+" "+types.TypeString(tp.Constraint(), qual))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func typeFeatures(o *types.TypeName, add func(string, ...any), ts func(types.Type) string, sig func(*types.Signature) string, qual types.Qualifier) {
	name := o.Name()
	if a, ok := o.Type().(*types.Alias); ok {
		add("type %s = %s", name, ts(a.Rhs()))
		return
	}
	named, ok := o.Type().(*types.Named)
	if !ok {
		add("type %s %s", name, ts(o.Type()))
		return
	}
	decl := name + typeParams(named.TypeParams(), qual)
	switch u := named.Underlying().(type) {
	case *types.Struct:
		add("type %s struct", decl)
		for i := range u.NumFields() {
			f := u.Field(i)
			if !f.Exported() {
				continue
			}
			if f.Embedded() {
				add("type %s struct, embedded %s", decl, ts(f.Type()))
			} else {
				add("type %s struct, %s %s", decl, f.Name(), ts(f.Type()))
			}
		}
	case *types.Interface:
		var names []string
		unexported := false
		for i := range u.NumMethods() {
			m := u.Method(i)
			if !m.Exported() {
				unexported = true
				continue
			}
			names = append(names, m.Name())
			add("type %s interface, %s%s", decl, m.Name(), sig(m.Type().(*types.Signature)))
		}
		sort.Strings(names)
		if unexported {
			names = append(names, "unexported methods")
		}
		add("type %s interface { %s }", decl, strings.Join(names, ", "))
	case *types.Signature:
		add("type %s func%s", decl, sig(u))
	default:
		add("type %s %s", decl, ts(u))
	}
	// Methods of T and of *T, promoted ones included.
	recv := name
	if tps := named.TypeParams(); tps.Len() > 0 {
		var ps []string
		for i := range tps.Len() {
			ps = append(ps, tps.At(i).Obj().Name())
		}
		recv += "[" + strings.Join(ps, ", ") + "]"
	}
	if _, isIface := named.Underlying().(*types.Interface); isIface {
		return
	}
	valueSet := types.NewMethodSet(named)
	for i := range valueSet.Len() {
		m := valueSet.At(i).Obj()
		if m.Exported() {
			add("method (%s) %s%s", recv, m.Name(), sig(m.Type().(*types.Signature)))
		}
	}
	ptrSet := types.NewMethodSet(types.NewPointer(named))
	for i := range ptrSet.Len() {
		m := ptrSet.At(i).Obj()
		if m.Exported() && valueSet.Lookup(m.Pkg(), m.Name()) == nil {
			add("method (*%s) %s%s", recv, m.Name(), sig(m.Type().(*types.Signature)))
		}
	}
}
