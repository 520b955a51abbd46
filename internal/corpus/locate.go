package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
)

// This file finds specs that are already in a warm cache, without fetching
// anything: it is for benchmarks and tools that must not reach the network
// (they skip a spec that is not there). internal/cmd/corpus fills the cache;
// shared/corpus/fetch.sh uses the same layout:
//
//	CACHE/go/<module with / as _>@<version>.json   {"Dir": ...} from go mod download -json
//	CACHE/npm/<id>@<version>/<path>                 npm members (id: @scope/name -> scope-name)
//
// Go-module specs are read in place from the Go module cache.

// DefaultCache is $SIGEN_CORPUS, else ~/.cache/sigen-corpus ("" if neither
// can be determined).
func DefaultCache() string {
	if d := os.Getenv("SIGEN_CORPUS"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".cache", "sigen-corpus")
}

var modCache = sync.OnceValue(func() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

// GoModCache is $GOMODCACHE, else what `go env GOMODCACHE` prints ("" if
// that fails). The go command is run at most once per process.
func GoModCache() string { return modCache() }

// ErrNotCached is returned (wrapped) by Locate when a spec's file is not in
// the cache.
var ErrNotCached = errors.New("not in the corpus cache")

// Locate returns the path of sp's file in the cache dir (see DefaultCache)
// or, for a Go module, in the Go module cache modCache (see GoModCache). It
// never fetches; a missing file is an error wrapping ErrNotCached that says
// how to fill the cache.
func Locate(sp Spec, cache, modCache string) (string, error) {
	var tried []string
	switch sp.Registry {
	case GoMod:
		if cache != "" {
			stamp := filepath.Join(cache, "go", strings.ReplaceAll(sp.Package, "/", "_")+"@"+sp.Version+".json")
			var info struct{ Dir string }
			if b, err := os.ReadFile(stamp); err == nil && json.Unmarshal(b, &info) == nil && info.Dir != "" {
				f := filepath.Join(info.Dir, filepath.FromSlash(sp.Path))
				if exists(f) {
					return f, nil
				}
				tried = append(tried, f)
			}
		}
		if modCache != "" {
			f := filepath.Join(modCache, filepath.FromSlash(escapeModule(sp.Package))+"@"+sp.Version, filepath.FromSlash(sp.Path))
			if exists(f) {
				return f, nil
			}
			tried = append(tried, f)
		}
	case NPM:
		if cache != "" {
			f := filepath.Join(cache, "npm", NPMID(sp.Package)+"@"+sp.Version, filepath.FromSlash(sp.Path))
			if exists(f) {
				return f, nil
			}
			tried = append(tried, f)
		}
	default:
		return "", fmt.Errorf("%s: registry %q: want gomod or npm", sp.Name, sp.Registry)
	}
	if len(tried) == 0 {
		return "", fmt.Errorf("%s (%s): %w: no cache directory known (set $SIGEN_CORPUS)", sp.Name, sp.Source(), ErrNotCached)
	}
	return "", fmt.Errorf("%s (%s): %w (looked at %s); fill it with `make corpus CORPUSFLAGS=-fetch-only`",
		sp.Name, sp.Source(), ErrNotCached, strings.Join(tried, ", "))
}

// Find returns the spec named name in the embedded list.
func Find(name string) (Spec, error) {
	specs, err := Default()
	if err != nil {
		return Spec{}, err
	}
	for _, s := range specs {
		if s.Name == name {
			return s, nil
		}
	}
	return Spec{}, fmt.Errorf("unknown corpus spec %q", name)
}

// NPMID is the cache directory name of an npm package: @scope/name -> scope-name.
func NPMID(pkg string) string {
	return strings.ReplaceAll(strings.TrimPrefix(pkg, "@"), "/", "-")
}

// escapeModule applies the Go module cache's case encoding: each upper-case
// letter becomes '!' and its lower-case form.
func escapeModule(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func exists(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}
