# Hardening (tests/hardening): the fault, concurrency and load-smoke tests run in `test-rust`
# (cargo test --workspace --release); nothing to add to TEST_TARGETS.
# `make bench-load` runs the sustained-load benchmark: a sandbox in one process, the load from
# a second one, over loopback. LOAD_THREADS and LOAD_SECONDS change the run.

# Rules here must not become the default goal (`make` alone runs the root Makefile's `demo`).
hardening_previous_goal := $(.DEFAULT_GOAL)

LOAD_THREADS ?= 8
LOAD_SECONDS ?= 10

.PHONY: bench-load

bench-load:
	$(CARGO) run --quiet --release -p paykassma-hardening --bin paykassma-load -- \
	  --threads $(LOAD_THREADS) --seconds $(LOAD_SECONDS)

.DEFAULT_GOAL := $(hardening_previous_goal)
