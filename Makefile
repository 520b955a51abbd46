# sigen: OpenAPI -> Go clients bound to runtime/auth.
GO ?= go
SIGEN := $(GO) run ./cmd/sigen

.PHONY: generate check test vet bench build

build:
	$(GO) build ./...

## generate: regenerate generated/ from specs/ (reads sigen.yaml).
generate:
	$(SIGEN) generate

## check: fail if generated/ is not what sigen produces from specs/.
check:
	$(SIGEN) check

vet:
	$(GO) vet ./...

## test: vet, staleness check, and the whole test suite under the race detector.
test: vet check
	$(GO) test -race -count=1 ./...

## bench: Go benchmarks (speed and memory targets).
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

include generator/Makefile.fragment
