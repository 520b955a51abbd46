//go:build goexperiment.jsonv2

package oas

import (
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
)

// UnmarshalJSONFrom is UnmarshalJSON for a streaming decoder: encoding/json
// built with GOEXPERIMENT=jsonv2 calls it instead of UnmarshalJSON, so the
// value is decoded in the same pass as the object around it.
func (n *Nullable[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == 'n' {
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		*n = Null[T]()
		return nil
	}
	v := new(T)
	if err := jsonv2.UnmarshalDecode(dec, v); err != nil {
		return err
	}
	n.p = v
	return nil
}

// MarshalJSONTo is MarshalJSON for a streaming encoder, which encoding/json
// built with GOEXPERIMENT=jsonv2 calls instead of MarshalJSON.
func (n Nullable[T]) MarshalJSONTo(enc *jsontext.Encoder) error {
	p := n.value()
	if p == nil {
		return enc.WriteToken(jsontext.Null)
	}
	return jsonv2.MarshalEncode(enc, *p)
}
