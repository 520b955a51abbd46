// Package compat tests what happens when generated code and the runtime
// come from different sigen versions.
package compat

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// build runs go build on pkg (a directory relative to this package) with
// the overlay files, and returns its output and whether it succeeded.
func build(t *testing.T, pkg string, overlay map[string]string) (string, bool) {
	t.Helper()
	args := []string{"build", "-o", os.DevNull}
	if len(overlay) > 0 {
		dir := t.TempDir()
		replace := map[string]string{}
		for name, src := range overlay {
			abs, err := filepath.Abs(name)
			if err != nil {
				t.Fatal(err)
			}
			sub, err := os.MkdirTemp(dir, "f")
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(sub, filepath.Base(name))
			if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			replace[abs] = file
		}
		data, _ := json.Marshal(map[string]any{"Replace": replace})
		ov := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(ov, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-overlay", ov)
	}
	out, err := exec.Command("go", append(args, "./"+pkg)...).CombinedOutput()
	return string(out), err == nil
}

// firstError returns the first "file:line:col: message" line of go build
// output.
func firstError(out string) string {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if l := sc.Text(); !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

// TestLevel1ClientRefused: a client generated before the runtime split
// (feature level 1: the Signet fraud client as main's generated/ held it)
// no longer builds, and the first error is its version guard, whose comment
// says to update the runtime or regenerate.
func TestLevel1ClientRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs go build")
	}
	out, ok := build(t, "testdata/level1/fraud", nil)
	if ok {
		t.Fatal("a level-1 client built against this runtime; lower sigenimpl.MinVersion only with a compatibility layer for it")
	}
	first := firstError(out)
	if !strings.Contains(first, "client.go:18:") || !strings.Contains(first, "undefined: auth.SupportPackageIsVersion1") {
		t.Fatalf("first error = %q, want the version guard at client.go:18\n%s", first, out)
	}
	src, err := os.ReadFile("testdata/level1/fraud/client.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if !strings.Contains(lines[16], "if this fails to compile, update github.com/sigen-dev/sigen or regenerate") {
		t.Errorf("line 17 of the old client = %q, want the guard's comment", lines[16])
	}
}

// guard is the version guard generated code at feature level lvl declares.
func guard(lvl string) string {
	return `package future

import "github.com/sigen-dev/sigen/runtime/sigenimpl"

const (
	_ = sigenimpl.EnforceVersion(` + lvl + ` - sigenimpl.MinVersion)
	_ = sigenimpl.EnforceVersion(sigenimpl.Version - ` + lvl + `)
)
`
}

// TestEnforceVersion: code at the runtime's level builds; code newer than
// the runtime fails on the guard's second line, code older than MinVersion
// on its first, each with an overflow error at that line.
func TestEnforceVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs go build")
	}
	const file = "testdata/future/guard.go"
	for _, tc := range []struct {
		lvl, wantLine string
	}{
		{"2", ""},
		{"3", ""},
		{"4", "guard.go:7:"},
		{"1", "guard.go:6:"},
	} {
		t.Run("level"+tc.lvl, func(t *testing.T) {
			out, ok := build(t, "testdata/future", map[string]string{file: guard(tc.lvl)})
			if tc.wantLine == "" {
				if !ok {
					t.Fatalf("level %s did not build:\n%s", tc.lvl, out)
				}
				return
			}
			first := firstError(out)
			if ok || !strings.Contains(first, tc.wantLine) || !strings.Contains(first, "overflows") {
				t.Errorf("level %s: first error = %q, want an overflow at %s\n%s", tc.lvl, first, tc.wantLine, out)
			}
		})
	}
}
