package oas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"
	"time"
)

// Nullable is a value that can be absent, JSON null, or set. It is meant
// for optional schema properties that are also nullable, where "not sent"
// and "sent as null" mean different things.
//
// Declare fields with the omitzero option so that an absent value is left
// out of the JSON object:
//
//	type Patch struct {
//		Email oas.Nullable[string] `json:"email,omitzero"`
//	}
//
// Without omitzero an absent value is encoded as null. The zero Nullable is
// absent.
//
// A Nullable is one pointer in size, like the *T other generators use for
// such fields: a value is held behind the pointer, null and absent are
// marks that take no memory. Copies of a Nullable share the value. Compare
// Nullables with [Nullable.Get], [Nullable.IsNull] and [Nullable.IsSet], or
// with reflect.DeepEqual: == compares where the values are held, not the
// values.
type Nullable[T any] struct {
	p *T // nil: absent; nullOf[T](): null; else the value
}

// NewNullable returns a Nullable set to v.
func NewNullable[T any](v T) Nullable[T] {
	return Nullable[T]{p: &v}
}

// Null returns a Nullable that is present and null.
func Null[T any]() Nullable[T] {
	return Nullable[T]{p: nullOf[T]()}
}

// Get returns the value and true if n is set to a non-null value, or the
// zero value of T and false if n is null or absent.
func (n Nullable[T]) Get() (T, bool) {
	if n.p == nil || n.p == nullOf[T]() {
		var zero T
		return zero, false
	}
	return *n.p, true
}

// IsNull reports whether n is present and null.
func (n Nullable[T]) IsNull() bool { return n.p != nil && n.p == nullOf[T]() }

// IsSet reports whether n is present: null or a value.
func (n Nullable[T]) IsSet() bool { return n.p != nil }

// IsZero reports whether n is absent. The encoding/json omitzero option
// calls it to leave absent values out. It has a pointer receiver so that
// encoding/json can call it on a field without copying the field to the
// heap first.
func (n *Nullable[T]) IsZero() bool { return n.p == nil }

// Format formats the value n holds as fmt would format the value itself,
// so %v of a struct shows its Nullable fields' values; a null Nullable
// formats as null and an absent one as <absent>.
func (n Nullable[T]) Format(f fmt.State, verb rune) {
	switch {
	case n.p == nil:
		io.WriteString(f, "<absent>")
	case n.p == nullOf[T]():
		io.WriteString(f, "null")
	default:
		fmt.Fprintf(f, fmt.FormatString(f, verb), *n.p)
	}
}

// value returns the value n holds, or nil if n is null or absent.
func (n Nullable[T]) value() *T {
	if n.p == nil || n.p == nullOf[T]() {
		return nil
	}
	return n.p
}

// nulls holds the mark of null for each type T, keyed by T's reflect.Type:
// a *T that no value ever has, the address of the first field of a
// nullMark[T]. The trailing byte gives the mark an address of its own
// even when T has size zero (all zero-size values share one address).
var nulls sync.Map

type nullMark[T any] struct {
	v T
	_ byte
}

// nullOf returns the mark of null for T.
func nullOf[T any]() *T {
	t := reflect.TypeFor[T]()
	if p, ok := nulls.Load(t); ok {
		return p.(*T)
	}
	p, _ := nulls.LoadOrStore(t, &new(nullMark[T]).v)
	return p.(*T)
}

// MarshalJSON encodes the value, or null if n is null or absent. The
// slice returned for null is shared: do not modify it.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	p := n.value()
	if p == nil {
		return nullJSON, nil
	}
	switch v := any(*p).(type) {
	case string:
		if plainString(v) {
			b := make([]byte, 0, len(v)+2)
			b = append(b, '"')
			b = append(b, v...)
			return append(b, '"'), nil
		}
	case int64:
		return strconv.AppendInt(nil, v, 10), nil
	case bool:
		return strconv.AppendBool(nil, v), nil
	}
	return json.Marshal(*p)
}

// nullJSON is what MarshalJSON returns for null and absent values;
// encoding/json copies it and never writes to it.
var nullJSON = []byte("null")[:4:4]

// UnmarshalJSON sets n to null if data is the JSON null literal, and to the
// decoded value otherwise. A member missing from the JSON object never
// reaches UnmarshalJSON, so n stays absent.
//
// Strings without escapes, integers, booleans and times are decoded
// directly; other values go through [encoding/json.Unmarshal] once.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	data = trimSpace(data)
	if string(data) == "null" {
		*n = Null[T]()
		return nil
	}
	// n is left as it was on failure.
	v := new(T)
	if !decodeScalar(data, v) {
		if err := unmarshalValid(data, v); err != nil {
			// Returned unwrapped: encoding/json adds the struct field to a
			// *json.UnmarshalTypeError only when it sees that type directly.
			return err
		}
	}
	n.p = v
	return nil
}

// unmarshalValid is json.Unmarshal for data that is meant to be one JSON
// value, as encoding/json passes to UnmarshalJSON. An object or array is
// decoded with a pooled [json.Decoder], which saves the allocations of a
// fresh decoder state per nested value; anything else, and values too
// large to keep buffered, go to json.Unmarshal. If the pooled decoder fails
// or data holds more than one value, the decoder is dropped and
// json.Unmarshal decodes data again, so the result and the error are
// exactly json.Unmarshal's.
func unmarshalValid(data []byte, v any) error {
	if len(data) == 0 || (data[0] != '{' && data[0] != '[') || len(data) > maxPooledValue {
		return json.Unmarshal(data, v)
	}
	d := valueDecoders.Get().(*valueDecoder)
	d.r.Reset(data)
	start := d.dec.InputOffset()
	if err := d.dec.Decode(v); err != nil || d.r.Len() != 0 || d.dec.InputOffset()-start != int64(len(data)) {
		return json.Unmarshal(data, v)
	}
	d.r.Reset(nil)
	valueDecoders.Put(d)
	return nil
}

// maxPooledValue bounds the values unmarshalValid decodes with a pooled
// decoder, so that a pooled decoder's buffer stays small.
const maxPooledValue = 64 << 10

// valueDecoder is a reusable json.Decoder and the reader it reads from.
type valueDecoder struct {
	r   bytes.Reader
	dec *json.Decoder
}

var valueDecoders = sync.Pool{New: func() any {
	d := new(valueDecoder)
	d.dec = json.NewDecoder(&d.r)
	return d
}}

// decodeScalar decodes data into *p without a second pass of
// encoding/json when *p is a string, int64, bool or time.Time and data is
// the plain JSON form of one (a string without escapes, an integer in
// range), exactly as encoding/json would decode it. It reports false,
// leaving *p alone, for anything else.
func decodeScalar(data []byte, p any) bool {
	switch p := p.(type) {
	case *string:
		if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' || !plainString(string(data[1:len(data)-1])) {
			return false
		}
		*p = string(data[1 : len(data)-1])
		return true
	case *int64:
		if !plainInt(data) {
			return false
		}
		i, err := strconv.ParseInt(string(data), 10, 64)
		if err != nil {
			return false
		}
		*p = i
		return true
	case *bool:
		switch string(data) {
		case "true":
			*p = true
			return true
		case "false":
			*p = false
			return true
		}
	case *time.Time:
		// The same method encoding/json calls, which checks its input.
		if len(data) < 2 || data[0] != '"' || bytes.IndexByte(data, '\\') >= 0 {
			return false
		}
		return p.UnmarshalJSON(data) == nil
	}
	return false
}

// plainString reports whether s is printable ASCII without the characters
// that JSON strings escape or that encoding/json writes escaped (quote,
// backslash, <, >, &): its JSON form is s between quotes.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// plainInt reports whether data is a JSON integer: an optional minus and
// digits, with no leading zero.
func plainInt(data []byte) bool {
	d := data
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || (d[0] == '0' && len(d) > 1) {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// trimSpace trims JSON white space, without allocating.
func trimSpace(data []byte) []byte {
	for len(data) > 0 && isSpace(data[0]) {
		data = data[1:]
	}
	for len(data) > 0 && isSpace(data[len(data)-1]) {
		data = data[:len(data)-1]
	}
	return data
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
