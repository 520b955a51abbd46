package sigenimpl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"time"

	"github.com/sigen-dev/sigen/runtime/oas"
)

// Variant describes one alternative of a generated oneOf/anyOf type, for
// UnmarshalUnion.
type Variant struct {
	// Kind is the JSON kind the variant accepts: "object", "array",
	// "string", "number", "integer", "boolean", or "" for any.
	Kind string
	// Values are the discriminator values that select the variant.
	Values []string
	// Required lists the variant's required property names.
	Required []string
	// Decode decodes data into the variant and marks it set. With strict
	// set it refuses unknown properties.
	Decode func(data []byte, strict bool) error
}

// ErrNoVariant is returned when no union variant accepts a JSON value.
var ErrNoVariant = errors.New("no variant matches")

// UnmarshalUnion decodes data into one variant of a union, by this
// documented, deterministic rule:
//
//  1. JSON null leaves every variant unset.
//  2. With a discriminator property present in the object, the variant whose
//     Values contain its value is decoded.
//  3. Otherwise the candidates are the variants whose Kind matches the JSON
//     value (an integral number prefers "integer" variants). Among objects,
//     the first, in declaration order, that has all its required properties
//     and decodes with no unknown property wins; then the first that has its
//     required properties and decodes; then the first that decodes.
func UnmarshalUnion(data []byte, discriminator string, variants []Variant) error {
	data = bytes.TrimSpace(data)
	kind := jsonKind(data)
	if kind == "null" {
		return nil
	}
	var keys map[string]json.RawMessage
	if kind == "object" {
		if err := json.Unmarshal(data, &keys); err != nil {
			return err
		}
		if discriminator != "" {
			if raw, ok := keys[discriminator]; ok {
				var val string
				if json.Unmarshal(raw, &val) == nil {
					for _, v := range variants {
						for _, dv := range v.Values {
							if dv == val {
								return v.Decode(data, false)
							}
						}
					}
				}
			}
		}
	}
	var cands []Variant
	for _, v := range variants {
		if kindMatches(v.Kind, kind, data) {
			cands = append(cands, v)
		}
	}
	if kind == "number" {
		// Integral numbers go to integer variants first.
		sort.SliceStable(cands, func(i, j int) bool {
			return cands[i].Kind == "integer" && cands[j].Kind != "integer"
		})
	}
	hasRequired := func(v Variant) bool {
		for _, r := range v.Required {
			if _, ok := keys[r]; !ok {
				return false
			}
		}
		return true
	}
	if kind == "object" {
		for _, v := range cands {
			if hasRequired(v) && v.Decode(data, true) == nil {
				return nil
			}
		}
		for _, v := range cands {
			if hasRequired(v) && v.Decode(data, false) == nil {
				return nil
			}
		}
	}
	var firstErr error
	for _, v := range cands {
		err := v.Decode(data, false)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return fmt.Errorf("%w: %v", ErrNoVariant, firstErr)
	}
	return fmt.Errorf("%w a JSON %s", ErrNoVariant, kind)
}

func kindMatches(want, got string, data []byte) bool {
	switch want {
	case "":
		return true
	case got:
		return true
	case "integer":
		if got == "number" {
			var n json.Number
			if json.Unmarshal(data, &n) == nil {
				_, err := strconv.ParseInt(n.String(), 10, 64)
				return err == nil
			}
		}
	}
	return false
}

func jsonKind(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	switch data[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// Decode unmarshals data into v; strict refuses unknown object keys.
func Decode(data []byte, v any, strict bool) error {
	if !strict {
		return json.Unmarshal(data, v)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	return nil
}

// MarshalUnion marshals the set variant of a union; v is nil when none is
// set, which gives JSON null.
func MarshalUnion(v any) ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

// MarshalExtra appends the extra properties to the JSON object known
// (produced for the declared fields). Declared fields win over extra keys
// of the same name; extra keys are written in sorted order.
func MarshalExtra[V any](known []byte, extra map[string]V) ([]byte, error) {
	names := make([]string, 0, len(extra))
	for k := range extra {
		names = append(names, k)
	}
	return appendProperties(known, names, func(k string) ([]byte, error) { return json.Marshal(extra[k]) })
}

// UnmarshalExtra returns the properties of the JSON object data that are
// not among known, decoded as V; nil when there are none.
func UnmarshalExtra[V any](data []byte, known ...string) (map[string]V, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	for _, k := range known {
		delete(all, k)
	}
	if len(all) == 0 {
		return nil, nil
	}
	out := make(map[string]V, len(all))
	for k, raw := range all {
		var v V
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

// UnmarshalTuple splits a JSON array into its items.
func UnmarshalTuple(data []byte, n int) ([]json.RawMessage, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, err
	}
	if len(items) < n {
		return nil, fmt.Errorf("tuple has %d items, want at least %d", len(items), n)
	}
	return items, nil
}

// Format renders a primitive parameter value as text: strings as they are,
// numbers in the shortest exact form, booleans as true/false, times in RFC
// 3339, dates as YYYY-MM-DD; named types by their underlying kind.
func Format(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return oas.FormatTime(x)
	case oas.Date:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'g', -1, 64)
	case reflect.Pointer:
		if rv.IsNil() {
			return ""
		}
		return Format(rv.Elem().Interface())
	}
	return fmt.Sprint(v)
}

// FormatList formats each element of vs with Format.
func FormatList[T any](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = Format(v)
	}
	return out
}

// MapPairs returns key, value, key, value… of m in sorted key order.
func MapPairs[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, 2*len(m))
	for _, k := range keys {
		out = append(out, k, Format(m[k]))
	}
	return out
}

// StructPairs returns the properties of a struct of primitives as key,
// value, key, value…, in field order, leaving out absent (nil) fields. It
// goes through the struct's JSON encoding, so JSON names are used.
func StructPairs(v any) []string {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []string
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return out
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out
		}
		var val any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if d.Decode(&val) != nil || val == nil {
			continue
		}
		out = append(out, kt.(string), fmt.Sprint(val))
	}
	return out
}

// JSONString marshals v for a content-encoded (application/json) parameter.
func JSONString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
