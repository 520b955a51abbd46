package sigenimpl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/sigen-dev/sigen/runtime/oas"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// detailOf extracts a short human-readable message from a JSON error body:
// the first of detail, message, error_description, title, error that is a
// string, at most 200 bytes, control characters removed.
func detailOf(data []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	for _, k := range []string{"detail", "message", "error_description", "title", "error"} {
		var s string
		if json.Unmarshal(m[k], &s) == nil && s != "" {
			s = strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f {
					return ' '
				}
				return r
			}, s)
			if len(s) > 200 {
				s = s[:200] + "…"
			}
			return s
		}
	}
	return ""
}

// ErrorMessage is the Error method of a generated error model type: name
// (the package-qualified type name), followed by the message detailOf finds
// in v's JSON form, if any.
func ErrorMessage(name string, v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return name
	}
	if d := detailOf(data); d != "" {
		return name + ": " + d
	}
	return name
}

// Error builds an *oas.APIError from resp, decoding the body into model (a
// pointer to the declared error type) when non-nil. It closes the body.
func Error(op string, resp *http.Response, model any) error {
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &oas.APIError{Operation: op, StatusCode: resp.StatusCode, Header: resp.Header}
	e.Body = data
	if len(e.Body) > oas.MaxSnippet {
		e.Body = e.Body[:oas.MaxSnippet]
	}
	ct := mediaType(resp.Header.Get("Content-Type"))
	if ct == "application/problem+json" {
		var p oas.Problem
		if json.Unmarshal(data, &p) == nil {
			e.Problem = &p
		}
	}
	if ct == "" || oas.IsJSON(ct) {
		e.Detail = detailOf(data)
	}
	if model != nil && len(bytes.TrimSpace(data)) > 0 && (ct == "" || oas.IsJSON(ct)) {
		if json.Unmarshal(data, model) == nil {
			e.Model = model
		}
	}
	return e
}

// Unexpected builds an *oas.APIError for a response with an undeclared content
// type. It closes the body.
func Unexpected(op string, resp *http.Response, reason string) error {
	err := Error(op, resp, nil)
	err.(*oas.APIError).Reason = reason
	return err
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt
}

// DecodeJSON decodes a JSON success body into v and closes it. A body
// whose content type is declared but not JSON is an *oas.APIError.
//
// The body is read whole into a pooled buffer and decoded with one call of
// [encoding/json.Unmarshal], so data after the JSON value is an error.
func DecodeJSON(op string, resp *http.Response, v any) error {
	buf, err := readJSON(op, resp)
	if err != nil {
		return err
	}
	defer putBody(buf)
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return fmt.Errorf("%s: decode response: %w", op, err)
	}
	return nil
}

// DecodeResponse is DecodeJSON with a generated decoder: dec decodes the
// body into the value v points to, which must be the zero value, with the
// result encoding/json.Unmarshal would give. If dec fails, the value is
// reset and decoded again with encoding/json.Unmarshal, so that the error,
// and the value, are exactly encoding/json's.
func DecodeResponse(op string, resp *http.Response, v any, dec func(*Decoder)) error {
	buf, err := readJSON(op, resp)
	if err != nil {
		return err
	}
	defer putBody(buf)
	if DecodeBytes(buf.Bytes(), dec, false) == nil {
		return nil
	}
	reflect.ValueOf(v).Elem().SetZero()
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return fmt.Errorf("%s: decode response: %w", op, err)
	}
	return nil
}

// readJSON reads a JSON success body whole into a pooled buffer, which the
// caller returns with putBody, and closes it.
func readJSON(op string, resp *http.Response) (*bytes.Buffer, error) {
	if ct := resp.Header.Get("Content-Type"); ct != "" && !oas.IsJSON(ct) {
		return nil, Unexpected(op, resp, fmt.Sprintf("undeclared content type %q", ct))
	}
	defer resp.Body.Close()
	buf := bodyPool.Get().(*bytes.Buffer)
	if n := resp.ContentLength; n > 0 && n <= maxPooledBody {
		buf.Grow(int(n) + 1) // +1: ReadFrom stops on EOF without growing
	}
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		putBody(buf)
		return nil, fmt.Errorf("%s: read response: %w", op, err)
	}
	if len(bytes.TrimSpace(buf.Bytes())) == 0 {
		putBody(buf)
		return nil, fmt.Errorf("%s: empty response body", op)
	}
	return buf, nil
}

// maxPooledBody bounds the buffers kept for reuse by DecodeJSON; a larger
// body's buffer is left to the garbage collector.
const maxPooledBody = 4 << 20

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBody(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBody {
		return
	}
	buf.Reset()
	bodyPool.Put(buf)
}

// ReadText reads a text body and closes it.
func ReadText(op string, resp *http.Response) (string, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s: read response: %w", op, err)
	}
	return string(b), nil
}

// Discard drains (at most 4 KiB) and closes a body the caller does not
// need, so the connection can be reused.
func Discard(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
}

// StatusIn reports whether code falls in the class "NXX" given as N.
func StatusIn(code, class int) bool { return code/100 == class }
