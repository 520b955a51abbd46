package hardening

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// faultEnv is what the fault runner needs of a generated client's env.
type faultEnv interface {
	clk() *authtest.Clock
	do(ctx context.Context) error
	tokenReqs() int
	lastAuth() string
	logText() string
}

func (e *ccEnv) clk() *authtest.Clock { return e.clock }
func (e *ccEnv) do(ctx context.Context) error {
	_, err := e.call(ctx)
	return err
}
func (e *ccEnv) logText() string { return e.logs.String() }

func (e *sgEnv) clk() *authtest.Clock         { return e.clock }
func (e *sgEnv) do(ctx context.Context) error { return e.call(ctx) }
func (e *sgEnv) logText() string              { return e.logs.String() }

// fault is one injected token endpoint failure and its expected outcome.
type fault[E faultEnv] struct {
	name   string
	inject func(t *testing.T, e E)
	// reqs is the number of token requests the first call makes.
	reqs int
	// ok means the first call succeeds despite the fault (absorbed by R17
	// retries or by tolerant parsing).
	ok bool
	// te holds the expected TokenError fields: Endpoint, StatusCode, Code,
	// Message, Attempts, Location; Err is checked with is and errText.
	te auth.TokenError
	// teFn, if set, returns te once inject has run (for dynamic fields).
	teFn func() auth.TokenError
	// is lists sentinels or causes errors.Is must find.
	is []error
	// errText is a regexp the error text must match.
	errText string
	// minSlept and maxSlept bound the fake time the retries slept.
	minSlept, maxSlept time.Duration
	// heal removes the fault (nil: nothing to do).
	heal func(t *testing.T, e E)
	// healReqs is the number of token requests the recovering call makes
	// (0 means 1).
	healReqs int
}

// runFault injects f, makes one call and checks the token requests, the
// error the caller sees, that a call during the back-off fails at once with
// ErrTokenUnavailable and no request (R10), and that the first call after
// the fault is healed and the back-off has passed succeeds. Errors and
// debug logs are scanned for secrets (R25, R28).
func runFault[E faultEnv](t *testing.T, e E, f fault[E]) {
	t.Helper()
	sc := newScanner()
	ctx := context.Background()
	if f.inject != nil {
		f.inject(t, e)
	}
	before := e.tokenReqs()
	slept, err := pump(e.clk(), func() error { return e.do(ctx) })
	got := e.tokenReqs() - before
	t.Logf("token requests %d, slept %v (fake), err: %v", got, slept, err)
	if got != f.reqs {
		t.Errorf("token requests = %d, want %d", got, f.reqs)
	}
	if slept < f.minSlept || (f.maxSlept > 0 && slept > f.maxSlept) {
		t.Errorf("retries slept %v, want within [%v, %v]", slept, f.minSlept, f.maxSlept)
	}
	sc.checkErr(t, "error", err)
	if errors.Is(err, errPanic) {
		t.Fatalf("call panicked: %v", err)
	}
	if f.ok {
		if err != nil {
			t.Fatalf("call = %v, want success", err)
		}
		if a := e.lastAuth(); !regexp.MustCompile(`^Bearer tok-[0-9]+$`).MatchString(a) {
			t.Errorf("Authorization = %q, want Bearer tok-<n>", a)
		}
	} else {
		if f.teFn != nil {
			f.te = f.teFn()
		}
		checkTokenError(t, err, f.te, f.is, f.errText)

		// R10: during the back-off the next caller gets the same error
		// at once, wrapped in ErrTokenUnavailable, without a request.
		before = e.tokenReqs()
		slept2, err2 := pump(e.clk(), func() error { return e.do(ctx) })
		if !errors.Is(err2, auth.ErrTokenUnavailable) {
			t.Errorf("call during back-off = %v, want ErrTokenUnavailable", err2)
		}
		checkTokenError(t, err2, f.te, nil, "")
		if n := e.tokenReqs() - before; n != 0 {
			t.Errorf("token requests during back-off = %d, want 0", n)
		}
		if slept2 != 0 {
			t.Errorf("call during back-off slept %v (fake), want an immediate error", slept2)
		}
		sc.checkErr(t, "back-off error", err2)
	}

	// Recovery: heal, let the back-off (≤ 1.2 s after one failure) pass.
	if f.heal != nil {
		f.heal(t, e)
	}
	if !f.ok {
		e.clk().Advance(1500 * time.Millisecond)
	}
	before = e.tokenReqs()
	_, err3 := pump(e.clk(), func() error { return e.do(ctx) })
	if err3 != nil {
		t.Fatalf("call after recovery = %v, want success", err3)
	}
	want := f.healReqs
	if want == 0 && !f.ok {
		want = 1
	}
	if n := e.tokenReqs() - before; n != want {
		t.Errorf("token requests of the recovering call = %d, want %d", n, want)
	}
	if a := e.lastAuth(); !regexp.MustCompile(`^Bearer tok-[0-9]+$`).MatchString(a) {
		t.Errorf("Authorization after recovery = %q", a)
	}
	sc.check(t, "debug log", e.logText())
}

// checkTokenError asserts that err carries a *auth.TokenError with want's
// fields, that errors.Is finds every sentinel of is, and that the text
// matches errText.
func checkTokenError(t *testing.T, err error, want auth.TokenError, is []error, errText string) {
	t.Helper()
	if err == nil {
		t.Fatal("call succeeded, want an error")
	}
	var te *auth.TokenError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v (%T), want a *auth.TokenError in the chain", err, err)
	}
	if te.Endpoint != want.Endpoint || te.StatusCode != want.StatusCode || te.Code != want.Code ||
		te.Attempts != want.Attempts || te.Location != want.Location || te.Message != want.Message {
		t.Errorf("TokenError = {Endpoint:%q StatusCode:%d Code:%q Message:%q Attempts:%d Location:%q}, want {%q %d %q %q %d %q}",
			te.Endpoint, te.StatusCode, te.Code, te.Message, te.Attempts, te.Location,
			want.Endpoint, want.StatusCode, want.Code, want.Message, want.Attempts, want.Location)
	}
	for _, s := range is {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = false; err = %v", s, err)
		}
	}
	if errText != "" && !regexp.MustCompile(errText).MatchString(err.Error()) {
		t.Errorf("error %q does not match %q", err.Error(), errText)
	}
}

// deadAddr returns a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// revive starts, on addr, a reverse proxy to target: the token endpoint
// comes back up where it was.
func revive(t *testing.T, addr, target string) {
	t.Helper()
	var l net.Listener
	var err error
	for range 50 { // the port was just closed; it is normally free at once
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("re-listen on %s: %v", addr, err)
	}
	u, _ := url.Parse(target)
	srv := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(u))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
}

// foreign is a second server that a token endpoint redirects to; it must
// never be reached (R27). It is addressed as localhost while the token
// server is 127.0.0.1.
type foreign struct {
	srv  *httptest.Server
	hits atomic.Int64
}

func newForeign(t *testing.T) *foreign {
	f := &foreign{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"tok-999","token_type":"Bearer","expires_in":600}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *foreign) host() string {
	return strings.Replace(f.srv.Listener.Addr().String(), "127.0.0.1", "localhost", 1)
}
func (f *foreign) url() string { return "http://" + f.host() + "/auth/open/connect/token" }

const (
	truncatedOAuth = `{"access_token":"tok-77","token_type":"Bearer","expires_in":6`
	htmlPage       = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
)

// bigBody is a 2 MiB JSON token response.
var bigBody = `{"access_token":"tok-` + strings.Repeat("7", 2<<20) + `","token_type":"Bearer","expires_in":600}`

// TestFaultsSignicat injects every token endpoint fault into the generated
// Signicat Authentication client (R9, R10, R13, R17, R18, R27).
func TestFaultsSignicat(t *testing.T) {
	te := func(status, attempts int, code string) auth.TokenError {
		return auth.TokenError{Endpoint: "token", StatusCode: status, Attempts: attempts, Code: code}
	}
	redirect := func(status int, post bool) fault[*ccEnv] {
		var f *foreign
		return fault[*ccEnv]{
			name: fmt.Sprintf("redirect %d post=%v", status, post),
			inject: func(t *testing.T, e *ccEnv) {
				if post {
					e.rebuild(t, authentication.WithClientSecretPost())
				}
				f = newForeign(t)
				e.tokens.Script(authtest.Failure{Status: status, Location: f.url(), Body: `{}`})
			},
			reqs: 1,
			teFn: func() auth.TokenError {
				return auth.TokenError{Endpoint: "token", StatusCode: status, Attempts: 1, Location: f.host()}
			},
			errText: fmt.Sprintf(`status %d: redirect to localhost:[0-9]+ refused`, status),
			heal: func(t *testing.T, e *ccEnv) {
				if n := f.hits.Load(); n != 0 {
					t.Errorf("redirect target received %d requests, want 0", n)
				}
			},
		}
	}
	down := func() fault[*ccEnv] {
		var addr string
		return fault[*ccEnv]{
			name: "token endpoint down",
			inject: func(t *testing.T, e *ccEnv) {
				addr = deadAddr(t)
				e.rebuild(t, authentication.WithTokenURL("http://"+addr+"/auth/open/connect/token"))
			},
			reqs: 3, te: te(0, 3, ""), is: []error{syscall.ECONNREFUSED},
			errText: `connection refused`, maxSlept: 600 * time.Millisecond,
			heal: func(t *testing.T, e *ccEnv) { revive(t, addr, e.tokens.URL) },
		}
	}
	cases := []fault[*ccEnv]{
		down(),
		{name: "500 x3", inject: failNextCC(3, 500, 0), reqs: 3, te: te(500, 3, "temporarily_unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "502 x3", inject: failNextCC(3, 502, 0), reqs: 3, te: te(502, 3, "temporarily_unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "503 x3", inject: failNextCC(3, 503, 0), reqs: 3, te: te(503, 3, "temporarily_unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "429 x3", inject: failNextCC(3, 429, 0), reqs: 3, te: te(429, 3, "temporarily_unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "429 x3 Retry-After 1s", inject: failNextCC(3, 429, time.Second), reqs: 3, te: te(429, 3, "temporarily_unavailable"),
			minSlept: 2 * time.Second, maxSlept: 2100 * time.Millisecond},
		{name: "503 x3 Retry-After 2s", inject: failNextCC(3, 503, 2*time.Second), reqs: 3, te: te(503, 3, "temporarily_unavailable"),
			minSlept: 4 * time.Second, maxSlept: 4100 * time.Millisecond},
		{name: "500 x3 Retry-After 1s", inject: failNextCC(3, 500, time.Second), reqs: 3, te: te(500, 3, "temporarily_unavailable"),
			minSlept: 2 * time.Second, maxSlept: 2100 * time.Millisecond},
		{name: "502 x3 Retry-After 1s", inject: failNextCC(3, 502, time.Second), reqs: 3, te: te(502, 3, "temporarily_unavailable"),
			minSlept: 2 * time.Second, maxSlept: 2100 * time.Millisecond},
		{name: "504 x3", inject: failNextCC(3, 504, 0), reqs: 3, te: te(504, 3, "temporarily_unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "408 x3", inject: failNextCC(3, 408, 0), reqs: 3, te: te(408, 3, "temporarily_unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "501 not retried", inject: failNextCC(1, 501, 0), reqs: 1, te: te(501, 1, "temporarily_unavailable")},
		// Retry-After beyond what is left of the fetch timeout: the fetch
		// sleeps until the timeout and fails with ErrTokenFetchTimeout.
		{name: "503 Retry-After 5s, fetch timeout 3s", inject: func(t *testing.T, e *ccEnv) {
			e.rebuild(t, authentication.WithFetchTimeout(3*time.Second))
			e.tokens.FailNext(3, 503, 5*time.Second)
		}, reqs: 1, te: te(503, 1, "temporarily_unavailable"), is: []error{auth.ErrTokenFetchTimeout},
			minSlept: 3 * time.Second, maxSlept: 3100 * time.Millisecond,
			heal: func(t *testing.T, e *ccEnv) { e.tokens.ClearScript() }},
		{name: "503 x2 then OK", inject: failNextCC(2, 503, 0), reqs: 3, ok: true, maxSlept: 600 * time.Millisecond},
		{name: "429 Retry-After 1s then OK", inject: failNextCC(1, 429, time.Second), reqs: 2, ok: true,
			minSlept: time.Second, maxSlept: 1100 * time.Millisecond},
		{name: "502 HTML page x3", inject: scriptCC(3, authtest.Failure{Status: 502, Body: htmlPage}), reqs: 3, te: te(502, 3, ""),
			maxSlept: 600 * time.Millisecond},
		{name: "200 HTML page", inject: scriptCC(1, authtest.Failure{Status: 200, Body: htmlPage}), reqs: 1, te: te(200, 1, ""),
			errText: `malformed token response`},
		{name: "200 truncated JSON", inject: scriptCC(1, authtest.Failure{Status: 200, Body: truncatedOAuth}), reqs: 1, te: te(200, 1, ""),
			errText: `malformed token response`},
		{name: "200 2 MiB body", inject: scriptCC(1, authtest.Failure{Status: 200, Body: bigBody}), reqs: 1, te: te(200, 1, ""),
			errText: `exceeds 1 MiB`},
		{name: "200 empty access_token", inject: scriptCC(1, authtest.Failure{Status: 200, Body: `{"access_token":"","token_type":"Bearer","expires_in":600}`}),
			reqs: 1, te: te(200, 1, ""), errText: `no access_token`},
		{name: "200 with OAuth error", inject: scriptCC(1, authtest.Failure{Status: 200, Body: `{"error":"invalid_client","error_description":"nope"}`}),
			reqs: 1, te: auth.TokenError{Endpoint: "token", StatusCode: 200, Attempts: 1, Code: "invalid_client"}, errText: `invalid_client`},
		{name: "401 invalid_client not retried", inject: scriptCC(1, authtest.Failure{Status: 401, Body: `{"error":"invalid_client","error_description":"client authentication failed"}`}),
			reqs: 1, te: te(401, 1, "invalid_client")},
		{name: "token_type DPoP", inject: func(t *testing.T, e *ccEnv) { e.tokens.SetTokenType("DPoP") },
			reqs: 1, te: te(200, 1, ""), errText: `unsupported token type "DPoP"`,
			heal: func(t *testing.T, e *ccEnv) { e.tokens.SetTokenType("Bearer") }},
		{name: "token_type bearer (lower case)", inject: func(t *testing.T, e *ccEnv) { e.tokens.SetTokenType("bearer") }, reqs: 1, ok: true},
		{name: "token_type absent", inject: func(t *testing.T, e *ccEnv) { e.tokens.SetTokenType("") }, reqs: 1, ok: true},
		redirect(302, false), redirect(307, false), redirect(308, false),
		redirect(302, true), redirect(307, true), redirect(308, true),
		{name: "401 invalid_client not retried, client_secret_post", inject: func(t *testing.T, e *ccEnv) {
			e.rebuild(t, authentication.WithClientSecretPost())
			e.tokens.Script(authtest.Failure{Status: 401, Body: `{"error":"invalid_client","error_description":"client authentication failed"}`})
		}, reqs: 1, te: te(401, 1, "invalid_client")},
	}
	for _, f := range cases {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			runFault(t, newCC(t), f)
		})
	}
}

func failNextCC(n, status int, retryAfter time.Duration) func(*testing.T, *ccEnv) {
	return func(t *testing.T, e *ccEnv) { e.tokens.FailNext(n, status, retryAfter) }
}

func scriptCC(n int, f authtest.Failure) func(*testing.T, *ccEnv) {
	return func(t *testing.T, e *ccEnv) {
		for range n {
			e.tokens.Script(f)
		}
	}
}
