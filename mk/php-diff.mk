# Differential tests of the core against real PHP 8.2 (installed by scripts/install-deps.sh):
# the checked-in vectors re-checked by PHP, then freshly generated documents and postbacks.
# SEED=N reproduces a run; by default every run uses a new seed and prints it.

PHP ?= php
DIFF_SEED_ARG = $(if $(SEED),--seed $(SEED),)

TEST_TARGETS += test-php-diff

.PHONY: test-php-diff

test-php-diff:
	@command -v $(PHP) >/dev/null || { echo "test-php-diff needs PHP 8.2: run make deps"; exit 1; }
	$(PHP) tests/php-oracle/vectors.php --check
	$(CARGO) build --release -p paykassma-cli -p paykassma-differential
	./target/release/paykassma-differential --php $(PHP) $(DIFF_SEED_ARG)
