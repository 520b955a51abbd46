package corpus

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// Outcome is how far a spec got through generate, build and vet.
type Outcome string

const (
	OK          Outcome = "ok"           // generate, build and vet all succeeded
	FetchError  Outcome = "fetch-error"  // the spec could not be fetched or read
	GenError    Outcome = "gen-error"    // sigen generate exited 2 (bad spec)
	GenCrash    Outcome = "gen-crash"    // sigen generate exited otherwise non-zero (or panicked)
	GenTimeout  Outcome = "gen-timeout"  // sigen generate did not finish in time
	BuildError  Outcome = "build-error"  // go build ./... failed on the output
	VetError    Outcome = "vet-error"    // go vet ./... failed on the output
	Timeout     Outcome = "timeout"      // build or vet did not finish in time
	HarnessFail Outcome = "harness-fail" // the harness itself failed (scratch module setup)
	// ModelError: sigen model, then sigen check --from-model on its JSON,
	// did not reproduce the generated files.
	ModelError Outcome = "model-error"
)

// Result is one spec's run.
type Result struct {
	Spec       Spec
	Stats      Stats // counted in the spec file
	StatsErr   error // counting failed (the spec is not valid JSON, say)
	OpsGen     int   // exported methods on *Client in the output; -1 unknown
	Lines      int   // lines of generated Go
	GenTime    time.Duration
	BuildTime  time.Duration
	BuildPeak  int64 // peak RSS of the go build process tree, bytes; 0 unknown
	Outcome    Outcome
	ExitCode   int    // sigen generate's exit code; -1 if it did not exit
	Diagnostic string // stderr (or the error) of the failing step, trimmed
}

// Matches reports whether the result is what the spec expects, and if not,
// why. A spec expected to fail must make sigen exit 2 with an error naming
// the spec file (its base name is enough) and a JSON pointer ("#/...").
func (r Result) Matches() (bool, string) {
	switch r.Spec.Expect {
	case ExpectOK:
		if r.Outcome == OK {
			return true, ""
		}
		return false, "want ok"
	case ExpectFail:
		if r.Outcome != GenError {
			return false, "want gen-error (exit 2)"
		}
		base := path.Base(r.Spec.Path)
		if !strings.Contains(r.Diagnostic, base) {
			return false, fmt.Sprintf("error does not name %s", base)
		}
		if !strings.Contains(r.Diagnostic, "#/") {
			return false, "error has no JSON pointer"
		}
		return true, ""
	}
	return false, fmt.Sprintf("unknown expectation %q", r.Spec.Expect)
}

// ResultText is the table's result column: the outcome, marked when it is
// an expected failure or not what the spec expects.
func (r Result) ResultText() string {
	ok, why := r.Matches()
	switch {
	case ok && r.Spec.Expect == ExpectFail:
		return string(r.Outcome) + " (expected)"
	case ok:
		return string(r.Outcome)
	default:
		return fmt.Sprintf("%s UNEXPECTED: %s", r.Outcome, why)
	}
}

// Header is the table's header row.
var Header = []string{"spec", "ops(spec)", "ops(gen)", "schemas", "gen", "lines", "build", "peakMB", "result"}

// Row is a result as table cells; steps that did not run show "-".
func (r Result) Row() []string {
	dash := func(ok bool, s string) string {
		if !ok {
			return "-"
		}
		return s
	}
	ops, schemas := "?", "?"
	if r.StatsErr == nil {
		ops, schemas = r.Stats.FormatOps(), fmt.Sprint(r.Stats.Schemas)
	}
	generated := r.Outcome != FetchError && r.Outcome != GenError && r.Outcome != GenCrash && r.Outcome != GenTimeout
	built := r.BuildTime > 0
	return []string{
		r.Spec.Name,
		ops,
		dash(generated && r.OpsGen >= 0, fmt.Sprint(r.OpsGen)),
		schemas,
		dash(r.GenTime > 0, FormatDuration(r.GenTime)),
		dash(generated, fmt.Sprint(r.Lines)),
		dash(built, FormatDuration(r.BuildTime)),
		dash(built && r.BuildPeak > 0, fmt.Sprintf("%d", (r.BuildPeak+(1<<19))>>20)),
		r.ResultText(),
	}
}

// FormatDuration rounds a duration for the table: "850ms", "2.3s", "1m05s".
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Round(time.Millisecond).Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
}

// Table formats rows under Header: text columns left-aligned, numeric
// columns right-aligned, two spaces between columns.
func Table(rows [][]string) string {
	all := append([][]string{Header}, rows...)
	width := make([]int, len(Header))
	for _, row := range all {
		for i, c := range row {
			width[i] = max(width[i], len(c))
		}
	}
	left := func(i int) bool { return i == 0 || i == len(Header)-1 }
	var b strings.Builder
	for _, row := range all {
		var line strings.Builder
		for i, c := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-len(c))
			if left(i) {
				line.WriteString(c + pad)
			} else {
				line.WriteString(pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// Summary is the closing line, "N/M specs generate+build+vet", followed by
// the expected failures and the mismatches; unexpected reports whether any
// result differs from its expectation.
func Summary(results []Result) (line string, unexpected bool) {
	okN, expectedFail := 0, 0
	var bad []string
	for _, r := range results {
		if r.Outcome == OK {
			okN++
		}
		m, _ := r.Matches()
		switch {
		case !m:
			bad = append(bad, r.Spec.Name)
		case r.Spec.Expect == ExpectFail:
			expectedFail++
		}
	}
	line = fmt.Sprintf("%d/%d specs generate+build+vet", okN, len(results))
	if expectedFail > 0 {
		line += fmt.Sprintf("; %d failed as expected", expectedFail)
	}
	if len(bad) > 0 {
		line += fmt.Sprintf("; %d UNEXPECTED: %s", len(bad), strings.Join(bad, ", "))
	}
	return line, len(bad) > 0
}
