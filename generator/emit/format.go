package emit

import (
	"bytes"
	"fmt"
	"go/format"
	"go/scanner"
	"os"
	"strings"
)

// FormatError is generated source that go/format refuses: a bug in sigen,
// since every name and literal is validated or escaped first. It never
// holds the source itself (a whole file in an error message buries the
// problem): the source is saved to TempFile.
type FormatError struct {
	File     string // the generated file's name, e.g. "types.go"
	Line     int    // line of the first error in the unformatted source; 0 if unknown
	Pointer  string // JSON pointer of the spec element whose code holds that line; "" if unknown
	TempFile string // where the unformatted source was saved; "" if it could not be
	Err      error  // the go/format error (the first one)
}

func (e *FormatError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "render %s: generated code does not parse (a sigen bug; please report it): %v", e.File, e.Err)
	if e.Pointer != "" {
		fmt.Fprintf(&b, "; the line comes from %s", e.Pointer)
	}
	if e.TempFile != "" {
		fmt.Fprintf(&b, "; unformatted source saved to %s", e.TempFile)
	}
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

// formatSource formats the source of the generated file name; on failure
// it saves src to a temporary file and returns a *FormatError naming it and
// the spec element that produced the failing line, when one can be told.
func (e *emitter) formatSource(name string, src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err == nil {
		return out, nil
	}
	fe := &FormatError{File: name, Err: err}
	var list scanner.ErrorList
	if el, ok := err.(scanner.ErrorList); ok && len(el) > 0 {
		list = el
		fe.Err = list[0]
		fe.Line = list[0].Pos.Line
	}
	if fe.Line > 0 {
		fe.Pointer = e.sourceOf(src, fe.Line)
	}
	if f, terr := os.CreateTemp("", "sigen-unformatted-*-"+strings.ReplaceAll(name, "/", "-")); terr == nil {
		_, werr := f.Write(src)
		if cerr := f.Close(); werr == nil && cerr == nil {
			fe.TempFile = f.Name()
		}
	}
	return nil, fe
}

// sourceOf returns the JSON pointer of the type or operation whose
// declaration encloses line (1-based) of src: the nearest "type NAME" or
// "func ... NAME" above it whose NAME the model knows.
func (e *emitter) sourceOf(src []byte, line int) string {
	decls := map[string]string{}
	for _, n := range e.api.Types {
		decls[n.Name] = n.Source
	}
	for _, op := range e.api.Operations {
		decls[op.Name] = op.Source
		if op.Params != nil {
			decls[op.Params.Name] = op.Params.Source
		}
	}
	lines := bytes.Split(src, []byte("\n"))
	for i := min(line, len(lines)) - 1; i >= 0; i-- {
		l := strings.TrimSpace(string(lines[i]))
		var rest string
		switch {
		case strings.HasPrefix(l, "type "):
			rest = strings.TrimSpace(l[len("type "):])
		case strings.HasPrefix(l, "func "):
			rest = strings.TrimSpace(l[len("func "):])
			if strings.HasPrefix(rest, "(") {
				// A method: the receiver's type, else the method name.
				if j := strings.Index(rest, ")"); j > 0 {
					recv := strings.Fields(strings.NewReplacer("*", " ", "(", " ").Replace(rest[:j]))
					after := strings.TrimSpace(rest[j+1:])
					if p := longestPrefix(decls, after); p != "" && len(recv) > 0 && recv[len(recv)-1] == e.api.Client.Client {
						return p
					}
					if len(recv) > 0 {
						rest = recv[len(recv)-1]
					}
				}
			}
		default:
			continue
		}
		if p := longestPrefix(decls, rest); p != "" {
			return p
		}
	}
	return ""
}

// longestPrefix returns the pointer of the longest name in decls that s
// starts with.
func longestPrefix(decls map[string]string, s string) string {
	best, ptr := "", ""
	for name, p := range decls {
		if len(name) > len(best) && strings.HasPrefix(s, name) && p != "" {
			best, ptr = name, p
		}
	}
	return ptr
}
