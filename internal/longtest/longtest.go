// Package longtest gates the tests that `make test-long` runs: timing,
// throughput and scale claims (wall-clock bounds, failure rates under load,
// 5 and 50 MB specs) that need minutes and a machine that is not
// oversubscribed. `make test` skips them, so that it stays fast and
// deterministic; `.ci/run` runs both.
//
// A long test is named TestLong... and calls Skip first.
package longtest

import (
	"os"
	"testing"
)

// Env is the environment variable that enables the long tests.
const Env = "SIGEN_TEST_LONG"

// Enabled reports whether the long tests are enabled (SIGEN_TEST_LONG=1).
func Enabled() bool { return os.Getenv(Env) == "1" }

// Skip skips t unless the long tests are enabled.
func Skip(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skip("long test: run with `make test-long` (" + Env + "=1)")
	}
}
