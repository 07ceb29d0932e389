# `make benchmarks` writes BENCHMARKS.md (scripts/benchmarks.py): every language on the same inputs
# in one run, the plain ports and PHP beside them, the load benchmark, peak memory and the machine.
# Not part of `make test`.

.PHONY: benchmarks

# The venv rule comes from mk/python.mk, included after this file: named in the recipe.
benchmarks: ffi-lib ffi-pc node-build
	$(MAKE) --no-print-directory $(PY_VENV)/.ready
	$(CARGO) build --quiet --release -p paykassma-hardening --bin paykassma-load
	PATH="$(PY_BIN):$$PATH" $(PY_BIN)/pip install --quiet --no-build-isolation ./py
	@mkdir -p $(FFI_BUILD)
	gcc $(FFI_CFLAGS) -O2 $$($(FFI_PKG) --cflags paykassma) -o $(FFI_BUILD)/bench tests/c/bench.c $(FFI_C_COMMON) \
	  $$($(FFI_PKG) --libs paykassma) -Wl,-rpath,$(FFI_LIBDIR)
	python3 scripts/benchmarks.py $(PY_BIN)/python $(PHP)

# The benchmark corpus: seeded PHP generators, signed by PHP's own formula (benches/corpus/).
.PHONY: bench-corpus
bench-corpus:
	@mkdir -p target/bench-corpus
	$(PHP) benches/corpus/postbacks.php target/bench-corpus/postbacks.jsonl
