package oas

import (
	"io"
	"runtime"
	"testing"
	"time"
)

// closeRecorder is a body that records whether it was closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// waitGoroutines fails the test if the number of goroutines does not get
// back to at most want within a few seconds. It yields instead of
// sleeping.
func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutines = %d, want at most %d; stacks:\n%s", n, want, buf)
		}
		runtime.Gosched()
	}
}
