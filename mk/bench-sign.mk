# The sign benchmark programs, each over the request corpus (make bench-corpus), each printing
# `BENCH {"what":"sign",...}` lines: median and slowest over the requests. Not part of `make test`.
#   make bench-sign         all of them, one after the other
#   make bench-sign-core    core/benches/sign.rs (sign_json, sign on an Array, md5+sha1 alone)
#   make bench-sign-c       ffi-c/benches/sign.c (pk_sign_json)
#   make bench-sign-python  py/benches/sign.py (the binding, and the obvious json + hashlib code)
#   make bench-sign-node    node/benches/sign.js (the addon, and the obvious JSON + crypto code)
#   make bench-sign-php     php/benches/sign.php (extension, FFI backend and plain PHP from arrays)
# BENCH_ROUNDS and BENCH_REPS: each request is timed as the best of ROUNDS rounds of REPS calls.

BENCH_ROUNDS ?= 7
BENCH_REPS ?= 20
BENCH_REQUESTS := $(CURDIR)/target/bench-corpus/requests.jsonl
BENCH_SIGN_ARGS := $(BENCH_REQUESTS) $(BENCH_ROUNDS) $(BENCH_REPS)

.PHONY: bench-sign bench-sign-core bench-sign-c bench-sign-python bench-sign-node bench-sign-php

bench-sign: bench-sign-core bench-sign-c bench-sign-python bench-sign-node bench-sign-php

bench-sign-core: bench-corpus
	$(CARGO) bench --quiet -p paykassma --bench sign -- --corpus $(BENCH_REQUESTS) \
	  --rounds $(BENCH_ROUNDS) --reps $(BENCH_REPS)

bench-sign-c: bench-corpus ffi-lib ffi-pc
	@mkdir -p $(FFI_BUILD)
	gcc $(FFI_CFLAGS) -O2 $$($(FFI_PKG) --cflags paykassma) -Iffi-c/tests -o $(FFI_BUILD)/bench-sign ffi-c/benches/sign.c \
	  $(FFI_C_COMMON) $$($(FFI_PKG) --libs paykassma) -Wl,-rpath,$(FFI_LIBDIR)
	$(FFI_BUILD)/bench-sign $(BENCH_SIGN_ARGS)

bench-sign-python: bench-corpus $(PY_VENV)/.ready
	PATH="$(PY_BIN):$$PATH" $(PY_BIN)/pip install --quiet --no-build-isolation ./py
	$(PY_BIN)/python py/benches/sign.py $(BENCH_SIGN_ARGS)

bench-sign-node: bench-corpus node-build
	node node/benches/sign.js $(BENCH_SIGN_ARGS)

bench-sign-php: bench-corpus php-ext
	$(PHP) -d extension=$(CURDIR)/$(PHP_EXT_SO) -d ffi.enable=true php/benches/sign.php $(BENCH_SIGN_ARGS)
