"""No memory growth across a long loop of verify_postback and sign through the extension: RSS is
measured after a warm-up and again after many more calls. Only clear growth fails (a leak of even
100 bytes per call would show as ~20 MB here); the figures are printed either way."""

import sys
import time
from pathlib import Path

import paykassma

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from realistic_postback import PRIVATE_KEY, realistic_postback  # noqa: E402

ITERATIONS = 200_000
WARMUP = 20_000
SECONDS = 5.0  # per loop, so a slow machine stays within the suite's budget
LIMIT_MB = 20.0
WITHDRAWAL = {"withdrawal_id": "1234567test", "payment_system": "easypaisa", "amount": 10000,
              "currency_code": "PKR", "label": "125199", "account_number": "03405135211",
              "account_name": "Muhammad", "is_test": True, "bank_details": {"bank_code": "", "branch_code": ""}}


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def loop(name, call):
    for _ in range(WARMUP):
        call()
    before = rss_mb()
    deadline = time.monotonic() + SECONDS
    done = 0
    while done < ITERATIONS and time.monotonic() < deadline:
        for _ in range(1000):
            call()
        done += 1000
    after = rss_mb()
    print(f"{name}: RSS {before:.1f} MB after {WARMUP} warm-up calls, {after:.1f} MB after {done} more "
          f"({after - before:+.1f} MB)")
    assert done >= 50_000, f"only {done} calls ran: too few to show a leak"
    assert after - before < LIMIT_MB, f"{name}: RSS grew by {after - before:.1f} MB over {done} calls"


def test_verify_postback_does_not_grow(capsys):
    body = realistic_postback()
    with capsys.disabled():
        loop(f"verify_postback ({len(body)} bytes)", lambda: paykassma.verify_postback(body, PRIVATE_KEY))


def test_verify_postback_errors_do_not_grow(capsys):
    body = realistic_postback()
    with capsys.disabled():
        loop("verify_postback (wrong key)", lambda: _refused(body))


def _refused(body):
    try:
        paykassma.verify_postback(body, "another-key")
    except paykassma.SignatureError:
        return
    raise AssertionError("a wrong key must be refused")


def test_sign_does_not_grow(capsys):
    with capsys.disabled():
        loop("sign (withdrawal)", lambda: paykassma.sign(WITHDRAWAL, "withdrawal-private-key"))
