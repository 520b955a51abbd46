package load

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a spec file. Line and Col start at 1; zero means
// unknown.
type Pos struct {
	File    string
	Line    int
	Col     int
	Pointer string // JSON pointer of the node, e.g. "#/paths/~1pets/get"
}

// String formats p as "file:line:col: pointer", leaving out what is unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	if p.Pointer != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(p.Pointer)
	}
	return b.String()
}

// SpecError is a problem in a spec, at a position.
type SpecError struct {
	Pos
	Msg string
	Err error // underlying cause, if any
}

func (e *SpecError) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg != "" {
			msg += ": "
		}
		msg += e.Err.Error()
	}
	if s := e.Pos.String(); s != "" {
		return s + ": " + msg
	}
	return msg
}

func (e *SpecError) Unwrap() error { return e.Err }

// Diagnostics collects warnings. It is safe to use only from one goroutine.
type Diagnostics struct {
	Warnings []*SpecError
	repairs  []*SpecError
}

// Warn records a warning.
func (d *Diagnostics) Warn(p Pos, format string, args ...any) {
	d.Warnings = append(d.Warnings, &SpecError{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// Repair records a warning about a defect that sigen worked around (a
// $ref to an object of another kind, a keyword of the wrong JSON type, an
// allOf conflict); Repairs lists them, so that a strict run can refuse
// them.
func (d *Diagnostics) Repair(p Pos, format string, args ...any) {
	d.Warn(p, format, args...)
	d.repairs = append(d.repairs, d.Warnings[len(d.Warnings)-1])
}

// Repairs returns the warnings recorded with Repair, sorted like Sorted.
func (d *Diagnostics) Repairs() []*SpecError {
	return (&Diagnostics{Warnings: d.repairs}).Sorted()
}

// Sorted returns the warnings sorted by file, line, pointer and message,
// with exact duplicates removed.
func (d *Diagnostics) Sorted() []*SpecError {
	ws := append([]*SpecError(nil), d.Warnings...)
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Msg < b.Msg
	})
	out := ws[:0]
	for i, w := range ws {
		if i > 0 && w.Error() == ws[i-1].Error() {
			continue
		}
		out = append(out, w)
	}
	return out
}

// EscapePointer escapes one JSON pointer token (RFC 6901).
func EscapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

// UnescapePointer decodes one JSON pointer token (RFC 6901).
func UnescapePointer(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return pointerUnescaper.Replace(s)
}
