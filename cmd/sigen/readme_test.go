package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEQuickStart runs the Quick start's //go:generate line from
// README.md on the spec it names, and checks that sigen prints the output
// line README shows (but for the time it took).
func TestREADMEQuickStart(t *testing.T) {
	doc, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, qs, ok := strings.Cut(string(doc), "## Quick start\n")
	if !ok {
		t.Fatal("README.md has no Quick start section")
	}
	qs, _, _ = strings.Cut(qs, "\n## ")
	spec := regexp.MustCompile("\\[`(specs/[^`]+\\.yaml)`\\]").FindStringSubmatch(qs)
	gen := regexp.MustCompile(`(?m)^//go:generate go tool sigen (generate .*)$`).FindStringSubmatch(qs)
	want := regexp.MustCompile(`(?m)^\$ go generate \./\.\.\.\n(sigen: wrote .*)$`).FindStringSubmatch(qs)
	if spec == nil || gen == nil || want == nil {
		t.Fatalf("README.md's Quick start lacks the spec link, the //go:generate line or the output line:\nspec %q\ngenerate %q\noutput %q", spec, gen, want)
	}
	args := strings.Fields(gen[1])
	var input string
	for i, a := range args {
		if a == "-i" && i+1 < len(args) {
			input = args[i+1]
		}
	}
	if input == "" {
		t.Fatalf("the //go:generate line %q has no -i", gen[0])
	}

	data, err := os.ReadFile(filepath.Join("../..", spec[1]))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, input), string(data))
	t.Chdir(dir) // go generate runs in the folder of the file
	code, _, stderr := sigen(t, args...)
	if code != exitOK {
		t.Fatalf("sigen %s: exit %d\n%s", gen[1], code, stderr)
	}
	seconds := regexp.MustCompile(`in [0-9.]+s$`)
	got := seconds.ReplaceAllString(strings.TrimSpace(stderr), "in Xs")
	if w := seconds.ReplaceAllString(want[1], "in Xs"); got != w {
		t.Errorf("README.md's Quick start shows\n\t%s\nbut sigen prints\n\t%s", want[1], strings.TrimSpace(stderr))
	}
}
