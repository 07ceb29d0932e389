# `make benchmarks` writes BENCHMARKS.md (benches/run.py): every package's bench programs
# (<package>/benches/) on the benchmark corpus in one run, each language against PHP and against
# the obvious code of that language, the load benchmark, peak memory and the machine.
# Not part of `make test`; run it on a quiet machine (load average below 0.5).

.PHONY: benchmarks

# The venv and extension rules come from mk/python.mk and mk/php-ext.mk, included after this file.
benchmarks: ffi-lib ffi-pc node-build php-ext bench-corpus
	$(MAKE) --no-print-directory $(PY_VENV)/.ready
	$(CARGO) build --quiet --release -p paykassma-hardening --bin paykassma-load
	PATH="$(PY_BIN):$$PATH" $(PY_BIN)/pip install --quiet --no-build-isolation ./py
	BENCH_C_COMMON=$(FFI_C_COMMON) python3 benches/run.py --python $(PY_BIN)/python --php $(PHP)

