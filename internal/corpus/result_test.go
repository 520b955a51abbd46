package corpus

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMatches(t *testing.T) {
	okSpec := Spec{Name: "pets", Path: "a/pets.yaml", Expect: ExpectOK}
	failSpec := Spec{Name: "circ", Path: "test_specs/circular-tests.yaml", Expect: ExpectFail}
	const goodDiag = "sigen: /cache/test_specs/circular-tests.yaml:12:7: #/components/schemas/Two/properties: want a mapping"
	tests := []struct {
		name    string
		r       Result
		want    bool
		wantWhy string
		text    string
	}{
		{"ok as expected", Result{Spec: okSpec, Outcome: OK}, true, "", "ok"},
		{"build error", Result{Spec: okSpec, Outcome: BuildError}, false, "want ok", "build-error UNEXPECTED: want ok"},
		{"gen error on ok spec", Result{Spec: okSpec, Outcome: GenError, Diagnostic: goodDiag}, false, "want ok", ""},
		{"expected failure", Result{Spec: failSpec, Outcome: GenError, Diagnostic: goodDiag}, true, "", "gen-error (expected)"},
		{"fail spec generated", Result{Spec: failSpec, Outcome: OK}, false, "want gen-error (exit 2)", ""},
		{"fail spec crashed", Result{Spec: failSpec, Outcome: GenCrash, Diagnostic: goodDiag}, false, "want gen-error (exit 2)", ""},
		{"no file in error", Result{Spec: failSpec, Outcome: GenError, Diagnostic: "sigen: #/components: bad"}, false, "does not name circular-tests.yaml", ""},
		{"no pointer in error", Result{Spec: failSpec, Outcome: GenError, Diagnostic: "sigen: circular-tests.yaml:3: bad"}, false, "no JSON pointer", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := tt.r.Matches()
			if got != tt.want || (tt.wantWhy != "" && !strings.Contains(why, tt.wantWhy)) {
				t.Errorf("Matches() = %v, %q, want %v, %q", got, why, tt.want, tt.wantWhy)
			}
			if tt.text != "" {
				if got := tt.r.ResultText(); got != tt.text {
					t.Errorf("ResultText() = %q, want %q", got, tt.text)
				}
			}
		})
	}
}

func TestRowAndTable(t *testing.T) {
	results := []Result{
		{
			Spec: Spec{Name: "petstore-expanded", Expect: ExpectOK}, Stats: Stats{Ops: 4, Schemas: 3},
			OpsGen: 4, Lines: 512, GenTime: 42 * time.Millisecond, BuildTime: 1500 * time.Millisecond,
			BuildPeak: 96 << 20, Outcome: OK,
		},
		{
			Spec: Spec{Name: "github-webhooks", Expect: ExpectOK}, Stats: Stats{Webhooks: 261, Schemas: 433},
			OpsGen: -1, GenTime: 2 * time.Second, Outcome: GenCrash,
		},
		{
			Spec: Spec{Name: "circ", Path: "c.yaml", Expect: ExpectFail}, StatsErr: errors.New("bad"),
			OpsGen: -1, GenTime: 5 * time.Millisecond, Outcome: GenError, Diagnostic: "c.yaml:1:1: #/x: bad",
		},
	}
	var rows [][]string
	for _, r := range results {
		rows = append(rows, r.Row())
	}
	want := `spec               ops(spec)  ops(gen)  schemas   gen  lines  build  peakMB  result
petstore-expanded          4         4        3  42ms    512   1.5s      96  ok
github-webhooks       0+261w         -      433  2.0s      -      -       -  gen-crash UNEXPECTED: want ok
circ                       ?         -        ?   5ms      -      -       -  gen-error (expected)
`
	if got := Table(rows); got != want {
		t.Errorf("Table() =\n%s\nwant\n%s", got, want)
	}
}

func TestSummary(t *testing.T) {
	ok := Result{Spec: Spec{Name: "a", Expect: ExpectOK}, Outcome: OK}
	bad := Result{Spec: Spec{Name: "b", Expect: ExpectOK}, Outcome: VetError}
	fail := Result{Spec: Spec{Name: "c", Path: "c.yaml", Expect: ExpectFail}, Outcome: GenError, Diagnostic: "c.yaml: #/paths: bad"}
	tests := []struct {
		in      []Result
		want    string
		wantBad bool
	}{
		{[]Result{ok, ok}, "2/2 specs generate+build+vet", false},
		{[]Result{ok, fail}, "1/2 specs generate+build+vet; 1 failed as expected", false},
		{[]Result{ok, bad, fail}, "1/3 specs generate+build+vet; 1 failed as expected; 1 UNEXPECTED: b", true},
	}
	for _, tt := range tests {
		got, gotBad := Summary(tt.in)
		if got != tt.want || gotBad != tt.wantBad {
			t.Errorf("Summary() = %q, %v, want %q, %v", got, gotBad, tt.want, tt.wantBad)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := map[time.Duration]string{
		0:                                     "0ms",
		1499 * time.Microsecond:               "1ms",
		999 * time.Millisecond:                "999ms",
		2340 * time.Millisecond:               "2.3s",
		65 * time.Second:                      "1m05s",
		10*time.Minute + 400*time.Millisecond: "10m00s",
	}
	for d, want := range tests {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
