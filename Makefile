# Linka: build, test and development tasks. `make help` lists them.
#
# Variables (override on the command line, e.g. `make fuzz FUZZTIME=2m`):
#   GO           the go command                          (default go)
#   VERSION      version stamped into the binary         (default git describe)
#   GOTESTFLAGS  extra go test flags for `make test`      (e.g. '-run TestStore -v')
#   BENCHTIME    -benchtime for `make bench`              (default 200ms)
#   FUZZTIME     time per fuzz target for `make fuzz`     (default 30s)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO ?= go
BIN := bin/linka
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
GOTESTFLAGS ?=
BENCHTIME ?= 200ms
FUZZTIME ?= 30s

.PHONY: help all build demo test lint fmt-check vet bench fuzz clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk -F ':.*## ' '{ printf "  make %-10s %s\n", $$1, $$2 }'

all: build test ## Build, then run the whole test suite.

build: ## Build ./cmd/linka into bin/linka.
	@echo "==> build $(BIN) (version $(VERSION))"
	$(GO) build -trimpath -ldflags '-X main.version=$(VERSION)' -o $(BIN) ./cmd/linka

demo: build ## Build, then run `linka demo`.
	@echo "==> demo"
	./$(BIN) demo

lint: fmt-check vet ## Check formatting (gofmt) and run go vet.

fmt-check: ## Fail listing the Go files gofmt would change.
	@echo "==> gofmt"
	@files=$$(gofmt -l .); \
	files=$$(grep -v '/testdata/' <<<"$$files" || true); \
	if [[ -n $$files ]]; then \
		echo "gofmt: these files are not formatted (fix with gofmt -w):"; \
		echo "$$files"; \
		exit 1; \
	fi

vet: ## Run go vet over every package.
	@echo "==> go vet"
	$(GO) vet ./...

test: lint ## Lint, then go test with a throwaway PostgreSQL (scripts/pg-test.sh).
	@echo "==> go test (PostgreSQL: LINKA_TEST_DATABASE_URL or a throwaway cluster)"
	GO=$(GO) scripts/pg-test.sh -- scripts/go-test.sh $(GOTESTFLAGS)

bench: ## Run every benchmark once, one package at a time.
	@echo "==> go test -bench (benchtime $(BENCHTIME))"
	scripts/pg-test.sh -- $(GO) test -p 1 -count=1 -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

fuzz: ## Run every fuzz target for FUZZTIME each.
	@echo "==> fuzz (each target for $(FUZZTIME))"
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

clean: ## Remove build and test outputs.
	@echo "==> clean"
	rm -rf bin/ coverage.out coverage.html *.coverprofile
