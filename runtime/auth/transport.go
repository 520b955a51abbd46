package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// maxPeek bounds the bytes read from a refused response: to classify it
// (Signet) and to drain it before replaying.
const maxPeek = 4 << 10

// TransportConfig configures a Transport.
type TransportConfig struct {
	// Base sends the requests. Nil means http.DefaultTransport.
	Base http.RoundTripper
	// Origins are the API origins, scheme://host[:port], that credentials
	// may be sent to. Each must be https unless it is a loopback host
	// or AllowInsecureHTTP is set. At least one is required.
	Origins []string
	// Schemes are all applied to each request to an origin: the AND of an
	// OpenAPI security requirement.
	Schemes []Scheme
	// AllowInsecureHTTP permits plain http origins on non-loopback hosts.
	AllowInsecureHTTP bool
	// Logger receives debug records for refusals and replays. Nil discards.
	Logger *slog.Logger
}

// A Transport is an http.RoundTripper that applies credentials to requests
// to its API origins and, when a token is refused, invalidates it
// (only if it is still the cached token), obtains a new one and replays the
// request exactly once. It never modifies the caller's request.
type Transport struct {
	base    http.RoundTripper
	origins map[originKey]bool
	schemes []Scheme
	logger  *slog.Logger
}

// NewTransport returns a Transport for cfg.
func NewTransport(cfg TransportConfig) (*Transport, error) {
	if len(cfg.Origins) == 0 {
		return nil, errors.New("auth: transport: no API origin")
	}
	t := &Transport{
		base:    cfg.Base,
		origins: make(map[originKey]bool, len(cfg.Origins)),
		schemes: cfg.Schemes,
		logger:  cfg.Logger,
	}
	if t.base == nil {
		t.base = http.DefaultTransport
	}
	if t.logger == nil {
		t.logger = slog.New(slog.DiscardHandler)
	}
	for _, o := range cfg.Origins {
		u, err := checkEndpoint("API origin", o, cfg.AllowInsecureHTTP)
		if err != nil {
			return nil, err
		}
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("auth: API origin %q: want scheme://host[:port] only", u.Redacted())
		}
		t.origins[origin(u)] = true
	}
	return t, nil
}

// originKey is an origin, scheme://host:port, in lower case with the
// default port made explicit. Building one from a URL does not allocate
// when the URL is already in lower case.
type originKey struct{ scheme, host, port string }

// origin returns u's origin.
func origin(u *url.URL) originKey {
	k := originKey{strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()}
	if k.port == "" {
		switch k.scheme {
		case "https":
			k.port = "443"
		case "http":
			k.port = "80"
		}
	}
	return k
}

// sentToken is a token a renewer put on a request.
type sentToken struct {
	r   renewer
	tok Secret
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(t.schemes) == 0 || req.URL == nil || !t.origins[origin(req.URL)] {
		return t.base.RoundTrip(req) // no credentials to other origins
	}
	r := req.Clone(req.Context())
	var buf [2]sentToken
	sent, err := t.apply(r, buf[:0])
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil || len(sent) == 0 {
		return resp, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		markAccepted(sent)
		return resp, nil
	}
	if !t.refused(resp, sent) {
		return resp, nil
	}

	// Compare-and-invalidate, then replay once.
	ctx := req.Context()
	retry := false
	for _, s := range sent {
		if s.r.renew(ctx, s.tok) {
			retry = true
		}
	}
	if !retry {
		// Refreshed less than 5 s ago; return the refusal as is.
		return resp, nil
	}
	drainClose(resp)
	status := resp.StatusCode
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return nil, &chain{fmt.Sprintf("auth: %s %s: token refused with status %d and the request body cannot be sent again (set Request.GetBody to allow one replay)",
			req.Method, redactURL(req.URL), status), []error{ErrBodyNotReplayable}}
	}
	r = req.Clone(ctx)
	if req.GetBody != nil && req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("auth: %s %s: replay body: %w", req.Method, redactURL(req.URL), err)
		}
		r.Body = body
	}
	sent, err = t.apply(r, buf[:0])
	if err != nil {
		closeBody(r)
		return nil, err
	}
	t.logger.DebugContext(ctx, "auth: token refused; replaying with a new token",
		"method", req.Method, "url", redactURL(req.URL), "status", status)
	resp, err = t.base.RoundTrip(r)
	if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		markAccepted(sent)
	}
	return resp, err
}

func markAccepted(sent []sentToken) {
	for _, s := range sent {
		s.r.accepted(s.tok)
	}
}

// apply applies every scheme to r and appends the tokens of the renewers
// to sent.
func (t *Transport) apply(r *http.Request, sent []sentToken) ([]sentToken, error) {
	for _, s := range t.schemes {
		if rn, ok := s.(renewer); ok {
			tok, err := rn.applyToken(r)
			if err != nil {
				return nil, err
			}
			sent = append(sent, sentToken{rn, tok})
			continue
		}
		if err := s.Apply(r); err != nil {
			return nil, err
		}
	}
	return sent, nil
}

// refused reports whether resp refuses a sent token: status 401, or a
// non-2xx body a renewer's classifier recognises (Signet). A peeked body is
// put back in front of the rest.
func (t *Transport) refused(resp *http.Response, sent []sentToken) bool {
	if resp.StatusCode == http.StatusUnauthorized {
		return true
	}
	if resp.StatusCode < 400 || resp.Body == nil {
		return false
	}
	var classify []func([]byte) bool
	for _, s := range sent {
		if f := s.r.refusedBody(); f != nil {
			classify = append(classify, f)
		}
	}
	if len(classify) == 0 {
		return false
	}
	orig := resp.Body
	buf, err := io.ReadAll(io.LimitReader(orig, maxPeek))
	var rest io.Reader = orig
	if err != nil {
		rest = errReader{err}
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), rest), orig}
	if err != nil {
		return false
	}
	for _, f := range classify {
		if f(buf) {
			return true
		}
	}
	return false
}

// errReader returns err from every Read.
type errReader struct{ err error }

// Read returns 0, r.err.
func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// drainClose reads at most 4 KiB of resp's body, so that the connection
// can be reused, and closes it.
func drainClose(resp *http.Response) {
	io.CopyN(io.Discard, resp.Body, maxPeek)
	resp.Body.Close()
}

// closeBody closes r's body, as a RoundTripper must on every path.
func closeBody(r *http.Request) {
	if r.Body != nil {
		r.Body.Close()
	}
}

// redactURL returns u without its query, which may carry an API key.
func redactURL(u *url.URL) string {
	v := *u
	v.RawQuery, v.ForceQuery, v.User, v.Fragment = "", false, nil, ""
	return v.String()
}
