import json
import time
from decimal import Decimal

import pytest

import paykassma
from conftest import POSTBACK_KEY, php_batch, run_threads, signed_fixture
from sandbox_env import SECRET, WITHDRAWAL_KEY as WKEY, Sandbox
from test_errors import check_error_fields

WITHDRAWAL = "/v2/withdrawal/create"
BALANCE = "/api/v1/accounts-balance"


@pytest.fixture(scope="module")
def sandbox():
    s = Sandbox()
    yield s
    s.close()


@pytest.fixture
def gateway(sandbox):
    """The sandbox gateway, reset: no faults armed, no requests seen."""
    sandbox.reset()
    return sandbox


def client(gateway, **kw):
    kw.setdefault("withdrawal_private_key", WKEY)
    kw.setdefault("postback_private_key", POSTBACK_KEY)
    kw.setdefault("read_timeout", 5)
    return paykassma.Client(gateway.url, SECRET, **kw)


def withdraw(c, **kw):
    args = dict(payment_system="easypaisa", currency_code="PKR", label="125199", amount=Decimal("1E+3"),
                account_number="03405135211", account_name="Muhammad Saqib", is_test=True)
    args.update(kw)
    return c.create_withdrawal(**args)


def test_withdrawal_is_sent_signed_as_the_gateway_checks_it(gateway):
    answer = withdraw(client(gateway))
    assert answer["status"] == "ok" and answer["withdrawal_id"]
    [req] = gateway.requests()
    assert req["method"] == "POST"
    assert "python" in req["user_agent"]
    sent = req["body"]
    assert "\"amount\":1000," in sent  # the Decimal in plain digits
    body = json.loads(sent)
    assert body["withdrawal_id"] == answer["withdrawal_id"]
    # The signature is what sign() gives and what the gateway's PHP computes on the body.
    unsigned = sent.replace(f',"signature":"{body["signature"]}"', "")
    assert paykassma.sign(unsigned, WKEY) == body["signature"]
    [php] = php_batch([{"mode": "sign", "json": sent, "key": WKEY}])
    assert php == body["signature"]


def test_validation_happens_before_sending(gateway):
    c = client(gateway)
    with pytest.raises(paykassma.ValidationError) as e:
        withdraw(c, amount=1000.5)
    assert e.value.field == "amount"
    with pytest.raises(paykassma.ValidationError) as e:
        withdraw(c, payment_system="no-such-wallet")
    assert e.value.field == "payment_system"
    with pytest.raises(TypeError, match="`bank_details.bank_code` has unsupported type"):
        withdraw(c, bank_details={"bank_code": object()})
    assert gateway.requests() == []


def test_refusals_are_api_errors_with_everything_the_gateway_said(gateway):
    refusal = {"status": "fail", "message": {"withdrawals_sum_amount": ["Insufficient balance"]}}
    gateway.answer(WITHDRAWAL, 200, refusal)
    with pytest.raises(paykassma.ApiError) as e:
        withdraw(client(gateway))
    err = e.value
    assert (err.code, err.status, err.http_status) == ("api_error", "fail", 200)
    assert err.field_errors == {"withdrawals_sum_amount": ["Insufficient balance"]}
    assert "Insufficient balance" in err.message and json.loads(err.body) == refusal
    assert isinstance(err, paykassma.PaykassmaError)
    assert check_error_fields(err)["code"] == "api_error" and err.gateway_message == err.message

    gateway.answer(BALANCE, 422, {"status": "error", "code": 30228, "errors": {"target": "secret", "code": 36205, "message": "Wrong secret"}, "error_message": "Data validation error"})
    with pytest.raises(paykassma.ApiError) as e:
        client(gateway).accounts_balance()
    assert (e.value.status, e.value.gateway_code, e.value.http_status) == ("error", 30228, 422)

    # A wrong secret: the gateway's bare 404.
    wrong = paykassma.Client(gateway.url, "wrong-secret-do-not-leak", max_retries=0)
    with pytest.raises(paykassma.ApiError) as e:
        wrong.deposit_info(wallet_type="upi", currency="INR", label="u1")
    assert (e.value.status, e.value.http_status) == ("not_found", 404)
    assert "wrong-secret-do-not-leak" not in str(e.value) and "wrong-secret-do-not-leak" not in repr(e.value)


def test_unexpected_answers_keep_the_body(gateway):
    gateway.answer(BALANCE, 200, "<html>maintenance</html>", content_type="text/html")
    with pytest.raises(paykassma.ApiError) as e:
        client(gateway).accounts_balance()
    assert e.value.code == "unexpected_response" and e.value.status is None
    assert e.value.body == "<html>maintenance</html>"
    assert isinstance(e.value, paykassma.UnexpectedResponseError) and check_error_fields(e.value)


def test_transport_errors(gateway):
    closed = paykassma.Client("http://127.0.0.1:9", SECRET, max_retries=0, connect_timeout=1)
    with pytest.raises(paykassma.TransportError) as e:
        closed.accounts_balance()
    assert (e.value.code, e.value.kind) == ("transport_error", "connect")
    assert SECRET not in str(e.value)

    gateway.fault("slow", path_prefix=BALANCE, delay_ms=2000)
    slow = client(gateway, read_timeout=0.3, max_retries=0)
    with pytest.raises(paykassma.TransportError) as e:
        slow.accounts_balance()
    assert e.value.kind == "timeout"


def test_one_client_shared_by_eight_threads_runs_calls_in_parallel(gateway):
    # 16 answers of 0.25 s each only fit in the time limit when the callers release the GIL
    # while they wait and the client runs their calls in parallel.
    gateway.fault("slow", count=16, path_prefix=BALANCE, delay_ms=250)
    c = client(gateway)
    results, failures = [], []

    def work(_):
        for _ in range(2):
            try:
                results.append(c.accounts_balance()["data"]["balances"][0]["amount"])
            except Exception as e:
                failures.append(repr(e))

    start = time.monotonic()
    run_threads(work)
    elapsed = time.monotonic() - start
    assert failures == []
    assert results == [1000000] * 16
    assert elapsed < 2.0, f"16 calls of 0.25 s took {elapsed:.2f} s: not parallel"


def test_lookups_send_their_parameters(gateway):
    gateway.answer("/api/v1/postback", 200, {"status": "ok", "data": {"transaction_id": "1"}})
    answer = client(gateway).get_postback(type="deposit", transaction_id="23936218009")
    assert answer["data"] == {"transaction_id": "1"}
    [req] = gateway.requests()
    assert dict(req["query"])["transaction_id"] == "23936218009"
    assert req["secret"] == "correct"


def test_plugin_url_and_client_verify_postback(gateway):
    c = client(gateway, plugin_base_url="https://plugin.example.com")
    url = c.plugin_url(label="u1", wallet_type="easypaisa", fixed_amount=Decimal("500"))
    assert url.startswith("https://plugin.example.com") and "label=u1" in url and "fixed_amount=500" in url
    assert paykassma.plugin_url("https://plugin.example.com", label="u1") == "https://plugin.example.com/?label=u1"
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.plugin_url("https://plugin.example.com", label="")
    assert e.value.field == "label"
    with pytest.raises(paykassma.ValidationError) as e:
        client(gateway).plugin_url(label="u1")
    assert e.value.field == "plugin_base_url"
    p = c.verify_postback(signed_fixture("easypaisa_deposit_postback.json"))
    assert p.kind == "deposit"


def test_bad_settings(gateway):
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.Client("not a url", SECRET)
    assert e.value.field == "api_base_url"
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.Client(gateway.url, "")
    assert e.value.field == "secret"
    with pytest.raises(TypeError):
        paykassma.Client(gateway.url, SECRET, read_timeout="5")
    assert SECRET not in repr(client(gateway))


def test_every_operation_has_a_method():
    for op in paykassma.OPERATIONS:
        assert callable(getattr(paykassma.Client, op)), op
