"""No memory growth across a long loop of verify_postback and sign through the extension: RSS is
measured after a warm-up and again after many more calls. Only clear growth fails (a leak of even
100 bytes per call would show as ~20 MB here); the figures are printed either way. And what one
forged body costs: little more than the body, whatever it holds."""

import json
import subprocess
import sys
import time
from pathlib import Path

import paykassma

FIXTURE = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "easypaisa_deposit_postback.json"
PRIVATE_KEY = "postback-private-key"

ITERATIONS = 200_000
WARMUP = 20_000
SECONDS = 5.0  # per loop, so a slow machine stays within the suite's budget
LIMIT_MB = 20.0
WITHDRAWAL = {"withdrawal_id": "1234567test", "payment_system": "easypaisa", "amount": 10000,
              "currency_code": "PKR", "label": "125199", "account_number": "03405135211",
              "account_name": "Muhammad", "is_test": True, "bank_details": {"bank_code": "", "branch_code": ""}}


def realistic_postback() -> bytes:
    """The documents' deposit postback (one entry, 184 rates), signed with a test key and
    pretty-printed with PHP's default escapes as the gateway sometimes sends it (about 6 KB)."""
    data = json.loads(FIXTURE.read_text())
    data["signature"] = paykassma.sign_postback(data["additional_data"], data["access_key"], PRIVATE_KEY)
    return json.dumps(data, indent=4).replace("/", "\\/").encode("ascii")


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


# In a fresh interpreter for each body, whose peak RSS (ru_maxrss) nothing else has raised: how
# much verifying raises it. A forged 1 MB body (half a million tiny signed items, a wrong
# signature) as bytes, and as a bytearray (which the extension copies); a bytearray over the size
# cap, which must be refused before it is copied.
_FORGED = r"""
import json, resource, sys
import paykassma

CAP = 1 << 20
head = b'{"access_key":"AK","signature":"' + b"0" * 40 + b'","additional_data":['
forged = head + b"0," * ((CAP - len(head) - 3) // 2) + b"0]}"
body = {
    "bytes": lambda: forged,
    "bytearray": lambda: bytearray(forged),
    "over_cap": lambda: bytearray(b" ") * (32 * CAP),
}[sys.argv[1]]()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    paykassma.verify_postback(body, "postback-key")
    code = "verified"
except paykassma.PaykassmaError as e:
    code = e.code
grew_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"bytes": len(body), "code": code, "grew_mb": grew_kb / 1024}))
"""


def _forged(kind):
    run = subprocess.run([sys.executable, "-c", _FORGED, kind], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(run.stdout)


def test_a_forged_body_costs_little_memory(capsys):
    forged, forged_copy, over_cap = (_forged(kind) for kind in ("bytes", "bytearray", "over_cap"))
    with capsys.disabled():
        for name, r in [("bytes", forged), ("bytearray", forged_copy), ("bytearray over the cap", over_cap)]:
            print(f"forged {r['bytes']}-byte body as {name}: {r['code']}, peak RSS {r['grew_mb']:+.1f} MB")
    assert forged["bytes"] <= 1 << 20
    assert forged["code"] == forged_copy["code"] == "signature_mismatch"
    # At most 4x the body on top of it (the copy of a bytearray is one of those four).
    assert forged["grew_mb"] <= 4 and forged_copy["grew_mb"] <= 4
    assert over_cap["code"] == "malformed_postback"
    assert over_cap["grew_mb"] < 16, "a body over the cap was copied before it was refused"
