// Command demo shows sigen's generated clients at work: the Signicat
// Authentication client and the Signet fraud client, each bound to its
// vendor's token flow by runtime/auth.
//
// Usage:
//
//	go run ./examples/demo          # against in-process fakes (no network, no account)
//	go run ./examples/demo --live   # against api.signicat.com and api.getsignet.xyz
//
// Without flags it starts fakes of both vendors' token services and APIs
// (runtime/auth/authtest and internal/fakeapi) on a fake clock, and prints,
// step by step, what the clients do: a token fetched once and reused,
// renewed after it expires, and a request whose token the server revoked
// retried exactly once. The output is the same on every run.
//
// With --live it reads SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET, and
// SIGNET_API_KEY and SIGNET_API_SECRET, through the clients'
// WithCredentialsFromEnv option, and runs the steps for each vendor whose
// credentials are set against the real API, cleaning up what it created. It
// never prints a secret or a token.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/oas"
)

func main() {
	live := flag.Bool("live", false, "call the real Signicat and Signet APIs with credentials from the environment")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: demo [--live]\n\n"+
			"Without flags, runs the generated Signicat and Signet clients against in-process fakes.\n"+
			"With --live, calls the real APIs with SIGNICAT_CLIENT_ID/SIGNICAT_CLIENT_SECRET\n"+
			"and SIGNET_API_KEY/SIGNET_API_SECRET from the environment.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, *live); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// Credentials of the fakes. They are test values, not secrets.
const (
	fakeClientID     = "sandbox-round-apple-123"
	fakeClientSecret = "fakeCl13n7S3Cr3T"
	fakeAPIKey       = "pk_test_5f1c2d"
	fakeAPISecret    = "sk_test_9a8b7c6d"

	// demoUser is the user the demo blacklists (and removes again).
	demoUser = "3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c"
)

// start is the fake clock's time: fixed, so the output is reproducible.
var start = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

// run runs the demo, writing its report to w.
func run(ctx context.Context, w io.Writer, live bool) error {
	if live {
		return runLive(ctx, w)
	}
	fmt.Fprintln(w, "sigen demo: generated clients against in-process fakes of Signicat and Signet")
	fmt.Fprintln(w, "(fake clock; run with --live to call the real APIs)")
	clock := authtest.NewClock(start)

	// Signicat: OAuth2 client credentials at /auth/open/connect/token.
	stok := authtest.NewSignicat(authtest.SignicatConfig{ClientID: fakeClientID, ClientSecret: fakeClientSecret, Clock: clock})
	defer stok.Close()
	sapi := fakeapi.NewSignicatAuth(stok, fakeapi.WithClock(clock))
	defer sapi.Close()
	ac, err := authentication.NewClient(
		authentication.WithClientCredentials(fakeClientID, fakeClientSecret),
		authentication.WithBaseURL(sapi.BaseURL()),
		authentication.WithTokenURL(stok.TokenURL()),
		authentication.WithClock(clock),
	)
	if err != nil {
		return err
	}
	err = signicatSteps(ctx, w, ac, &tally{
		tokens: func() string { return plural(stok.TokenRequests(), "token request") },
		count:  stok.TokenRequests,
		api:    sapi.Len,
		fake: &fakeHooks{
			clock: clock, lifetime: 10 * time.Minute, server: sapi.Server,
			revoke: func() string { t := fmt.Sprintf("tok-%d", stok.TokenRequests()); stok.Revoke(t); return t },
		},
	})
	if err != nil {
		return err
	}

	// Signet: generate-token, then refresh-token with the rotating refresh token.
	gtok := authtest.NewSignet(authtest.SignetConfig{APIKey: fakeAPIKey, APISecret: fakeAPISecret, Clock: clock})
	defer gtok.Close()
	gapi := fakeapi.NewSignetFraud(gtok, fakeapi.WithClock(clock))
	defer gapi.Close()
	fc, err := fraud.NewClient(
		fraud.WithSignetCredentials(fakeAPIKey, fakeAPISecret),
		fraud.WithBaseURL(gapi.BaseURL()),
		fraud.WithTokenURL(gtok.GenerateURL()),
		fraud.WithClock(clock),
	)
	if err != nil {
		return err
	}
	return signetSteps(ctx, w, fc, &tally{
		tokens: func() string {
			return fmt.Sprintf("generate-token %d, refresh-token %d", gtok.GenerateRequests(), gtok.RefreshRequests())
		},
		count: gtok.TokenRequests,
		api:   gapi.Len,
		fake: &fakeHooks{
			clock: clock, lifetime: time.Hour, server: gapi.Server,
			revoke: func() string { t := fmt.Sprintf("tok-%d", gtok.TokenRequests()); gtok.Revoke(t); return t },
		},
	})
}

// A tally reports a vendor's token requests after each step.
type tally struct {
	tokens func() string // the token service's request counters, for display
	count  func() int    // total token requests
	api    func() int    // API requests, refused ones included
	last   int
	fake   *fakeHooks // nil when live
}

// fakeHooks drive the fakes: time and revocation.
type fakeHooks struct {
	clock    *authtest.Clock
	lifetime time.Duration
	server   *fakeapi.Server
	revoke   func() string // revokes the current token and returns it
}

// report prints the token counters and what the last step did with tokens.
func (t *tally) report(w io.Writer, what string) {
	n := t.count()
	verdict := "token reused"
	switch d := n - t.last; {
	case d == 1:
		verdict = what
	case d > 1:
		verdict = fmt.Sprintf("%d token requests", d)
	}
	t.last = n
	fmt.Fprintf(w, "   token service: %s (%s); API: %s\n", t.tokens(), verdict, plural(t.api(), "request"))
}

// bearer returns the token the fake API last saw, as "Bearer tok-N".
func (f *fakeHooks) bearer() string {
	return f.server.Last().Header.Get("Authorization")
}

// attempts describes the requests the fake API got since n.
func (f *fakeHooks) attempts(n int) string {
	var parts []string
	for _, r := range f.server.Since(n) {
		parts = append(parts, fmt.Sprintf("%d with %s", r.Status, r.Header.Get("Authorization")))
	}
	return strings.Join(parts, ", then ")
}

func signicatSteps(ctx context.Context, w io.Writer, c *authentication.Client, t *tally) error {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "== Signicat Authentication API: OAuth2 client credentials ==")
	s, err := c.CreateSession(ctx, nil, authentication.SessionRequest{
		Flow:                authentication.FlowRedirect,
		AllowedProviders:    oas.NewNullable([]string{"nbid"}),
		RequestedAttributes: []string{"name", "dateOfBirth"},
		CallbackURLs: &authentication.CallbackURLs{
			Success: "https://example.com/auth/success",
			Abort:   "https://example.com/auth/abort",
			Error:   "https://example.com/auth/error",
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "1. CreateSession -> %s %s\n", s.ID, s.Status)
	if t.fake != nil {
		fmt.Fprintf(w, "   sent with %s\n", t.fake.bearer())
	}
	t.report(w, "token fetched")

	got, err := c.GetSession(ctx, s.ID, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "2. GetSession -> %s %s\n", got.ID, got.Status)
	t.report(w, "token fetched")

	if f := t.fake; f != nil {
		f.clock.Advance(f.lifetime + time.Minute)
		fmt.Fprintf(w, "3. %s later (fake clock) the token, valid for %s, has expired\n", human(f.lifetime+time.Minute), human(f.lifetime))
		if got, err = c.GetSession(ctx, s.ID, nil); err != nil {
			return err
		}
		fmt.Fprintf(w, "   GetSession -> %s, sent with %s\n", got.Status, f.bearer())
		t.report(w, "new token fetched")

		revoked := f.revoke()
		fmt.Fprintf(w, "4. the server revokes %s\n", revoked)
		n := f.server.Len()
		if got, err = c.CancelSession(ctx, s.ID, nil); err != nil {
			return err
		}
		fmt.Fprintf(w, "   CancelSession -> %s\n", got.Status)
		fmt.Fprintf(w, "   API answered %s (one retry)\n", f.attempts(n))
		t.report(w, "new token fetched")
		return nil
	}
	if got, err = c.CancelSession(ctx, s.ID, nil); err != nil {
		return err
	}
	fmt.Fprintf(w, "3. CancelSession -> %s (clean-up)\n", got.Status)
	t.report(w, "token fetched")
	return nil
}

func signetSteps(ctx context.Context, w io.Writer, c *fraud.Client, t *tally) error {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "== Signet fraud API: generate-token / refresh-token ==")
	category, severity := fraud.BlacklistCategoryPaymentFraud, fraud.SeverityHigh
	note := "sigen demo entry"
	res, err := c.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{
		UserID: demoUser, Reasons: []string{"chargeback_abuse"}, Category: &category, Severity: &severity, Note: &note,
	})
	if err != nil {
		return err
	}
	msg := ""
	if res.Data != nil {
		msg = res.Data.Message
	}
	fmt.Fprintf(w, "1. CreateBlacklistEntry %s -> %s\n", demoUser, msg)
	if t.fake != nil {
		fmt.Fprintf(w, "   sent with %s\n", t.fake.bearer())
	}
	t.report(w, "token generated")

	st, err := c.CheckBlacklistStatus(ctx, demoUser)
	if err != nil {
		return err
	}
	reason, _ := st.Data.Reason.Get()
	fmt.Fprintf(w, "2. CheckBlacklistStatus -> blacklisted: %v, reason: %s\n", st.Data.IsBlacklisted, reason)
	t.report(w, "token generated")

	limit := int32(10)
	page, err := c.ListBlacklistedUsers(ctx, &fraud.ListBlacklistedUsersParams{Limit: &limit})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "3. ListBlacklistedUsers -> %s on the first page", plural(len(page.Data), "user"))
	if p := page.Pagination; p != nil && p.Total != nil {
		fmt.Fprintf(w, " (total %d)", *p.Total)
	}
	fmt.Fprintln(w)
	for _, e := range page.Data {
		if e.UserID == demoUser && e.Category != nil && e.Severity != nil {
			fmt.Fprintf(w, "   %s %s %s\n", e.UserID, *e.Category, *e.Severity)
		}
	}
	t.report(w, "token generated")

	step := 4
	if f := t.fake; f != nil {
		f.clock.Advance(f.lifetime + time.Minute)
		fmt.Fprintf(w, "4. %s later (fake clock) the access token, valid for %s, has expired\n", human(f.lifetime+time.Minute), human(f.lifetime))
		if st, err = c.CheckBlacklistStatus(ctx, demoUser); err != nil {
			return err
		}
		fmt.Fprintf(w, "   CheckBlacklistStatus -> blacklisted: %v, sent with %s\n", st.Data.IsBlacklisted, f.bearer())
		t.report(w, "renewed with the refresh token")

		revoked := f.revoke()
		fmt.Fprintf(w, "5. the server revokes %s\n", revoked)
		n := f.server.Len()
		res, err = c.RemoveBlacklistEntry(ctx, demoUser)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   RemoveBlacklistEntry -> %s\n", res.Data.Message)
		fmt.Fprintf(w, "   API answered %s (one retry after Signet's success:false refusal)\n", f.attempts(n))
		t.report(w, "renewed with the refresh token")
		return nil
	}
	if res, err = c.RemoveBlacklistEntry(ctx, demoUser); err != nil {
		return err
	}
	msg = ""
	if res.Data != nil {
		msg = res.Data.Message
	}
	fmt.Fprintf(w, "%d. RemoveBlacklistEntry -> %s (clean-up)\n", step, msg)
	t.report(w, "token generated")
	return nil
}

// human formats a whole number of minutes as "1 hour" or "11 minutes".
func human(d time.Duration) string {
	if d%time.Hour == 0 {
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/time.Minute), "minute")
}

func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Environment variables read by WithCredentialsFromEnv.
var (
	signicatEnv = []string{"SIGNICAT_CLIENT_ID", "SIGNICAT_CLIENT_SECRET"}
	signetEnv   = []string{"SIGNET_API_KEY", "SIGNET_API_SECRET"}
)

// missing returns the names in vars that are unset or empty.
func missing(vars []string) []string {
	var out []string
	for _, v := range vars {
		if os.Getenv(v) == "" {
			out = append(out, v)
		}
	}
	return out
}

// errNoCredentials is returned by --live when no vendor has credentials.
var errNoCredentials = errors.New("--live needs credentials in the environment: " +
	"set SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET (a Signicat API client), " +
	"SIGNET_API_KEY and SIGNET_API_SECRET (a Signet API key), or both pairs")

// runLive calls the real APIs for each vendor whose credentials are set.
func runLive(ctx context.Context, w io.Writer) error {
	ms, mg := missing(signicatEnv), missing(signetEnv)
	for _, pair := range []struct{ vars, missing []string }{{signicatEnv, ms}, {signetEnv, mg}} {
		if len(pair.missing) == 1 {
			set := pair.vars[0]
			if set == pair.missing[0] {
				set = pair.vars[1]
			}
			return fmt.Errorf("--live: %s is set but %s is not", set, pair.missing[0])
		}
	}
	if len(ms) == 2 && len(mg) == 2 {
		return errNoCredentials
	}
	fmt.Fprintln(w, "sigen demo: generated clients against the real Signicat and Signet APIs")
	var errs []error
	if len(ms) == 0 {
		ct := &countingTransport{}
		c, err := authentication.NewClient(authentication.WithCredentialsFromEnv(), authentication.WithHTTPClient(&http.Client{Transport: ct, Timeout: 30 * time.Second}))
		if err != nil {
			return err
		}
		t := &tally{
			tokens: func() string { return plural(int(ct.tokens.Load()), "token request") },
			count:  func() int { return int(ct.tokens.Load()) },
			api:    func() int { return int(ct.api.Load()) },
		}
		if err := signicatSteps(ctx, w, c, t); err != nil {
			errs = append(errs, fmt.Errorf("signicat: %w", err))
		}
	} else {
		fmt.Fprintln(w, "\n(Signicat skipped: SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET are not set)")
	}
	if len(mg) == 0 {
		ct := &countingTransport{}
		c, err := fraud.NewClient(fraud.WithCredentialsFromEnv(), fraud.WithHTTPClient(&http.Client{Transport: ct, Timeout: 30 * time.Second}))
		if err != nil {
			return err
		}
		t := &tally{
			tokens: func() string {
				return fmt.Sprintf("generate-token %d, refresh-token %d", ct.generate.Load(), ct.refresh.Load())
			},
			count: func() int { return int(ct.tokens.Load()) },
			api:   func() int { return int(ct.api.Load()) },
		}
		if err := signetSteps(ctx, w, c, t); err != nil {
			errs = append(errs, fmt.Errorf("signet: %w", err))
		}
	} else {
		fmt.Fprintln(w, "\n(Signet skipped: SIGNET_API_KEY and SIGNET_API_SECRET are not set)")
	}
	return errors.Join(errs...)
}

// countingTransport counts token requests on their way to the real token
// services (the fakes count their own).
type countingTransport struct {
	tokens, generate, refresh, api atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch p := r.URL.Path; {
	case strings.HasSuffix(p, "/connect/token"):
		t.tokens.Add(1)
	case strings.HasSuffix(p, "/generate-token"):
		t.tokens.Add(1)
		t.generate.Add(1)
	case strings.HasSuffix(p, "/refresh-token"):
		t.tokens.Add(1)
		t.refresh.Add(1)
	default:
		t.api.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}
