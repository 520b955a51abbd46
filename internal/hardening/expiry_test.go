package hardening

import (
	"context"
	"testing"
	"time"
)

// softMin and hard return, for a granted lifetime l, the earliest soft time
// (expiry − W − W/4 jitter, R1, R3) and the hard time (expiry − M, R2),
// counted from the send time.
func softMin(l time.Duration) time.Duration {
	w := min(max(l/10, 30*time.Second), l/2)
	return l - w - w/4
}

func hard(l time.Duration) time.Duration { return l - min(10*time.Second, l/4) }

// probeLifetime checks that the token fetched at the fake clock's epoch
// lives exactly l: a call just before the earliest soft time makes no token
// request, a call just past the hard time makes exactly one (R1, R2, R5).
func probeLifetime(t *testing.T, l time.Duration, advance func(time.Duration), do func() error, tokenReqs func() int) {
	t.Helper()
	if err := do(); err != nil {
		t.Fatalf("first call: %v", err)
	}
	if n := tokenReqs(); n != 1 {
		t.Fatalf("token requests = %d, want 1", n)
	}
	advance(softMin(l) - time.Second)
	if err := do(); err != nil {
		t.Fatalf("call before the soft time: %v", err)
	}
	if n := tokenReqs(); n != 1 {
		t.Errorf("token requests at %v (before the soft time of a %v lifetime) = %d, want 1", softMin(l)-time.Second, l, n)
	}
	advance(hard(l) - softMin(l) + time.Second + time.Millisecond)
	if err := do(); err != nil {
		t.Fatalf("call past the hard time: %v", err)
	}
	if n := tokenReqs(); n != 2 {
		t.Errorf("token requests at %v (past the hard time of a %v lifetime) = %d, want 2", hard(l)+time.Millisecond, l, n)
	}
}

// TestExpiresInSignicat: odd expires_in values get the R5 lifetime.
func TestExpiresInSignicat(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      time.Duration
	}{
		{"missing", "-", 60 * time.Second},
		{"null", "null", 60 * time.Second},
		{"zero", "0", 60 * time.Second},
		{"negative", "-5", 60 * time.Second},
		{"huge", "1000000000", 24 * time.Hour},
		{"numeric string", `"600"`, 600 * time.Second},
		{"string", `"abc"`, 60 * time.Second},
		{"boolean", `true`, 60 * time.Second},
		{"fraction", `119.5`, 119500 * time.Millisecond},
		{"normal", "600", 600 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newCC(t)
			e.tokens.SetLifetime(72 * time.Hour) // the server accepts the token throughout
			e.tokens.SetExpiresIn(tc.raw)
			probeLifetime(t, tc.want, e.clock.Advance, func() error { _, err := e.call(context.Background()); return err }, e.tokenReqs)
			newScanner().check(t, "debug log", e.logs.String())
		})
	}
}

// TestExpiresInSignet: odd expiresIn/expiresAt values get the R4–R6
// lifetime.
func TestExpiresInSignet(t *testing.T) {
	at := func(d time.Duration) func(time.Time) string {
		return func(issued time.Time) string { return issued.Add(d).UTC().Format("2006-01-02T15:04:05.000Z") }
	}
	none := func(time.Time) string { return "" }
	for _, tc := range []struct {
		name      string
		expiresIn string
		expiresAt func(time.Time) string
		want      time.Duration
	}{
		{"both missing", "", none, 60 * time.Second},
		{"zero", "0", none, 60 * time.Second},
		{"negative", "-5", none, 60 * time.Second},
		{"unparsable", "soon", none, 60 * time.Second},
		{"unparsable, expiresAt", "soon", at(2 * time.Hour), 2 * time.Hour},
		{"only expiresAt", "", at(90 * time.Minute), 90 * time.Minute},
		{"both, expiresAt earlier", "2h", at(30 * time.Minute), 30 * time.Minute},
		{"both, expiresIn earlier", "20m", at(2 * time.Hour), 20 * time.Minute},
		{"1d", "1d", none, 24 * time.Hour},
		{"seconds", "3600", none, time.Hour},
		{"compound", "1h30m", none, 90 * time.Minute},
		{"large days", "100000d", none, 24 * time.Hour},
		{"huge seconds", "1000000000", none, 24 * time.Hour},
		{"huge days", "1000000d", none, 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newSG(t)
			e.tokens.SetLifetime(72 * time.Hour)
			e.tokens.SetRefreshLifetime(96 * time.Hour)
			e.tokens.SetExpiration(func(issued time.Time, _ time.Duration) (string, string) {
				return tc.expiresIn, tc.expiresAt(issued)
			})
			probeLifetime(t, tc.want, e.clock.Advance, func() error { return e.call(context.Background()) }, e.tokenReqs)
			newScanner().check(t, "debug log", e.logs.String())
		})
	}
}
