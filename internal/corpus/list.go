// Package corpus holds the pinned real-world OpenAPI corpus that
// internal/cmd/corpus (make corpus) runs sigen against, and the pure parts of
// that harness: parsing the list, counting operations and schemas in a spec,
// judging a run against its expectation, and formatting the result table.
//
// The list lives in corpus.tsv beside this file and is embedded; see the
// comment at its top for the columns.
package corpus

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"regexp"
	"strings"
)

//go:embed corpus.tsv
var embeddedList string

// Registry says where a spec's package comes from.
type Registry string

const (
	GoMod Registry = "gomod" // a Go module, fetched with go mod download
	NPM   Registry = "npm"   // an npm package, fetched with npm pack
)

// Expect is what a spec should do under sigen.
type Expect string

const (
	ExpectOK   Expect = "ok"   // generate, build and vet succeed
	ExpectFail Expect = "fail" // generate exits 2 naming the file and a JSON pointer
)

// Spec is one row of the list.
type Spec struct {
	Set      string   // "real" or "edge"
	Name     string   // unique name
	Registry Registry // gomod or npm
	Package  string   // module or npm package path, without version
	Version  string   // exact version
	Path     string   // spec file inside the module or tarball (slash-separated)
	SHA256   string   // sha256 of the npm tarball; empty for gomod
	Expect   Expect
}

// Source is Package@Version.
func (s Spec) Source() string { return s.Package + "@" + s.Version }

var (
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Default returns the embedded list.
func Default() ([]Spec, error) {
	return Parse(strings.NewReader(embeddedList), "corpus.tsv")
}

// Parse reads a list: tab-separated rows of set, name, registry,
// package@version, path, sha256 ('-' when empty) and expect. Blank lines and
// lines starting with '#' are ignored. file is used in error messages.
func Parse(r io.Reader, file string) ([]Spec, error) {
	var specs []Spec
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseRow(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, lineNo, err)
		}
		if prev, ok := seen[s.Name]; ok {
			return nil, fmt.Errorf("%s:%d: duplicate name %q (first on line %d)", file, lineNo, s.Name, prev)
		}
		seen[s.Name] = lineNo
		specs = append(specs, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(specs) == 0 {
		return nil, fmt.Errorf("%s: no specs", file)
	}
	return specs, nil
}

func parseRow(line string) (Spec, error) {
	f := strings.Split(line, "\t")
	if len(f) != 7 {
		return Spec{}, fmt.Errorf("want 7 tab-separated fields, got %d", len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
		if f[i] == "-" {
			f[i] = ""
		}
	}
	s := Spec{Set: f[0], Name: f[1], Registry: Registry(f[2]), Path: f[4], SHA256: f[5], Expect: Expect(f[6])}
	if s.Set != "real" && s.Set != "edge" {
		return Spec{}, fmt.Errorf("set %q: want real or edge", s.Set)
	}
	if !nameRE.MatchString(s.Name) {
		return Spec{}, fmt.Errorf("name %q: want letters, digits, '.', '_' or '-'", s.Name)
	}
	// The version follows the last '@' (npm scopes start with '@').
	at := strings.LastIndex(f[3], "@")
	if at <= 0 || at == len(f[3])-1 {
		return Spec{}, fmt.Errorf("%s: package %q: want package@version", s.Name, f[3])
	}
	s.Package, s.Version = f[3][:at], f[3][at+1:]
	if strings.ContainsAny(s.Version, "^~*<> ") || s.Version == "latest" {
		return Spec{}, fmt.Errorf("%s: version %q: want an exact version", s.Name, s.Version)
	}
	switch s.Registry {
	case GoMod:
		if s.SHA256 != "" {
			return Spec{}, fmt.Errorf("%s: sha256 is for npm only (Go modules are checked by the checksum database)", s.Name)
		}
		if !strings.HasPrefix(s.Version, "v") {
			return Spec{}, fmt.Errorf("%s: Go module version %q: want vX.Y.Z", s.Name, s.Version)
		}
	case NPM:
		if !sha256RE.MatchString(s.SHA256) {
			return Spec{}, fmt.Errorf("%s: npm package needs the tarball's sha256 (64 lower-case hex digits), got %q", s.Name, s.SHA256)
		}
	default:
		return Spec{}, fmt.Errorf("%s: registry %q: want gomod or npm", s.Name, s.Registry)
	}
	if s.Path == "" || strings.HasPrefix(s.Path, "/") || strings.Contains("/"+s.Path+"/", "/../") {
		return Spec{}, fmt.Errorf("%s: path %q: want a relative path inside the package", s.Name, s.Path)
	}
	if s.Expect != ExpectOK && s.Expect != ExpectFail {
		return Spec{}, fmt.Errorf("%s: expect %q: want ok or fail", s.Name, s.Expect)
	}
	return s, nil
}

// Select filters specs by set ("real", "edge" or "all") and, when only is
// non-empty, by name. Every name in only must exist in specs.
func Select(specs []Spec, set string, only []string) ([]Spec, error) {
	if set != "all" && set != "real" && set != "edge" {
		return nil, fmt.Errorf("set %q: want real, edge or all", set)
	}
	want := map[string]bool{}
	for _, n := range only {
		want[n] = true
	}
	found := map[string]bool{}
	var out []Spec
	for _, s := range specs {
		if len(want) > 0 && !want[s.Name] {
			continue
		}
		found[s.Name] = true
		if set != "all" && s.Set != set {
			continue
		}
		out = append(out, s)
	}
	var bad []string
	for _, n := range only {
		switch {
		case !found[n]:
			bad = append(bad, n)
		case set != "all" && !containsSpec(out, n):
			bad = append(bad, n+" (not in set "+set+")")
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("unknown spec(s): %s", strings.Join(bad, ", "))
	}
	return out, nil
}

func containsSpec(specs []Spec, name string) bool {
	for _, s := range specs {
		if s.Name == name {
			return true
		}
	}
	return false
}

// PackageName turns a spec name into a Go package name: lower-case letters
// and digits only, prefixed with "api" when it would start with a digit.
func PackageName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	p := b.String()
	if p == "" || p[0] >= '0' && p[0] <= '9' {
		p = "api" + p
	}
	return p
}
