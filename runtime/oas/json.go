package oas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// DecodeNumberPreserving decodes the JSON value in data into v like
// [encoding/json.Unmarshal], except that numbers stored in an interface
// value become [encoding/json.Number] instead of float64, so integers beyond
// 2^53 keep every digit. Generated union types use it to inspect a value
// before choosing the variant to decode it into. Data after the first JSON
// value is an error.
func DecodeNumberPreserving(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("oas: decoding JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("oas: decoding JSON: invalid data after top-level value")
	}
	return nil
}
