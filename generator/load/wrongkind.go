package load

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// kindError is a member of the document that kin-openapi's types cannot
// hold: a JSON value of the wrong kind for its keyword ("paths: 5").
type kindError struct {
	ptr  string // the member's JSON pointer
	key  string // its key (or array index)
	kind string // the JSON kind of its value
}

// wrongKind finds, in the OpenAPI 3 document doc (generic JSON), the
// deepest member on the first path (keys in sorted order) that does not
// decode into its kin-openapi type. It decides by decoding each member into
// that type with encoding/json, the way the loader does, not by reading an
// error message; it reports false when every member decodes.
func wrongKind(doc any) (kindError, bool) {
	return wrongKindAt(doc, reflect.TypeFor[openapi3.T](), "#", "", 0)
}

var (
	pathsType     = reflect.TypeFor[openapi3.Paths]()
	responsesType = reflect.TypeFor[openapi3.Responses]()
	callbackType  = reflect.TypeFor[openapi3.Callback]()
	pathItemType  = reflect.TypeFor[openapi3.PathItem]()
	responseType  = reflect.TypeFor[openapi3.ResponseRef]()
)

func wrongKindAt(v any, t reflect.Type, ptr, key string, depth int) (kindError, bool) {
	if depth > maxDepth || decodes(v, t) {
		return kindError{}, false
	}
	for _, c := range members(v, t) {
		if ke, ok := wrongKindAt(c.v, c.t, ptr+"/"+EscapePointer(c.key), c.key, depth+1); ok {
			return ke, true
		}
	}
	return kindError{ptr: ptr, key: key, kind: jsonKindOf(v)}, true
}

// decodes reports whether the JSON value v decodes into a value of type t.
func decodes(v any, t reflect.Type) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, reflect.New(t).Interface()) == nil
}

// member is a member of a JSON object or array with the Go type it
// decodes into.
type member struct {
	key string
	v   any
	t   reflect.Type
}

// members returns the members of the JSON value v that decode into parts
// of a value of type t, keys in sorted order: struct fields by their JSON
// names, map entries, slice elements, and the entries of kin-openapi's
// ordered maps (paths, responses, callbacks).
func members(v any, t reflect.Type) []member {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []member
	switch x := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		entries := func(elem reflect.Type) {
			for _, k := range keys {
				if !strings.HasPrefix(k, "x-") {
					out = append(out, member{k, x[k], elem})
				}
			}
		}
		switch {
		case t == pathsType || t == callbackType:
			entries(pathItemType)
		case t == responsesType:
			entries(responseType)
		case t.Kind() == reflect.Map:
			for _, k := range keys {
				out = append(out, member{k, x[k], t.Elem()})
			}
		case t.Kind() == reflect.Struct:
			if val, ok := refValue(t); ok {
				// A reference (SchemaRef, ...): the object is the
				// referenced kind unless it is a $ref.
				if _, isRef := x["$ref"]; isRef {
					return nil
				}
				return members(v, val)
			}
			for _, k := range keys {
				if f, ok := fieldByJSONName(t, k); ok {
					out = append(out, member{k, x[k], f.Type})
				}
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, e := range x {
				out = append(out, member{fmt.Sprint(i), e, t.Elem()})
			}
		}
	}
	return out
}

// fieldByJSONName returns the field of struct type t that encoding/json
// decodes the member name into.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// refValue returns the type of the referenced value when t is one of
// kin-openapi's reference types (SchemaRef, ResponseRef, ...): a struct
// with a string Ref and a pointer Value.
func refValue(t reflect.Type) (reflect.Type, bool) {
	ref, ok := t.FieldByName("Ref")
	if !ok || ref.Type.Kind() != reflect.String {
		return nil, false
	}
	val, ok := t.FieldByName("Value")
	if !ok || val.Type.Kind() != reflect.Pointer {
		return nil, false
	}
	return val.Type, true
}
