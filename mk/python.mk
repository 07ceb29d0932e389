# The Python package (py/): builds the extension into a venv and runs its pytest suite (against
# real PHP and the sandbox gateway); `make bench-python` times verify_postback on the benchmark
# corpus against the obvious Python code. Needs python3 with venv (deps-python installs it when
# missing).

PY_VENV := .venv
PY_BIN := $(CURDIR)/$(PY_VENV)/bin

DEPS_TARGETS += deps-python
TEST_TARGETS += test-python

.PHONY: deps-python test-python bench-python

deps-python:
	@python3 -c 'import ensurepip, venv' 2>/dev/null || { \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq python3-venv python3-pip >/dev/null; }

$(PY_VENV)/.ready:
	python3 -m venv $(PY_VENV)
	$(PY_BIN)/pip install --quiet --upgrade pip
	$(PY_BIN)/pip install --quiet "maturin>=1.7,<2" "pytest>=7"
	touch $@

# --no-build-isolation reuses the venv's maturin instead of fetching one per build.
# The sandbox tests start `paykassma sandbox` from target/release.
test-python: $(PY_VENV)/.ready
	$(CARGO) build --quiet --release -p paykassma-cli
	PATH="$(PY_BIN):$$PATH" $(PY_BIN)/pip install --quiet --no-build-isolation ./py
	cd py && $(PY_BIN)/python -m pytest -q

bench-python: $(PY_VENV)/.ready bench-corpus
	PATH="$(PY_BIN):$$PATH" $(PY_BIN)/pip install --quiet --no-build-isolation ./py
	$(PY_BIN)/python py/benches/verify.py --impl python
	$(PY_BIN)/python py/benches/verify.py --impl obvious-python
