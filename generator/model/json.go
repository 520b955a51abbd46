package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// FormatVersion is the version of the model's JSON form, written as the
// "version" of every Document. It grows when a change to the model would
// make an existing back end misread it.
const FormatVersion = 1

// Document is the model in the form `sigen model` prints and
// `sigen generate --from-model` reads: the API together with the options
// that say how the Go package is printed.
type Document struct {
	// Version is FormatVersion.
	Version int `json:"version"`
	// Package is the Go package name.
	Package string `json:"package"`
	// ImportPath is the package's import path; set when SplitByTag is.
	ImportPath string `json:"importPath,omitempty"`
	// Validate asks for Validate methods on struct types.
	Validate bool `json:"validate,omitempty"`
	// SplitByTag puts each tag's operations in a sub-package.
	SplitByTag bool `json:"splitByTag,omitempty"`
	// API is the package's content.
	API *API `json:"api"`
}

// Encode writes d as indented JSON. The output depends only on d.
func (d *Document) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	return nil
}

// Decode reads a Document written by Encode. It refuses a document of
// another version, and one whose names are not Go identifiers (Check).
func Decode(r io.Reader) (*Document, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("decode model: %w", err)
	}
	if d.Version != FormatVersion {
		return nil, fmt.Errorf("decode model: version %d, want %d", d.Version, FormatVersion)
	}
	if d.API == nil {
		return nil, fmt.Errorf("decode model: no api")
	}
	// A model written before the printer's names were model data.
	if d.API.Locals == (Locals{}) {
		d.API.Locals = DefaultLocals
	}
	if d.API.Client == (ClientNames{}) {
		d.API.Client = DefaultClientNames
	}
	// An operation's parameter struct is one of the API's types: share it.
	for _, op := range d.API.Operations {
		if op.Params != nil {
			if n := d.API.Lookup(op.Params.Name); n != nil {
				op.Params = n
			}
		}
	}
	if err := d.Check(); err != nil {
		return nil, fmt.Errorf("decode model: %w", err)
	}
	return &d, nil
}

// UnmarshalJSON decodes an enum, keeping integer values int64 (plain JSON
// decoding would make every number a float64).
func (e *Enum) UnmarshalJSON(data []byte) error {
	type plain Enum
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode((*plain)(e)); err != nil {
		return err
	}
	for _, v := range e.Values {
		n, ok := v.Value.(json.Number)
		if !ok {
			continue
		}
		var err error
		if e.Base != nil && e.Base.Name == "int64" {
			v.Value, err = n.Int64()
		} else {
			v.Value, err = n.Float64()
		}
		if err != nil {
			return fmt.Errorf("enum value %s: %w", v.Name, err)
		}
	}
	return nil
}

var bodyKindNames = [...]string{KindNone: "none", KindJSON: "json", KindForm: "form", KindMultipart: "multipart", KindBinary: "binary", KindText: "text"}

// MarshalText names k: "none", "json", "form", "multipart", "binary" or
// "text".
func (k BodyKind) MarshalText() ([]byte, error) {
	if int(k) < 0 || int(k) >= len(bodyKindNames) {
		return nil, fmt.Errorf("unknown body kind %d", int(k))
	}
	return []byte(bodyKindNames[k]), nil
}

// UnmarshalText reads a name written by MarshalText.
func (k *BodyKind) UnmarshalText(b []byte) error {
	for i, n := range bodyKindNames {
		if n == string(b) {
			*k = BodyKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown body kind %q", b)
}

var schemeKindNames = [...]string{SchemeClientCredentials: "clientCredentials", SchemeFlow: "flow", SchemeBearer: "bearer", SchemeAPIKey: "apiKey", SchemeBasic: "basic"}

// MarshalText names k: "clientCredentials", "flow", "bearer", "apiKey" or
// "basic".
func (k SchemeKind) MarshalText() ([]byte, error) {
	if int(k) <= 0 || int(k) >= len(schemeKindNames) {
		return nil, fmt.Errorf("unknown security scheme kind %d", int(k))
	}
	return []byte(schemeKindNames[k]), nil
}

// UnmarshalText reads a name written by MarshalText.
func (k *SchemeKind) UnmarshalText(b []byte) error {
	for i, n := range schemeKindNames {
		if i > 0 && n == string(b) {
			*k = SchemeKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown security scheme kind %q", b)
}
