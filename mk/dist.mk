# Release artifacts: what a merchant installs without a Rust toolchain.
#   make dist        builds into dist/ everything this machine can build (see README.md, Install)
#   make test-dist   installs each artifact in a scratch folder, without cargo, and tests it
#                    (part of `make test`)
# The release workflow (.github/workflows/release.yml) runs the same targets on each platform,
# with DIST_TARGET set to that platform's Rust target.
#
# Linux builds link with zig (through maturin --zig, cargo-zigbuild and napi build -x) against
# glibc $(DIST_GLIBC)'s symbols, so they run on any Linux with that glibc or newer.

DIST := dist
DIST_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# The Rust target the artifacts are for: this machine's, unless given (make dist DIST_TARGET=...).
ifndef DIST_TARGET
  DIST_TARGET := $(shell rustc -vV | sed -n 's/^host: //p')
endif
DIST_GLIBC := 2.17
DIST_PYTHON ?= python3

# The build tools, pinned, in a virtualenv under target/tools (zig comes from the ziglang package).
MATURIN_VERSION := 1.16.0
ZIGLANG_VERSION := 0.17.1
CARGO_ZIGBUILD_VERSION := 0.24.1
AUDITWHEEL_VERSION := 6.8.2
DIST_VENV := target/tools/dist-venv
DIST_BIN := $(CURDIR)/$(DIST_VENV)/$(if $(filter Windows_NT,$(OS)),Scripts,bin)

ifneq ($(findstring -linux-,$(DIST_TARGET)),)
  DIST_TOOLS := maturin==$(MATURIN_VERSION) ziglang==$(ZIGLANG_VERSION) \
    cargo-zigbuild==$(CARGO_ZIGBUILD_VERSION) auditwheel==$(AUDITWHEEL_VERSION)
  ifneq ($(findstring -musl,$(DIST_TARGET)),)
    DIST_CARGO_TARGET := $(DIST_TARGET)
    DIST_WHEEL_TAG := musllinux_1_2
    DIST_GLIBC_MAX :=
    # A cdylib needs the C runtime linked dynamically; Rust's musl targets link it statically.
    DIST_ENV_EXTRA := RUSTFLAGS="-C target-feature=-crt-static"
  else
    # cargo-zigbuild reads the glibc version from the target's suffix.
    DIST_CARGO_TARGET := $(DIST_TARGET).$(DIST_GLIBC)
    DIST_WHEEL_TAG := manylinux2014
    DIST_GLIBC_MAX := $(DIST_GLIBC)
  endif
  DIST_CARGO := cargo zigbuild
  DIST_MATURIN_FLAGS := --zig --compatibility $(DIST_WHEEL_TAG)
  DIST_NAPI_FLAGS := -x
else
  DIST_TOOLS := maturin==$(MATURIN_VERSION)
  DIST_CARGO_TARGET := $(DIST_TARGET)
  DIST_CARGO := cargo build
  DIST_GLIBC_MAX :=
endif

# Every dist build strips symbols (release keeps them for the test suites' backtraces) and finds
# zig and cargo-zigbuild in the tools' virtualenv. The wheel and the Node addon are built with
# Cargo.toml's `bindings` profile (release with whole-program optimisation), the C library and
# the CLI with release.
DIST_ENV := PATH="$(DIST_BIN):$$PATH" CARGO_PROFILE_RELEASE_STRIP=symbols CARGO_PROFILE_BINDINGS_STRIP=symbols \
	$(DIST_ENV_EXTRA)
DIST_BUILD := target/$(DIST_TARGET)/release

DEPS_TARGETS += deps-dist
TEST_TARGETS += test-dist

.PHONY: dist deps-dist dist-python dist-node dist-c dist-php dist-php-extension test-dist

dist:
	@echo "make dist: every artifact for $(DIST_TARGET), into $(DIST)/ (the first build takes some minutes)"
	rm -rf $(DIST)
	$(MAKE) --no-print-directory dist-python dist-node dist-c dist-php
	@ls -l $(DIST)

deps-dist: $(DIST_VENV)/.pins

# Installed again whenever this file (where the pins are) changes.
$(DIST_VENV)/.pins: mk/dist.mk
	[ -x $(DIST_BIN)/python ] || $(DIST_PYTHON) -m venv $(DIST_VENV)
	$(DIST_BIN)/python -m pip install --quiet --upgrade pip
	$(DIST_BIN)/python -m pip install --quiet $(DIST_TOOLS)
	@# zig on PATH for napi-rs's cross-compile check; the package keeps it inside site-packages.
	@zig=$$(ls -d $(CURDIR)/$(DIST_VENV)/lib/python3*/site-packages/ziglang/zig 2>/dev/null | head -n 1); \
	  [ -z "$$zig" ] || ln -sf "$$zig" $(DIST_BIN)/zig
	echo "$(DIST_TOOLS)" > $@

# maturin builds in its own target folder: its zig wrappers differ from cargo-zigbuild's, and
# sharing one folder would rebuild the other builds' dependencies every time.
dist-python: deps-dist
	$(DIST_ENV) $(DIST_BIN)/maturin build --profile bindings --target $(DIST_TARGET) $(DIST_MATURIN_FLAGS) \
	  -m py/Cargo.toml --target-dir target/dist-python -o $(DIST)
	$(DIST_BIN)/maturin sdist -m py/Cargo.toml -o $(DIST)

# The types (index.d.ts) and node/npm/ are generated, and checked in: the build regenerates them
# and fails when they differ. The loader is node/binding.js (--no-js), which names only the
# platforms of napi.targets. The addon goes to target/dist/napi, not into node/.
dist-node: deps-dist node-deps
	rm -rf target/dist/napi node/target/npm-dirs
	@# napi keeps its output inside the package folder: node/target/ is ignored like target/.
	cd node && npx napi create-npm-dirs --npm-dir target/npm-dirs >/dev/null
	cd node && $(DIST_ENV) npx napi build --platform --profile bindings --no-js --target $(DIST_CARGO_TARGET) \
	  $(DIST_NAPI_FLAGS) -o ../target/dist/napi
	@diff -r node/npm node/target/npm-dirs && diff -q node/index.d.ts target/dist/napi/index.d.ts || \
	  { echo "node/npm/ or node/index.d.ts differ from what napi generates: run napi create-npm-dirs / \
	  npm run build in node/"; exit 1; }
	node scripts/dist/npm-pack.mjs target/dist/napi $(DIST)

# The C library and the CLI in one cargo invocation.
dist-c: deps-dist
	$(DIST_ENV) $(DIST_CARGO) --release --target $(DIST_CARGO_TARGET) -p paykassma-ffi -p paykassma-cli
	scripts/dist/c-tarball.sh $(DIST_TARGET) $(DIST_VERSION) $(DIST_BUILD) $(DIST)

dist-php: dist-php-extension
	$(DIST_PYTHON) scripts/dist/php-archive.py $(DIST_VERSION) $(DIST)

# The PECL tarball of the PHP extension (mk/php-ext.mk); `make test-php-pecl` installs it with
# `pecl install`.
dist-php-extension: php-ext-package

test-dist: dist
	scripts/dist/test-dist.sh $(DIST_VERSION) $(DIST_TARGET) "$(DIST_GLIBC_MAX)" $(DIST_BIN)
