# Chaperone: two commands do everything on a fresh Debian machine.
#   make run    start the desktop app (with no accounts it offers the demo)
#   make test   every test: real Chromium, a real keyring, a real X server
SHELL := /bin/bash
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN := bin/chaperone
TEST_TIMEOUT ?= 30m

.PHONY: run build test test-short lint vet bench eval fuzz train-scanner deps deps-run clean

deps-run:
	@scripts/deps.sh run

deps:
	@scripts/deps.sh test

$(BIN): deps-run FORCE
	$(GO) build -o $(BIN) .

FORCE:

build: $(BIN)

run: $(BIN)
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: run 'make run' from a desktop session. Without one, try the command line: ./$(BIN) audit --demo"; exit 1; fi
	./$(BIN)

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on: $$unformatted"; exit 1; fi
	$(GO) vet ./...

lint: vet
	$(GO) run $(STATICCHECK) ./...

# The tests run inside a private D-Bus session with an unlocked
# gnome-keyring (so keyring tests use the real Secret Service) and under
# Xvfb (so the GUI smoke test opens a real window). Nothing touches the
# user's own keyring or display.
test: deps lint
	@set -o pipefail; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	gopath=$$($(GO) env GOPATH); gocache=$$($(GO) env GOCACHE); gomodcache=$$($(GO) env GOMODCACHE); \
	XDG_DATA_HOME=$$tmp/data XDG_CONFIG_HOME=$$tmp/config HOME=$$tmp/home \
	  GOPATH=$$gopath GOCACHE=$$gocache GOMODCACHE=$$gomodcache \
	  xvfb-run -a -s "-screen 0 1280x800x24" \
	  dbus-run-session -- sh -c 'mkdir -p "$$HOME" "$$XDG_DATA_HOME"; echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
	    $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...'
	@$(MAKE) --no-print-directory fuzz

# Every fuzz target for a moment (FUZZTIME=5m make fuzz for longer).
fuzz:
	@GO=$(GO) FUZZTIME=$${FUZZTIME:-2000x} scripts/fuzz.sh

# Fast tests only: no Chromium, keyring or X server needed.
test-short:
	CHAPERONE_SKIP_BROWSER=1 CHAPERONE_SKIP_KEYRING=1 CHAPERONE_SKIP_GUI=1 $(GO) test -short ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./...

eval:
	$(GO) test -count=1 -run '^TestEval' -v ./audit/scan/ ./audit/match/

# Retrain the post scanner's classifier from the committed corpus
# (assets/scan/model.bin.gz; the same data gives the same bytes).
train-scanner:
	$(GO) run ./audit/scan/cmd/trainscan

clean:
	rm -rf bin
