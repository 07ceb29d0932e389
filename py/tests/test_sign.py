import hashlib
import json
import random
from collections import OrderedDict
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import pytest

import paykassma
from conftest import load_vectors, php_batch

KEY = "withdrawal-private-key"


def withdrawal(is_test):
    return {
        "withdrawal_id": "51_2788",
        "payment_system": "paytm",
        "amount": 17,
        "currency_code": "INR",
        "is_test": is_test,
        "label": "1020",
        "account_number": "ACCT",
        "comment": "withdrawal",
    }


def test_signing_string_matches_the_gateway_logs():
    assert paykassma.signing_string(withdrawal(True)) == "ACCT:17:withdrawal:INR:1:1020:paytm:51_2788"
    assert paykassma.signing_string(withdrawal(False)) == "ACCT:17:withdrawal:INR::1020:paytm:51_2788"


def test_formula_is_sha1_of_key_and_md5():
    data = withdrawal(True)
    inner = hashlib.md5(paykassma.signing_string(data).encode()).hexdigest()
    assert paykassma.sign(data, KEY) == hashlib.sha1((KEY + inner).encode()).hexdigest()


def test_mapping_json_text_and_bytes_agree_and_signature_key_is_left_out():
    data = withdrawal(True)
    text = json.dumps(data)
    want = paykassma.sign(data, KEY)
    assert paykassma.sign(text, KEY) == want
    assert paykassma.sign(text.encode(), KEY) == want
    assert paykassma.sign(bytearray(text.encode()), KEY) == want
    assert paykassma.sign({**data, "signature": "x" * 40}, KEY) == want
    assert paykassma.sign(OrderedDict(data), KEY) == want
    assert paykassma.sign(MappingProxyType(data), KEY) == want


def test_python_values_become_what_php_sees():
    # bool before int, None and False empty, floats PHP-printed, ints past i64 become floats.
    data = {"a": True, "b": False, "c": None, "d": 1.0, "e": 1e-5, "f": 0.1 + 0.2, "g": 2**70, "h": [1, (2, 3)]}
    assert paykassma.signing_string(data) == "1:::1:1.0E-5:0.3:1.1805916207174E+21:1:2:3"


def test_a_key_given_twice_keeps_its_first_place_and_last_value_as_in_php():
    # "1", 1 and True are one PHP key; the dict is signed field by field, the JSON text decoded.
    data = {"1": "a", "x": 2.5, 1: "b", True: "c", "nested": {"k": [1, None]}}
    want = paykassma.sign('{"1":"c","x":2.5,"nested":{"k":[1,null]}}', KEY)
    assert paykassma.sign(data, KEY) == want
    # An int past 64 bits takes the general conversion, with the same answer.
    assert paykassma.sign({**data, "big": 2**70}, KEY) == paykassma.sign(
        '{"1":"c","x":2.5,"nested":{"k":[1,null]},"big":1.1805916207174e21}', KEY)


class EmptiesTheDictBeingSigned(Mapping):
    """A nested value whose conversion runs Python code that clears the dict being signed."""

    def __init__(self):
        self.outer = {}

    def items(self):
        self.outer.clear()
        return {"k": 1}.items()

    def __getitem__(self, key):
        return {"k": 1}[key]

    def __iter__(self):
        return iter(["k"])

    def __len__(self):
        return 1


def test_strings_lent_to_the_signer_outlive_a_nested_value_that_empties_the_dict():
    # The dict's keys and strings are read in place; clearing the dict drops its references to
    # them (made here at run time, so nothing else holds them) before the signature is made.
    nested = EmptiesTheDictBeingSigned()
    data = nested.outer
    data["".join(["account", "_name"])] = "".join(["Jos", "\u00e9" * 40])
    data["".join(["com", "ment"])] = "".join(["x", "y" * 500])
    data["nested"] = nested
    want = paykassma.sign(json.dumps({"account_name": "Jos" + "\u00e9" * 40, "comment": "x" + "y" * 500,
                                      "nested": {"k": 1}}), KEY)
    assert paykassma.sign(data, KEY) == want
    assert data == {}


def test_numeric_string_keys_sort_like_php():
    # "10" becomes the int key 10 and sorts after 9; "01" stays a string.
    assert paykassma.signing_string({"10": "a", "9": "b", "01": "c"}) == \
        paykassma.signing_string('{"10":"a","9":"b","01":"c"}')
    # An int key and its string form are one PHP key: last value, first position.
    assert paykassma.signing_string({1: "x", "1": "y", "0": "z"}) == "z:y"


def test_decimal_is_the_json_number_php_decodes():
    # Decimal("1000.50") is what json_decode makes of 1000.50: the float 1000.5.
    assert paykassma.signing_string({"amount": Decimal("1000.50")}) == "1000.5"
    assert paykassma.signing_string({"amount": Decimal("1000")}) == "1000"
    assert paykassma.signing_string({"amount": Decimal("1E+3")}) == "1000"
    cases = [
        {"mode": "sign", "json": '{"amount":1000.50,"x":0.10000000000000001,"y":123456789012345678901}', "key": KEY},
    ]
    [want] = php_batch(cases)
    data = {"amount": Decimal("1000.50"), "x": Decimal("0.10000000000000001"), "y": Decimal("123456789012345678901")}
    assert paykassma.sign(data, KEY) == want
    # A string keeps its digits.
    assert paykassma.signing_string({"amount": "1000.50"}) == "1000.50"


def random_scalar(rng):
    pick = rng.randrange(9)
    if pick == 0:
        return None
    if pick == 1:
        return rng.random() < 0.5
    if pick == 2:
        return rng.choice([0, -1, 7, 2**62, -(2**63), 2**63, 10**25, rng.randrange(-10**6, 10**6)])
    if pick == 3:
        return rng.choice([0.1, 1.0, -0.0, 1e-5, 1e20, 1e15, 123.456, 0.1 + 0.2, 1e300, rng.uniform(-1e6, 1e6)])
    if pick == 4:
        return Decimal(rng.choice(["1000.50", "0.001", "-2", "1E+5", "123456789.123456789", "0"]))
    if pick == 5:
        return rng.choice(["", "10", "01", "ab/c", "é ü 漢字", "a:b", "\u2028", '"q"', "-0"])
    return "".join(rng.choice("abcxyz019:-") for _ in range(rng.randrange(6)))


def random_data(rng, depth=0):
    data = {}
    for _ in range(rng.randrange(1, 7)):
        key = rng.choice(["amount", "label", "10", "9", "01", "-1", "a", "B", "_", "1.5", "", "z9"])
        if depth < 2 and rng.random() < 0.2:
            data[key] = random_data(rng, depth + 1)
        elif depth < 2 and rng.random() < 0.15:
            data[key] = [random_scalar(rng) for _ in range(rng.randrange(4))]
        else:
            data[key] = random_scalar(rng)
    return data


def to_json(v):
    """JSON text with every number written as Python holds it (Decimal digits kept)."""
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(str(k)) + ":" + to_json(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(to_json(x) for x in v) + "]"
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v)


def test_random_data_signs_like_real_php():
    rng = random.Random(20261122)
    datas = [random_data(rng) for _ in range(1500)]
    cases = [{"mode": "sign", "json": to_json(d), "key": KEY} for d in datas]
    wants = php_batch(cases)
    for data, case, want in zip(datas, cases, wants):
        assert paykassma.sign(data, KEY) == want, case["json"]
        assert paykassma.sign(case["json"], KEY) == want, case["json"]


def test_unsupported_types_name_the_path():
    with pytest.raises(TypeError, match=r"`bank_details\.bank_code` has unsupported type datetime\.date"):
        import datetime

        paykassma.sign({"bank_details": {"bank_code": datetime.date(2024, 1, 1)}}, KEY)
    with pytest.raises(TypeError, match=r"`items\[1\]\.x` has unsupported type set"):
        paykassma.sign({"items": [{}, {"x": {1}}]}, KEY)
    with pytest.raises(TypeError, match=r"`meta` has a key of unsupported type float"):
        paykassma.sign({"meta": {1.5: "x"}}, KEY)
    with pytest.raises(TypeError, match="data must be a mapping"):
        paykassma.sign(42, KEY)
    with pytest.raises(TypeError):
        paykassma.sign({"a": 1}, None)


def test_bad_values_are_validation_errors():
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign({"a": 1}, "")
    assert e.value.field == "private_key" and e.value.code == "validation_error"
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign({"amount": Decimal("NaN")}, KEY)
    assert e.value.field == "amount"
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign('{"a":', KEY)
    assert e.value.field == "data" and "syntax error" in e.value.reason
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign(b'{"a":"\xff"}', KEY)
    assert e.value.field == "data" and "UTF-8" in e.value.reason
    loop = {"a": 1}
    loop["self"] = loop
    with pytest.raises(paykassma.ValidationError, match="deeper than 512"):
        paykassma.sign(loop, KEY)
    # A ValidationError is also a ValueError.
    with pytest.raises(ValueError):
        paykassma.sign({"a": 1}, "")


def test_key_never_appears_in_errors():
    secret_key = "very-secret-withdrawal-key"
    for bad in ('{"a":', b"\xff", {"a": Decimal("sNaN")}):
        with pytest.raises(paykassma.PaykassmaError) as e:
            paykassma.sign(bad, secret_key)
        assert secret_key not in str(e.value) and secret_key not in repr(e.value)


def test_shared_vectors():
    vectors = load_vectors("sign.json")
    assert vectors["algorithm"] == "request_signature"
    assert vectors["cases"], "the vector file has no cases"
    for case in vectors["cases"]:
        assert paykassma.sign(case["json"], case["key"]) == case["signature"], case["id"]
        assert paykassma.sign(json.loads(case["json"]), case["key"]) == case["signature"], case["id"]
