package authtest

import (
	"sort"
	"sync"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// A Clock is a fake auth.Clock whose time moves only when told to. Timers
// fire, in order of their deadlines, when Advance or Set moves the time past
// them. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

// NewClock returns a Clock set to t, or to 2026-01-01 00:00:00 UTC if t is
// zero.
func NewClock(t time.Time) *Clock {
	if t.IsZero() {
		t = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return &Clock{now: t}
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the time forward by d, firing due timers.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.set(c.now.Add(d))
}

// Set moves the time to t, firing due timers. Moving backwards fires none.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.set(t)
}

// set moves the time and fires due timers; c.mu is held and released.
func (c *Clock) set(t time.Time) {
	c.now = t
	var due []*fakeTimer
	keep := c.timers[:0]
	for _, ft := range c.timers {
		if !ft.when.After(t) {
			due = append(due, ft)
		} else {
			keep = append(keep, ft)
		}
	}
	clear(c.timers[len(keep):])
	c.timers = keep
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].when.Before(due[j].when) })
	for _, ft := range due {
		ft.fire(t)
	}
}

// NewTimer returns a Timer that fires when the time reaches Now()+d.
func (c *Clock) NewTimer(d time.Duration) auth.Timer {
	return c.add(d, make(chan time.Time, 1), nil)
}

// AfterFunc calls f in its own goroutine when the time reaches Now()+d.
func (c *Clock) AfterFunc(d time.Duration, f func()) auth.Timer {
	return c.add(d, nil, f)
}

func (c *Clock) add(d time.Duration, ch chan time.Time, f func()) *fakeTimer {
	c.mu.Lock()
	ft := &fakeTimer{c: c, when: c.now.Add(d), ch: ch, f: f}
	if d <= 0 {
		now := c.now
		c.mu.Unlock()
		ft.fire(now)
		return ft
	}
	c.timers = append(c.timers, ft)
	c.mu.Unlock()
	return ft
}

// Timers returns the number of timers that have not fired or been stopped.
func (c *Clock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// WaitTimers waits, in real time and for at most 5 s, until at least n
// timers are pending. It reports whether they are.
func (c *Clock) WaitTimers(n int) bool {
	deadline := time.Now().Add(5 * time.Second)
	for c.Timers() < n {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Microsecond)
	}
	return true
}

type fakeTimer struct {
	c    *Clock
	when time.Time
	ch   chan time.Time
	f    func()
}

func (t *fakeTimer) fire(now time.Time) {
	if t.f != nil {
		go t.f()
		return
	}
	select {
	case t.ch <- now:
	default:
	}
}

// C returns the timer's channel (nil for AfterFunc timers).
func (t *fakeTimer) C() <-chan time.Time { return t.ch }

// Stop removes the timer; it reports whether the timer was pending.
func (t *fakeTimer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, ft := range c.timers {
		if ft == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}
