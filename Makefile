# The project's two entry points: `make demo` and `make test`.
# Each part of the project adds its own targets in mk/<part>.mk:
#   DEPS_TARGETS += <install steps>, TEST_TARGETS += <test suites>.

CARGO ?= cargo
.DEFAULT_GOAL := demo
DEPS_TARGETS :=
TEST_TARGETS :=

.PHONY: demo test deps deps-base test-rust lint

-include mk/*.mk

demo:
	$(CARGO) run --quiet --release -p paykassma-cli -- demo

test: deps lint test-rust $(TEST_TARGETS)
	@echo "all test suites passed"

deps: deps-base $(DEPS_TARGETS)

deps-base:
	./scripts/install-deps.sh

lint:
	$(CARGO) fmt --all -- --check

test-rust:
	$(CARGO) test --workspace --release
