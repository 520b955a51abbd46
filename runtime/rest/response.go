package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/sigen-dev/sigen/runtime/oas"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// APIError is returned for every response the spec does not declare as a
// success: an error status (with its decoded body when the spec declares
// one), an undeclared status, or an undeclared content type.
type APIError struct {
	// Operation is the operationId of the call.
	Operation string
	// StatusCode is the HTTP status.
	StatusCode int
	// Header holds the response headers.
	Header http.Header
	// Body is the start of the response body (at most oas.MaxSnippet bytes).
	Body []byte
	// Model is the decoded error body when the spec declares one for this
	// status (a pointer to the generated type), else nil.
	Model any
	// Problem is set when the body is application/problem+json (RFC 9457).
	Problem *oas.Problem
	// Reason says why a response that is not an error status was refused
	// (for example an undeclared content type); empty otherwise.
	Reason string

	detail string // message from the body, for Error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", e.Operation)
	if e.Reason != "" {
		b.WriteString(e.Reason)
		fmt.Fprintf(&b, " (status %d)", e.StatusCode)
	} else {
		fmt.Fprintf(&b, "status %d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" " + t)
		}
	}
	if e.Problem != nil {
		if e.Problem.Title != "" {
			b.WriteString(": " + e.Problem.Title)
		}
		if e.Problem.Detail != "" {
			b.WriteString(": " + e.Problem.Detail)
		}
	} else if e.detail != "" {
		b.WriteString(": " + e.detail)
	}
	return b.String()
}

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

// Error builds an *APIError from resp, decoding the body into model (a
// pointer to the declared error type) when non-nil. It closes the body.
func Error(op string, resp *http.Response, model any) error {
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &APIError{Operation: op, StatusCode: resp.StatusCode, Header: resp.Header}
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
		e.detail = detailOf(data)
	}
	if model != nil && len(bytes.TrimSpace(data)) > 0 && (ct == "" || oas.IsJSON(ct)) {
		if json.Unmarshal(data, model) == nil {
			e.Model = model
		}
	}
	return e
}

// Unexpected builds an *APIError for a response with an undeclared content
// type. It closes the body.
func Unexpected(op string, resp *http.Response, reason string) error {
	err := Error(op, resp, nil)
	err.(*APIError).Reason = reason
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
// whose content type is declared but not JSON is an *APIError.
//
// The body is read whole into a pooled buffer and decoded with one call of
// [encoding/json.Unmarshal], so data after the JSON value is an error.
func DecodeJSON(op string, resp *http.Response, v any) error {
	if ct := resp.Header.Get("Content-Type"); ct != "" && !oas.IsJSON(ct) {
		return Unexpected(op, resp, fmt.Sprintf("undeclared content type %q", ct))
	}
	defer resp.Body.Close()
	buf := bodyPool.Get().(*bytes.Buffer)
	defer putBody(buf)
	if n := resp.ContentLength; n > 0 && n <= maxPooledBody {
		buf.Grow(int(n) + 1) // +1: ReadFrom stops on EOF without growing
	}
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return fmt.Errorf("%s: read response: %w", op, err)
	}
	if len(bytes.TrimSpace(buf.Bytes())) == 0 {
		return fmt.Errorf("%s: empty response body", op)
	}
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return fmt.Errorf("%s: decode response: %w", op, err)
	}
	return nil
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
