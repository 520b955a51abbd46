package load

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// sibling is an object holding "$ref" next to other keys.
type sibling struct {
	ptr  string
	keys []string
}

// jsonPositions indexes the line and column of every value of a JSON
// document by JSON pointer, in one pass over the bytes. It is much cheaper
// than a YAML parse of the same text, which matters for large specs. In the
// same pass it finds the objects that hold "$ref" next to other keys,
// outside literal data (examples, defaults, enums, extensions). It returns
// nil for input that is not well-formed JSON.
func jsonPositions(src []byte) (positions, []sibling) {
	sc := &jsonScanner{src: src, pos: make(positions), line: 1, col: 1, expectValue: true}
	for sc.i < len(src) {
		c := src[sc.i]
		switch c {
		case ' ', '\t', '\r', '\n':
			sc.advance(1)
			continue
		}
		if len(sc.stack) > maxDepth {
			return nil, nil
		}
		var ok bool
		switch {
		case len(sc.stack) > 0 && !sc.top().array && !sc.expectValue:
			ok = sc.objectKey(c)
		case c == ',' || c == ']' || c == '}':
			ok = sc.punctuation(c)
		default:
			ok = sc.value(c)
		}
		if !ok {
			return nil, nil
		}
	}
	return sc.pos, sc.sibs
}

// jsonScanner is the state of jsonPositions: where it is in the source, the
// objects and arrays open around it, and what it has found.
type jsonScanner struct {
	src         []byte
	i           int // offset of the next byte
	line, col   int
	stack       []jsonFrame
	expectValue bool
	pos         positions
	sibs        []sibling
}

// jsonFrame is an open object or array.
type jsonFrame struct {
	array  bool
	index  int
	key    string
	ptr    string
	hasRef bool
	others []string
}

func (sc *jsonScanner) top() *jsonFrame { return &sc.stack[len(sc.stack)-1] }

// advance moves n bytes on, counting lines and (UTF-8) columns.
func (sc *jsonScanner) advance(n int) {
	for k := 0; k < n && sc.i < len(sc.src); k++ {
		if sc.src[sc.i] == '\n' {
			sc.line++
			sc.col = 1
		} else if sc.src[sc.i]&0xC0 != 0x80 {
			sc.col++
		}
		sc.i++
	}
}

// childPtr is the pointer of the value that starts next.
func (sc *jsonScanner) childPtr() string {
	if len(sc.stack) == 0 {
		return "#"
	}
	f := sc.top()
	if f.array {
		return f.ptr + "/" + strconv.Itoa(f.index)
	}
	return f.ptr + "/" + EscapePointer(f.key)
}

// readString reads the string starting at the current byte (a '"').
func (sc *jsonScanner) readString() (string, bool) {
	src, i := sc.src, sc.i
	j := i + 1
	esc := false
	for j < len(src) {
		c := src[j]
		if c == '\\' {
			esc = true
			j += 2
			continue
		}
		if c == '"' {
			break
		}
		j++
	}
	if j >= len(src) {
		return "", false
	}
	raw := src[i : j+1]
	var s string
	if esc {
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
	} else {
		s = string(raw[1 : len(raw)-1])
	}
	sc.advance(j + 1 - i)
	return s, true
}

// closeObject pops the innermost object, recording it when it holds
// "$ref" next to other keys outside literal data.
func (sc *jsonScanner) closeObject() {
	if f := sc.top(); f.hasRef && len(f.others) > 0 && !inData(f.ptr) {
		sc.sibs = append(sc.sibs, sibling{f.ptr, f.others})
	}
	sc.stack = sc.stack[:len(sc.stack)-1]
	sc.advance(1)
	sc.expectValue = false
}

// objectKey reads what may follow inside an object where no value is
// expected: a key, ':', ',' or '}'.
func (sc *jsonScanner) objectKey(c byte) bool {
	switch c {
	case '"':
		k, ok := sc.readString()
		if !ok {
			return false
		}
		f := sc.top()
		f.key = k
		if k == "$ref" {
			f.hasRef = true
		} else {
			f.others = append(f.others, k)
		}
	case ':':
		sc.expectValue = true
		sc.advance(1)
	case ',':
		sc.advance(1)
	case '}':
		sc.closeObject()
	default:
		return false
	}
	return true
}

// punctuation reads ',', ']' or '}' where a value may stand.
func (sc *jsonScanner) punctuation(c byte) bool {
	switch c {
	case ',':
		if len(sc.stack) > 0 && sc.top().array {
			sc.top().index++
			sc.expectValue = true
		}
		sc.advance(1)
	case ']':
		if len(sc.stack) == 0 || !sc.top().array {
			return false
		}
		sc.stack = sc.stack[:len(sc.stack)-1]
		sc.advance(1)
		sc.expectValue = false
	case '}':
		if len(sc.stack) == 0 || sc.top().array {
			return false
		}
		sc.closeObject()
	}
	return true
}

// value records the position of the value starting at the current byte
// and reads it (a scalar) or opens it (an object or array).
func (sc *jsonScanner) value(c byte) bool {
	ptr := sc.childPtr()
	sc.pos[ptr] = [2]int{sc.line, sc.col}
	switch c {
	case '{':
		sc.stack = append(sc.stack, jsonFrame{ptr: ptr})
		sc.expectValue = false
		sc.advance(1)
	case '[':
		sc.stack = append(sc.stack, jsonFrame{array: true, ptr: ptr})
		sc.expectValue = true
		sc.advance(1)
	case '"':
		if _, ok := sc.readString(); !ok {
			return false
		}
		sc.expectValue = false
	default:
		j := sc.i
		for j < len(sc.src) && !bytes.ContainsRune([]byte(",]} \t\r\n"), rune(sc.src[j])) {
			j++
		}
		sc.advance(j - sc.i)
		sc.expectValue = false
	}
	return true
}

// inData reports whether ptr lies inside literal data, where "$ref" is
// just a key: an example, a default, an enum, a const or an extension.
func inData(ptr string) bool {
	for _, seg := range strings.Split(ptr, "/") {
		switch seg {
		case "example", "examples", "default", "enum", "const":
			return true
		}
		if strings.HasPrefix(seg, "x-") {
			return true
		}
	}
	return false
}
