package hardening

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// TestClockJumps moves the fake clock forwards and backwards under a
// generated Signicat client (token lifetime 600 s: soft time 525–540 s,
// hard time 590 s) and counts token requests (R1–R3, R7, R10, R11).
func TestClockJumps(t *testing.T) {
	ctx := context.Background()
	call := func(t *testing.T, e *ccEnv) {
		t.Helper()
		if _, err := e.call(ctx); err != nil {
			t.Fatalf("call: %v", err)
		}
	}
	want := func(t *testing.T, e *ccEnv, reqs int, auth string) {
		t.Helper()
		if n := e.tokenReqs(); n != reqs {
			t.Errorf("token requests = %d, want %d", n, reqs)
		}
		if a := e.lastAuth(); a != auth {
			t.Errorf("Authorization = %q, want %q", a, auth)
		}
	}
	t.Run("forward past expiry", func(t *testing.T) {
		t.Parallel()
		e := newCC(t)
		call(t, e)
		e.clock.Advance(2 * time.Hour)
		call(t, e)
		want(t, e, 2, "Bearer tok-2")
		call(t, e)
		want(t, e, 2, "Bearer tok-2")
	})
	t.Run("forward into the soft window", func(t *testing.T) {
		t.Parallel()
		e := newCC(t)
		call(t, e)
		e.clock.Advance(560 * time.Second)
		call(t, e) // the current token at once; one refresh in the background
		if a := e.lastAuth(); a != "Bearer tok-1" {
			t.Errorf("Authorization in the soft window = %q, want the current token", a)
		}
		waitFor(t, func() bool { return e.tokenReqs() == 2 })
		waitFor(t, func() bool { return e.clock.Timers() == 0 })
		call(t, e)
		want(t, e, 2, "Bearer tok-2")
	})
	t.Run("backwards, then forward", func(t *testing.T) {
		t.Parallel()
		e := newCC(t)
		call(t, e)
		e.clock.Set(epoch.Add(-time.Hour))
		call(t, e)
		want(t, e, 1, "Bearer tok-1")
		// Back to 595 s after the fetch: past the hard time.
		e.clock.Set(epoch.Add(595 * time.Second))
		call(t, e)
		want(t, e, 2, "Bearer tok-2")
	})
	t.Run("backwards during back-off", func(t *testing.T) {
		// A custom Clock going backwards stretches the back-off by the
		// jump: retryAt is an absolute time on the Clock. The system clock
		// compares monotonic readings, which never go backwards, so this
		// is a property of injected clocks only; measured and pinned here.
		t.Parallel()
		e := newCC(t)
		e.tokens.FailNext(3, 503, 0)
		_, err := pump(e.clock, func() error { _, err := e.call(ctx); return err })
		if err == nil {
			t.Fatal("want a failure")
		}
		e.clock.Advance(-time.Hour)
		e.clock.Advance(1500 * time.Millisecond) // past the back-off as it was
		_, err = e.call(ctx)
		if !errors.Is(err, auth.ErrTokenUnavailable) {
			t.Errorf("call 1.5 s after a 1 h backwards jump = %v, want ErrTokenUnavailable (back-off stretched by the jump)", err)
		}
		e.clock.Advance(time.Hour)
		call(t, e)
		want(t, e, 4, "Bearer tok-1")
	})
	t.Run("forward during back-off", func(t *testing.T) {
		t.Parallel()
		e := newCC(t)
		e.tokens.FailNext(3, 503, 0)
		if _, err := pump(e.clock, func() error { _, err := e.call(ctx); return err }); err == nil {
			t.Fatal("want a failure")
		}
		e.clock.Advance(24 * time.Hour)
		call(t, e)
		want(t, e, 4, "Bearer tok-1")
	})
}

// TestClockJumpSignet: a jump past the refresh token's day goes straight to
// generate-token, with no refresh attempt (R19).
func TestClockJumpSignet(t *testing.T) {
	e := newSG(t)
	ctx := context.Background()
	if err := e.call(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(61 * time.Minute)
	if err := e.call(ctx); err != nil {
		t.Fatal(err)
	}
	if g, r := e.tokens.GenerateRequests(), e.tokens.RefreshRequests(); g != 1 || r != 1 {
		t.Errorf("after 61 min: generate, refresh = %d, %d; want 1, 1", g, r)
	}
	e.clock.Advance(25 * time.Hour)
	if err := e.call(ctx); err != nil {
		t.Fatal(err)
	}
	if g, r := e.tokens.GenerateRequests(), e.tokens.RefreshRequests(); g != 2 || r != 1 {
		t.Errorf("after 25 h: generate, refresh = %d, %d; want 2, 1", g, r)
	}
	e.clock.Set(epoch) // backwards: the new token is still fresh
	if err := e.call(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.tokens.TokenRequests(); n != 3 {
		t.Errorf("token requests after a backwards jump = %d, want 3", n)
	}
	if a := e.lastAuth(); a != "Bearer tok-3" {
		t.Errorf("Authorization = %q, want Bearer tok-3", a)
	}
}

// waitFor polls cond in real time for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
