package main

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// check type-checks one file of source as package example.com/p.
func check(t *testing.T, src string) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

const before = `package p

import "context"

const Max = 4096
const Mode Kind = 2
type Kind int
func (Kind) String() string { return "" }
type Src interface { Token(ctx context.Context) (string, error); hidden() }
type Cfg struct { URL string; Scopes []string; secret string }
func (c *Cfg) Validate() error { return nil }
type Fn func(ctx context.Context, n int) error
type Box[T any] struct{ V T }
func New(url string, opts ...int) (*Cfg, error) { return nil, nil }
func Map[T any](vs []T) []string { return nil }
var ErrX error
type Alias = Cfg
`

// TestFeatures pins the line format: Go api/ style, no parameter names,
// unexported members left out.
func TestFeatures(t *testing.T) {
	got := Features(check(t, before))
	want := []string{
		"pkg example.com/p, const Max = 4096",
		"pkg example.com/p, const Max ideal-int",
		"pkg example.com/p, const Mode = 2",
		"pkg example.com/p, const Mode Kind",
		"pkg example.com/p, func Map[T any]([]T) []string",
		"pkg example.com/p, func New(string, ...int) (*Cfg, error)",
		"pkg example.com/p, method (*Cfg) Validate() error",
		"pkg example.com/p, method (Kind) String() string",
		"pkg example.com/p, type Alias = Cfg",
		"pkg example.com/p, type Box[T any] struct",
		"pkg example.com/p, type Box[T any] struct, V T",
		"pkg example.com/p, type Cfg struct",
		"pkg example.com/p, type Cfg struct, Scopes []string",
		"pkg example.com/p, type Cfg struct, URL string",
		"pkg example.com/p, type Fn func(context.Context, int) error",
		"pkg example.com/p, type Kind int",
		"pkg example.com/p, type Src interface { Token, unexported methods }",
		"pkg example.com/p, type Src interface, Token(context.Context) (string, error)",
		"pkg example.com/p, var ErrX error",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Features:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDiffCatchesChanges: a removed identifier, a changed signature, a
// changed field type and a renamed parameter (which is no change).
func TestDiffCatchesChanges(t *testing.T) {
	old := Features(check(t, before))
	for _, tc := range []struct {
		name, from, to      string
		wantAdded, wantGone int
	}{
		{"removed func", "func Map[T any](vs []T) []string { return nil }\n", "", 0, 1},
		{"changed signature", "func New(url string, opts ...int)", "func New(url string, opts ...string)", 1, 1},
		{"changed field", "URL string;", "URL []byte;", 1, 1},
		{"removed method", "func (c *Cfg) Validate() error { return nil }\n", "", 0, 1},
		{"added const", "const Max = 4096\n", "const Max = 4096\nconst Min = 1\n", 2, 0},
		{"renamed parameter", "func New(url string,", "func New(u string,", 0, 0},
		{"unexported field", "secret string", "secret []byte", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(before, tc.from) {
				t.Fatalf("source lacks %q", tc.from)
			}
			added, removed := Diff(old, Features(check(t, strings.Replace(before, tc.from, tc.to, 1))))
			if len(added) != tc.wantAdded || len(removed) != tc.wantGone {
				t.Errorf("added %q, removed %q; want %d and %d", added, removed, tc.wantAdded, tc.wantGone)
			}
		})
	}
}

// TestRunFailsOnDrift runs the tool on runtime/oas against a copy of its
// api file: unchanged it passes; with a line removed (an identifier the
// code has that the file lacks) or a line changed (a signature the code no
// longer has) it fails.
func TestRunFailsOnDrift(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds export data with go list")
	}
	const path = module + "/runtime/oas"
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "api", FileName(path)))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	try := func(lines []string) error {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName(path)), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return run(io.Discard, dir, false, []string{path})
	}
	if err := try(lines); err != nil {
		t.Fatalf("the checked-in file does not match the code: %v", err)
	}
	i := slices.Index(lines, "pkg "+path+", func DateOf(time.Time) Date")
	if i < 0 {
		t.Fatal("api file lacks DateOf")
	}
	removed := slices.Delete(slices.Clone(lines), i, i+1)
	if err := try(removed); err == nil {
		t.Error("a file lacking an exported function passed")
	}
	changed := slices.Clone(lines)
	changed[i] = "pkg " + path + ", func DateOf(time.Time) *Date"
	if err := try(changed); err == nil {
		t.Error("a file with a changed signature passed")
	}
}
