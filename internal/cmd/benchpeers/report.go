package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// Targets from the issue, checked on the reference spec.
const (
	targetSpec     = "github-rest-2022"
	targetSpeedup  = 3.5     // sigen at least this many times faster than the faster peer
	targetLines    = 120_000 // generated lines below this
	targetBuildPct = 60.0    // go build time and peak RSS below this % of oapi-codegen's
)

func printReport(w io.Writer, o options, results []*specResult) {
	fmt.Fprintf(w, "\nbenchpeers %s, %s/%s, %d CPUs; median of %d generation runs", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), o.n)
	if o.build {
		fmt.Fprintf(w, ", %d timed build(s) per output", o.buildN)
	}
	fmt.Fprintf(w, "\nCPU = user+sys; RSS = peak resident set of the process (build: of the largest process of the go build tree)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "spec\tgenerator\tversion\tresult\twall\t[min..max]\tCPU\tRSS\tfiles\tlines\tnote\t"
	if o.build {
		head += "build wall\tbuild CPU\tbuild RSS\t"
	}
	fmt.Fprintln(tw, head)
	var failures []string
	for _, sr := range results {
		label := sr.spec.Name
		if sr.err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\tskipped\t\t\t\t\t\t\t\t\n", label)
			failures = append(failures, fmt.Sprintf("%s: %v", sr.spec.Name, sr.err))
			continue
		}
		label += " (" + formatBytes(sr.size) + ")"
		for _, r := range sr.gens {
			result := "ok"
			if r.err != nil {
				result = "FAILED"
				failures = append(failures, fmt.Sprintf("%s: %s: %v", sr.spec.Name, r.gen.name, r.err))
			}
			row := fmt.Sprintf("%s\t%s\t%s\t%s\t", label, r.gen.name, r.gen.version, result)
			if r.err == nil {
				row += fmt.Sprintf("%s\t[%s..%s]\t%s\t%s\t%d\t%s\t",
					fmtDur(median(r.runs, sample.wallOf)), fmtDur(minOf(r.runs)), fmtDur(maxOf(r.runs)),
					fmtDur(median(r.runs, sample.cpuOf)), formatBytes(medianRSS(r.runs)), r.files, fmtInt(r.lines))
				row += r.note + "\t"
			} else {
				row += "\t\t\t\t\t\t\t"
			}
			if o.build {
				switch {
				case r.buildOK:
					row += fmt.Sprintf("%s\t%s\t%s\t", fmtDur(median(r.builds, sample.wallOf)),
						fmtDur(median(r.builds, sample.cpuOf)), formatBytes(medianRSS(r.builds)))
				case r.bErr != nil:
					row += "FAILED\t\t\t"
					failures = append(failures, fmt.Sprintf("%s: %s: build: %v", sr.spec.Name, r.gen.name, r.bErr))
				default:
					row += "-\t\t\t"
				}
			}
			fmt.Fprintln(tw, row)
			label = ""
		}
	}
	tw.Flush()
	if len(failures) > 0 {
		fmt.Fprintf(w, "\nFailures:\n")
		for _, f := range failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	fmt.Fprintf(w, "\nRatios (peer / sigen: above 1 means sigen is faster or smaller):\n")
	for _, sr := range results {
		if sr.err == nil {
			printRatios(w, o, sr)
		}
	}
}

// usable returns, per peer, its first successful run (the strict one if it
// succeeded, else its '+' fallback), and sigen's.
func usable(sr *specResult) (sigen *genResult, peers []*genResult) {
	seen := map[string]bool{}
	for _, r := range sr.gens {
		if r.err != nil {
			continue
		}
		if r.gen.peer == "" {
			sigen = r
			continue
		}
		if !seen[r.gen.peer] {
			seen[r.gen.peer] = true
			peers = append(peers, r)
		}
	}
	return sigen, peers
}

func printRatios(w io.Writer, o options, sr *specResult) {
	name := sr.spec.Name
	sg, peers := usable(sr)
	if sg == nil {
		fmt.Fprintf(w, "  %s: sigen failed, no ratios\n", name)
		return
	}
	if len(peers) == 0 {
		fmt.Fprintf(w, "  %s: every peer failed, no ratios\n", name)
		return
	}
	fast := peers[0]
	for _, p := range peers[1:] {
		if median(p.runs, sample.wallOf) < median(fast.runs, sample.wallOf) {
			fast = p
		}
	}
	sw, sc := median(sg.runs, sample.wallOf), median(sg.runs, sample.cpuOf)
	speed := ratio(median(fast.runs, sample.wallOf), sw)
	fmt.Fprintf(w, "  %s: faster peer %s: wall %.1fx, CPU %.1fx, lines %.1fx (sigen %s, %s %s)\n", name, fast.gen.name,
		speed, ratio(median(fast.runs, sample.cpuOf), sc), float64(fast.lines)/float64(sg.lines),
		fmtInt(sg.lines), fast.gen.name, fmtInt(fast.lines))
	for _, p := range peers {
		if p == fast {
			continue
		}
		fmt.Fprintf(w, "  %s: %s: wall %.1fx, CPU %.1fx, lines %.1fx (%s)\n", name, p.gen.name,
			ratio(median(p.runs, sample.wallOf), sw), ratio(median(p.runs, sample.cpuOf), sc),
			float64(p.lines)/float64(sg.lines), fmtInt(p.lines))
	}
	var oapi *genResult
	for _, p := range peers {
		if p.gen.peer == "oapi-codegen" {
			oapi = p
		}
	}
	var buildTime, buildRSS float64 = -1, -1
	if o.build && oapi != nil && sg.buildOK && oapi.buildOK {
		buildTime = 100 * float64(median(sg.builds, sample.wallOf)) / float64(median(oapi.builds, sample.wallOf))
		buildRSS = 100 * float64(medianRSS(sg.builds)) / float64(medianRSS(oapi.builds))
		fmt.Fprintf(w, "  %s: go build of sigen's output vs %s's: wall %.0f%%, CPU %.0f%%, peak RSS %.0f%%\n", name, oapi.gen.name,
			buildTime, 100*float64(median(sg.builds, sample.cpuOf))/float64(median(oapi.builds, sample.cpuOf)), buildRSS)
	}
	if name != targetSpec {
		return
	}
	fmt.Fprintf(w, "  targets on %s:\n", name)
	fmt.Fprintf(w, "    >= %.1fx faster than the faster peer (wall): %s (%.1fx vs %s)\n", targetSpeedup, verdict(speed >= targetSpeedup), speed, fast.gen.name)
	fmt.Fprintf(w, "    < %s generated lines: %s (%s)\n", fmtInt(targetLines), verdict(sg.lines < targetLines), fmtInt(sg.lines))
	switch {
	case !o.build:
		fmt.Fprintf(w, "    go build < %.0f%% of oapi-codegen's time and memory: not measured (run with -build)\n", targetBuildPct)
	case buildTime < 0:
		why := "oapi-codegen failed to generate"
		if oapi != nil && !oapi.buildOK {
			why = oapi.gen.name + "'s output does not build"
		}
		if !sg.buildOK {
			why = "sigen's output does not build"
		}
		fmt.Fprintf(w, "    go build < %.0f%% of oapi-codegen's time and memory: not measurable here: %s\n", targetBuildPct, why)
	default:
		fmt.Fprintf(w, "    go build < %.0f%% of oapi-codegen's time and memory: %s (time %.0f%%, peak RSS %.0f%%)\n", targetBuildPct,
			verdict(buildTime < targetBuildPct && buildRSS < targetBuildPct), buildTime, buildRSS)
	}
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func minOf(ss []sample) time.Duration {
	m := ss[0].wall
	for _, s := range ss[1:] {
		m = min(m, s.wall)
	}
	return m
}

func maxOf(ss []sample) time.Duration {
	m := ss[0].wall
	for _, s := range ss[1:] {
		m = max(m, s.wall)
	}
	return m
}

func fmtDur(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func formatBytes(n int64) string {
	switch {
	case n <= 0:
		return "?"
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
}

// fmtInt writes n with thousands separators.
func fmtInt(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
