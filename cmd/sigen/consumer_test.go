package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConsumerModule is what a user does: a module that runs sigen from
// //go:generate, then builds, vets and tests the client it got, against
// the runtime/auth/authtest fakes. The module requires sigen v0.0.0 and
// replaces it with this checkout.
//
// It needs no network once the module cache holds sigen's dependencies
// (building sigen fills it): GOPROXY points at the cache itself. Modules
// in the cache were verified when they were downloaded, so GOSUMDB is off.
func TestConsumerModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped in -short mode")
	}
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	env := consumerEnv(t, goBin)

	for _, tc := range []struct {
		name string
		// generate is the command of the //go:generate line, in a file in
		// the folder genDir ("" is the module root).
		generate, genDir string
		// specName is how the generated headers name the spec.
		specName string
		// gomod is the end of go.mod; tools is a tools.go file, if any.
		gomod, tools string
		// get, if set, is run first (go get ...) instead of requiring sigen
		// in go.mod.
		get []string
		// edit runs README's "From a local checkout or fork" recipe (go mod
		// edit -require -replace -tool) on a go.mod that names no sigen.
		edit bool
		// full also runs the module's tests and `sigen check`.
		full bool
	}{
		{
			name:     "go tool",
			generate: "go tool sigen generate -i spec.yaml -o ./signicat -p signicat",
			specName: "spec.yaml",
			gomod:    "tool github.com/sigen-dev/sigen/cmd/sigen\n",
			full:     true,
		},
		{
			// Before Go 1.24: `go run` and a tools.go that keeps the
			// requirement in go.mod.
			name:     "go run",
			generate: "go run github.com/sigen-dev/sigen/cmd/sigen generate -i spec.yaml -o ./signicat -p signicat",
			specName: "spec.yaml",
			tools:    "//go:build tools\n\npackage consumer\n\nimport _ \"github.com/sigen-dev/sigen/cmd/sigen\"\n",
		},
		{
			// The README's install line, and the generator's line in the
			// package it generates (-o .).
			name:     "go get -tool",
			generate: "go tool sigen generate -i ../spec.yaml -o . -p signicat",
			genDir:   "signicat",
			specName: "spec.yaml", // relative to the module root, not to genDir
			full:     true,
			get:      []string{"get", "-tool", "github.com/sigen-dev/sigen/cmd/sigen@v0.0.0"},
		},
		{
			// README's "From a local checkout or fork".
			name:     "local checkout",
			generate: "go tool sigen generate -i spec.yaml -o ./signicat -p signicat",
			specName: "spec.yaml",
			full:     true,
			edit:     true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			gomod := "module example.com/consumer\n\ngo 1.25\n\n"
			if !tc.edit {
				if tc.get == nil {
					gomod += "require github.com/sigen-dev/sigen v0.0.0\n\n"
				}
				gomod += "replace github.com/sigen-dev/sigen => " + filepath.ToSlash(root) + "\n\n" + tc.gomod
			}
			writeFile(t, filepath.Join(dir, "go.mod"), gomod)
			spec, err := os.ReadFile(specFile)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "spec.yaml"), string(spec))
			pkg := "consumer"
			if tc.genDir != "" {
				pkg = filepath.Base(tc.genDir)
			}
			genGo := "// Package " + pkg + " uses a generated Signicat client.\npackage " + pkg + "\n\n//go:generate " + tc.generate + "\n"
			writeFile(t, filepath.Join(dir, tc.genDir, "gen.go"), genGo)
			if tc.tools != "" {
				writeFile(t, filepath.Join(dir, "tools.go"), tc.tools)
			}
			gocmd := func(args ...string) string {
				t.Helper()
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, goBin, args...)
				cmd.Dir = dir
				cmd.Env = env
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				start := time.Now()
				if err := cmd.Run(); err != nil {
					t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out.String())
				}
				t.Logf("go %s: %.1fs", strings.Join(args, " "), time.Since(start).Seconds())
				return out.String()
			}
			if tc.get != nil {
				gocmd(tc.get...)
			}
			if tc.edit {
				// A relative path, as README writes it (../sigen).
				rel, err := filepath.Rel(dir, root)
				if err != nil {
					t.Fatal(err)
				}
				gocmd("mod", "edit",
					"-require=github.com/sigen-dev/sigen@v0.0.0-00010101000000-000000000000",
					"-replace=github.com/sigen-dev/sigen="+filepath.ToSlash(rel),
					"-tool=github.com/sigen-dev/sigen/cmd/sigen")
			}
			gocmd("mod", "tidy")
			if out := gocmd("generate", "./..."); !strings.Contains(out, "sigen: wrote ") {
				t.Errorf("go generate printed %q, want sigen's summary", out)
			}
			if tc.full {
				// Only now: before generation it would import a missing package.
				test, err := os.ReadFile("testdata/consumer/signicat_test.go")
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, "signicat_test.go"), string(test))
			}
			gocmd("mod", "tidy") // the client imports sigen's runtime packages
			gocmd("build", "./...")
			gocmd("vet", "./...")

			files := snapshot(t, filepath.Join(dir, "signicat"))
			if len(files) == 0 {
				t.Fatal("go generate wrote nothing into ./signicat")
			}
			if tc.genDir != "" {
				if files["gen.go"] != genGo {
					t.Errorf("gen.go = %q, want it untouched", files["gen.go"])
				}
				delete(files, "gen.go")
			}
			for name, data := range files {
				if want := "// Code generated by sigen from " + tc.specName + ". DO NOT EDIT.\n"; !strings.HasPrefix(data, want) {
					t.Errorf("%s starts with %q, want %q", name, firstLine(data), want)
				}
				for _, abs := range []string{dir, root, "/work/", "/tmp/"} {
					if strings.Contains(data, abs) {
						t.Errorf("%s contains the absolute path %s", name, abs)
					}
				}
			}
			if !tc.full {
				return
			}
			mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(mod), "\ntool github.com/sigen-dev/sigen/cmd/sigen\n") {
				t.Errorf("go mod tidy dropped the tool directive:\n%s", mod)
			}
			if out := gocmd("test", "-count=1", "./..."); !strings.Contains(out, "ok  \texample.com/consumer\t") {
				t.Errorf("go test ./... in the consumer ran no tests:\n%s", out)
			}
			// From the module root, check agrees with go generate, also when
			// that ran in the package folder.
			gocmd("tool", "sigen", "check", "-i", "spec.yaml", "-o", "signicat", "-p", "signicat")
			gocmd("generate", "./...") // again: nothing changes
			for name, data := range snapshot(t, filepath.Join(dir, "signicat")) {
				if name != "gen.go" && data != files[name] {
					t.Errorf("%s changed when generated again", name)
				}
			}
			if out := gocmd("tool", "sigen", "version"); !strings.HasPrefix(out, "sigen ") {
				t.Errorf("go tool sigen version = %q", out)
			}
		})
	}
}

// consumerEnv is the environment for the go command in the consumer
// module: offline, on this toolchain, outside any go.work.
func consumerEnv(t *testing.T, goBin string) []string {
	t.Helper()
	out, err := exec.Command(goBin, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	cache := filepath.ToSlash(filepath.Join(strings.TrimSpace(string(out)), "cache", "download"))
	if !strings.HasPrefix(cache, "/") {
		cache = "/" + cache // file:///C:/...
	}
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GOFLAGS", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOTOOLCHAIN", "GOWORK":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GOFLAGS=-mod=mod",
		"GOPROXY=file://"+cache,
		"GOSUMDB=off",
		"GOTOOLCHAIN=local",
		"GOWORK=off",
	)
}
