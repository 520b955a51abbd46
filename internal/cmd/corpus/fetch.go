package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/sigen-dev/sigen/internal/corpus"
)

// Cache layout (under -cache):
//
//	go/<module>@<version>.json   {"Dir": ...} as returned by go mod download -json;
//	                             the spec files are read in place from the
//	                             (read-only, checksum-verified) Go module cache.
//	npm/<id>@<version>/          members extracted from the npm tarball
//	npm/<id>@<version>/.complete "pkg@ver sha256=..." once extraction succeeded
//
// <id> is the npm name without '@' and with '/' as '-' (@octokit/openapi ->
// octokit-openapi), the same layout shared/corpus/fetch.sh uses, so a cache
// filled by either is reused by the other.

// source is one package to fetch and the spec paths wanted from it.
type source struct {
	registry corpus.Registry
	pkg, ver string
	sha256   string
	paths    []string
}

func (s *source) key() string { return string(s.registry) + " " + s.pkg + "@" + s.ver }

// sources groups specs by package, in list order.
func sources(specs []corpus.Spec) []*source {
	var out []*source
	byKey := map[string]*source{}
	for _, sp := range specs {
		k := string(sp.Registry) + " " + sp.Source()
		src := byKey[k]
		if src == nil {
			src = &source{registry: sp.Registry, pkg: sp.Package, ver: sp.Version, sha256: sp.SHA256}
			byKey[k] = src
			out = append(out, src)
		}
		if src.sha256 != sp.SHA256 {
			// Parse cannot see this across rows; refuse rather than pick one.
			src.sha256 = "conflicting sha256 in list"
		}
		src.paths = append(src.paths, sp.Path)
	}
	return out
}

// fetcher materialises sources in the cache and resolves spec files.
type fetcher struct {
	cache string
	log   func(format string, args ...any)

	mu   sync.Mutex
	dirs map[string]string // source key -> directory holding its files
}

// fetchAll fetches every source (Go modules in one go mod download call,
// npm packages one by one, the two kinds concurrently) and returns the
// errors per source key.
func (f *fetcher) fetchAll(ctx context.Context, srcs []*source) map[string]error {
	f.dirs = map[string]string{}
	errs := map[string]error{}
	var mu sync.Mutex
	setErr := func(k string, err error) {
		mu.Lock()
		errs[k] = err
		mu.Unlock()
	}
	var gomods, npms []*source
	for _, s := range srcs {
		if s.registry == corpus.GoMod {
			gomods = append(gomods, s)
		} else {
			npms = append(npms, s)
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for k, err := range f.fetchGoMods(ctx, gomods) {
			setErr(k, err)
		}
	})
	wg.Go(func() {
		for _, s := range npms {
			if err := f.fetchNPM(ctx, s); err != nil {
				setErr(s.key(), err)
			}
		}
	})
	wg.Wait()
	return errs
}

// specFile returns the absolute path of a spec's file in the cache.
func (f *fetcher) specFile(sp corpus.Spec) (string, error) {
	f.mu.Lock()
	dir, ok := f.dirs[string(sp.Registry)+" "+sp.Source()]
	f.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("%s not fetched", sp.Source())
	}
	return filepath.Join(dir, filepath.FromSlash(sp.Path)), nil
}

func (f *fetcher) setDir(s *source, dir string) {
	f.mu.Lock()
	f.dirs[s.key()] = dir
	f.mu.Unlock()
}

// allExist reports whether every path exists under dir.
func allExist(dir string, paths []string) bool {
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			return false
		}
	}
	return true
}

// goModInfo is the part of go mod download -json output we use.
type goModInfo struct {
	Path, Version, Dir, Error string
}

func (f *fetcher) fetchGoMods(ctx context.Context, srcs []*source) map[string]error {
	errs := map[string]error{}
	var need []*source
	for _, s := range srcs {
		// Warm path: the recorded module directory still holds the files.
		var info goModInfo
		if b, err := os.ReadFile(f.goStamp(s)); err == nil && json.Unmarshal(b, &info) == nil &&
			info.Dir != "" && allExist(info.Dir, s.paths) {
			f.setDir(s, info.Dir)
			continue
		}
		need = append(need, s)
	}
	if len(need) == 0 {
		return errs
	}
	args := []string{"mod", "download", "-json"}
	for _, s := range need {
		args = append(args, s.pkg+"@"+s.ver)
		f.log("go mod download %s@%s", s.pkg, s.ver)
	}
	// Run outside any module so no go.mod, go.work or GOFLAGS interferes.
	tmp, err := os.MkdirTemp("", "sigen-corpus-gomod-")
	if err != nil {
		for _, s := range need {
			errs[s.key()] = err
		}
		return errs
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output() // exits 1 if any module failed; the JSON says which
	infos := map[string]goModInfo{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var info goModInfo
		if err := dec.Decode(&info); err != nil {
			break
		}
		infos[info.Path+"@"+info.Version] = info
	}
	for _, s := range need {
		info, ok := infos[s.pkg+"@"+s.ver]
		switch {
		case !ok && runErr != nil:
			errs[s.key()] = fmt.Errorf("go mod download %s@%s: %v: %s", s.pkg, s.ver, runErr, strings.TrimSpace(stderr.String()))
		case !ok:
			errs[s.key()] = fmt.Errorf("go mod download %s@%s: no result", s.pkg, s.ver)
		case info.Error != "":
			errs[s.key()] = fmt.Errorf("go mod download %s@%s: %s", s.pkg, s.ver, info.Error)
		case !allExist(info.Dir, s.paths):
			errs[s.key()] = fmt.Errorf("%s@%s: spec file missing in %s", s.pkg, s.ver, info.Dir)
		default:
			b, _ := json.Marshal(goModInfo{Path: info.Path, Version: info.Version, Dir: info.Dir})
			if err := writeFileAtomic(f.goStamp(s), b); err != nil {
				errs[s.key()] = err
				continue
			}
			f.setDir(s, info.Dir)
		}
	}
	return errs
}

func (f *fetcher) goStamp(s *source) string {
	return filepath.Join(f.cache, "go", strings.ReplaceAll(s.pkg, "/", "_")+"@"+s.ver+".json")
}

// npmID is the cache directory name of an npm package: @scope/name -> scope-name.
func npmID(pkg string) string {
	return strings.ReplaceAll(strings.TrimPrefix(pkg, "@"), "/", "-")
}

func (f *fetcher) fetchNPM(ctx context.Context, s *source) error {
	dest := filepath.Join(f.cache, "npm", npmID(s.pkg)+"@"+s.ver)
	if _, err := os.Stat(filepath.Join(dest, ".complete")); err == nil && allExist(dest, s.paths) {
		f.setDir(s, dest)
		return nil
	}
	f.log("npm pack %s@%s", s.pkg, s.ver)
	if err := os.MkdirAll(filepath.Join(f.cache, "npm"), 0o755); err != nil {
		return err
	}
	// The temp dir is inside the cache so the final rename stays on one file system.
	tmp, err := os.MkdirTemp(filepath.Join(f.cache, "npm"), ".pack-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, "npm", "pack", "--silent", "--json", s.pkg+"@"+s.ver)
	cmd.Dir = tmp // no package.json here, so npm sees no project
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("npm pack %s@%s: %v: %s", s.pkg, s.ver, err, strings.TrimSpace(stderr.String()))
	}
	var packed []struct{ Filename string }
	if err := json.Unmarshal(out, &packed); err != nil || len(packed) != 1 {
		return fmt.Errorf("npm pack %s@%s: unexpected output %.200q", s.pkg, s.ver, out)
	}
	tgz := filepath.Join(tmp, filepath.Base(packed[0].Filename))
	sum, err := fileSHA256(tgz)
	if err != nil {
		return err
	}
	if sum != s.sha256 {
		return fmt.Errorf("npm %s@%s: tarball sha256 %s, want %s", s.pkg, s.ver, sum, s.sha256)
	}
	partial := filepath.Join(tmp, "x")
	if err := untarMembers(tgz, partial, s.paths); err != nil {
		return fmt.Errorf("npm %s@%s: %w", s.pkg, s.ver, err)
	}
	stamp := fmt.Sprintf("%s@%s sha256=%s\n", s.pkg, s.ver, sum)
	if err := os.WriteFile(filepath.Join(partial, ".complete"), []byte(stamp), 0o644); err != nil {
		return err
	}
	if err := os.RemoveAll(dest); err != nil {
		return err
	}
	if err := os.Rename(partial, dest); err != nil {
		return err
	}
	f.setDir(s, dest)
	return nil
}

func fileSHA256(name string) (string, error) {
	fh, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// untarMembers extracts the named regular files (plus package/package.json,
// when present) of a gzipped tarball into dest. Only exact member names are
// written, so hostile paths in the archive cannot escape dest.
func untarMembers(tgz, dest string, members []string) error {
	want := map[string]bool{"package/package.json": true}
	for _, m := range members {
		want[m] = true
	}
	fh, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	found := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read tarball: %w", err)
		}
		name := strings.TrimPrefix(hdr.Name, "./")
		if !want[name] || hdr.Typeflag != tar.TypeReg {
			continue
		}
		target := filepath.Join(dest, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		out, err := os.OpenFile(target, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		found[name] = true
	}
	var missing []string
	for _, m := range members {
		if !found[m] {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("not in tarball: %s", strings.Join(missing, ", "))
	}
	return nil
}

func writeFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
