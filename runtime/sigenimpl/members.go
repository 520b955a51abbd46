package sigenimpl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Member is an object property whose name a struct tag cannot carry for
// encoding/json: "", "-", or a name with a comma, quote, backtick or
// backslash. Generated types keep such a property in a field tagged
// `json:"-"` and write it with MarshalMembers.
type Member struct {
	Name  string
	Value any
	// OmitZero leaves the member out when Value is its zero value (or
	// reports IsZero), like the omitzero tag option.
	OmitZero bool
}

// MarshalMembers adds members to the JSON object known (the encoding of
// the tagged fields) and returns the object. Members are written in
// sorted name order after the tagged fields; a member whose name known
// already holds is not written twice.
func MarshalMembers(known []byte, members ...Member) ([]byte, error) {
	add := make(map[string]json.RawMessage, len(members))
	for _, m := range members {
		if m.OmitZero && isZero(m.Value) {
			continue
		}
		b, err := json.Marshal(m.Value)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", m.Name, err)
		}
		add[m.Name] = b
	}
	names := make([]string, 0, len(add))
	for k := range add {
		names = append(names, k)
	}
	return appendProperties(known, names, func(k string) ([]byte, error) { return add[k], nil })
}

// appendProperties appends to the JSON object known, in sorted order, the
// properties named in names that known does not hold yet, each encoded by
// enc: declared fields win over a property of the same name.
func appendProperties(known []byte, names []string, enc func(name string) ([]byte, error)) ([]byte, error) {
	if len(names) == 0 {
		return known, nil
	}
	var have map[string]json.RawMessage
	if err := json.Unmarshal(known, &have); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(names))
	for _, k := range names {
		if _, dup := have[k]; !dup {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	buf := bytes.NewBuffer(bytes.TrimSuffix(bytes.TrimSpace(known), []byte("}")))
	first := len(have) == 0
	for _, k := range keys {
		vb, err := enc(k)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalMembers decodes the properties of the JSON object data named in
// dst into the pointers dst maps them to. Properties that are absent leave
// their targets unchanged.
func UnmarshalMembers(data []byte, dst map[string]any) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for name, raw := range all {
		p, ok := dst[name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, p); err != nil {
			return fmt.Errorf("property %q: %w", name, err)
		}
	}
	return nil
}

// isZero reports whether v is its type's zero value, asking v's IsZero
// method when it has one, as the omitzero tag option does.
func isZero(v any) bool {
	if v == nil {
		return true
	}
	if z, ok := v.(interface{ IsZero() bool }); ok {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return reflect.ValueOf(v).IsZero()
}
