package sigenimpl

import (
	"encoding"
	"encoding/json"
	"sync"
	"time"
	"unsafe"

	"github.com/sigen-dev/sigen/runtime/oas"
)

// The Decode functions below read one value into *p the way
// encoding/json.Unmarshal stores a value into a struct field of p's type.
// Generated decoders call them with their fields, and pass them (or
// (*T).decodeJSON of a generated struct T) to each other as the decoder of
// an element; all share the shape func(p *T, d *Decoder).

// DecodeString reads a string into *p; null leaves *p as it is.
func DecodeString[S ~string](p *S, d *Decoder) {
	if d.Null() {
		return
	}
	if s, ok := d.ReadString(); ok {
		*p = S(s)
	}
}

// DecodeInt reads an integer into *p; null leaves *p as it is. A number
// with a fraction or exponent, or one out of the range of S, is an error.
func DecodeInt[S ~int | ~int8 | ~int16 | ~int32 | ~int64](p *S, d *Decoder) {
	if d.Null() {
		return
	}
	if v, ok := d.ReadInt(int(unsafe.Sizeof(*p)) * 8); ok {
		*p = S(v)
	}
}

// DecodeFloat reads a number into *p; null leaves *p as it is.
func DecodeFloat[S ~float32 | ~float64](p *S, d *Decoder) {
	if d.Null() {
		return
	}
	if v, ok := d.ReadFloat(int(unsafe.Sizeof(*p)) * 8); ok {
		*p = S(v)
	}
}

// DecodeBool reads a boolean into *p; null leaves *p as it is.
func DecodeBool[S ~bool](p *S, d *Decoder) {
	if d.Null() {
		return
	}
	if v, ok := d.ReadBool(); ok {
		*p = S(v)
	}
}

// DecodeUnmarshaler passes the next value, null included, to p's
// UnmarshalJSON method, as encoding/json does for a field of type T.
func DecodeUnmarshaler[T any, P interface {
	*T
	json.Unmarshaler
}](p *T, d *Decoder) {
	raw := d.Raw()
	if d.err != nil {
		return
	}
	if err := P(p).UnmarshalJSON(raw); err != nil {
		d.Fail(err)
	}
}

// DecodeText passes a string value, unquoted, to p's UnmarshalText method,
// as encoding/json does for a field of type T; null leaves *p as it is.
func DecodeText[T any, P interface {
	*T
	encoding.TextUnmarshaler
}](p *T, d *Decoder) {
	if d.Null() {
		return
	}
	if d.peek() != '"' {
		d.typeError("string")
		return
	}
	b, copied := d.readString(d.buf[:0])
	if d.err != nil {
		return
	}
	if copied {
		d.buf = b[:0]
	}
	if err := P(p).UnmarshalText(b); err != nil {
		d.Fail(err)
	}
}

// DecodeAny decodes the next value into *p with encoding/json (with
// unknown fields disallowed in strict decoding): the decoder of any type
// without one of its own.
func DecodeAny[T any](p *T, d *Decoder) {
	if v, ok := any(p).(*any); ok && replaced(*v) {
		*v = d.anyValue()
		return
	}
	raw := d.Raw()
	if d.err != nil {
		return
	}
	if err := Decode(raw, p, d.strict); err != nil {
		d.Fail(err)
	}
}

// replaced reports whether encoding/json replaces the value v of an
// interface{} when it decodes into it, rather than decoding into what a
// pointer in v points to.
func replaced(v any) bool {
	switch v.(type) {
	case nil, map[string]any, []any, string, float64, bool:
		return true
	}
	return false
}

// anyValue reads the next value as encoding/json decodes it into an
// interface{}: an object as map[string]any, an array as []any, a number
// as float64.
func (d *Decoder) anyValue() any {
	switch c := d.peek(); {
	case c == '{':
		if !d.Object() {
			return nil
		}
		m := map[string]any{}
		for d.More() {
			k := d.makeString(d.key)
			m[k] = d.anyValue()
		}
		return m
	case c == '[':
		if !d.Array() {
			return nil
		}
		a := []any{}
		for d.Next() {
			a = append(a, d.anyValue())
		}
		return a
	case c == '"':
		s, _ := d.ReadString()
		return s
	case c == 't' || c == 'f':
		b, _ := d.ReadBool()
		return b
	case c == 'n':
		d.literal("null")
		return nil
	case c == '-' || '0' <= c && c <= '9':
		f, _ := d.ReadFloat(64)
		return f
	case c == 0 && d.err != nil:
		return nil
	}
	d.unexpected("looking for beginning of value")
	return nil
}

// DecodePointer reads a value into **p: null sets *p to nil; otherwise the
// value is decoded by elem into *p, allocated first if nil.
func DecodePointer[T any](p **T, d *Decoder, elem func(*T, *Decoder)) {
	if d.Null() {
		*p = nil
		return
	}
	if *p == nil {
		*p = new(T)
	}
	elem(*p, d)
}

// DecodeStringPointer is DecodePointer for a string: a new string
// variable is carved from a block the decoder allocates, which saves an
// allocation per field.
func DecodeStringPointer[S ~string](p **S, d *Decoder) {
	if d.Null() {
		*p = nil
		return
	}
	if *p != nil {
		DecodeString(*p, d)
		return
	}
	if v, ok := d.ReadString(); ok {
		if len(d.strBlock) == 0 {
			d.strBlock = make([]string, blockLen(&d.blocks))
		}
		q := &d.strBlock[0]
		d.strBlock = d.strBlock[1:]
		*q = v
		*p = (*S)(unsafe.Pointer(q)) // S has string's layout
	}
}

// DecodeInt64Pointer is DecodePointer for a 64-bit integer, carving the
// variable from a block like DecodeStringPointer.
func DecodeInt64Pointer[S ~int64](p **S, d *Decoder) {
	if d.Null() {
		*p = nil
		return
	}
	if *p != nil {
		DecodeInt(*p, d)
		return
	}
	if v, ok := d.ReadInt(64); ok {
		if len(d.intBlock) == 0 {
			d.intBlock = make([]int64, blockLen(&d.blocks))
		}
		q := &d.intBlock[0]
		d.intBlock = d.intBlock[1:]
		*q = v
		*p = (*S)(unsafe.Pointer(q)) // S has int64's layout
	}
}

// blockLen is the length of the next block of variables: 8, doubling up
// to 128, so a small value allocates little and a large one few blocks.
func blockLen(n *int) int {
	*n++
	return 8 << min(*n-1, 4)
}

// DecodeNullable reads a value into *p: null makes it null; otherwise the
// value, decoded by elem into a zero T, is set.
func DecodeNullable[T any](p *oas.Nullable[T], d *Decoder, elem func(*T, *Decoder)) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[T]()
		}
		return
	}
	// encoding/json decodes the value through Nullable's UnmarshalJSON,
	// which does not disallow unknown fields.
	strict := d.strict
	d.strict = false
	var v T
	elem(&v, d)
	d.strict = strict
	if d.err == nil {
		*p = oas.NewNullable(v)
	}
}

// DecodeNullableString is DecodeNullable for a string.
func DecodeNullableString[S ~string](p *oas.Nullable[S], d *Decoder) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[S]()
		}
		return
	}
	if v, ok := d.ReadString(); ok {
		*p = oas.NewNullable(S(v))
	}
}

// DecodeNullableInt is DecodeNullable for an integer.
func DecodeNullableInt[S ~int | ~int8 | ~int16 | ~int32 | ~int64](p *oas.Nullable[S], d *Decoder) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[S]()
		}
		return
	}
	var zero S
	if v, ok := d.ReadInt(int(unsafe.Sizeof(zero)) * 8); ok {
		*p = oas.NewNullable(S(v))
	}
}

// DecodeNullableFloat is DecodeNullable for a number.
func DecodeNullableFloat[S ~float32 | ~float64](p *oas.Nullable[S], d *Decoder) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[S]()
		}
		return
	}
	var zero S
	if v, ok := d.ReadFloat(int(unsafe.Sizeof(zero)) * 8); ok {
		*p = oas.NewNullable(S(v))
	}
}

// DecodeNullableBool is DecodeNullable for a boolean.
func DecodeNullableBool[S ~bool](p *oas.Nullable[S], d *Decoder) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[S]()
		}
		return
	}
	if v, ok := d.ReadBool(); ok {
		*p = oas.NewNullable(S(v))
	}
}

// DecodeNullableTime is DecodeNullable for a time.Time.
func DecodeNullableTime(p *oas.Nullable[time.Time], d *Decoder) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[time.Time]()
		}
		return
	}
	raw := d.Raw()
	if d.err != nil {
		return
	}
	var t time.Time
	if err := t.UnmarshalJSON(raw); err != nil {
		d.Fail(err)
		return
	}
	*p = oas.NewNullable(t)
}

// DecodeNullablePointer is DecodeNullable for oas.Nullable[*T].
func DecodeNullablePointer[T any](p *oas.Nullable[*T], d *Decoder, elem func(*T, *Decoder)) {
	if d.Null() {
		if d.err == nil {
			*p = oas.Null[*T]()
		}
		return
	}
	strict := d.strict
	d.strict = false
	v := new(T)
	elem(v, d)
	d.strict = strict
	if d.err == nil {
		*p = oas.NewNullable(v)
	}
}

// DecodeSlice reads an array into *p, decoding each item with elem: null
// sets *p to nil, and items are decoded into the slice's existing
// elements and capacity first, as encoding/json does.
func DecodeSlice[S ~[]E, E any](p *S, d *Decoder, elem func(*E, *Decoder)) {
	if d.Null() {
		if d.err == nil {
			*p = nil
		}
		return
	}
	if !d.Array() {
		return
	}
	s := *p
	i := 0
	for d.Next() {
		if i < cap(s) {
			s = s[:i+1]
		} else {
			var zero E
			s = append(s, zero)
		}
		elem(&s[i], d)
		i++
	}
	if d.err != nil {
		*p = s
		return
	}
	if i == 0 {
		s = S{}
	}
	*p = s[:i]
}

// DecodeMap reads an object into *p, decoding each member's value with
// elem into a zero E: null sets *p to nil, and members are added to an
// existing map, as encoding/json does.
func DecodeMap[M ~map[string]E, E any](p *M, d *Decoder, elem func(*E, *Decoder)) {
	if d.Null() {
		if d.err == nil {
			*p = nil
		}
		return
	}
	if !d.Object() {
		return
	}
	if *p == nil {
		*p = M{}
	}
	m := *p
	for d.More() {
		k := d.makeString(d.key)
		var v E
		elem(&v, d)
		if d.err != nil {
			return
		}
		m[k] = v
	}
}

// DecodeBytes decodes data, which must hold one JSON value, with dec,
// which reads it from the Decoder it is given. With strict set an object
// key that matches no field is an error, as with
// [encoding/json.Decoder.DisallowUnknownFields].
func DecodeBytes(data []byte, dec func(*Decoder), strict bool) error {
	d := decoders.Get().(*Decoder)
	d.data, d.strict = data, strict
	dec(d)
	d.end()
	err := d.err
	// Nothing of this input stays reachable from the pool.
	clear(d.strings[:])
	*d = Decoder{buf: d.buf[:0], strings: d.strings} // and no blocks
	if cap(d.buf) <= 4<<10 {
		decoders.Put(d)
	}
	return err
}

// decoders keeps Decoders with their string cache and scratch buffer.
var decoders = sync.Pool{New: func() any { return &Decoder{strings: new([256]string)} }}
