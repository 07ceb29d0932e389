# The paykassma PHP extension (php/ext/) over libpaykassma, and the PHP suite on it.
#   make php-ext            php/ext/modules/paykassma.so, built against this checkout's library
#   make test-php-ext       every php/tests/*Test.php with the extension and FFI off, the two backends
#                           compared in one process, then the bad-input and vector tests again under
#                           valgrind (USE_ZEND_ALLOC=0)
#   make php-ext-package    dist/pecl/paykassma-VER.tgz, the PECL package (what `pecl package` makes)
#   make test-php-pecl      `pecl install` of that package into this PHP, loaded, checked, removed
#   make test-php-fpm       php-fpm behind nginx on loopback, receiving the sandbox's signed postbacks

PHP_EXT_DIR := php/ext
PHP_EXT_SO := $(PHP_EXT_DIR)/modules/paykassma.so
PHP_EXT_SOURCES := $(PHP_EXT_DIR)/config.m4 $(PHP_EXT_DIR)/paykassma.c $(PHP_EXT_DIR)/floors.c $(PHP_EXT_DIR)/php_paykassma.h include/paykassma.h
PHP_EXT_CFLAGS := -O2 -g -Wall -Werror
PHP_EXT_ENV := PAYKASSMA_EXT=$(CURDIR)/$(PHP_EXT_SO) PAYKASSMA_BACKEND=extension
PHP_EXT_RUN := $(PHP_EXT_ENV) $(PHP) -d extension=$(CURDIR)/$(PHP_EXT_SO) -d ffi.enable=0
PHP_EXT_VALGRIND := $(PHP_EXT_ENV) USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 $(FFI_VALGRIND) \
	$(PHP) -n -d extension=$(CURDIR)/$(PHP_EXT_SO)
# Its own folder: the npm package of dist/ has the same name.
PHP_EXT_TARBALL := dist/pecl/paykassma-$(FFI_VERSION).tgz

DEPS_TARGETS += deps-php-ext
TEST_TARGETS += test-php-ext test-php-pecl test-php-fpm

.PHONY: deps-php-ext php-ext php-diff-bin test-php-ext php-ext-package test-php-pecl test-php-fpm

deps-php-ext:
	./scripts/install-php-ext-deps.sh

php-ext: deps-php-ext ffi-lib ffi-pc
	@$(MAKE) --no-print-directory $(PHP_EXT_SO)

# phpize and configure again only when config.m4 changed; the library is found through the
# paykassma.pc of this checkout, as pkg-config finds an installed one.
$(PHP_EXT_DIR)/Makefile: $(PHP_EXT_DIR)/config.m4
	cd $(PHP_EXT_DIR) && phpize >/dev/null && \
	  PKG_CONFIG_PATH=$(CURDIR)/$(FFI_PC_DIR) ./configure --quiet CFLAGS="$(PHP_EXT_CFLAGS)"

$(PHP_EXT_SO): $(PHP_EXT_DIR)/Makefile $(PHP_EXT_SOURCES) target/release/libpaykassma.so
	$(MAKE) --no-print-directory -C $(PHP_EXT_DIR) >/dev/null
	@touch $@
	@echo "built $@"

# The differential generator php/tests/DifferentialTest.php runs (on both backends).
php-diff-bin:
	$(CARGO) build --release -p paykassma-differential

test-php-ext: php-ext php-diff-bin
	@v=$$($(PHP_EXT_RUN) -r 'echo phpversion("paykassma");'); [ "$$v" = "$(FFI_VERSION)" ] || \
	  { echo "the extension says version $$v, the SDK is $(FFI_VERSION): update php/ext/php_paykassma.h"; exit 1; }
	$(call php_suite,extension,$(PHP_EXT_RUN))
	$(PHP_EXT_ENV) $(PHP) -d extension=$(CURDIR)/$(PHP_EXT_SO) -d ffi.enable=true php/tests/backends_agree.php
	@for t in BadInputTest EdgeInputsTest PostbackTest SignTest; do echo "valgrind php php/tests/$$t.php"; \
	  $(PHP_EXT_VALGRIND) php/tests/$$t.php || exit 1; done

# The PECL package: package.xml plus the extension's sources, as `pecl package` packs them.
php-ext-package: deps-php-ext
	@mkdir -p $(dir $(PHP_EXT_TARBALL))
	cd $(PHP_EXT_DIR) && pecl package package.xml >/dev/null
	mv $(PHP_EXT_DIR)/paykassma-$(FFI_VERSION).tgz $(PHP_EXT_TARBALL)
	@echo "packed $(PHP_EXT_TARBALL)"

test-php-pecl: php-ext-package ffi-lib ffi-pc
	PHP="$(PHP)" PKG_CONFIG_PATH=$(CURDIR)/$(FFI_PC_DIR) tests/php-ext/pecl_install.sh $(PHP_EXT_TARBALL)

test-php-fpm: php-ext
	$(PHP) tests/php-ext/fpm_nginx.php $(CURDIR)/$(PHP_EXT_SO)

