"""Secret hygiene: every error path reachable from Python, run with the canary credentials of
tests/secrets/canaries.json. Fails if a canary shows in any message, exception field, repr,
pickled state or anything written to stdout/stderr."""

import json
import pickle
import socket
import subprocess

import pytest

import paykassma
from conftest import REPO
from sandbox_env import sandbox_binary

CANARIES = json.loads((REPO / "tests" / "secrets" / "canaries.json").read_text())
SECRET = CANARIES["secret"]
WKEY = CANARIES["withdrawal_private_key"]
PKEY = CANARIES["postback_private_key"]
NEEDLES = [SECRET, WKEY, PKEY]


def assert_clean(what, text):
    for needle in NEEDLES:
        assert needle not in text, f"canary leaked in {what}: {text!r}"


def inspect_error(e):
    """Everything a merchant's logging could print about an exception."""
    texts = [str(e), repr(e), repr(e.args), repr(vars(e)), repr(pickle.dumps(e))]
    texts += [repr(getattr(e, name, None)) for name in dir(e) if not name.startswith("__")]
    for text in texts:
        assert_clean(type(e).__name__, text)
    return e


def expect_error(call):
    with pytest.raises(paykassma.PaykassmaError) as info:
        call()
    return inspect_error(info.value)


@pytest.fixture(scope="module")
def sandbox():
    process = subprocess.Popen(
        [sandbox_binary(), "sandbox", "--port", "0", "--config", str(REPO / "tests" / "secrets" / "sandbox_config.json")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    line = process.stdout.readline()
    assert line.startswith("sandbox listening on "), line
    yield line.split()[-1]
    process.terminate()
    process.wait(timeout=5)
    process.stdout.close()


def control(url, path, body):
    import urllib.request

    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=10).read()


def client(url, **kw):
    settings = dict(secret=SECRET, withdrawal_private_key=WKEY, postback_private_key=PKEY,
                    plugin_base_url=url, connect_timeout=1, read_timeout=0.5, max_retries=1, retry_backoff=0.01)
    settings.update(kw)
    c = paykassma.Client(url, **settings)
    assert_clean("Client repr", repr(c) + str(c) + repr(vars(c)))
    return c


WITHDRAWAL = dict(payment_system="easypaisa", currency_code="PKR", label="u", account_number="03405135211",
                  account_name="Muhammad", is_test=True)


def test_no_canary_in_any_error_path(sandbox, capfd):
    c = client(sandbox)
    errors = []
    # Validation: every operation with no parameters, and with a wrong one.
    for op in paykassma.OPERATIONS:
        if op in ("media_hints", "accounts_balance"):
            continue
        errors.append(expect_error(lambda: c._native.call(op, {"label": ""})))
    errors.append(expect_error(lambda: c.create_withdrawal(amount=-1, **WITHDRAWAL)))
    errors.append(expect_error(lambda: c.plugin_url(label="")))
    errors.append(expect_error(lambda: paykassma.sign('"scalar"', WKEY)))
    errors.append(expect_error(lambda: paykassma.sign({"a": "\ud800"}, WKEY)))
    errors.append(expect_error(lambda: paykassma.sign_postback("not json", "access", PKEY)))
    errors.append(expect_error(lambda: paykassma.Client("not a url", SECRET, withdrawal_private_key=WKEY)))
    # Postbacks: malformed, mismatched, signed with another key, and a valid one.
    data = [{"transaction_id": "1", "amount": "10", "plugin_custom_order_id": "o-1"}]
    body = json.dumps({"access_key": "access", "signature": paykassma.sign_postback(data, "access", PKEY), "additional_data": data})
    for bad in (b"", b"{}", b"not json", b'{"access_key":"a","signature":"' + b"0" * 40 + b'","additional_data":[{"transaction_id":"1"}]}'):
        errors.append(expect_error(lambda: paykassma.verify_postback(bad, PKEY)))
        errors.append(expect_error(lambda: c.verify_postback(bad)))
    errors.append(expect_error(lambda: paykassma.verify_postback(body, PKEY + "-other")))
    postback = c.verify_postback(body)
    assert_clean("Postback", repr(postback) + str(postback) + repr(postback.to_json() if hasattr(postback, "to_json") else ""))
    assert_clean("Postback entries", repr(postback.entries) + repr(postback.unsigned if hasattr(postback, "unsigned") else ""))
    # API refusals: wrong secret (404), bad withdrawal signature, insufficient balance.
    errors.append(expect_error(lambda: client(sandbox, secret=SECRET + "-wrong").deposit_info(wallet_type="easypaisa", currency="PKR", label="u")))
    errors.append(expect_error(lambda: client(sandbox, withdrawal_private_key=WKEY + "-wrong").create_withdrawal(amount=1000, **WITHDRAWAL)))
    errors.append(expect_error(lambda: c.create_withdrawal(amount=99_999_999, **WITHDRAWAL)))
    # Unexpected answers and transport failures from the sandbox's faults, then a closed port.
    # The sandbox's faults, including error pages that echo the request (its `secret=`) back.
    for kind, extra in (("http_500", {}), ("not_json", {}), ("slow", {"delay_ms": 1500}), ("cut_connection", {}),
                        ("echo_error", {}), ("echo_error", {"format": "json"}), ("redirect", {})):
        control(sandbox, "/_sandbox/faults", {"kind": kind, "count": 4, **extra})
        errors.append(expect_error(lambda: c.deposit_info(wallet_type="easypaisa", currency="PKR", label="u")))
        errors.append(expect_error(lambda: c.create_withdrawal(amount=1000, **WITHDRAWAL)))
        control(sandbox, "/_sandbox/reset", {})
    # A lost activation answer whose retry is refused on its id, with no postback to tell.
    identifier = c.create_transaction(wallet_type="easypaisa", currency="PKR", label="u")["params"]["identifier"]
    tx = json.loads(control(sandbox, "/_sandbox/pay", {"wallet_type": "easypaisa", "identifier": identifier, "amount": 100}))
    control(sandbox, "/_sandbox/faults", {"kind": "cut_connection", "count": 1, "path_prefix": "/api/v1/transaction/activate"})
    errors.append(expect_error(lambda: c.activate_transaction(
        wallet_type="easypaisa", currency_code="PKR", label="u", key1=tx["transaction_id"], amount=100,
        custom_transaction_id="order-1")))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    errors.append(expect_error(lambda: client(closed).accounts_balance()))
    errors.append(expect_error(lambda: client(closed).create_withdrawal(amount=1000, **WITHDRAWAL)))
    # The echoed pages reached the errors, masked.
    assert any("secret=<redacted>" in (getattr(e, "body", "") or "") for e in errors)
    # Each family was reached, so the test cannot pass by not running a path.
    codes = {e.code for e in errors}
    assert set(paykassma.ERROR_CODES) <= codes, codes
    out, err = capfd.readouterr()
    assert_clean("stdout/stderr", out + err)
