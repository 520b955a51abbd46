package auth

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

const (
	// maxTokenResponse bounds the bytes read from a token endpoint.
	maxTokenResponse = 1 << 20
	// maxAttempts, retryBase and maxRetryAfter bound the retries of a token request.
	maxAttempts   = 3
	retryBase     = 200 * time.Millisecond
	maxRetryAfter = 10 * time.Second
)

// endpoint sends token requests with bounded retries.
type endpoint struct {
	name   string // "token", "generate-token", "refresh-token"
	url    string
	client *http.Client
	clock  Clock
	logger *slog.Logger
	rand   func() float64
	// parseError fills e from a non-2xx body; it must copy no secret.
	parseError func(e *TokenError, body []byte)
}

// response is a 2xx answer from a token endpoint.
type response struct {
	status    int
	requestID string
	attempts  int
	header    http.Header
	body      []byte
	sent      time.Time // when the successful request was sent
	recv      time.Time
}

// post sends body to the endpoint, retrying network errors, 408, 429 and 5xx at most twice. setAuth, if non-nil,
// adds client authentication to each attempt.
//
// secrets lists the encodings of every secret the request carries; they are
// cut out of any text copied from the response into an error, in case
// the endpoint echoes the request.
func (ep *endpoint) post(ctx context.Context, contentType string, body []byte, setAuth func(*http.Request), secrets []string) (*response, error) {
	var last *TokenError
	for attempt := 1; ; attempt++ {
		resp, terr, retryAfter := ep.attempt(ctx, contentType, body, setAuth, secrets)
		if terr == nil {
			resp.attempts = attempt
			return resp, nil
		}
		terr.Attempts = attempt
		last = terr
		if retryAfter < 0 || attempt >= maxAttempts {
			return nil, last
		}
		delay := time.Duration(ep.rand() * float64(retryBase<<(attempt-1))) // full jitter
		if retryAfter > 0 {
			delay = min(retryAfter, maxRetryAfter)
		}
		ep.logger.DebugContext(ctx, "auth: retrying token request",
			"endpoint", ep.name, "attempt", attempt, "status", terr.StatusCode, "delay", delay)
		if err := sleep(ctx, ep.clock, delay); err != nil {
			last.Err = err
			return nil, last
		}
	}
}

// attempt makes one request. On failure it returns a TokenError and
// retryAfter: negative means do not retry, 0 means retry after the default
// delay, positive is the server's Retry-After.
func (ep *endpoint) attempt(ctx context.Context, contentType string, body []byte, setAuth func(*http.Request), secrets []string) (*response, *TokenError, time.Duration) {
	terr := &TokenError{Endpoint: ep.name, URL: displayURL(ep.url)}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.url, bytes.NewReader(body))
	if err != nil {
		terr.Err = err
		return nil, terr, -1
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	if setAuth != nil {
		setAuth(req)
	}
	sent := ep.clock.Now()
	ep.logger.DebugContext(ctx, "auth: token request", "endpoint", ep.name, "url", ep.url)
	resp, err := ep.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			terr.Err = context.Cause(ctx)
			return nil, terr, -1
		}
		terr.Err = scrubURLError(err)
		if badCertificate(err) {
			return nil, terr, -1 // will not heal by retrying
		}
		return nil, terr, 0 // network error: retry
	}
	defer resp.Body.Close()
	terr.StatusCode = resp.StatusCode
	for _, h := range requestIDHeaders {
		if v := resp.Header.Get(h); v != "" {
			terr.RequestID = sanitize(v)
			break
		}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenResponse+1))
	if err != nil {
		if ctx.Err() != nil {
			terr.Err = context.Cause(ctx)
			return nil, terr, -1
		}
		terr.Err = fmt.Errorf("read response: %w", err)
		return nil, terr, 0
	}
	if len(data) > maxTokenResponse {
		terr.Err = errors.New("response body exceeds 1 MiB")
		return nil, terr, -1
	}
	ep.logger.DebugContext(ctx, "auth: token response", "endpoint", ep.name, "status", resp.StatusCode)
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return &response{status: code, requestID: terr.RequestID, header: resp.Header, body: data, sent: sent, recv: ep.clock.Now()}, nil, 0
	case code >= 300 && code < 400:
		terr.Location = "(none)"
		if loc, err := resp.Location(); err == nil {
			terr.Location = loc.Host
		}
		return nil, terr, -1
	}
	ep.fillError(terr, data, secrets)
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return nil, terr, ep.retryAfter(resp.Header)
	}
	return nil, terr, -1
}

// fillError copies the safe fields of a failure body into e, cutting out
// every secret encoding.
func (ep *endpoint) fillError(e *TokenError, body []byte, secrets []string) {
	if ep.parseError == nil {
		return
	}
	ep.parseError(e, body)
	// Scrub first, then bound: a secret cut in half by the bound would
	// otherwise keep its first part.
	e.Code = sanitize(scrub(e.Code, secrets))
	e.Description = sanitize(scrub(e.Description, secrets))
	e.Message = sanitize(scrub(e.Message, secrets))
	for i, c := range e.Codes {
		e.Codes[i] = sanitize(scrub(c, secrets))
	}
}

// scrub replaces every occurrence of a secret in s with "[REDACTED]".
func scrub(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" && strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, redacted)
		}
	}
	return s
}

// secretForms returns the encodings under which s could come back in a
// response that echoes a request: raw, form-encoded, path-escaped,
// JSON-escaped and base64.
func secretForms(s string) []string {
	if s == "" {
		return nil
	}
	js, _ := json.Marshal(s) // escapes <, > and & as Go does
	return []string{
		s,
		url.QueryEscape(s),
		url.PathEscape(s),
		strings.Trim(string(js), `"`),
		jsonBody(s),  // as most JSON encoders write it
		asciiJSON(s), // as Python's json.dumps and Jackson write non-ASCII text
		base64.StdEncoding.EncodeToString([]byte(s)),
	}
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date. It
// returns 0 when absent or unparsable.
func (ep *endpoint) retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n <= 0 {
			return 0
		}
		return min(time.Duration(n)*time.Second, maxRetryAfter)
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	now := ep.clock.Now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	if d := t.Sub(now); d > 0 {
		return min(d, maxRetryAfter)
	}
	return 0
}

// scrubURLError drops the URL's query from a *url.Error, in case a token
// URL carries parameters.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			u.User = nil
			return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
	}
	return err
}

// asciiJSON is the JSON string body of s with every non-ASCII character
// written as a \uXXXX escape (surrogate pairs beyond the BMP).
func asciiJSON(s string) string {
	body := jsonBody(s)
	var b strings.Builder
	for _, r := range body {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&b, "\\u%04x\\u%04x", r1, r2)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

// jsonBody is s as a JSON string body, without HTML escaping.
func jsonBody(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(strings.TrimSuffix(b.String(), "\n"), `"`)[1:]
}

// badCertificate reports whether err is a TLS certificate failure, which
// retrying cannot fix.
func badCertificate(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}
