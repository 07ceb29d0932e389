"""The Python client against the project's sandbox gateway, run as a real process: every
endpoint, deposit and withdrawal flows with their postbacks verified, activation outcomes,
refusals, faults, and one client shared by 8 threads."""

import threading
from decimal import Decimal
from pathlib import Path

import pytest

import paykassma
from conftest import run_threads
from sandbox_env import Sandbox


@pytest.fixture
def sandbox():
    s = Sandbox()
    yield s
    s.close()


def withdrawal(c, **kw):
    args = dict(payment_system="easypaisa", currency_code="PKR", label="u", amount=1000,
                account_number="03405135211", account_name="Muhammad", is_test=True)
    args.update(kw)
    return c.create_withdrawal(**args)


def test_deposit_is_activated_and_its_postback_verifies(sandbox):
    c = sandbox.client()
    created = c.create_transaction(wallet_type="easypaisa", currency="PKR", label="u1")
    identifier = created["params"]["identifier"]
    tx = sandbox.pay("easypaisa", identifier, 1200)
    answer = c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u1", key1=tx,
                                    amount=Decimal("1200"), custom_transaction_id="order-1")
    assert (answer["status"], answer["deposit"], answer["outcome"]) == ("ok", True, "activated")
    postback = sandbox.receiver.wait_for(1)
    assert postback.kind == "deposit"
    [entry] = postback.entries
    assert (entry.transaction_id, entry.plugin_custom_order_id, Decimal(entry.amount)) == (tx, "order-1", 1200)
    assert postback.idempotency_key.startswith("deposit:easypaisa:")
    # The lookup returns the same postback.
    looked_up = c.get_postback(type="deposit", custom_id="order-1")
    assert looked_up["postback"]["additional_data"][0]["transaction_id"] == tx


def test_activation_outcomes(sandbox):
    c = sandbox.client()
    identifier = c.create_transaction(wallet_type="easypaisa", currency="PKR", label="u2")["params"]["identifier"]
    # A number of the wrong length is refused before sending, with the field named.
    with pytest.raises(paykassma.ValidationError) as v:
        c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u2", key1="1234",
                               amount=600, custom_transaction_id="o-x")
    assert v.value.field == "key1"
    # A number nobody paid is refused by the gateway.
    with pytest.raises(paykassma.ApiError) as e:
        c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u2", key1="99999999999",
                               amount=600, custom_transaction_id="o-x")
    assert e.value.status == "fail" and e.value.message == "Transaction not found"
    # A suspicious payment is pending until checked, then credited with a postback.
    tx = sandbox.pay("easypaisa", identifier, 600, suspicious=True)
    answer = c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u2", key1=tx,
                                    amount=600, custom_transaction_id="o-2")
    assert (answer["status"], answer["outcome"]) == ("pending", "pending")
    sandbox.control("POST", f"/_sandbox/deposits/{tx}/approve")
    assert sandbox.receiver.wait_for(1).entries[0].transaction_id == tx
    # Below the minimum deposit the sum is stockpiled, not credited.
    identifier = c.create_transaction(wallet_type="easypaisa", currency="PKR", label="u3")["params"]["identifier"]
    tx = sandbox.pay("easypaisa", identifier, 200)
    answer = c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u3", key1=tx,
                                    amount=200, custom_transaction_id="o-3")
    assert (answer["deposit"], answer["outcome"]) == (False, "stockpiled")
    info = c.deposit_info(wallet_type="easypaisa", currency="PKR", label="u3")
    assert info["minimum_deposit"] == 500


def test_withdrawal_paid_and_rejected_postbacks(sandbox):
    c = sandbox.client()
    paid = withdrawal(c, amount=Decimal("1000"))
    assert paid["status"] == "ok" and paid["withdrawal_id"]
    sandbox.control("POST", f"/_sandbox/withdrawals/{paid['withdrawal_id']}/pay")
    p = sandbox.receiver.wait_for(1)
    assert p.kind == "withdrawal"
    assert (p.entries[0].withdrawal_id, p.entries[0].withdrawal_status, p.entries[0].is_final) == (paid["withdrawal_id"], 1, True)

    rejected = withdrawal(c, withdrawal_id="w-2")
    assert rejected["withdrawal_id"] == "w-2"
    sandbox.control("POST", "/_sandbox/withdrawals/w-2/reject")
    p = sandbox.receiver.wait_for(2)
    assert (p.entries[0].withdrawal_status, p.idempotency_key) == (5, "withdrawal:w-2:5")

    pulled = c.pull_postbacks(type="withdrawal", withdrawal_ids=[paid["withdrawal_id"], "w-2"])
    assert pulled["paginate"]["total"] == 2
    balances = {b["currency_code"]: b["amount"] for b in c.accounts_balance()["data"]["balances"]}
    assert balances["PKR"] == 1000000 - 1000


def test_every_operation_runs(sandbox, tmp_path: Path):
    sandbox.control("POST", "/_sandbox/settings", {"possible_transactions": True})
    c = sandbox.client()
    assert c.payment_systems_available(label="u", currency_codes=["PKR"])["params"]["wallets"][0]["type"] == "easypaisa"
    assert c.save_transaction_custom_id(label="u", transaction_custom_id="t-1")["status"] == "ok"
    assert c.media_hints()["code"] == 20000
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG")
    assert c.activate_possible_transaction(wallet_type="paytm", currency_code="INR", label="u", key1="123-ABC",
                                           amount=1000, custom_transaction_id="o-2", screenshot_path=str(shot))["status"] == "success"
    assert c.create_payment(payment_system="phone_pe", currency="INR", amount="150.25", label="u",
                            custom_transaction_id="o-3", bank="MBB", redirect_url="https://example.com/r")["status"] == "ok"
    hashed = c.hash_urls(success_urls=[{"order": 1, "url": "https://s.example/1"}], fail_urls=[], pending_urls=[])
    assert len(hashed["urls"]["success_url"][0]["url"]) == 64
    legacy = c.create_legacy_withdrawal(wallet_type="paytm", wallet_recipient="123123232", wallet_sender="1111",
                                        email="user@example.com", amount=1000, withdrawal_id="13")
    assert legacy["wallet_recipient"] == "123123232"
    url = c.plugin_url(label="u", wallet_type="easypaisa", currency_code="PKR", fixed_amount=Decimal("1000"))
    assert url.startswith(sandbox.url) and "label=u" in url


def test_refusals_are_typed(sandbox):
    wrong = sandbox.client(secret="wrong-secret-value")
    with pytest.raises(paykassma.ApiError) as e:
        wrong.deposit_info(wallet_type="easypaisa", currency="PKR", label="u")
    assert e.value.http_status == 404 and "wrong-secret-value" not in str(e.value) + e.value.body
    with pytest.raises(paykassma.ApiError) as e:
        wrong.accounts_balance()
    assert (e.value.status, e.value.gateway_code) == ("error", 30228)
    c = sandbox.client()
    withdrawal(c, amount=999999, withdrawal_id="big-1")
    with pytest.raises(paykassma.ApiError) as e:
        withdrawal(c, amount=999999, withdrawal_id="big-2")
    assert e.value.field_errors == {"withdrawals_sum_amount": ["Insufficient balance"]}
    bad_key = sandbox.client(withdrawal_private_key="not-the-key")
    with pytest.raises(paykassma.ApiError) as e:
        withdrawal(bad_key)
    assert e.value.message == "Withdrawal signature is invalid"


def test_faults(sandbox):
    c = sandbox.client()
    sandbox.fault("http_500", path_prefix="/api/v1/accounts")
    assert c.accounts_balance()["status"] == "success"  # a GET is retried past a 500
    sandbox.fault("cut_connection", path_prefix="/v2/")
    w = withdrawal(c)  # the lost answer is retried with the same withdrawal_id
    state = sandbox.control("GET", "/_sandbox/state")
    assert [x["withdrawal_id"] for x in state["withdrawals"]] == [w["withdrawal_id"]]
    assert state["withdrawals"][0]["create_requests"] == 2
    sandbox.fault("not_json")
    with pytest.raises(paykassma.ApiError) as e:
        c.accounts_balance()
    assert e.value.code == "unexpected_response" and e.value.body
    sandbox.fault("slow", delay_ms=800)
    with pytest.raises(paykassma.TransportError) as e:
        sandbox.client(read_timeout=0.2, max_retries=0).accounts_balance()
    assert e.value.kind == "timeout"
    # A duplicated postback is verified twice and has one idempotency key.
    sandbox.fault("duplicate_postback")
    withdrawal(c, withdrawal_id="dup-1")
    sandbox.control("POST", "/_sandbox/withdrawals/dup-1/pay")
    first, second = sandbox.receiver.wait_for(1), sandbox.receiver.wait_for(2)
    assert first.idempotency_key == second.idempotency_key == "withdrawal:dup-1:1"


def test_one_client_shared_by_eight_threads(sandbox):
    c = sandbox.client()
    failures, ids = [], []
    lock = threading.Lock()

    def work(n):
        try:
            for i in range(3):
                w = withdrawal(c, withdrawal_id=f"t{n}-{i}", amount=100)
                balance = c.accounts_balance()["data"]["balances"]
                info = c.deposit_info(wallet_type="easypaisa", currency="PKR", label=f"user-{n}")
                with lock:
                    ids.append(w["withdrawal_id"])
                assert balance and info["minimum_deposit"] == 500
        except Exception as e:
            with lock:
                failures.append(repr(e))

    run_threads(work)
    assert failures == []
    assert sorted(ids) == sorted(f"t{n}-{i}" for n in range(8) for i in range(3))
    state = sandbox.control("GET", "/_sandbox/state")
    assert len(state["withdrawals"]) == 24
