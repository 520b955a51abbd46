package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds nesting in any spec document, so hostile inputs fail with
// an error instead of exhausting the stack.
const maxDepth = 2000

// shortPointer abbreviates a very long pointer (of a deeply nested node)
// for messages.
func shortPointer(ptr string) string {
	const max = 120
	if len(ptr) <= max {
		return ptr
	}
	i := strings.LastIndexByte(ptr[:max], '/')
	return ptr[:i] + "/…"
}

// checkJSONDepth fails when src, if it is JSON, nests deeper than maxDepth.
// JSON skips the YAML converter (which has the same bound), and kin-openapi
// takes time quadratic in the depth to decode deeply nested schemas.
func checkJSONDepth(file string, src []byte) error {
	if t := bytes.TrimLeft(src, " \t\r\n"); len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return nil
	}
	depth, line, col := 0, 1, 0
	inStr, esc := false, false
	for _, c := range src {
		col++
		switch {
		case c == '\n':
			line, col = line+1, 0
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
			if depth > maxDepth {
				return &SpecError{Pos: Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// positions maps JSON pointers to their line and column in one file.
type positions map[string][2]int

// converter turns a YAML node tree into JSON, recording positions, resolving
// anchors and merge keys, and turning duplicate keys into warnings (last
// wins).
type converter struct {
	file  string
	diag  *Diagnostics
	pos   positions
	buf   bytes.Buffer
	depth int
	limit int // bound on the JSON output, against alias bombs
}

// maxExpansion bounds the JSON a YAML document of n bytes may expand to
// through aliases and merge keys: a few hundred bytes of nested aliases
// ("billion laughs") otherwise expand to gigabytes.
func maxExpansion(n int) int { return 4*n + 4<<20 }

// yamlToJSON converts YAML (or JSON) source to JSON. It returns the
// positions of every node, keyed by JSON pointer.
func yamlToJSON(file string, src []byte, diag *Diagnostics) ([]byte, positions, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		line, problem := yamlSyntaxError(err)
		return nil, nil, &SpecError{Pos: Pos{File: file, Line: line}, Msg: "invalid YAML", Err: problem}
	}
	c := &converter{file: file, diag: diag, pos: make(positions), limit: maxExpansion(len(src))}
	n := &root
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil, &SpecError{Pos: Pos{File: file}, Msg: "empty document"}
		}
		n = n.Content[0]
	}
	if err := c.node(n, "#"); err != nil {
		return nil, nil, err
	}
	return c.buf.Bytes(), c.pos, nil
}

func (c *converter) node(n *yaml.Node, ptr string) error {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		return &SpecError{Pos: Pos{File: c.file, Line: n.Line, Col: n.Column, Pointer: shortPointer(ptr)}, Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	if c.buf.Len() > c.limit {
		return &SpecError{Pos: Pos{File: c.file, Line: n.Line, Col: n.Column, Pointer: shortPointer(ptr)}, Msg: fmt.Sprintf("YAML aliases expand the document to more than %d bytes", c.limit)}
	}
	if _, ok := c.pos[ptr]; !ok {
		c.pos[ptr] = [2]int{n.Line, n.Column}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return &SpecError{Pos: Pos{File: c.file, Line: n.Line, Col: n.Column, Pointer: ptr}, Msg: "unresolved YAML alias"}
		}
		return c.node(n.Alias, ptr)
	case yaml.MappingNode:
		return c.mapping(n, ptr)
	case yaml.SequenceNode:
		c.buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf.WriteByte(',')
			}
			if err := c.node(item, ptr+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		c.buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		return c.scalar(n, ptr)
	}
	return &SpecError{Pos: Pos{File: c.file, Line: n.Line, Col: n.Column, Pointer: ptr}, Msg: "unsupported YAML node"}
}

type kv struct {
	key string
	val *yaml.Node
	kn  *yaml.Node
}

func (c *converter) pairs(n *yaml.Node, ptr string, depth int) ([]kv, error) {
	if depth > 32 {
		return nil, &SpecError{Pos: Pos{File: c.file, Line: n.Line, Pointer: ptr}, Msg: "YAML merge keys nested too deep"}
	}
	var out []kv
	var merged []kv
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			src := v
			if src.Kind == yaml.AliasNode {
				src = src.Alias
			}
			var srcs []*yaml.Node
			if src != nil && src.Kind == yaml.SequenceNode {
				srcs = src.Content
			} else if src != nil {
				srcs = []*yaml.Node{src}
			}
			for _, s := range srcs {
				if s.Kind == yaml.AliasNode {
					s = s.Alias
				}
				if s == nil || s.Kind != yaml.MappingNode {
					continue
				}
				ps, err := c.pairs(s, ptr, depth+1)
				if err != nil {
					return nil, err
				}
				merged = append(merged, ps...)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, &SpecError{Pos: Pos{File: c.file, Line: k.Line, Col: k.Column, Pointer: ptr}, Msg: "mapping key is not a scalar"}
		}
		out = append(out, kv{key: k.Value, val: v, kn: k})
	}
	// Explicit keys win over merged ones.
	if len(merged) > 0 {
		have := make(map[string]bool, len(out))
		for _, p := range out {
			have[p.key] = true
		}
		for _, p := range merged {
			if !have[p.key] {
				out = append(out, p)
				have[p.key] = true
			}
		}
	}
	return out, nil
}

func (c *converter) mapping(n *yaml.Node, ptr string) error {
	ps, err := c.pairs(n, ptr, 0)
	if err != nil {
		return err
	}
	// Duplicate keys: the last one wins, with a warning (YAML forbids them,
	// but real specs have them).
	last := make(map[string]int, len(ps))
	for i, p := range ps {
		if j, dup := last[p.key]; dup && c.diag != nil {
			c.diag.Warn(Pos{File: c.file, Line: p.kn.Line, Col: p.kn.Column, Pointer: ptr + "/" + EscapePointer(p.key)},
				"duplicate key %q (first at line %d); the last one wins", p.key, ps[j].kn.Line)
		}
		last[p.key] = i
	}
	c.buf.WriteByte('{')
	first := true
	for i, p := range ps {
		if last[p.key] != i {
			continue
		}
		if !first {
			c.buf.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(p.key)
		c.buf.Write(kb)
		c.buf.WriteByte(':')
		if err := c.node(p.val, ptr+"/"+EscapePointer(p.key)); err != nil {
			return err
		}
	}
	c.buf.WriteByte('}')
	return nil
}

func (c *converter) scalar(n *yaml.Node, ptr string) error {
	switch n.ShortTag() {
	case "!!null":
		c.buf.WriteString("null")
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return &SpecError{Pos: Pos{File: c.file, Line: n.Line, Col: n.Column, Pointer: ptr}, Msg: "invalid boolean", Err: err}
		}
		c.buf.WriteString(strconv.FormatBool(b))
		return nil
	case "!!int":
		v := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(v, 0, 64); err == nil {
			c.buf.WriteString(strconv.FormatInt(i, 10))
			return nil
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil && isJSONNumber(v) {
			c.buf.WriteString(v)
			return nil
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			if isJSONNumber(n.Value) {
				c.buf.WriteString(n.Value)
			} else {
				c.buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
			}
			return nil
		}
	}
	b, _ := json.Marshal(n.Value)
	c.buf.Write(b)
	return nil
}

func isJSONNumber(s string) bool {
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

// yamlSyntaxError splits a syntax error of the YAML parser into the line
// it names and the problem. The parser has no typed error: it writes
// "yaml: line N: problem" (or "yaml: problem" when it has no line), and
// only that exact form is read; anything else is kept whole, with no line.
func yamlSyntaxError(err error) (int, error) {
	msg, ok := strings.CutPrefix(err.Error(), "yaml: ")
	if !ok {
		return 0, err
	}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, problem, ok := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); ok && err == nil && n > 0 {
			return n, errors.New(problem)
		}
	}
	return 0, errors.New(msg)
}
