package auth

import (
	"context"
	"time"
)

// A Clock tells the time and makes timers. Every time decision of the
// package (expiry, refresh-ahead, back-off, retry delays, the fetch timeout)
// goes through one Clock, so that tests can move time without sleeping.
// The authtest package provides a fake.
type Clock interface {
	// Now returns the current time. The real clock's readings carry a
	// monotonic component, which in-process comparisons use.
	Now() time.Time
	// NewTimer returns a Timer that sends the time on its channel after d.
	NewTimer(d time.Duration) Timer
	// AfterFunc calls f in its own goroutine after d. The returned Timer's
	// channel is nil.
	AfterFunc(d time.Duration, f func()) Timer
}

// A Timer is a single event made by a Clock.
type Timer interface {
	// C returns the channel on which the time is sent (nil for AfterFunc).
	C() <-chan time.Time
	// Stop prevents the Timer from firing. It reports whether the call
	// stopped the timer, as time.Timer.Stop does.
	Stop() bool
}

// SystemClock returns the Clock of the time package.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

// Now returns time.Now().
func (systemClock) Now() time.Time { return time.Now() }

// NewTimer wraps time.NewTimer.
func (systemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

// AfterFunc wraps time.AfterFunc.
func (systemClock) AfterFunc(d time.Duration, f func()) Timer {
	return systemTimer{time.AfterFunc(d, f)}
}

type systemTimer struct{ t *time.Timer }

// C returns the timer's channel.
func (t systemTimer) C() <-chan time.Time { return t.t.C }

// Stop stops the timer.
func (t systemTimer) Stop() bool { return t.t.Stop() }

// sleep waits for d on clk, or until ctx is done, whichever comes first.
func sleep(ctx context.Context, clk Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
