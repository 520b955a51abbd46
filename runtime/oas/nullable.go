package oas

import (
	"bytes"
	"encoding/json"
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
type Nullable[T any] struct {
	value T
	set   bool // present: null or a value
	valid bool // present and not null
}

// NewNullable returns a Nullable set to v.
func NewNullable[T any](v T) Nullable[T] {
	return Nullable[T]{value: v, set: true, valid: true}
}

// Null returns a Nullable that is present and null.
func Null[T any]() Nullable[T] {
	return Nullable[T]{set: true}
}

// Get returns the value and true if n is set to a non-null value, or the
// zero value of T and false if n is null or absent.
func (n Nullable[T]) Get() (T, bool) {
	if !n.valid {
		var zero T
		return zero, false
	}
	return n.value, true
}

// IsNull reports whether n is present and null.
func (n Nullable[T]) IsNull() bool { return n.set && !n.valid }

// IsSet reports whether n is present: null or a value.
func (n Nullable[T]) IsSet() bool { return n.set }

// IsZero reports whether n is absent. The encoding/json omitzero option
// calls it to leave absent values out.
func (n Nullable[T]) IsZero() bool { return !n.set }

// MarshalJSON encodes the value, or null if n is null or absent.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON sets n to null if data is the JSON null literal, and to the
// decoded value otherwise. A member missing from the JSON object never
// reaches UnmarshalJSON, so n stays absent.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		// Returned unwrapped: encoding/json adds the struct field to a
		// *json.UnmarshalTypeError only when it sees that type directly.
		return err
	}
	*n = NewNullable(v)
	return nil
}
