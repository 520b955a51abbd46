# sigen: OpenAPI -> typed Go clients bound to runtime/auth.
#
#   make generate     regenerate generated/ from specs/ (reads sigen.yaml)
#   make test         vet, staleness check, and every test under -race; no
#                     wall-clock assertions, minutes on 2 busy cores
#   make test-long    the suite without -race plus the long tests (TestLong*):
#                     timing bounds, load, 5/50 MB specs, multi-process soaks
#   make check        fail if generated/ is stale
#   make bench        Go benchmarks (token hot path, transport, generator)
#   make demo         the generated clients against in-process fake servers
#   make corpus       generate, build and vet the pinned real-world corpus
#   make corpus-quick the same on a fixed diverse subset (CI, about 5 minutes)
#   make fuzz         each fuzz target for FUZZTIME (default 30s)
#   make bench-peers  time sigen, ogen and oapi-codegen on the same specs
#   make api-check    fail if the runtime's exported API differs from api/
#   make api-update   rewrite api/ from the runtime's exported API
#   make bench-runtime  run-time cost of the three generators' GitHub clients
GO ?= go
SIGEN := $(GO) run ./cmd/sigen

.PHONY: build generate check vet test test-long test-short bench demo corpus corpus-quick fuzz fuzz-short bench-peers bench-runtime api-check api-update

build:
	$(GO) build ./...

## generate: regenerate generated/ from specs/ (reads sigen.yaml).
generate:
	$(SIGEN) generate

## check: fail (exit 1, with a diff) if generated/ is not what sigen produces.
check:
	$(SIGEN) check

vet:
	$(GO) vet ./...

## test: vet, staleness check, and the whole suite under the race detector.
test: vet check
	$(GO) test -race -count=1 ./...

## test-long: the suite without -race and with SIGEN_TEST_LONG=1, which enables
## the long tests (TestLong*, see internal/longtest) and the latency bounds that
## make test only logs. They assert wall-clock bounds, several times what a quiet
## 2-core machine needs; run them where other work does not hold every core.
test-long:
	SIGEN_TEST_LONG=1 $(GO) test -count=1 -timeout 30m ./...

## test-short: the suite without the slow tests (consumer module, processes killed
## mid-write, compiling hostile-spec output).
test-short:
	$(GO) test -short -count=1 ./...

## bench: Go benchmarks; BENCHFLAGS adds flags, e.g. BENCHFLAGS='-cpu 1,2 -count 5'.
BENCHFLAGS ?=
bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(BENCHFLAGS) ./...

## demo: run the generated Signicat and Signet clients against in-process fakes
## (DEMO_FLAGS=--live talks to the real APIs with credentials from the environment).
DEMO_FLAGS ?=
demo:
	$(GO) run ./examples/demo $(DEMO_FLAGS)

## corpus: sigen + go build + go vet over the pinned real-world corpus
## (internal/corpus/corpus.tsv), cached in $$SIGEN_CORPUS (default ~/.cache/sigen-corpus).
## Examples: make corpus CORPUSFLAGS='-set real -j 2'; make corpus CORPUSFLAGS=-fetch-only
CORPUSFLAGS ?=
corpus:
	$(GO) run ./internal/cmd/corpus $(CORPUSFLAGS)

## corpus-quick: the corpus harness on a fixed subset chosen for diversity:
## the real specs that broke before (PagerDuty, Stoplight: 3.1), the two
## largest builds (GitHub 2022, Kubernetes), OpenAI (YAML), a Swagger 2.0
## spec, 3.1 webhooks, the multi-file specs ($refs across files), YAML
## anchors, and libopenapi-circular (properties written as lists). Every
## spec must generate (sigen refuses partial operation coverage), build and
## vet. Go modules only, so CI needs only the module proxy; it fetches what
## the cache lacks. CI runs it after make test.
CORPUS_QUICK := pagerduty,stoplight,github-rest-2022,kubernetes,openai,libopenapi-petstore-swagger2,ogen-webhooks-31,ogen-file-reference,kin-recursive-ref,kin-callbacks,ogen-allOf,ogen-discriminator-mapping,libopenapi-yaml-anchor,libopenapi-circular
corpus-quick:
	$(GO) run ./internal/cmd/corpus -only $(CORPUS_QUICK) -j 2 $(CORPUSFLAGS)

## fuzz: each fuzz target for FUZZTIME (CI: FUZZTIME=5s). New failing inputs land in
## the package's testdata/fuzz/<Name>/; check them in with the fix.
FUZZTIME ?= 30s
FUZZFLAGS ?=
FUZZMINIMIZETIME ?= 0
FUZZ_TARGETS := \
	./generator:FuzzLoadAndBuild \
	./generator:FuzzGenerate \
	./generator:FuzzGenerateNames \
	./generator:FuzzGoNames \
	./generator/load:FuzzKinDecode \
	./generator/naming:FuzzExported \
	./generator/naming:FuzzJoin \
	./generator/naming:FuzzScope \
	./runtime/auth:FuzzTokenResponse \
	./runtime/sigenimpl:FuzzQuery \
	./runtime/sigenimpl:FuzzDecoder \
	./generator/golden/schemas:FuzzGeneratedDecoders
## Go 1.26's fuzz coordinator can report a bare "context deadline exceeded" when
## -fuzztime ends while a worker is mid-call (golang/go#75804, fixed in Go 1.27).
## A real finding always writes "Failing input written to ..."; a run that fails
## with the bare deadline message and no written input is reported and passed.
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; log=$$(mktemp); \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		if $(GO) test $$pkg -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) $(FUZZFLAGS) >$$log 2>&1; then \
			cat $$log; \
		elif grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log; then \
			cat $$log; echo "fuzz: $$name stopped at the -fuzztime boundary with no failing input (golang/go#75804); not a finding"; \
		else \
			cat $$log; rm -f $$log; exit 1; \
		fi; \
		rm -f $$log; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5s

## bench-peers: build pinned ogen and oapi-codegen in a throwaway module and time all
## three generators on the same specs (BENCHPEERSFLAGS, e.g. -build -only github-rest-2022).
BENCHPEERSFLAGS ?=
bench-peers:
	$(GO) run ./internal/cmd/benchpeers $(BENCHPEERSFLAGS)

## api-check: fail (exit 1, listing each line) if the exported API of a runtime
## package differs from its file under api/, in either direction.
api-check:
	$(GO) run ./internal/cmd/apicheck

## api-update: rewrite api/ from the code; commit the files with the API change.
api-update:
	$(GO) run ./internal/cmd/apicheck -w

## bench-runtime: generate GitHub issues+git clients with sigen, oapi-codegen and ogen
## in a scratch module, call a loopback server in another process, and report
## paired per-round ratios (BENCHRUNTIMEFLAGS, e.g. -rounds 20 -tools ~/.cache/sigen-benchtools).
BENCHRUNTIMEFLAGS ?=
bench-runtime:
	$(GO) run ./internal/cmd/benchruntime $(BENCHRUNTIMEFLAGS)
