package load

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// aliasBomb returns a "billion laughs" document: levels of anchors, each a
// list of ten aliases of the previous one.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	return b.String()
}

// A few hundred bytes of nested aliases expanded to gigabytes: 6 levels
// took 32 s and 2 GB, 9 levels would exhaust memory.
func TestYAMLAliasBomb(t *testing.T) {
	src := aliasBomb(9)
	// Expanding the aliases would take minutes and exhaust memory (a test
	// timeout); the error shows the expansion was cut short.
	_, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(src), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "spec.yaml:") || !strings.Contains(err.Error(), "YAML aliases expand the document to more than") {
		t.Errorf("Data() error = %v, want an alias expansion error", err)
	}
	// Modest use of aliases is fine.
	if _, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(aliasBomb(3)), Options{}); err != nil {
		t.Errorf("Data(3 levels) error = %v", err)
	}
}
