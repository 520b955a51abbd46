package load

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// jsonPositions indexes a JSON document the way yamlToJSON does, in one
// pass and without building a node tree: the line and column (1-based,
// columns counted in characters, as go-yaml counts them) of every value,
// keyed by JSON pointer. It reports false, and the caller falls back to
// yamlToJSON, for anything it does not handle exactly like go-yaml: input
// that is not a JSON object or array, a syntax error, nesting deeper than
// maxDepth, or a duplicated key (where go-yaml's index keeps the last
// occurrence's subtree).
//
// On the 3.7 MB GitHub REST 2022 spec it is several times faster than
// yamlToJSON, which the first warning of a build used to pay for.
func jsonPositions(src []byte) (positions, bool) {
	s := &jsonScanner{src: src, line: 1, col: 1, pos: make(positions, len(src)/32)}
	s.ws()
	if s.i >= len(src) || src[s.i] != '{' && src[s.i] != '[' {
		return nil, false
	}
	if !s.value("#", 0) {
		return nil, false
	}
	s.ws()
	if s.i != len(src) {
		return nil, false
	}
	return s.pos, true
}

type jsonScanner struct {
	src []byte
	i   int
	// line is the current line; colOff and col are a known offset on that
	// line and its column, so columns are computed incrementally.
	line, colOff, col int
	pos               positions
}

// newline records a line break that ends just before offset next.
func (s *jsonScanner) newline(next int) {
	s.line++
	s.colOff, s.col = next, 1
}

// column returns the column of offset i on the current line.
func (s *jsonScanner) column(i int) int {
	s.col += utf8.RuneCount(s.src[s.colOff:i])
	s.colOff = i
	return s.col
}

// brk reports the length of a line break at s.i (go-yaml's breaks: LF,
// CR LF, CR, NEL, LS, PS), or 0.
func (s *jsonScanner) brk() int {
	src, i := s.src, s.i
	switch src[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xC2:
		if i+1 < len(src) && src[i+1] == 0x85 {
			return 2
		}
	case 0xE2:
		if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

func (s *jsonScanner) ws() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t':
			s.i++
		case '\n', '\r':
			n := s.brk()
			s.i += n
			s.newline(s.i)
		default:
			return
		}
	}
}

// str skips a string starting at s.i (a '"') and returns its raw bytes,
// quotes included, and whether it has escapes.
func (s *jsonScanner) str() (raw []byte, escaped, ok bool) {
	start := s.i
	s.i++
	for s.i < len(s.src) {
		switch c := s.src[s.i]; c {
		case '"':
			s.i++
			return s.src[start:s.i], escaped, true
		case '\\':
			escaped = true
			s.i += 2
		case '\n', '\r', 0xC2, 0xE2:
			if n := s.brk(); n > 0 {
				s.i += n
				s.newline(s.i)
			} else {
				s.i++
			}
		default:
			s.i++
		}
	}
	return nil, false, false
}

func (s *jsonScanner) value(ptr string, depth int) bool {
	if depth > maxDepth || s.i >= len(s.src) {
		return false
	}
	if _, dup := s.pos[ptr]; dup {
		return false
	}
	s.pos[ptr] = [2]int{s.line, s.column(s.i)}
	switch s.src[s.i] {
	case '{':
		s.i++
		s.ws()
		if s.i < len(s.src) && s.src[s.i] == '}' {
			s.i++
			return true
		}
		for {
			if s.i >= len(s.src) || s.src[s.i] != '"' {
				return false
			}
			raw, escaped, ok := s.str()
			if !ok {
				return false
			}
			key := string(raw[1 : len(raw)-1])
			if escaped {
				if json.Unmarshal(raw, &key) != nil {
					return false
				}
			}
			s.ws()
			if s.i >= len(s.src) || s.src[s.i] != ':' {
				return false
			}
			s.i++
			s.ws()
			if !s.value(ptr+"/"+EscapePointer(key), depth+1) {
				return false
			}
			s.ws()
			if s.i >= len(s.src) {
				return false
			}
			switch s.src[s.i] {
			case ',':
				s.i++
				s.ws()
			case '}':
				s.i++
				return true
			default:
				return false
			}
		}
	case '[':
		s.i++
		s.ws()
		if s.i < len(s.src) && s.src[s.i] == ']' {
			s.i++
			return true
		}
		for n := 0; ; n++ {
			if !s.value(ptr+"/"+strconv.Itoa(n), depth+1) {
				return false
			}
			s.ws()
			if s.i >= len(s.src) {
				return false
			}
			switch s.src[s.i] {
			case ',':
				s.i++
				s.ws()
			case ']':
				s.i++
				return true
			default:
				return false
			}
		}
	case '"':
		_, _, ok := s.str()
		return ok
	default:
		start := s.i
		for s.i < len(s.src) {
			switch s.src[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return s.i > start
			}
			s.i++
		}
		return s.i > start
	}
}
