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
	type frame struct {
		array  bool
		index  int
		key    string
		ptr    string
		hasRef bool
		others []string
	}
	var sibs []sibling
	closeObject := func(f *frame) {
		if f.hasRef && len(f.others) > 0 && !inData(f.ptr) {
			sibs = append(sibs, sibling{f.ptr, f.others})
		}
	}
	pos := make(positions)
	var stack []frame
	line, col := 1, 1
	ptr := "#"
	expectValue := true
	i := 0
	advance := func(n int) {
		for k := 0; k < n && i < len(src); k++ {
			if src[i] == '\n' {
				line++
				col = 1
			} else if src[i]&0xC0 != 0x80 {
				col++
			}
			i++
		}
	}
	childPtr := func() string {
		if len(stack) == 0 {
			return "#"
		}
		f := &stack[len(stack)-1]
		if f.array {
			return f.ptr + "/" + strconv.Itoa(f.index)
		}
		return f.ptr + "/" + EscapePointer(f.key)
	}
	readString := func() (string, bool) {
		// src[i] == '"'
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
		advance(j + 1 - i)
		return s, true
	}
	for i < len(src) {
		c := src[i]
		switch c {
		case ' ', '\t', '\r', '\n':
			advance(1)
			continue
		}
		if len(stack) > maxDepth {
			return nil, nil
		}
		// Object key?
		if len(stack) > 0 && !stack[len(stack)-1].array && !expectValue {
			switch c {
			case '"':
				k, ok := readString()
				if !ok {
					return nil, nil
				}
				f := &stack[len(stack)-1]
				f.key = k
				if k == "$ref" {
					f.hasRef = true
				} else {
					f.others = append(f.others, k)
				}
				continue
			case ':':
				expectValue = true
				advance(1)
				continue
			case ',':
				advance(1)
				continue
			case '}':
				closeObject(&stack[len(stack)-1])
				stack = stack[:len(stack)-1]
				advance(1)
				expectValue = false
				continue
			}
			return nil, nil
		}
		switch c {
		case ',':
			if len(stack) > 0 && stack[len(stack)-1].array {
				stack[len(stack)-1].index++
				expectValue = true
			}
			advance(1)
			continue
		case ']':
			if len(stack) == 0 || !stack[len(stack)-1].array {
				return nil, nil
			}
			stack = stack[:len(stack)-1]
			advance(1)
			expectValue = false
			continue
		case '}':
			if len(stack) == 0 || stack[len(stack)-1].array {
				return nil, nil
			}
			closeObject(&stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			advance(1)
			expectValue = false
			continue
		}
		// A value starts here.
		ptr = childPtr()
		pos[ptr] = [2]int{line, col}
		switch c {
		case '{':
			stack = append(stack, frame{ptr: ptr})
			expectValue = false
			advance(1)
		case '[':
			stack = append(stack, frame{array: true, ptr: ptr})
			expectValue = true
			advance(1)
		case '"':
			if _, ok := readString(); !ok {
				return nil, nil
			}
			expectValue = false
		default:
			j := i
			for j < len(src) && !bytes.ContainsRune([]byte(",]} \t\r\n"), rune(src[j])) {
				j++
			}
			advance(j - i)
			expectValue = false
		}
	}
	return pos, sibs
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
