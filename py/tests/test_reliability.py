"""What a flaky network and a hostile server get from the Python client: settings named as
written and bounded, the withdrawal_id on every error of a sent withdrawal, a lost activation
answer recovered (or an ``AmbiguousRetryError``), DNS failures of their own kind."""

import math
import socket

import pytest

import paykassma
from sandbox_env import Sandbox

WITHDRAWAL = dict(payment_system="easypaisa", currency_code="PKR", label="u", amount=1000,
                  account_number="03405135211", account_name="Muhammad", is_test=True)


@pytest.fixture
def sandbox():
    s = Sandbox()
    yield s
    s.close()


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize(
    "setting, value",
    [("read_timeout", -1), ("read_timeout", 600.001), ("connect_timeout", 0), ("retry_backoff", 1e6),
     ("retry_backoff", 10.001), ("retry_backoff", -0.5), ("retry_backoff", math.nan), ("read_timeout", math.inf)],
)
def test_absurd_settings_are_refused_under_their_own_name(setting, value):
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.Client("http://127.0.0.1:1", "s", **{setting: value})
    assert e.value.field == setting, e.value
    assert setting in str(e.value)


def test_the_largest_settings_are_accepted():
    paykassma.Client("http://127.0.0.1:1", "s", read_timeout=600, connect_timeout=600, retry_backoff=10, max_retries=10)


def test_a_sent_withdrawal_names_its_id_on_every_error():
    c = paykassma.Client(closed_port_url(), "s", withdrawal_private_key="k", max_retries=0)
    with pytest.raises(paykassma.TransportError) as e:
        c.create_withdrawal(**WITHDRAWAL)
    assert e.value.withdrawal_id and e.value.withdrawal_id.startswith("sdk-")
    assert e.value.withdrawal_id in str(e.value)
    with pytest.raises(paykassma.TransportError) as e:
        c.create_withdrawal(**WITHDRAWAL, withdrawal_id="my-id-1")
    assert e.value.withdrawal_id == "my-id-1"
    with pytest.raises(paykassma.TransportError) as e:
        c.accounts_balance()
    assert e.value.withdrawal_id is None


def test_a_host_that_does_not_resolve_is_a_dns_error():
    c = paykassma.Client("http://paykassma-sdk-test.invalid", "s", max_retries=0)
    with pytest.raises(paykassma.TransportError) as e:
        c.accounts_balance()
    assert e.value.kind == "dns"


def paid(sandbox, c, label, amount):
    identifier = c.create_transaction(wallet_type="easypaisa", currency="PKR", label=label)["params"]["identifier"]
    return sandbox.pay("easypaisa", identifier, amount)


def test_a_lost_activation_answer_is_recovered(sandbox):
    c = sandbox.client()
    tx = paid(sandbox, c, "u1", 1200)
    sandbox.fault("cut_connection", path_prefix="/api/v1/transaction/activate")
    answer = c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u1", key1=tx,
                                    amount=1200, custom_transaction_id="order-1")
    assert (answer["status"], answer["deposit"], answer["recovered_from"]) == ("ok", True, "postback")


def test_an_inconclusive_retry_is_ambiguous_and_carries_the_id(sandbox):
    c = sandbox.client()
    tx = paid(sandbox, c, "u2", 100)  # below the minimum: stockpiled, no postback yet
    sandbox.fault("cut_connection", path_prefix="/api/v1/transaction/activate")
    with pytest.raises(paykassma.AmbiguousRetryError) as e:
        c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u2", key1=tx,
                               amount=100, custom_transaction_id="order-2")
    assert (e.value.code, e.value.id_field, e.value.id) == ("ambiguous_retry", "custom_transaction_id", "order-2")
    assert "ambiguous_retry" in paykassma.ERROR_CODES


def test_a_redirect_is_never_followed(sandbox):
    c = sandbox.client()
    for status in (301, 302, 307, 308):
        sandbox.fault("redirect", status=status, path_prefix="/v2/withdrawal")
        with pytest.raises(paykassma.ApiError) as e:
            c.create_withdrawal(**WITHDRAWAL)
        assert e.value.code == "unexpected_response"
        assert e.value.http_status == status and "/_sandbox/redirect-target" in str(e.value)
        assert e.value.withdrawal_id
    assert sandbox.control("GET", "/_sandbox/redirect-hits")["count"] == 0
    assert sandbox.control("GET", "/_sandbox/state")["withdrawals"] == []
