package generator_test

// Benchmarks of the generator's phases on the largest specs of the
// real-world corpus (internal/corpus/corpus.tsv). The specs are not in the
// repository: they are read from a warm corpus cache ($SIGEN_CORPUS, else
// ~/.cache/sigen-corpus; fill it with `make corpus CORPUSFLAGS=-fetch-only`)
// and, for Go-module sources, from the Go module cache. A spec that is not
// there is skipped with a message saying so; nothing is fetched.
//
//	go test ./generator -run='^$' -bench=. -benchmem -benchtime=5x
//	go test ./generator -run='^$' -bench='Run/github-rest-2022' -count=6 | benchstat -
//
// Besides ns/op, B/op and allocs/op each benchmark reports MB/s of spec
// input (b.SetBytes), MB-in (the spec's size) and, where there is output,
// lines (lines of generated Go).
//
// The sigen command runs with GOGC=200 unless GOGC is set (cmd/sigen);
// these benchmarks run at Go's default of 100, which costs Run about a third
// more time on the large specs. Set GOGC=200 to measure what the command does.
//
// BenchmarkKinLoad is the floor: kin-openapi's own NewLoader().LoadFromData
// on the same bytes, which load.Data calls after its own pre-passes.

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator"
	"github.com/sigen-dev/sigen/generator/emit"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/model"
	"github.com/sigen-dev/sigen/generator/resolve"
	"github.com/sigen-dev/sigen/internal/corpus"
)

// benchSpecs are the largest specs of the corpus, largest first by
// operations: current GitHub REST (13 MB), Kubernetes (4.9 MB), the 2022
// GitHub REST snapshot (3.7 MB, the reference) and an older Stripe
// spec in YAML with a duplicated key (3.1 MB).
var benchSpecs = []string{"github-rest-2022", "github-rest", "kubernetes", "stripe-old-dupkey"}

type benchInput struct {
	path string
	src  []byte
	err  error // why the spec is skipped
}

var (
	benchMu     sync.Mutex
	benchInputs = map[string]*benchInput{}
)

// input returns a corpus spec's bytes, read once per process, or skips b.
func input(b *testing.B, name string) *benchInput {
	b.Helper()
	benchMu.Lock()
	in, ok := benchInputs[name]
	if !ok {
		in = &benchInput{}
		sp, err := corpus.Find(name)
		if err == nil {
			in.path, err = corpus.Locate(sp, corpus.DefaultCache(), corpus.GoModCache())
		}
		if err == nil {
			in.src, err = os.ReadFile(in.path)
		}
		in.err = err
		benchInputs[name] = in
	}
	benchMu.Unlock()
	if in.err != nil {
		b.Skipf("spec not available, skipping: %v", in.err)
	}
	return in
}

// reportInput must be called after the timed loop: b.Loop's first call
// resets the timer, which drops metrics reported before it.
func reportInput(b *testing.B, in *benchInput) {
	b.SetBytes(int64(len(in.src)))
	b.ReportMetric(float64(len(in.src))/1e6, "MB-in")
}

func lines(files map[string][]byte) int {
	n := 0
	for _, f := range files {
		n += bytes.Count(f, []byte("\n"))
	}
	return n
}

func loadSpec(b *testing.B, name string, in *benchInput) *load.Spec {
	b.Helper()
	spec, err := load.Data(context.Background(), in.path, name, in.src, load.Options{DisplayName: name})
	if err != nil {
		b.Fatalf("load.Data(%s) error: %v", name, err)
	}
	return spec
}

func buildModel(b *testing.B, spec *load.Spec) *model.API {
	b.Helper()
	api, err := resolve.Build(spec, resolve.Config{}, nil)
	if err != nil {
		b.Fatalf("resolve.Build(%s) error: %v", spec.File, err)
	}
	return api
}

// BenchmarkKinLoad is kin-openapi alone: openapi3.NewLoader().LoadFromData.
func BenchmarkKinLoad(b *testing.B) {
	for _, name := range benchSpecs {
		b.Run(name, func(b *testing.B) {
			in := input(b, name)
			if _, err := openapi3.NewLoader().LoadFromData(in.src); err != nil {
				b.Skipf("kin-openapi cannot load %s, skipping: %v", name, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := openapi3.NewLoader().LoadFromData(in.src); err != nil {
					b.Fatal(err)
				}
			}
			reportInput(b, in)
		})
	}
}

// BenchmarkLoad is load.Data: parse, pre-passes, kin-openapi, validation.
func BenchmarkLoad(b *testing.B) {
	for _, name := range benchSpecs {
		b.Run(name, func(b *testing.B) {
			in := input(b, name)
			b.ReportAllocs()
			for b.Loop() {
				loadSpec(b, name, in)
			}
			reportInput(b, in)
		})
	}
}

// BenchmarkBuild is resolve.Build on a spec loaded afresh (outside the timer)
// for every iteration, since building may annotate the document.
func BenchmarkBuild(b *testing.B) {
	for _, name := range benchSpecs {
		b.Run(name, func(b *testing.B) {
			in := input(b, name)
			b.ReportAllocs()
			var api *model.API
			b.StopTimer()
			for i := 0; i < b.N; i++ {
				spec := loadSpec(b, name, in)
				b.StartTimer()
				api = buildModel(b, spec)
				b.StopTimer()
			}
			reportInput(b, in)
			b.ReportMetric(float64(len(api.Types)), "types")
			b.ReportMetric(float64(len(api.Operations)), "operations")
		})
	}
}

// BenchmarkEmit is emit.Files on one model: rendering only reads it.
func BenchmarkEmit(b *testing.B) {
	for _, name := range benchSpecs {
		b.Run(name, func(b *testing.B) {
			in := input(b, name)
			api := buildModel(b, loadSpec(b, name, in))
			b.ReportAllocs()
			var files map[string][]byte
			for b.Loop() {
				var err error
				files, err = emit.Files(api, emit.Options{Package: "api"})
				if err != nil {
					b.Fatal(err)
				}
			}
			reportInput(b, in)
			b.ReportMetric(float64(lines(files)), "lines")
		})
	}
}

// BenchmarkRun is generator.Run, the whole in-memory job (file read
// included, write excluded).
func BenchmarkRun(b *testing.B) {
	for _, name := range benchSpecs {
		b.Run(name, func(b *testing.B) {
			in := input(b, name)
			b.ReportAllocs()
			var res *generator.Result
			for b.Loop() {
				var err error
				res, err = generator.Run(context.Background(), generator.Options{Spec: in.path, SpecName: name, Package: "api"})
				if err != nil {
					b.Fatal(err)
				}
			}
			reportInput(b, in)
			b.ReportMetric(float64(res.Stats.Lines), "lines")
		})
	}
}
