package oas

import (
	"fmt"
	"net/http"
	"strings"
)

// APIError is the error a generated client returns for every response its
// spec does not declare as a success: an error status (with its decoded
// body when the spec declares one), an undeclared status, or an undeclared
// content type. Generated packages name it APIError too.
//
// When the spec declares an error body for the status, the decoded value
// is in Model and, if its type implements error (sigen makes declared error
// models do so), APIError unwraps to it: errors.As finds both the
// *APIError, for the status, headers and body, and the model.
type APIError struct {
	// Operation is the operationId of the call.
	Operation string
	// StatusCode is the HTTP status.
	StatusCode int
	// Header holds the response headers.
	Header http.Header
	// Body is the start of the response body (at most MaxSnippet bytes).
	Body []byte
	// Model is the decoded error body when the spec declares one for this
	// status (a pointer to the generated type), else nil.
	Model any
	// Problem is set when the body is application/problem+json (RFC 9457).
	Problem *Problem
	// Reason says why a response that is not an error status was refused
	// (for example an undeclared content type); empty otherwise.
	Reason string
	// Detail is a short message taken from a JSON body (its detail,
	// message, error_description, title or error property), without
	// control characters; empty if there is none.
	Detail string
}

// Error describes the failure: operation, status, and the problem title
// and detail or the message from the body.
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
	} else if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// Unwrap returns Model if it is an error, else nil.
func (e *APIError) Unwrap() error {
	if err, ok := e.Model.(error); ok {
		return err
	}
	return nil
}
