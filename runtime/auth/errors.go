package auth

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// ErrInsecureEndpoint is returned at construction when a token URL or an
	// API origin is plain http on a non-loopback host and AllowInsecureHTTP
	// is not set. Nothing is sent.
	ErrInsecureEndpoint = errors.New("auth: insecure endpoint: https required")
	// ErrBodyNotReplayable is returned by Transport when a request's token
	// was refused and the request body cannot be sent again (no GetBody);
	// the request is not replayed.
	ErrBodyNotReplayable = errors.New("auth: request body not replayable")
	// ErrTokenUnavailable wraps the last fetch error returned to callers that
	// arrive while fetches are backed off and no usable token exists.
	ErrTokenUnavailable = errors.New("auth: token unavailable")
	// ErrTokenFetchTimeout is the cause of a fetch that did not finish within
	// Options.FetchTimeout, retries included.
	ErrTokenFetchTimeout = errors.New("auth: token fetch timed out")
	// ErrNoCredentials is returned by a generated client's operation that
	// needs credentials for which no option was given.
	ErrNoCredentials = errors.New("no credentials configured")
)

// maxErrorText bounds the error texts copied from a token endpoint.
const maxErrorText = 256

// A TokenError describes a failed token request. It carries only what is
// safe to log: never the client secret, a token, a request or a response
// body. Use errors.As to read it.
type TokenError struct {
	// Endpoint names the call: "token" (OAuth2), "generate-token" or
	// "refresh-token" (Signet).
	Endpoint string
	// URL is the token endpoint the request went to, without its query
	// or user information.
	URL string
	// StatusCode is the HTTP status of the last attempt; 0 if no response
	// was received.
	StatusCode int
	// Code is the OAuth2 "error" field (such as "invalid_client") or the
	// first Signet errors.*.code.
	Code string
	// Description is the OAuth2 "error_description", at most 256 bytes with
	// control characters removed.
	Description string
	// Message is Signet's "message" field, sanitised like Description.
	Message string
	// Codes holds every Signet errors.*.code: errors.authorization first,
	// then by field name.
	Codes []string
	// RequestID is the response's request-id header, if any.
	RequestID string
	// Location is the host a refused redirect pointed to.
	Location string
	// Attempts is the number of HTTP requests made.
	Attempts int
	// Err is the underlying cause, such as a network error or
	// ErrTokenFetchTimeout; nil if the endpoint answered.
	Err error
}

// Error returns a one-line description without any secret.
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("auth: ")
	b.WriteString(e.Endpoint)
	b.WriteString(" request")
	if e.URL != "" {
		b.WriteString(" to ")
		b.WriteString(e.URL)
	}
	b.WriteString(" failed")
	if e.StatusCode != 0 {
		b.WriteString(": status ")
		b.WriteString(strconv.Itoa(e.StatusCode))
	}
	if e.Location != "" {
		b.WriteString(": redirect to ")
		b.WriteString(e.Location)
		b.WriteString(" refused")
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "auth: "))
	}
	if hint := e.hint(); hint != "" {
		b.WriteString(" (")
		b.WriteString(hint)
		b.WriteString(")")
	}
	return b.String()
}

// hint says what usually fixes a refused credential, or "".
func (e *TokenError) hint() string {
	switch {
	case e.Endpoint == "token" && (e.StatusCode == 401 || e.Code == "invalid_client" || e.Code == "unauthorized_client"):
		return "check the client ID and secret"
	case e.Endpoint == "generate-token" && (e.StatusCode == 401 || e.StatusCode == 403):
		return "check the API key and secret"
	}
	return ""
}

// chain is an error with its own text that wraps errs: it lets a message
// name a sentinel error without repeating its "auth:" prefix.
type chain struct {
	msg  string
	errs []error
}

func (e *chain) Error() string   { return e.msg }
func (e *chain) Unwrap() []error { return e.errs }

// unavailable wraps err, the last fetch failure, in ErrTokenUnavailable.
func unavailable(err error) error {
	return &chain{"auth: token unavailable while backing off after a failed fetch: " + strings.TrimPrefix(err.Error(), "auth: "),
		[]error{ErrTokenUnavailable, err}}
}

// displayURL returns raw without its query, fragment and user information,
// for error messages.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.User = "", false, "", nil
	return u.String()
}

// Unwrap returns the underlying cause.
func (e *TokenError) Unwrap() error { return e.Err }

// sanitize bounds s to 256 bytes of valid UTF-8 without control characters.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > maxErrorText {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// requestIDHeaders are the response headers read into TokenError.RequestID.
var requestIDHeaders = [...]string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "Traceparent"}
