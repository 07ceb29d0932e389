"""paykassma.hmac_sign / hmac_verify, the newer platform's signature, against the shared vectors
(tests/vectors/hmac.json, signed by the Python oracle) and against the page's formula itself."""

import base64
import hashlib
import hmac
import json

import pytest

import paykassma
from conftest import load_vectors


def reference(data, key):
    """The page's formula, for the mapping cases: flatten, sort, join, HMAC-SHA512, base64."""

    def flatten(value, path=()):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from flatten(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from flatten(v, path + (str(i),))
        else:
            yield ":".join(path + (str(value),))

    data = json.loads(json.dumps(data))
    if isinstance(data.get("general"), dict):
        data["general"].pop("signature", None)
    text = ";".join(sorted(flatten(data)))
    return base64.b64encode(hmac.new(key.encode(), text.encode(), hashlib.sha512).digest()).decode()


def test_shared_vectors():
    vectors = load_vectors("hmac.json")
    assert vectors["algorithm"] == "hmac_sha512"
    assert len(vectors["cases"]) >= 20
    for case in vectors["cases"]:
        assert paykassma.hmac_sign(case["json"], case["key"]) == case["signature"], case["id"]
        assert paykassma.hmac_sign(case["json"].encode(), case["key"]) == case["signature"], case["id"]


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1.0, "b": 1, "c": 1e-5, "d": 1e16, "e": -0.0, "f": 2**70, "g": [True, None, False]},
        {"general": {"id": 7, "signature": "old"}, "x": {"y": ["é/😀", {}], "z": []}},
        {"k:;": "v;:", "": 1, "n": float("nan"), "i": float("inf"), "m": float("-inf")},
    ],
)
def test_mappings_sign_as_the_formula_says(data):
    assert paykassma.hmac_sign(data, "key") == reference(data, "key")


def test_verify_accepts_its_signature_and_refuses_changes():
    doc = {"general": {"id": 7}, "amount": "10.50"}
    doc["general"]["signature"] = paykassma.hmac_sign(doc, "k")
    assert paykassma.hmac_verify(doc, "k") is None
    assert paykassma.hmac_verify(json.dumps(doc), "k") is None
    with pytest.raises(paykassma.SignatureError):
        paykassma.hmac_verify(doc, "other")
    with pytest.raises(paykassma.SignatureError):
        paykassma.hmac_verify({**doc, "amount": "10.51"}, "k")
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.hmac_verify({"a": 1}, "k")
    assert e.value.field == "general.signature"


def test_refusals_name_the_problem():
    with pytest.raises(paykassma.ValidationError, match="must be a JSON object"):
        paykassma.hmac_sign([1], "k")
    with pytest.raises(paykassma.ValidationError, match="lone surrogate"):
        paykassma.hmac_sign({"a": "\ud800"}, "k")
    with pytest.raises(paykassma.ValidationError, match="cannot be read as JSON"):
        paykassma.hmac_sign({"a": {1, 2}}, "k")
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.hmac_sign({"a": 1}, "")
    assert e.value.field == "key"
