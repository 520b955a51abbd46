package oas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"slices"
	"strings"
)

// MaxSnippet is the most bytes of a response body that [APIError.Body]
// keeps.
const MaxSnippet = 4096

// IsJSON reports whether contentType is a JSON media type:
// application/json or any type with the +json structured syntax suffix
// (such as application/problem+json), with or without parameters, in any
// case.
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Tolerate malformed parameters; only the type matters here.
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || typ == "" || sub == "" {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(sub, "+json")
}

// Problem is an RFC 9457 problem details object (media type
// application/problem+json).
//
// Members other than the five standard ones are extension members; they
// are kept in Extensions as raw JSON and written back when the Problem is
// marshalled. As RFC 9457 requires, a standard member whose value has the
// wrong JSON type is ignored when decoding.
type Problem struct {
	Type     string `json:"type,omitempty"`     // URI reference identifying the problem type
	Title    string `json:"title,omitempty"`    // short summary of the problem type
	Status   int    `json:"status,omitempty"`   // HTTP status code
	Detail   string `json:"detail,omitempty"`   // explanation of this occurrence
	Instance string `json:"instance,omitempty"` // URI reference identifying this occurrence

	// Extensions holds the extension members by name. Marshalling writes
	// them after the standard members, sorted by name, and skips any named
	// like a standard member.
	Extensions map[string]json.RawMessage `json:"-"`
}

var problemMembers = []string{"type", "title", "status", "detail", "instance"}

// MarshalJSON encodes p with its standard members followed by its
// extension members.
func (p Problem) MarshalJSON() ([]byte, error) {
	type standard Problem // no methods: avoids recursion
	b, err := json.Marshal(standard(p))
	if err != nil {
		return nil, fmt.Errorf("oas: marshaling problem: %w", err)
	}
	if len(p.Extensions) == 0 {
		return b, nil
	}
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1]) // without the closing brace
	first := len(b) == 2    // "{}"
	for _, k := range slices.Sorted(maps.Keys(p.Extensions)) {
		if slices.Contains(problemMembers, k) {
			continue
		}
		name, _ := json.Marshal(k)
		v := p.Extensions[k]
		if v == nil {
			v = json.RawMessage("null")
		}
		if !json.Valid(v) {
			return nil, fmt.Errorf("oas: marshaling problem: extension member %q is not valid JSON", k)
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(name)
		buf.WriteByte(':')
		if err := json.Compact(&buf, v); err != nil {
			return nil, fmt.Errorf("oas: marshaling problem: extension member %q: %w", k, err)
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON decodes a problem details object. Extension members go to
// p.Extensions, which is nil if there are none.
func (p *Problem) UnmarshalJSON(data []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return fmt.Errorf("oas: decoding problem details: %w", err)
	}
	*p = Problem{}
	for k, v := range members {
		var dst any
		switch k {
		case "type":
			dst = &p.Type
		case "title":
			dst = &p.Title
		case "status":
			dst = &p.Status
		case "detail":
			dst = &p.Detail
		case "instance":
			dst = &p.Instance
		default:
			if p.Extensions == nil {
				p.Extensions = make(map[string]json.RawMessage)
			}
			p.Extensions[k] = v
			continue
		}
		// RFC 9457 section 3.1: a member of the wrong type is ignored.
		_ = json.Unmarshal(v, dst)
	}
	return nil
}
