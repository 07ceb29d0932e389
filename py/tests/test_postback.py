import json
import random
from decimal import Decimal

import pytest

import paykassma
from conftest import POSTBACK_KEY, load_vectors, php_batch, run_threads, signed_fixture


def test_deposit_example_verifies_with_typed_entries():
    body = signed_fixture("easypaisa_deposit_postback.json")
    p = paykassma.verify_postback(body, POSTBACK_KEY)
    assert p.kind == "deposit"
    assert p.signed_list == "additional_data"
    [e] = p.entries
    assert e.kind == "deposit"
    assert e.transaction_id == "23936218009"
    assert e.plugin_custom_order_id == "5586199250"
    assert e.amount == "1000" and Decimal(e.amount) == 1000
    assert e.stockpiling_id == 4819603
    assert e.transaction_type == 0
    assert e.withdrawal_status is None and e.withdrawal_id is None and not e.is_final
    assert e.comment is None  # empty strings read as None
    assert e.bank_details == {"bank_code": None, "branch_code": None, "bank_code_in_payments_system": None}
    assert e.raw["comment"] == "" and e.raw["exchanger_identifier"] == "923139471223"
    assert p.idempotency_key == "deposit:easypaisa:23936218009"
    assert p.acknowledgement == '{"status":"ok"}' == paykassma.ACKNOWLEDGEMENT
    assert p.unsigned["amount"] == "1000" and p.unsigned["direction"] == "ingoing"
    assert len(p.unsigned["converted_amount"]) == 184
    assert "converted_amount" in p.unsigned_fields and "amount" in p.unsigned_fields
    json.dumps(p.to_dict())  # plain data
    assert POSTBACK_KEY not in repr(p)
    del p  # an entry keeps what it needs
    assert e.transaction_id == "23936218009"


def test_withdrawal_example_verifies():
    body = signed_fixture("easypaisa_withdrawal_postback.json")
    p = paykassma.verify_postback(body.decode(), POSTBACK_KEY)  # str works as bytes do
    assert p.kind == "withdrawal"
    [e] = p.entries
    assert e.withdrawal_status == 1 and e.is_final
    assert p.idempotency_key == "withdrawal:10319:1"


def test_signature_made_by_real_php_verifies():
    raw = json.loads(signed_fixture("easypaisa_deposit_postback.json"))
    for pretty in (False, True):
        [body] = php_batch([{"mode": "postback", "json": json.dumps(raw), "key": POSTBACK_KEY, "pretty": pretty}])
        assert paykassma.verify_postback(body, POSTBACK_KEY).entries[0].transaction_id == "23936218009"


def random_entry(rng, i):
    text = lambda: rng.choice(["", "a/b", "é漢字", "O'Brien \"x\"", "tab\there", "\u2028", "123", "x" * rng.randrange(30)])
    entry = {
        "transaction_id": str(rng.randrange(10**11)),
        "plugin_custom_order_id": f"order-{i}",
        "amount": rng.choice(["1000", "13628.5", "0.01"]),
        "currency_code": rng.choice(["PKR", "INR", "BDT"]),
        "wallet_type": rng.choice(["easypaisa", "paytm", "bkash"]),
        "comment": text(),
        "account_name": text(),
        "stockpiling_id": rng.choice([None, rng.randrange(10**7)]),
        "rate": rng.choice([1.5, 0.1, 1e-7, 100.0, 3]),
        "bank_details": {"bank_code": text(), "branch_code": text()},
    }
    if rng.random() < 0.5:
        entry["withdrawal_id"] = str(rng.randrange(10**6))
        entry["withdrawal_status"] = rng.choice([1, 5, 3])
    return entry


def test_random_postbacks_encoded_and_signed_by_php():
    rng = random.Random(7)
    bodies = []
    for n in range(200):
        withdrawal = rng.random() < 0.5
        entries = [random_entry(rng, i) for i in range(rng.randrange(1, 4))]
        for e in entries:
            if withdrawal:
                e.setdefault("withdrawal_id", str(rng.randrange(10**6)))
                e.setdefault("withdrawal_status", 1)
            else:
                e.pop("withdrawal_id", None)
                e.pop("withdrawal_status", None)
        bodies.append({"access_key": f"AK{n}", "amount": 1000, "label": "u/1", "additional_data": entries})
    cases = [{"mode": "postback", "json": json.dumps(b), "key": POSTBACK_KEY, "pretty": i % 2 == 0} for i, b in enumerate(bodies)]
    for source, body in zip(bodies, php_batch(cases)):
        p = paykassma.verify_postback(body, POSTBACK_KEY)
        assert p.kind == ("withdrawal" if "withdrawal_id" in source["additional_data"][0] else "deposit")
        assert [e.plugin_custom_order_id for e in p.entries] == [e["plugin_custom_order_id"] for e in source["additional_data"]]
        assert [e.raw for e in p.entries] == source["additional_data"]
        # The unsigned envelope may change; the signed entries may not.
        unsigned = json.loads(body)
        unsigned["amount"] = 999999
        assert paykassma.verify_postback(json.dumps(unsigned), POSTBACK_KEY).unsigned["amount"] == "999999"
        tampered = json.loads(body)
        tampered["additional_data"][0]["amount"] = "999999"
        with pytest.raises(paykassma.SignatureError):
            paykassma.verify_postback(json.dumps(tampered), POSTBACK_KEY)


def test_parsed_bodies_and_wrong_types_are_type_errors():
    body = signed_fixture("easypaisa_deposit_postback.json")
    with pytest.raises(TypeError, match="raw request body"):
        paykassma.verify_postback(json.loads(body), POSTBACK_KEY)
    with pytest.raises(TypeError, match="raw request body"):
        paykassma.verify_postback([1], POSTBACK_KEY)
    with pytest.raises(TypeError, match="bytes or str"):
        paykassma.verify_postback(12, POSTBACK_KEY)
    with pytest.raises(TypeError):
        paykassma.verify_postback(body, None)


def test_refusals_carry_their_codes():
    body = signed_fixture("easypaisa_deposit_postback.json")
    with pytest.raises(paykassma.SignatureError) as e:
        paykassma.verify_postback(body, "another-key")
    assert e.value.code == "signature_mismatch"
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.verify_postback(body, "")
    assert e.value.field == "private_key"
    with pytest.raises(paykassma.PostbackError) as e:
        paykassma.verify_postback(b'{"access_key":"a","additional_data":[]}', POSTBACK_KEY)
    assert e.value.code == "malformed_postback" and "signature" in e.value.reason


def test_random_bytes_and_truncations_only_raise_sdk_errors():
    rng = random.Random(3)
    body = signed_fixture("easypaisa_withdrawal_postback.json")
    inputs = [bytes(rng.randrange(256) for _ in range(rng.randrange(64))) for _ in range(300)]
    inputs += [body[:n] for n in range(0, len(body), 7)]
    for _ in range(300):
        b = bytearray(body)
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        inputs.append(bytes(b))
    inputs += [b"[" * 100000, b'{"a":' * 5000, b"\xff\xfe", "\ud800".encode("utf-8", "surrogatepass")]
    for data in inputs:
        try:
            paykassma.verify_postback(data, POSTBACK_KEY)
        except paykassma.PaykassmaError as e:
            assert e.code in paykassma.ERROR_CODES
    # A few mutations (whitespace, an unsigned digit) may still verify; the rest must not crash.


def test_large_bodies_verify_without_the_gil_and_alike():
    raw = json.loads(signed_fixture("easypaisa_deposit_postback.json"))
    raw["padding"] = "x" * 40000  # unsigned, pushes the body past the GIL-release size
    body = json.dumps(raw).encode()
    assert len(body) > 16 * 1024
    assert paykassma.verify_postback(body, POSTBACK_KEY).idempotency_key == "deposit:easypaisa:23936218009"


def test_eight_threads_verify_concurrently():
    bodies = [signed_fixture("easypaisa_deposit_postback.json"), signed_fixture("easypaisa_withdrawal_postback.json")]
    keys = ["deposit:easypaisa:23936218009", "withdrawal:10319:1"]
    failures = []

    def work(n):
        for i in range(300):
            j = (n + i) % 2
            try:
                assert paykassma.verify_postback(bodies[j], POSTBACK_KEY).idempotency_key == keys[j]
            except Exception as e:  # collected, reported below
                failures.append(repr(e))

    run_threads(work)
    assert failures == []


def test_sign_postback_matches_the_gateway_formula():
    import hashlib

    data = [{"transaction_id": "1", "amount": "10.5", "url": "a/b", "name": "é"}]
    signed_json = '[{"transaction_id":"1","amount":"10.5","url":"a/b","name":"é"}]'
    want = hashlib.sha1(("AK" + "pk" + hashlib.md5(signed_json.encode()).hexdigest()).encode()).hexdigest()
    assert paykassma.sign_postback(data, "AK", "pk") == want
    assert paykassma.sign_postback(json.dumps(data), "AK", "pk") == want


def test_shared_vectors():
    vectors = load_vectors("postback.json")
    assert vectors["algorithm"] == "postback_verification"
    assert vectors["cases"], "the vector file has no cases"
    for case in vectors["cases"]:
        body = case["body"] if isinstance(case["body"], str) else json.dumps(case["body"])
        if case["valid"]:
            p = paykassma.verify_postback(body, case["private_key"])
            assert p.kind == case["kind"], case["id"]
            assert p.idempotency_key == case["idempotency_key"], case["id"]
            assert p.signature_form == case["signature_form"], case["id"]
        else:
            with pytest.raises(paykassma.PaykassmaError) as e:
                paykassma.verify_postback(body, case["private_key"])
            assert e.value.code == case["error_code"], case["id"]
