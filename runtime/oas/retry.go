package oas

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy configures [NewRetryTransport]. The zero RetryPolicy uses
// the defaults given for each field.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts in total, the first included.
	// Zero or less means 3; 1 turns retries off.
	MaxAttempts int
	// MinBackoff is the shortest wait before a retry; zero means 100ms.
	MinBackoff time.Duration
	// MaxBackoff is the longest wait before a retry, also capping
	// Retry-After; zero means 10s. It is raised to MinBackoff if lower.
	MaxBackoff time.Duration
	// Statuses are the response status codes that are retried; nil means
	// 429, 502, 503 and 504.
	Statuses []int
}

var defaultStatuses = []int{
	http.StatusTooManyRequests,
	http.StatusBadGateway,
	http.StatusServiceUnavailable,
	http.StatusGatewayTimeout,
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 3
	}
	if p.MinBackoff <= 0 {
		p.MinBackoff = 100 * time.Millisecond
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = 10 * time.Second
	}
	if p.MaxBackoff < p.MinBackoff {
		p.MaxBackoff = p.MinBackoff
	}
	if p.Statuses == nil {
		p.Statuses = defaultStatuses
	} else {
		p.Statuses = slices.Clone(p.Statuses) // the caller may reuse its slice
	}
	return p
}

// NewRetryTransport returns a RoundTripper that sends requests through base
// (http.DefaultTransport if nil) and retries idempotent ones that fail with
// one of p.Statuses or with a transport error, up to p.MaxAttempts attempts.
//
// A request is idempotent if its method is GET, HEAD, OPTIONS, TRACE, PUT
// or DELETE, or if it carries an Idempotency-Key or X-Idempotency-Key
// header. A request with a body is retried only if it has GetBody, which is
// called for each new attempt; the body is never buffered here.
//
// Before retry n (counting from 1) the transport waits a random time
// between MinBackoff and min(MaxBackoff, MinBackoff·2ⁿ) (jitter over the
// whole window), or for the time the response's Retry-After header gives
// (in seconds or as an HTTP date), capped at MaxBackoff. The wait ends
// early, with the context's error, if the request's context is done. The
// body of a response that is retried is drained (up to a limit) and closed.
// The last response is returned as it is.
//
// The transport starts no goroutines.
func NewRetryTransport(base http.RoundTripper, p RetryPolicy) http.RoundTripper {
	return &retryTransport{
		base:   base,
		policy: p.withDefaults(),
		now:    time.Now,
		sleep:  sleepCtx,
		rand:   rand.Int64N,
	}
}

type retryTransport struct {
	base   http.RoundTripper
	policy RetryPolicy
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	rand   func(n int64) int64 // in [0, n)
}

// maxDrain is how much of a retried response's body is read so that its
// connection can be reused; larger bodies are just closed.
const maxDrain = 64 << 10

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	attempts := t.policy.MaxAttempts
	hasBody := req.Body != nil && req.Body != http.NoBody
	if !isIdempotent(req) || hasBody && req.GetBody == nil {
		attempts = 1
	}
	ctx := req.Context()
	r := req
	for n := 1; ; n++ {
		resp, err := base.RoundTrip(r)
		if n >= attempts || !t.retryable(ctx, resp, err) {
			return resp, err
		}
		var next *http.Request
		if hasBody {
			body, gerr := req.GetBody()
			if gerr != nil {
				return resp, err // cannot replay: keep what we have
			}
			next = req.Clone(ctx)
			next.Body = body
		} else {
			next = req.Clone(ctx)
		}
		wait := t.backoff(n, resp)
		if resp != nil {
			io.CopyN(io.Discard, resp.Body, maxDrain)
			resp.Body.Close()
		}
		if serr := t.sleep(ctx, wait); serr != nil {
			if next.Body != nil {
				next.Body.Close()
			}
			return nil, fmt.Errorf("oas: waiting to retry %s %s: %w", req.Method, req.URL.Redacted(), serr)
		}
		r = next
	}
}

// retryable reports whether the outcome of an attempt is worth retrying.
func (t *retryTransport) retryable(ctx context.Context, resp *http.Response, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if err != nil {
		return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
	}
	return slices.Contains(t.policy.Statuses, resp.StatusCode)
}

// backoff returns the wait before retry n.
func (t *retryTransport) backoff(n int, resp *http.Response) time.Duration {
	maxb := t.policy.MaxBackoff
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), t.now()); ok {
			return min(d, maxb)
		}
	}
	minb := t.policy.MinBackoff
	ceil := maxb
	if n < 62 && minb<<n > minb { // no overflow
		ceil = min(minb<<n, maxb)
	}
	if ceil <= minb {
		return minb
	}
	return minb + time.Duration(t.rand(int64(ceil-minb)+1))
}

// retryAfter parses a Retry-After value (RFC 9110 section 10.2.3): a
// number of seconds or an HTTP date. A date in the past yields zero.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(1<<63-1)/int64(time.Second) {
			return time.Duration(1<<63 - 1), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func isIdempotent(req *http.Request) bool {
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace,
		http.MethodPut, http.MethodDelete:
		return true
	}
	return len(req.Header.Values("Idempotency-Key")) > 0 ||
		len(req.Header.Values("X-Idempotency-Key")) > 0
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
