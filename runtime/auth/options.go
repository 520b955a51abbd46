package auth

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultFetchTimeout bounds one token fetch, retries included.
const DefaultFetchTimeout = 10 * time.Second

// Options holds the settings common to every token source.
type Options struct {
	// HTTPClient sends token requests. Its Transport and Timeout are used,
	// but redirects are never followed: the client is copied with
	// CheckRedirect replaced, and its Jar is not used. Nil means
	// http.DefaultTransport. It must not be a client whose transport is an
	// auth Transport that asks this source for tokens.
	HTTPClient *http.Client
	// Logger receives debug records for fetches and refreshes. Secrets are
	// redacted by type. Nil discards.
	Logger *slog.Logger
	// Clock makes every time decision. Nil means the system clock.
	Clock Clock
	// FetchTimeout bounds one token fetch, retries included.
	// Zero means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// AllowInsecureHTTP permits plain http token URLs on non-loopback
	// hosts. Loopback hosts (127.0.0.0/8, ::1, localhost) are always
	// allowed.
	AllowInsecureHTTP bool
	// Store is an optional second cache tier shared between processes. The
	// cache calls it once per wave of callers instead of fetching directly
	// (AcquireBlocking without a usable token, AcquireRefreshAhead in the
	// soft window), and calls Invalidate when a token is refused
	//. FetchTimeout bounds each Acquire call as a whole, waiting
	// for other processes included. Entries another process fetched get
	// this process's own soft-time jitter.
	Store Store
	// OnFetch, if set, is called when a token fetch starts and when it
	// ends, with its duration, its outcome and whether the token came from
	// the Store: feed it to metrics or tracing. It is called on the
	// goroutine that fetches, with the context of the caller that started
	// the fetch (its values, such as a trace span, without its deadline),
	// before waiting callers get the token; it must return quickly.
	// Tokens served from the cache without a fetch are not reported.
	OnFetch func(ctx context.Context, ev FetchEvent)
}

// withDefaults returns o with its zero fields set.
func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = SystemClock()
	}
	if o.FetchTimeout <= 0 {
		o.FetchTimeout = DefaultFetchTimeout
	}
	return o
}

// tokenClient returns a copy of c that never follows redirects.
func tokenClient(c *http.Client) *http.Client {
	nc := &http.Client{Transport: http.DefaultTransport}
	if c != nil {
		if c.Transport != nil {
			nc.Transport = c.Transport
		}
		nc.Timeout = c.Timeout
	}
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return nc
}

// checkEndpoint parses raw and requires https, or http on a loopback
// host, or http anywhere when allowInsecure is set.
func checkEndpoint(what, raw string, allowInsecure bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("auth: %s: %w", what, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("auth: %s %q: missing host", what, u.Redacted())
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u, nil
	case "http":
		if allowInsecure || isLoopback(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("%w: %s %q: use an https:// URL, or set AllowInsecureHTTP for a test server or a trusted network", ErrInsecureEndpoint, what, u.Redacted())
	}
	return nil, fmt.Errorf("%w: %s %q: unsupported scheme, use an https:// URL", ErrInsecureEndpoint, what, u.Redacted())
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
