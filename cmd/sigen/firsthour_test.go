package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// noSecuritySpec declares no security scheme; {{server}} is its server URL.
const noSecuritySpec = `openapi: 3.0.3
info:
  title: t
  version: v1
servers:
  - url: {{server}}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '204':
          description: done
`

// TestNoSecurityWarning: a spec without a security scheme generates, but
// not silently: the warning says so and how to bind a flow, naming the
// vendor whose host the servers are on.
func TestNoSecurityWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		server string
		want   []string
		not    []string
	}{
		{"https://api.signicat.com/auth/rest", []string{"Signicat's", "--auth signicat", "flow: signicat", "overlay"}, []string{"--auth signet"}},
		{"https://api.getsignet.xyz", []string{"Signet's", "--auth signet", "flow: signet", "overlay"}, []string{"--auth signicat"}},
		{"https://api.example.com", []string{"--auth signicat", "--auth signet", "auth: entry in sigen.yaml", "overlay"}, []string{"Signicat's", "Signet's"}},
	} {
		t.Run(tc.server, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			spec := filepath.Join(dir, "spec.yaml")
			writeFile(t, spec, strings.Replace(noSecuritySpec, "{{server}}", tc.server, 1))
			code, _, stderr := sigen(t, "generate", "-i", spec, "-o", filepath.Join(dir, "out"), "-p", "x")
			if code != exitOK {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
			}
			line := ""
			for _, l := range strings.Split(stderr, "\n") {
				if strings.Contains(l, "declares no security scheme") {
					line = l
				}
			}
			if line == "" {
				t.Fatalf("no warning about the missing security scheme; stderr:\n%s", stderr)
			}
			if !strings.Contains(line, "#/components/securitySchemes") {
				t.Errorf("warning %q does not locate the missing schemes", line)
			}
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("warning %q does not say %q", line, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(line, w) {
					t.Errorf("warning %q says %q", line, w)
				}
			}
			if !strings.Contains(stderr, "sigen: 1 warning for ") {
				t.Errorf("stderr does not count 1 warning:\n%s", stderr)
			}
			// --strict leaves this note a warning: a public API needs no
			// credentials.
			if code, _, stderr := sigen(t, "generate", "--strict", "-i", spec, "-o", filepath.Join(dir, "out"), "-p", "x"); code != exitOK {
				t.Errorf("--strict: exit %d, want 0; stderr:\n%s", code, stderr)
			}
			// Bound to a flow, the warning is gone.
			_, _, stderr = sigen(t, "generate", "--auth", "signicat", "-i", spec, "-o", filepath.Join(dir, "out"), "-p", "x")
			if strings.Contains(stderr, "declares no security scheme") {
				t.Errorf("with --auth signicat, stderr still warns:\n%s", stderr)
			}
		})
	}
}

// TestStrictEveryWarning: --strict turns every spec warning into an error
// (exit 2), not only kin-openapi's validation messages; Sign API v2's
// "contact": "" is one such warning.
func TestStrictEveryWarning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	writeFile(t, spec, strings.Replace(strings.Replace(noSecuritySpec, "{{server}}", "https://api.example.com", 1),
		"  version: v1\n", "  version: v1\n  contact: \"\"\n  license: \"\"\n", 1))
	out := filepath.Join(dir, "out")
	code, _, stderr := sigen(t, "generate", "-i", spec, "-o", out, "-p", "x")
	if code != exitOK || !strings.Contains(stderr, "#/info/contact") {
		t.Fatalf("without --strict: exit %d, want 0 and a warning on #/info/contact; stderr:\n%s", code, stderr)
	}
	for _, cmd := range []string{"generate", "check"} {
		code, _, stderr = sigen(t, cmd, "--strict", "-i", spec, "-o", out, "-p", "x")
		if code != exitError {
			t.Errorf("%s --strict: exit %d, want 2; stderr:\n%s", cmd, code, stderr)
		}
		for _, want := range []string{"spec.yaml:5:", "#/info/contact", "invalid spec (--strict)", `info.contact is ""`, "(and 1 more warning)"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s --strict: stderr does not say %q:\n%s", cmd, want, stderr)
			}
		}
	}
}
