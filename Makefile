# agentctl build targets. See README.md.
GO        ?= go
BIN       := bin/agentctl
PKGS      := ./...
SOLC_VER  := 0.8.28
TOOLS     := .tools
FUZZTIME  ?= 20s

# `agentctl version` reports these; outside a git checkout they stay "devel"/"unknown".
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS   := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

.PHONY: all build run test fmt-check tidy-check vet unit soak soak-short bench bench-mcp bench-restart contracts fuzz clean e2e

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/agentctl

run: build
	./$(BIN)

# End-to-end test of the TUI in tmux (not in CI: it needs tmux): open an
# agent, approve a pending trade of an ask agent, quit.
e2e: build
	BIN=$(BIN) ./scripts/e2e.sh

test: fmt-check tidy-check vet unit soak-short

# go.mod and go.sum must be exactly what `go mod tidy` writes.
tidy-check:
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

unit:
	$(GO) test -count=1 $(PKGS)

# The soak test: a long, messy session on the embedded devnet (late
# approvals, front-runs, a flaky model, a lossy RPC path) that must end with
# PnL reconciled, nothing outside policy, no intent sent twice and every log
# verified. It prints its figures. SOAK sets the length; make test runs 2m.
# Then the same for a predict.polymarket agent run by the binary against
# the test CLOB (faults, outages, SIGKILL; `make unit` runs it for 60s).
SOAK ?= 10m
soak:
	AGENTCTL_SOAK=$(SOAK) $(GO) test -count=1 -run '^TestSoak$$' -timeout 60m -v ./agent/
	AGENTCTL_PM_SOAK=$(SOAK) $(GO) test -count=1 -run '^TestPolymarketSoak$$' -timeout 60m -v ./cmd/agentctl/

soak-short:
	AGENTCTL_SOAK=2m $(GO) test -count=1 -run '^TestSoak$$' -timeout 20m -v ./agent/

# Every performance target of the issues has a benchmark here; figures are printed.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 $(PKGS)

# What the MCP layer adds to a read tool's call: one client over stdio and
# HTTP, and 100 concurrent HTTP clients; prints p50/p99 direct, over MCP
# and the difference (run several times on a loaded machine: take medians).
bench-mcp:
	$(GO) test -run '^$$' -bench 'McpToolOverhead' -benchtime 500x -count 3 ./mcp/
	$(GO) test -run '^$$' -bench 'McpHTTP100' -benchtime 10x -count 3 ./mcp/
# Issue 14: restart of the persisted devnet chain with 100,000 blocks of
# history (median-ms/restart; building the history takes minutes).
bench-restart:
	$(GO) test -run '^$$' -bench BenchmarkRestart100k -benchtime 10x ./wallet/devnet/

# Fuzz smoke run: the Solidity parser must never panic. Crashers found are
# saved under testdata/fuzz and then run as tests by `make unit`.
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./strategies/audit/solidity/

# Compile the Solidity sources with solc $(SOLC_VER) (from npm) and regenerate the
# committed artifacts and abigen v2 bindings. CI does not need this: it checks drift.
contracts:
	@command -v node >/dev/null || { echo "make contracts needs Node.js and npm"; exit 2; }
	@test -x $(TOOLS)/node_modules/.bin/solcjs || npm install --prefix $(TOOLS) --no-save --no-audit --no-fund solc@$(SOLC_VER)
	node contracts/build.js
	$(GO) generate ./contracts

clean:
	rm -rf bin
