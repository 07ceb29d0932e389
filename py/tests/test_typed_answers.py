"""Every ``Client`` method's answer type (``paykassma.answers``) against what the sandbox answers:
each key the gateway sends is declared with its type, each required key is there. At run time
the answer is the gateway's own dict, so the raw answer is always reachable."""

import typing
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest

import paykassma
from paykassma import answers
from sandbox_env import Sandbox


@pytest.fixture(scope="module")
def answered():
    s = Sandbox()
    try:
        c = s.client()
        out = {}
        out["payment_systems_available"] = c.payment_systems_available(label="u1", currency_codes=["PKR"])
        created = out["create_transaction"] = c.create_transaction(wallet_type="easypaisa", currency="PKR", label="u1")
        tx = s.pay("easypaisa", created["params"]["identifier"], 1500)
        out["activate_transaction"] = c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u1",
                                                             key1=tx, amount=1500, custom_transaction_id="o-1")
        out["deposit_info"] = c.deposit_info(wallet_type="easypaisa", currency="PKR", label="u1")
        out["save_transaction_custom_id"] = c.save_transaction_custom_id(label="u1", transaction_custom_id="x-1")
        out["hash_urls"] = c.hash_urls(success_urls=[{"order": 1, "url": "https://shop.example/ok"}],
                                       fail_urls=[{"order": 1, "url": "https://shop.example/fail"}])
        out["media_hints"] = c.media_hints()
        w = out["create_withdrawal"] = c.create_withdrawal(payment_system="easypaisa", currency_code="PKR", label="u",
                                                           amount=1000, account_number="03405135211", account_name="M")
        out["create_legacy_withdrawal"] = c.create_legacy_withdrawal(wallet_type="paytm", wallet_recipient="123123232",
                                                                     wallet_sender="1111", amount=100, email="a@b.co")
        out["accounts_balance"] = c.accounts_balance()
        s.control("POST", f"/_sandbox/withdrawals/{w['withdrawal_id']}/pay")
        out["get_postback"] = c.get_postback(type="withdrawal", withdrawal_id=w["withdrawal_id"])
        out["pull_postbacks"] = c.pull_postbacks(type="withdrawal", withdrawal_ids=[w["withdrawal_id"]])
        s.control("POST", "/_sandbox/settings", {"possible_transactions": True})
        out["activate_possible_transaction"] = c.activate_possible_transaction(
            wallet_type="paytm", currency_code="INR", label="u", key1="123-ABC", amount=1000, custom_transaction_id="o-2")
        out["create_payment"] = c.create_payment(payment_system="easypaisa", currency="PKR", label="u2",
                                                 custom_transaction_id="cp-1", amount=1000, bank="MCB",
                                                 redirect_url="https://shop.example/back")
        yield out
    finally:
        s.close()


def is_typeddict(hint):
    return isinstance(hint, type) and issubclass(hint, dict) and hasattr(hint, "__total__")


def mismatches(value, hint, path):
    """Where ``value`` does not fit ``hint``; empty when it does."""
    if hint is Any:
        return []
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not an object"]
        hints = get_type_hints(hint)
        found = [f"{path}.{k}: sent but not declared in {hint.__name__}" for k in value if k not in hints]
        found += [f"{path}.{k}: required by {hint.__name__}, not sent" for k in hint.__required_keys__ if k not in value]
        for k, v in value.items():
            if k in hints:
                found += mismatches(v, hints[k], f"{path}.{k}")
        return found
    origin = get_origin(hint)
    if origin is Union:
        options = [mismatches(value, arg, path) for arg in get_args(hint)]
        return [] if any(not o for o in options) else [f"{path}: {value!r} is none of {hint}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [m for i, v in enumerate(value) for m in mismatches(v, get_args(hint)[0], f"{path}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        return [m for k, v in value.items() for m in mismatches(v, get_args(hint)[1], f"{path}.{k}")]
    if hint is type(None):
        return [] if value is None else [f"{path}: {value!r}, not null"]
    if hint in (int, float):
        ok = isinstance(value, (int, float) if hint is float else int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r}, not {hint.__name__}"]
    return [] if isinstance(value, hint) else [f"{path}: {value!r}, not {hint.__name__}"]


NETWORK = [n for n in paykassma.OPERATIONS]


@pytest.mark.parametrize("operation", NETWORK)
def test_each_answer_fits_its_declared_type(answered, operation):
    hint = get_type_hints(getattr(paykassma.Client, operation))["return"]
    assert is_typeddict(hint) and hint.__module__ == "paykassma.answers", hint
    assert mismatches(answered[operation], hint, operation) == []


def test_the_checker_catches_a_wrong_type():
    assert mismatches({"status": "ok", "params": {"identifier": 3}}, answers.CreatedTransactionAnswer, "a")
    assert mismatches({"status": "ok", "surprise": 1}, answers.CreatedWithdrawalAnswer, "a")
    assert mismatches({"id": 1}, answers.Balance, "a")
