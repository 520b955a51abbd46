package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Stats are cheap counts taken from a spec file without loading it as OpenAPI.
type Stats struct {
	Ops      int // operations under paths (HTTP-method keys of path items)
	Webhooks int // operations under webhooks (OpenAPI 3.1)
	Schemas  int // entries of components.schemas
}

// methods are the operation keys of an OpenAPI path item.
var methods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

// Count counts operations and schemas in a JSON or YAML spec. JSON is
// decoded; YAML is scanned by indentation (block mappings only, which is what
// real specs use), so it needs no YAML library. Operations reached only
// through a path-item $ref or a YAML merge key are not counted.
func Count(data []byte) (Stats, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return countJSON(data)
	}
	return countYAML(data), nil
}

func countJSON(data []byte) (Stats, error) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Webhooks   map[string]map[string]json.RawMessage `json:"webhooks"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return Stats{}, fmt.Errorf("count operations: %w", err)
	}
	return Stats{
		Ops:      countMethods(doc.Paths),
		Webhooks: countMethods(doc.Webhooks),
		Schemas:  len(doc.Components.Schemas),
	}, nil
}

func countMethods(items map[string]map[string]json.RawMessage) int {
	n := 0
	for _, item := range items {
		for k := range item {
			if methods[k] {
				n++
			}
		}
	}
	return n
}

// yamlLine is a non-blank, non-comment line of a YAML document.
type yamlLine struct {
	indent int
	key    string // mapping key on this line, or "" if the line has none
}

func yamlLines(data []byte) []yamlLine {
	var out []yamlLine
	for _, raw := range strings.Split(string(data), "\n") {
		raw = strings.TrimRight(raw, "\r")
		content := strings.TrimLeft(raw, " ")
		if content == "" || content[0] == '#' {
			continue
		}
		indent := len(raw) - len(content)
		if indent == 0 && (content == "---" || strings.HasPrefix(content, "--- ") || content == "...") {
			continue
		}
		out = append(out, yamlLine{indent: indent, key: yamlKey(content)})
	}
	return out
}

// yamlKey returns the mapping key at the start of content ("key: ...",
// "'key': ..." or "\"key\": ..."), or "" when the line is not a key.
func yamlKey(content string) string {
	if content[0] == '"' || content[0] == '\'' {
		q := content[0]
		var b strings.Builder
		for i := 1; i < len(content); i++ {
			c := content[i]
			switch {
			case q == '\'' && c == '\'' && i+1 < len(content) && content[i+1] == '\'':
				b.WriteByte('\'')
				i++
			case q == '"' && c == '\\' && i+1 < len(content):
				b.WriteByte(content[i+1])
				i++
			case c == q:
				rest := strings.TrimLeft(content[i+1:], " ")
				if strings.HasPrefix(rest, ":") {
					return b.String()
				}
				return ""
			default:
				b.WriteByte(c)
			}
		}
		return ""
	}
	switch content[0] {
	case '-', '[', '{', '|', '>', '&', '*', '!', '?':
		return ""
	}
	for i := 0; i < len(content); i++ {
		if content[i] == ':' && (i+1 == len(content) || content[i+1] == ' ' || content[i+1] == '\t') {
			return strings.TrimRight(content[:i], " ")
		}
		if content[i] == ' ' && i+1 < len(content) && content[i+1] == '#' {
			return ""
		}
	}
	return ""
}

// children returns the index range [from, to) of the lines nested under the
// line at i, and the indentation of its direct children (-1 if none).
func children(lines []yamlLine, i int) (from, to, indent int) {
	from, to = i+1, i+1
	for to < len(lines) && lines[to].indent > lines[i].indent {
		to++
	}
	if from == to {
		return from, to, -1
	}
	return from, to, lines[from].indent
}

// childKeys returns the indexes of the direct-child keys of the line at i.
func childKeys(lines []yamlLine, i int) []int {
	from, to, indent := children(lines, i)
	var out []int
	for j := from; j < to; j++ {
		if lines[j].indent == indent && lines[j].key != "" {
			out = append(out, j)
		}
	}
	return out
}

func countYAML(data []byte) Stats {
	lines := yamlLines(data)
	var st Stats
	for i, l := range lines {
		if l.indent != 0 {
			continue
		}
		switch l.key {
		case "paths", "webhooks":
			n := 0
			for _, p := range childKeys(lines, i) {
				for _, m := range childKeys(lines, p) {
					if methods[lines[m].key] {
						n++
					}
				}
			}
			if l.key == "paths" {
				st.Ops = n
			} else {
				st.Webhooks = n
			}
		case "components":
			for _, c := range childKeys(lines, i) {
				if lines[c].key == "schemas" {
					st.Schemas = len(childKeys(lines, c))
				}
			}
		}
	}
	return st
}

// FormatOps shows operation counts as the manifest does: "10", or "0+261w"
// when the spec also has webhooks.
func (s Stats) FormatOps() string {
	if s.Webhooks > 0 {
		return fmt.Sprintf("%d+%dw", s.Ops, s.Webhooks)
	}
	return fmt.Sprint(s.Ops)
}
