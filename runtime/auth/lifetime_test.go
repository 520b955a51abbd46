package auth_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// TestR1SoftWindow checks W = clamp(L/10, 30s, L/2) and that a fresh token
// is never born stale.
func TestR1SoftWindow(t *testing.T) {
	sent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ l, w time.Duration }{
		{1 * time.Second, 500 * time.Millisecond},
		{2 * time.Second, 1 * time.Second},
		{10 * time.Second, 5 * time.Second},
		{30 * time.Second, 15 * time.Second},
		{60 * time.Second, 30 * time.Second},
		{299 * time.Second, 30 * time.Second},
		{300 * time.Second, 30 * time.Second},
		{600 * time.Second, 60 * time.Second},
		{3600 * time.Second, 360 * time.Second},
	} {
		if got := auth.SoftWindow(tt.l); got != tt.w {
			t.Errorf("SoftWindow(%v) = %v, want %v", tt.l, got, tt.w)
		}
		// Even with the largest jitter, a fresh token is not stale.
		for _, u := range []float64{0, 0.999999} {
			e := auth.NewEntry(auth.Token{AccessToken: "x"}, sent, tt.l, u)
			if want := sent.Add(tt.l - tt.w - time.Duration(u*0.25*float64(tt.w))); !e.SoftAt.Equal(want) {
				t.Errorf("L=%v u=%v: SoftAt = %v, want %v", tt.l, u, e.SoftAt, want)
			}
			if !e.SoftAt.After(sent) {
				t.Errorf("L=%v u=%v: token born stale: SoftAt %v <= sent %v", tt.l, u, e.SoftAt, sent)
			}
		}
	}
}

// TestR1ShortLifetimeNoRefetch: L=1s, a second Token() 0.1s later makes no
// request.
func TestR1ShortLifetimeNoRefetch(t *testing.T) {
	f := newSignicat(t, time.Second)
	c := f.cache(t)
	tok := mustToken(t, c)
	f.clock.Advance(100 * time.Millisecond)
	if got := mustToken(t, c); got != tok {
		t.Errorf("Token() = %q, want %q", got, tok)
	}
	if n := f.srv.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

// TestR2HardMargin: at expiry−M−1ms the cached token is attached; at
// expiry−M callers block for a new one.
func TestR2HardMargin(t *testing.T) {
	for _, tt := range []struct{ l, m time.Duration }{
		{1 * time.Second, 250 * time.Millisecond},
		{20 * time.Second, 5 * time.Second},
		{40 * time.Second, 10 * time.Second},
		{3600 * time.Second, 10 * time.Second},
	} {
		if got := auth.HardMargin(tt.l); got != tt.m {
			t.Errorf("HardMargin(%v) = %v, want %v", tt.l, got, tt.m)
		}
	}
	const l = 600 * time.Second
	m := auth.HardMargin(l)

	f := newSignicat(t, l)
	c := f.cache(t)
	start := f.clock.Now()
	mustToken(t, c)
	f.clock.Set(start.Add(l - m - time.Millisecond))
	if got := mustToken(t, c); got != "tok-1" {
		t.Errorf("at expiry-M-1ms: Token() = %q, want tok-1", got)
	}

	g := newSignicat(t, l)
	d := g.cache(t)
	start = g.clock.Now()
	mustToken(t, d)
	g.clock.Set(start.Add(l - m))
	if got := mustToken(t, d); got != "tok-2" {
		t.Errorf("at expiry-M: Token() = %q, want tok-2 (blocking fetch)", got)
	}
	if n := g.srv.TokenRequests(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

// TestR3Jitter: offsets within [0, 0.25W], mean 0.125W ±5%, from
// crypto/rand (the default source), injectable for determinism.
func TestR3Jitter(t *testing.T) {
	const l = 600 * time.Second
	w := auth.SoftWindow(l)
	sent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	noJit := auth.NewEntry(auth.Token{}, sent, l, 0).SoftAt
	const n = 10000
	var sum float64
	for range n {
		e := auth.NewEntry(auth.Token{}, sent, l, auth.CryptoFloat())
		off := noJit.Sub(e.SoftAt)
		if off < 0 || off > w/4 {
			t.Fatalf("jitter offset %v outside [0, %v]", off, w/4)
		}
		sum += float64(off)
	}
	mean := sum / n
	if want := 0.125 * float64(w); math.Abs(mean-want) > 0.05*want {
		t.Errorf("mean jitter = %v, want %v ±5%%", time.Duration(mean), time.Duration(want))
	}

	// Injected source: deterministic soft time.
	f := newSignicat(t, l)
	c := f.cache(t)
	auth.SetRand(c, func() float64 { return 0.5 })
	mustToken(t, c)
	e := auth.Current(c)
	if want := e.Expiry.Add(-w - w/8); !e.SoftAt.Equal(want) {
		t.Errorf("SoftAt = %v, want %v", e.SoftAt, want)
	}
}

// TestR4ExpiryFromSendTime: a token endpoint that takes 2 s to answer
// expires_in 10 gives expiry = send time + 10 s, not + 12 s.
func TestR4ExpiryFromSendTime(t *testing.T) {
	clk := authtest.NewClock(time.Time{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clk.Advance(2 * time.Second) // the answer takes 2 s
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"tok-1","expires_in":10,"token_type":"Bearer"}`))
	}))
	defer srv.Close()
	sent := clk.Now()
	c, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: srv.URL, ClientID: "id"},
		auth.Options{Clock: clk, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := sent.Add(10 * time.Second); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want send time + 10s = %v", tok.Expiry, want)
	}
}

// TestR4SignetExpiresAt: expiresAt 1 h ahead in server time with a Date
// header 60 s ahead of local time is corrected by the skew; with both
// fields, the earlier wins; small skews are ignored.
func TestR4SignetExpiresAt(t *testing.T) {
	local := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	server := local.Add(60 * time.Second)
	date := server.Format(http.TimeFormat)
	at := server.Add(time.Hour).Format(time.RFC3339Nano)
	for _, tt := range []struct {
		name        string
		in, at, hdr string
		want        time.Duration
	}{
		{"expiresAt only, skew corrected", "", at, date, time.Hour},
		{"expiresAt only, no Date", "", at, "", time.Hour + 60*time.Second},
		{"expiresAt only, skew 3s ignored", "", local.Add(time.Hour + 3*time.Second).Format(time.RFC3339), local.Add(3 * time.Second).Format(http.TimeFormat), time.Hour + 3*time.Second},
		{"both, expiresIn earlier", "30m", at, date, 30 * time.Minute},
		{"both, expiresAt earlier", "2h", at, date, time.Hour},
		{"expiresIn only", "1h", "", "", time.Hour},
		{"unparsable expiresIn falls back to expiresAt", "x", at, date, time.Hour},
		{"neither", "", "garbage", date, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := auth.SignetLifetime(tt.in, tt.at, local, local, tt.hdr)
			if got != tt.want {
				t.Errorf("lifetime = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestR5OddLifetimes: missing, 0, negative, unparsable → 60 s; numeric
// string accepted; huge clamped to 86 400 s; end to end through the fake.
func TestR5OddLifetimes(t *testing.T) {
	for _, tt := range []struct {
		raw  string // "-" omits expires_in
		want time.Duration
	}{
		{"-", 60 * time.Second},
		{"null", 60 * time.Second},
		{"0", 60 * time.Second},
		{"-5", 60 * time.Second},
		{`"abc"`, 60 * time.Second},
		{`"600"`, 600 * time.Second},
		{"600", 600 * time.Second},
		{"1e9", 86400 * time.Second},
		{`"1000000000"`, 86400 * time.Second},
		{"0.000000001", time.Second},
	} {
		t.Run(tt.raw, func(t *testing.T) {
			f := newSignicat(t, time.Hour)
			f.srv.SetExpiresIn(tt.raw)
			c := f.cache(t)
			sent := f.clock.Now()
			tok, err := c.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.Expiry.Sub(sent); got != tt.want {
				t.Errorf("expires_in %s: lifetime = %v, want %v", tt.raw, got, tt.want)
			}
		})
	}
	if d, ok := auth.ParseExpiresIn(json.RawMessage(`" 42 "`)); !ok || d != 42*time.Second {
		t.Errorf(`ParseExpiresIn(" 42 ") = %v, %v; want 42s, true`, d, ok)
	}
}

// TestR6SignetDurations parses Go durations plus "d" and plain seconds.
func TestR6SignetDurations(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1h", time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"3600", time.Hour, true},
		{"1d2h", 26 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{"45s", 45 * time.Second, true},
		{"", 0, false},
		{"x", 0, false},
		{"1y", 0, false},
		{"h", 0, false},
	} {
		got, ok := auth.ParseSignetDuration(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseSignetDuration(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// End to end: "1d" from the fake, and fallback to expiresAt for "x".
	f := newSignet(t)
	f.srv.SetExpiration(func(issued time.Time, _ time.Duration) (string, string) {
		return "x", issued.Add(90 * time.Minute).UTC().Format(time.RFC3339Nano)
	})
	c := f.cache(t)
	sent := f.clock.Now()
	tok, err := c.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := tok.Expiry.Sub(sent); got != 90*time.Minute {
		t.Errorf(`expiresIn "x": lifetime = %v, want expiresAt's 90m`, got)
	}
	if got := tok.RefreshExpiry.Sub(sent); got != 24*time.Hour {
		t.Errorf(`refreshExpiresIn "1d": refresh lifetime = %v, want 24h`, got)
	}
}

// TestR7FakeClock: every time decision follows the injected clock; no real
// time passes in this test.
func TestR7FakeClock(t *testing.T) {
	f := newSignicat(t, 60*time.Second)
	c := f.cache(t)
	mustToken(t, c)
	f.clock.Advance(59 * time.Second) // past hard time on the fake clock only
	if got := mustToken(t, c); got != "tok-2" {
		t.Errorf("after fake 59s: Token() = %q, want tok-2", got)
	}
	if n := f.srv.TokenRequests(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
	// Timers of the fake clock fire only when it moves.
	tm := f.clock.NewTimer(time.Second)
	select {
	case <-tm.C():
		t.Fatal("fake timer fired before Advance")
	default:
	}
	f.clock.Advance(time.Second)
	select {
	case <-tm.C():
	default:
		t.Fatal("fake timer did not fire after Advance")
	}
}
