# The project's two entry points: `make demo` and `make test`.
# Each part of the project adds its own targets in mk/<part>.mk:
#   DEPS_TARGETS += <install steps>, TEST_TARGETS += <test suites>.

CARGO ?= cargo
.DEFAULT_GOAL := demo
DEPS_TARGETS :=
TEST_TARGETS :=

.PHONY: demo test deps deps-base test-rust lint

-include mk/*.mk

# Cargo's own progress shows while it builds: the first build compiles the workspace.
demo:
	@echo "make demo: building the paykassma command (the first build takes a few minutes)"
	$(CARGO) build --release -p paykassma-cli
	@echo "make demo: running ./target/release/paykassma demo"
	./target/release/paykassma demo
	@echo
	@echo "Next:"
	@echo "  README.md               install lines for Python, Node, PHP and C; the Rust API; the command line"
	@echo "  py/README.md, node/README.md, php/README.md, ffi-c/README.md   your stack's API and examples"
	@echo "  sandbox/README.md       the local gateway the demo ran against: ./target/release/paykassma sandbox"
	@echo "  make test, make dist    every test suite; the release packages for this machine, in dist/"

test: deps lint test-rust $(TEST_TARGETS)
	@echo "all test suites passed"

deps: deps-base $(DEPS_TARGETS)

deps-base:
	./scripts/install-deps.sh

lint:
	$(CARGO) fmt --all -- --check

test-rust:
	$(CARGO) test --workspace --release
