package load

import (
	"encoding/json"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// danglingRef finds a $ref whose target does not exist or is not an
// object, in the document data (the JSON given to kin-openapi) or in a file
// read to resolve a $ref: a pointer that does not resolve in its own file,
// or in a file that was read. It returns the position of the object
// holding the $ref, and what is wrong with it. A $ref into a file that was
// not read is not judged.
func (s *Spec) danglingRef(data []byte) (Pos, string, bool) {
	var why string
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return Pos{}, "", false
	}
	docs := map[string]any{filepath.Clean(s.path): doc}
	files := make([]any, len(s.refFiles))
	for i, f := range s.refFiles {
		if json.Unmarshal(f.json, &files[i]) == nil {
			docs[filepath.Clean(f.path)] = files[i]
		}
	}
	dangles := func(self any, dir string) func(string) bool {
		return func(ref string) bool {
			file, frag, _ := strings.Cut(ref, "#")
			target := self
			if file != "" {
				if strings.Contains(file, "://") || filepath.IsAbs(filepath.FromSlash(file)) {
					return false
				}
				var read bool
				if target, read = docs[filepath.Join(dir, filepath.FromSlash(file))]; !read {
					return false
				}
			}
			if u, err := url.PathUnescape(frag); err == nil {
				frag = u
			}
			if frag != "" && !strings.HasPrefix(frag, "/") {
				return false // an anchor name: not judged here
			}
			v, ok := resolvePointer(target, frag)
			switch v.(type) {
			case map[string]any, bool: // an object, or a 3.1 boolean schema
				return false
			}
			why = "dangling $ref"
			if ok {
				why = "$ref to a value that is not an object"
			}
			return true
		}
	}
	if ptr, ok := walkRefs(doc, "#", 0, dangles(doc, filepath.Dir(s.path))); ok {
		return s.Pos(ptr), why, true
	}
	for i, f := range s.refFiles {
		if ptr, ok := walkRefs(files[i], "#", 0, dangles(files[i], filepath.Dir(f.path))); ok {
			return f.pos.at(f.name, ptr), why, true
		}
	}
	return Pos{}, "", false
}

// literalKeys hold values, not OpenAPI objects: a "$ref" inside them is
// data, which the loader does not follow.
var literalKeys = map[string]bool{"example": true, "default": true, "enum": true, "const": true}

// walkRefs returns the pointer of the first object below v (keys in sorted
// order) whose "$ref" satisfies match, skipping literal values and
// extensions.
func walkRefs(v any, ptr string, depth int, match func(string) bool) (string, bool) {
	if depth > maxDepth {
		return "", false
	}
	switch t := v.(type) {
	case map[string]any:
		if r, ok := t["$ref"].(string); ok && match(r) {
			return ptr, true
		}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if literalKeys[k] || strings.HasPrefix(k, "x-") {
				continue
			}
			if p, ok := walkRefs(t[k], ptr+"/"+EscapePointer(k), depth+1, match); ok {
				return p, true
			}
		}
	case []any:
		for i, e := range t {
			if p, ok := walkRefs(e, ptr+"/"+strconv.Itoa(i), depth+1, match); ok {
				return p, true
			}
		}
	}
	return "", false
}

// resolvePointer resolves the JSON pointer frag ("" or
// "/components/schemas/A", already percent-decoded) in the generic JSON
// document doc.
func resolvePointer(doc any, frag string) (any, bool) {
	if frag == "" {
		return doc, true
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, false
	}
	v := doc
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = UnescapePointer(tok)
		switch t := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = t[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}
