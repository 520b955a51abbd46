package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// OverlayDoc is an OpenAPI Overlay 1.0 document.
type OverlayDoc struct {
	name    string
	Version string          `json:"overlay"`
	Info    map[string]any  `json:"info"`
	Actions []OverlayAction `json:"actions"`
}

// OverlayAction is one action of an overlay.
type OverlayAction struct {
	Target      string `json:"target"`
	Description string `json:"description"`
	Update      any    `json:"update"`
	Remove      bool   `json:"remove"`
}

// ReadOverlay reads an overlay file (YAML or JSON); name is how it is shown
// in messages.
func ReadOverlay(path, name string) (*OverlayDoc, error) {
	src, err := ReadRegular(path, name)
	if err != nil {
		return nil, fmt.Errorf("read overlay: %w", err)
	}
	data := bytes.TrimPrefix(src, utf8BOM)
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		data, _, err = yamlToJSON(name, data, nil)
		if err != nil {
			return nil, err
		}
	}
	var o OverlayDoc
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, &SpecError{Pos: Pos{File: name}, Msg: "invalid overlay", Err: err}
	}
	o.name = name
	if !strings.HasPrefix(o.Version, "1.") {
		return nil, &SpecError{Pos: Pos{File: name, Pointer: "#/overlay"}, Msg: fmt.Sprintf("unsupported overlay version %q (want 1.x)", o.Version)}
	}
	for i, a := range o.Actions {
		if _, err := parsePath(a.Target); err != nil {
			return nil, &SpecError{Pos: Pos{File: name, Pointer: fmt.Sprintf("#/actions/%d/target", i)}, Msg: "invalid target", Err: err}
		}
		if !a.Remove && a.Update == nil {
			return nil, &SpecError{Pos: Pos{File: name, Pointer: fmt.Sprintf("#/actions/%d", i)}, Msg: "action has neither update nor remove"}
		}
	}
	return &o, nil
}

// Name returns the overlay's display name.
func (o *OverlayDoc) Name() string { return o.name }

// Apply applies the overlay's actions, in order, to doc (a decoded JSON
// tree). A target that selects nothing is a warning.
func (o *OverlayDoc) Apply(doc any, diag *Diagnostics) (any, error) {
	for i, a := range o.Actions {
		steps, _ := parsePath(a.Target)
		locs := evalPath(doc, steps)
		if len(locs) == 0 {
			diag.Warn(Pos{File: o.name, Pointer: fmt.Sprintf("#/actions/%d/target", i)}, "target %s selects nothing; action skipped", a.Target)
			continue
		}
		if a.Remove {
			// Remove from the end so indexes stay valid.
			for j := len(locs) - 1; j >= 0; j-- {
				doc = locs[j].remove(doc)
			}
			continue
		}
		for _, l := range locs {
			doc = l.set(doc, merge(l.get(doc), deepCopy(a.Update)))
		}
	}
	return doc, nil
}

// merge merges update into target: objects recursively, arrays appended,
// anything else replaced (Overlay 1.0 §4.4.3).
func merge(target, update any) any {
	switch t := target.(type) {
	case map[string]any:
		u, ok := update.(map[string]any)
		if !ok {
			return update
		}
		for k, v := range u {
			if old, ok := t[k]; ok {
				t[k] = merge(old, v)
			} else {
				t[k] = v
			}
		}
		return t
	case []any:
		if u, ok := update.([]any); ok {
			return append(t, u...)
		}
		return append(t, update)
	}
	return update
}

func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// A JSONPath subset (RFC 9535): $, .name, ['name'], [n], [*], .*, ..name,
// ..*, and filters [?@.a.b == 'v'] / [?@.a] with == and !=.

type stepKind int

const (
	stepName stepKind = iota
	stepIndex
	stepWild
	stepDescName
	stepDescWild
	stepFilter
)

type step struct {
	kind  stepKind
	name  string
	index int
	// filter
	path  []string
	op    string
	value any
}

func parsePath(p string) ([]step, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("JSONPath %q must start with $", p)
	}
	var steps []step
	i := 1
	for i < len(p) {
		switch {
		case strings.HasPrefix(p[i:], ".."):
			i += 2
			if i < len(p) && p[i] == '*' {
				steps = append(steps, step{kind: stepDescWild})
				i++
				continue
			}
			name, n := readName(p[i:])
			if name == "" {
				return nil, fmt.Errorf("JSONPath %q: name expected after .. at %d", p, i)
			}
			steps = append(steps, step{kind: stepDescName, name: name})
			i += n
		case p[i] == '.':
			i++
			if i < len(p) && p[i] == '*' {
				steps = append(steps, step{kind: stepWild})
				i++
				continue
			}
			name, n := readName(p[i:])
			if name == "" {
				return nil, fmt.Errorf("JSONPath %q: name expected at %d", p, i)
			}
			steps = append(steps, step{kind: stepName, name: name})
			i += n
		case p[i] == '[':
			j := matchBracket(p, i)
			if j < 0 {
				return nil, fmt.Errorf("JSONPath %q: unclosed [", p)
			}
			inner := strings.TrimSpace(p[i+1 : j])
			s, err := parseBracket(inner)
			if err != nil {
				return nil, fmt.Errorf("JSONPath %q: %w", p, err)
			}
			steps = append(steps, s)
			i = j + 1
		default:
			return nil, fmt.Errorf("JSONPath %q: unexpected %q at %d", p, p[i], i)
		}
	}
	return steps, nil
}

func readName(s string) (string, int) {
	n := 0
	for n < len(s) {
		c := s[n]
		if c == '.' || c == '[' || c == ' ' {
			break
		}
		n++
	}
	return s[:n], n
}

func matchBracket(p string, i int) int {
	depth := 0
	var quote byte
	for j := i; j < len(p); j++ {
		c := p[j]
		if quote != 0 {
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"':
			quote = c
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func unquote(s string) (string, bool) {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		body := s[1 : len(s)-1]
		if s[0] == '\'' {
			body = strings.ReplaceAll(body, `\'`, `'`)
			body = strings.ReplaceAll(body, `"`, `\"`)
		}
		u, err := strconv.Unquote(`"` + body + `"`)
		if err != nil {
			return body, true
		}
		return u, true
	}
	return "", false
}

func parseBracket(inner string) (step, error) {
	if inner == "*" {
		return step{kind: stepWild}, nil
	}
	if name, ok := unquote(inner); ok {
		return step{kind: stepName, name: name}, nil
	}
	if n, err := strconv.Atoi(inner); err == nil {
		return step{kind: stepIndex, index: n}, nil
	}
	if strings.HasPrefix(inner, "?") {
		expr := strings.TrimSpace(inner[1:])
		expr = strings.TrimSuffix(strings.TrimPrefix(expr, "("), ")")
		expr = strings.TrimSpace(expr)
		s := step{kind: stepFilter}
		lhs := expr
		for _, op := range []string{"==", "!="} {
			if k := strings.Index(expr, op); k >= 0 {
				lhs = strings.TrimSpace(expr[:k])
				rhs := strings.TrimSpace(expr[k+2:])
				s.op = op
				if str, ok := unquote(rhs); ok {
					s.value = str
				} else if err := json.Unmarshal([]byte(rhs), &s.value); err != nil {
					return s, fmt.Errorf("unsupported filter value %q", rhs)
				}
				break
			}
		}
		if !strings.HasPrefix(lhs, "@") {
			return s, fmt.Errorf("unsupported filter %q (sigen supports @.path, @.path == value, @.path != value)", expr)
		}
		for _, part := range strings.Split(strings.TrimPrefix(lhs, "@"), ".") {
			if part != "" {
				s.path = append(s.path, part)
			}
		}
		return s, nil
	}
	return step{}, fmt.Errorf("unsupported selector [%s]", inner)
}

// loc is a selected node: the root, or a key of an object, or an index of
// an array, reached through a chain of parents.
type loc struct {
	parent *loc
	key    string
	index  int
	isKey  bool
	root   bool
}

func (l loc) get(doc any) any {
	if l.root {
		return doc
	}
	p := l.parent.get(doc)
	if l.isKey {
		m, _ := p.(map[string]any)
		return m[l.key]
	}
	a, _ := p.([]any)
	if l.index < len(a) {
		return a[l.index]
	}
	return nil
}

func (l loc) set(doc, v any) any {
	if l.root {
		return v
	}
	p := l.parent.get(doc)
	if l.isKey {
		if m, ok := p.(map[string]any); ok {
			m[l.key] = v
		}
		return doc
	}
	if a, ok := p.([]any); ok && l.index < len(a) {
		a[l.index] = v
	}
	return doc
}

func (l loc) remove(doc any) any {
	if l.root {
		return doc
	}
	p := l.parent.get(doc)
	if l.isKey {
		if m, ok := p.(map[string]any); ok {
			delete(m, l.key)
		}
		return doc
	}
	if a, ok := p.([]any); ok && l.index < len(a) {
		na := append(a[:l.index:l.index], a[l.index+1:]...)
		return l.parent.set(doc, na)
	}
	return doc
}

func evalPath(doc any, steps []step) []loc {
	cur := []loc{{root: true}}
	for _, s := range steps {
		var next []loc
		for i := range cur {
			c := &cur[i]
			v := c.get(doc)
			switch s.kind {
			case stepName:
				if m, ok := v.(map[string]any); ok {
					if _, ok := m[s.name]; ok {
						next = append(next, loc{parent: c, key: s.name, isKey: true})
					}
				}
			case stepIndex:
				if a, ok := v.([]any); ok {
					idx := s.index
					if idx < 0 {
						idx += len(a)
					}
					if idx >= 0 && idx < len(a) {
						next = append(next, loc{parent: c, index: idx})
					}
				}
			case stepWild, stepFilter:
				next = append(next, children(c, v, s)...)
			case stepDescName, stepDescWild:
				next = append(next, descendants(c, v, s, 0)...)
			}
		}
		cur = next
	}
	return cur
}

func children(c *loc, v any, s step) []loc {
	var out []loc
	switch t := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if s.kind == stepFilter && !filterMatch(t[k], s) {
				continue
			}
			out = append(out, loc{parent: c, key: k, isKey: true})
		}
	case []any:
		for i, e := range t {
			if s.kind == stepFilter && !filterMatch(e, s) {
				continue
			}
			out = append(out, loc{parent: c, index: i})
		}
	}
	return out
}

func descendants(c *loc, v any, s step, depth int) []loc {
	if depth > maxDepth {
		return nil
	}
	var out []loc
	switch t := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			l := &loc{parent: c, key: k, isKey: true}
			if s.kind == stepDescWild || k == s.name {
				out = append(out, *l)
			}
			out = append(out, descendants(l, t[k], s, depth+1)...)
		}
	case []any:
		for i, e := range t {
			l := &loc{parent: c, index: i}
			if s.kind == stepDescWild {
				out = append(out, *l)
			}
			out = append(out, descendants(l, e, s, depth+1)...)
		}
	}
	return out
}

func filterMatch(v any, s step) bool {
	for _, p := range s.path {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[p]; !ok {
			return false
		}
	}
	switch s.op {
	case "":
		return true
	case "==":
		return jsonEqual(v, s.value)
	case "!=":
		return !jsonEqual(v, s.value)
	}
	return false
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
