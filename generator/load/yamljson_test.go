package load

import (
	"errors"
	"strings"
	"testing"
)

func TestYAMLToJSON(t *testing.T) {
	src := `openapi: 3.0.0
info: {title: t, version: "1"}
x-num: 3
x-float: 1.5
x-bool: yes
x-str: "3"
base: &b
  a: 1
  b: 2
merged:
  <<: *b
  b: 3
dup: 1
dup: 2
`
	var d Diagnostics
	out, pos, err := yamlToJSON("s.yaml", []byte(src), &d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"x-num":3,"x-float":1.5,"x-bool":"yes","x-str":"3","base":{"a":1,"b":2},"merged":{"b":3,"a":1},"dup":2}`
	if string(out) != want {
		t.Errorf("yamlToJSON =\n%s\nwant\n%s", out, want)
	}
	if got := pos["#/info/title"]; got[0] != 2 {
		t.Errorf("line of #/info/title = %d, want 2", got[0])
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Error(), `s.yaml:14:1: #/dup: duplicate key "dup"`) {
		t.Errorf("warnings = %v, want one duplicate-key warning at line 14", d.Warnings)
	}
}

func TestYAMLToJSONBad(t *testing.T) {
	_, _, err := yamlToJSON("bad.yaml", []byte("a: [1, 2\nb: c\n"), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "bad.yaml:") {
		t.Fatalf("err = %v, want an error naming bad.yaml", err)
	}
}

func TestYAMLDeepNesting(t *testing.T) {
	src := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	_, _, err := yamlToJSON("deep.yaml", []byte(src), nil)
	if err == nil {
		t.Fatal("no error for 5000-deep nesting")
	}
}

// TestYAMLSyntaxError: the line comes from the parser's fixed
// "yaml: line N: " form only; any other message is kept whole, with no line.
func TestYAMLSyntaxError(t *testing.T) {
	for _, tt := range []struct {
		in, msg string
		line    int
	}{
		{"yaml: line 9: did not find expected node content", "did not find expected node content", 9},
		{"yaml: control characters are not allowed", "control characters are not allowed", 0},
		{"yaml: line x: odd", "line x: odd", 0},
		{"something else at line 3", "something else at line 3", 0},
	} {
		line, err := yamlSyntaxError(errors.New(tt.in))
		if line != tt.line || err.Error() != tt.msg {
			t.Errorf("yamlSyntaxError(%q) = %d, %q; want %d, %q", tt.in, line, err, tt.line, tt.msg)
		}
	}
	_, _, err := yamlToJSON("bad.yaml", []byte("a: [1, 2\nb: c\n"), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "bad.yaml:") || strings.Contains(err.Error(), "yaml: ") {
		t.Errorf("err = %v, want bad.yaml:LINE: invalid YAML: problem", err)
	}
}
