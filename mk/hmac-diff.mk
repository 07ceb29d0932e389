# Differential test of the newer platform's HMAC-SHA512 signature against a Python oracle written
# from the platform's "Signature" page (tests/python/hmac_oracle.py, standard library only): the
# checked-in tests/vectors/hmac.json re-checked by Python, then freshly generated documents
# (12,000 by default, about 11,400 of which Python signs) signed by both, and `paykassma conformance hmac` on Python's file.
# SEED=N reproduces a run.

HMAC_PYTHON ?= python3

TEST_TARGETS += test-hmac-diff

.PHONY: test-hmac-diff

test-hmac-diff:
	@command -v $(HMAC_PYTHON) >/dev/null || { echo "test-hmac-diff needs Python 3"; exit 1; }
	$(HMAC_PYTHON) tests/python/hmac_oracle.py --check
	$(CARGO) build --release -p paykassma-cli -p paykassma-differential
	./target/release/paykassma-hmac-differential --python $(HMAC_PYTHON) $(if $(SEED),--seed $(SEED),)
