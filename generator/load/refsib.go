package load

import (
	"encoding/json"
	"strconv"
)

// refSiblingsIn scans a JSON document for objects that hold "$ref" next to
// other keys, in one pass over the bytes and without building the tree. It
// returns each such object's JSON pointer and its other keys. Malformed
// input gives nil.
func refSiblingsIn(src []byte) (ptrs []string, keys [][]string) {
	type frame struct {
		array  bool
		index  int
		key    string // object: the current key
		hasRef bool
		others []string
	}
	var stack []frame
	var path []string // pointer segments of the open containers
	expectValue := true
	i := 0
	readString := func() (string, bool) {
		j := i + 1
		esc := false
		for j < len(src) && src[j] != '"' {
			if src[j] == '\\' {
				esc = true
				j++
			}
			j++
		}
		if j >= len(src) {
			return "", false
		}
		raw := src[i : j+1]
		i = j + 1
		if !esc {
			return string(raw[1 : len(raw)-1]), true
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	}
	seg := func() string {
		f := &stack[len(stack)-1]
		if f.array {
			return strconv.Itoa(f.index)
		}
		return EscapePointer(f.key)
	}
	pointer := func() string {
		p := "#"
		for _, s := range path {
			p += "/" + s
		}
		return p
	}
	// Inside literal data (examples, defaults, enums, extensions) "$ref"
	// is just a key.
	inData := func() bool {
		for _, s := range path {
			switch s {
			case "example", "examples", "default", "enum", "const":
				return true
			}
			if len(s) > 2 && s[:2] == "x-" {
				return true
			}
		}
		return false
	}
	closeObject := func() {
		f := stack[len(stack)-1]
		if f.hasRef && len(f.others) > 0 && !inData() {
			ptrs = append(ptrs, pointer())
			keys = append(keys, f.others)
		}
	}
	for i < len(src) {
		c := src[i]
		switch c {
		case ' ', '\t', '\r', '\n', ':':
			if c == ':' {
				expectValue = true
			}
			i++
			continue
		}
		if len(stack) > maxDepth {
			return nil, nil
		}
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
			case ',':
				i++
				continue
			case '}':
				closeObject()
				stack = stack[:len(stack)-1]
				if len(path) > 0 {
					path = path[:len(path)-1]
				}
				i++
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
			i++
			continue
		case ']', '}':
			if len(stack) == 0 || stack[len(stack)-1].array != (c == ']') {
				return nil, nil
			}
			if c == '}' {
				closeObject()
			}
			stack = stack[:len(stack)-1]
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
			i++
			expectValue = false
			continue
		}
		// A value.
		switch c {
		case '{', '[':
			if len(stack) > 0 {
				path = append(path, seg())
			}
			stack = append(stack, frame{array: c == '['})
			expectValue = c == '['
			i++
		case '"':
			if _, ok := readString(); !ok {
				return nil, nil
			}
			expectValue = false
		default:
			for i < len(src) {
				switch src[i] {
				case ',', ']', '}', ' ', '\t', '\r', '\n':
					goto done
				}
				i++
			}
		done:
			expectValue = false
		}
	}
	return ptrs, keys
}
