package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	maybeWrapper() // the test binary serves as the rusage wrapper
	os.Exit(m.Run())
}

func TestFailureLine(t *testing.T) {
	tests := []struct{ out, want string }{
		{"INFO\tconvenient\t{\"reason_error\": \"x\"}\n\nFeature \"complex anyOf\" is not implemented yet.\n\ngeneration failed:\n    main.run",
			`Feature "complex anyOf" is not implemented yet.`},
		{"error generating code: duplicate typename 'Actor'", "error generating code: duplicate typename 'Actor'"},
		{"# m/x\nx/a.go:3:2: undefined: y", "x/a.go:3:2: undefined: y"},
		{"WARN\tHeader name is not canonical\n\nContent type \"*/*\" is unsupported.\n\ngeneration failed:", `Content type "*/*" is unsupported.`},
		{"something\nlast", "last"},
	}
	for _, tt := range tests {
		if got := failureLine(tt.out); got != tt.want {
			t.Errorf("failureLine(%q) = %q, want %q", tt.out, got, tt.want)
		}
	}
}

func TestMedian(t *testing.T) {
	ss := []sample{{wall: 3 * time.Second}, {wall: time.Second}, {wall: 2 * time.Second}, {wall: 9 * time.Second}}
	if got := median(ss, sample.wallOf); got != 2*time.Second {
		t.Errorf("median() = %v, want 2s", got)
	}
	if got := median(ss[:3], sample.wallOf); got != 2*time.Second {
		t.Errorf("median(3) = %v, want 2s", got)
	}
}

func TestFmtInt(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := fmtInt(n); got != want {
			t.Errorf("fmtInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestExecMeasures(t *testing.T) {
	h := &harness{}
	s := h.exec(t.Context(), t.TempDir(), nil, "go", "version")
	if s.err != nil {
		t.Fatalf("exec(go version) error: %v", s.err)
	}
	if s.wall <= 0 || s.maxRSS <= 0 {
		t.Errorf("exec(go version) = wall %v, maxRSS %d; want both > 0", s.wall, s.maxRSS)
	}
}

func TestCountGo(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"a.go": "package x\n\n", "b.txt": "no\n", "sub/c.go": "package y\n"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, lines, err := countGo(dir)
	if err != nil || files != 2 || lines != 3 {
		t.Errorf("countGo() = %d files, %d lines, %v; want 2, 3, nil", files, lines, err)
	}
}
