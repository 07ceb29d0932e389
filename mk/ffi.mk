# The C ABI (ffi-c/), its generated headers, the C tests (ffi-c/tests/) and the PHP package (php/).
#   make test-ffi       library, header check, C tests (valgrind + ASan/UBSan), PHP tests
#   make ffi-header     regenerate include/paykassma.h and php/include/paykassma-ffi.h
#   make bench-php      verify and sign on the benchmark corpus: plain PHP, the extension, FFI
#   make install-ffi PREFIX=/usr/local

CBINDGEN_VERSION := 0.29.0
FFI_TOOLS := target/tools/cbindgen-$(CBINDGEN_VERSION)
# A cbindgen already on PATH is used only when it is exactly the pinned version.
CBINDGEN := $(shell command -v cbindgen >/dev/null 2>&1 && cbindgen --version 2>/dev/null | grep -qx 'cbindgen $(CBINDGEN_VERSION)' && echo cbindgen || echo $(FFI_TOOLS)/bin/cbindgen)

FFI_LIBDIR := $(CURDIR)/target/release
FFI_BUILD := target/ffi
FFI_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
FFI_PC_DIR := $(FFI_BUILD)/pkgconfig
FFI_PKG := PKG_CONFIG_PATH=$(CURDIR)/$(FFI_PC_DIR) pkg-config
FFI_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g
FFI_C_COMMON := ffi-c/tests/json_mini.c
FFI_VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
PHP ?= php
FFI_VECTORS := tests/vectors/sign.json tests/vectors/postback.json tests/vectors/edge_inputs.json \
	tests/vectors/hmac.json

DEPS_TARGETS += deps-ffi
TEST_TARGETS += test-ffi

.PHONY: deps-ffi ffi-cbindgen ffi-lib ffi-header ffi-header-check ffi-pc test-ffi test-ffi-c test-php \
	bench-php install-ffi

deps-ffi: ffi-cbindgen

# Installs the pinned cbindgen under target/tools unless it is already there or on PATH.
ffi-cbindgen:
	@[ -x "$$(command -v $(CBINDGEN))" ] || \
	  $(CARGO) install cbindgen --version $(CBINDGEN_VERSION) --locked --root $(FFI_TOOLS)

# The library, and the CLI whose `paykassma sandbox` the client tests run against.
# Programs linked to the library record its SONAME (ffi-c/build.rs), so a link by that name sits
# beside it.
FFI_SONAME = $$(objdump -p target/release/libpaykassma.so | awk '$$1 == "SONAME" { print $$2 }')
ffi-lib:
	$(CARGO) build --release -p paykassma-ffi -p paykassma-cli
	ln -sf libpaykassma.so target/release/$(FFI_SONAME)

ffi-header: ffi-cbindgen
	$(CBINDGEN) -q --config ffi-c/cbindgen.toml --crate paykassma-ffi --output include/paykassma.h ffi-c
	$(CBINDGEN) -q --config ffi-c/cbindgen-php.toml --crate paykassma-ffi --output php/include/paykassma-ffi.h ffi-c

# Regenerates both headers beside the checked-in ones and fails on any difference.
ffi-header-check: ffi-cbindgen
	@mkdir -p $(FFI_BUILD)
	$(CBINDGEN) -q --config ffi-c/cbindgen.toml --crate paykassma-ffi --output $(FFI_BUILD)/paykassma.h ffi-c
	$(CBINDGEN) -q --config ffi-c/cbindgen-php.toml --crate paykassma-ffi --output $(FFI_BUILD)/paykassma-ffi.h ffi-c
	@diff -u include/paykassma.h $(FFI_BUILD)/paykassma.h || { echo "include/paykassma.h is stale: run make ffi-header"; exit 1; }
	@diff -u php/include/paykassma-ffi.h $(FFI_BUILD)/paykassma-ffi.h || { echo "php/include/paykassma-ffi.h is stale: run make ffi-header"; exit 1; }
	@! grep -n '^[[:space:]]*#' php/include/paykassma-ffi.h || { echo "the PHP header must hold no preprocessor line"; exit 1; }
	@echo "headers are current"

# A paykassma.pc pointing at this checkout, which the C tests compile through.
ffi-pc:
	@mkdir -p $(FFI_PC_DIR)
	sed -e 's|@PREFIX@|$(CURDIR)|' -e 's|@LIBDIR@|$(FFI_LIBDIR)|' -e 's|@INCLUDEDIR@|$(CURDIR)/include|' \
		-e 's|@VERSION@|$(FFI_VERSION)|' ffi-c/paykassma.pc.in > $(FFI_PC_DIR)/paykassma.pc

test-ffi: ffi-header-check test-ffi-c test-php

# Each test program twice: linked to the shared library and run under valgrind, then linked to
# the static library with ASan/UBSan.
test-ffi-c: ffi-lib ffi-pc
	@mkdir -p $(FFI_BUILD)
	$(FFI_PKG) --exists --print-errors 'paykassma = $(FFI_VERSION)'
	@set -e; for t in test_abi test_values test_vectors test_client test_secrets; do \
	  gcc $(FFI_CFLAGS) $$($(FFI_PKG) --cflags paykassma) -o $(FFI_BUILD)/$$t ffi-c/tests/$$t.c $(FFI_C_COMMON) \
	    $$($(FFI_PKG) --libs paykassma) -Wl,-rpath,$(FFI_LIBDIR) -lpthread; \
	  gcc $(FFI_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	    $$($(FFI_PKG) --cflags paykassma) -o $(FFI_BUILD)/$$t-asan ffi-c/tests/$$t.c $(FFI_C_COMMON) \
	    $$($(FFI_PKG) --libs-only-L paykassma) -Wl,-Bstatic -lpaykassma -Wl,-Bdynamic -lpthread -ldl -lm; \
	done
	$(FFI_VALGRIND) $(FFI_BUILD)/test_abi
	$(FFI_BUILD)/test_abi-asan
	$(FFI_VALGRIND) $(FFI_BUILD)/test_values
	$(FFI_BUILD)/test_values-asan
	ffi-c/tests/with_gateway.sh sandbox $(FFI_VALGRIND) $(FFI_BUILD)/test_client BASE_URL sandbox-secret
	ffi-c/tests/with_gateway.sh sandbox $(FFI_BUILD)/test_client-asan BASE_URL sandbox-secret
	$(FFI_VALGRIND) $(FFI_BUILD)/test_vectors $(FFI_VECTORS)
	SANDBOX_ARGS="--config tests/secrets/sandbox_config.json" ffi-c/tests/with_gateway.sh sandbox \
	  $(FFI_VALGRIND) $(FFI_BUILD)/test_secrets BASE_URL tests/secrets/canaries.json
	$(FFI_BUILD)/test_vectors-asan $(FFI_VECTORS)

# Runs every php/tests/*Test.php on one backend ($(1)) with a PHP command ($(2)). A test that
# cannot run that backend exits 77 and is reported as skipped, never as passed.
define php_suite
	@skipped=""; for t in php/tests/*Test.php; do echo "php $$t ($(1))"; rc=0; $(2) $$t || rc=$$?; \
	  if [ $$rc -eq 77 ]; then skipped="$$skipped $$t"; elif [ $$rc -ne 0 ]; then exit $$rc; fi; done; \
	  if [ -n "$$skipped" ]; then echo "SKIPPED on the $(1) backend:$$skipped"; fi
endef

# The PHP suite on the FFI backend, in processes with FFI enabled.
test-php: ffi-lib php-diff-bin
	$(call php_suite,ffi,PAYKASSMA_BACKEND=ffi $(PHP) -d ffi.enable=true)

bench-php: bench-corpus ffi-lib php-ext bench-sign-php
	$(PHP) php/benches/verify.php

PREFIX ?= /usr/local
install-ffi: ffi-lib
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 644 target/release/libpaykassma.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 target/release/libpaykassma.so $(DESTDIR)$(PREFIX)/lib/libpaykassma.so.$(FFI_VERSION)
	soname=$(FFI_SONAME); ln -sf libpaykassma.so.$(FFI_VERSION) $(DESTDIR)$(PREFIX)/lib/$$soname && \
	  ln -sf $$soname $(DESTDIR)$(PREFIX)/lib/libpaykassma.so
	install -m 644 include/paykassma.h $(DESTDIR)$(PREFIX)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PREFIX)/lib|' -e 's|@INCLUDEDIR@|$(PREFIX)/include|' \
		-e 's|@VERSION@|$(FFI_VERSION)|' ffi-c/paykassma.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/paykassma.pc
