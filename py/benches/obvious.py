"""The obvious Python postback check, as a merchant writes it first with only ``json`` and
``hashlib``: the baseline of the benchmark.

It re-encodes the signed list with ``json.dumps`` the way PHP's
``json_encode(JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)`` does for lists of strings, ints,
nulls and objects. (It prints floats the Python way, so a signed float such as ``1.0e-7`` breaks
it; the benchmark times it on every body whatever its verdict.)
"""

import hashlib
import hmac
import json


class ObviousPostbackError(Exception):
    pass


def verify_postback_obvious(body: bytes, private_key: str) -> dict:
    """Returns the signed entries and the envelope, or raises ``ObviousPostbackError``."""
    try:
        data = json.loads(body)
    except ValueError as e:
        raise ObviousPostbackError(f"invalid JSON: {e}") from None
    if not isinstance(data, dict):
        raise ObviousPostbackError("body is not a JSON object")
    signature = data.get("signature")
    access_key = data.get("access_key")
    if not isinstance(signature, str) or not isinstance(access_key, str):
        raise ObviousPostbackError("missing signature or access_key")
    signed = data.get("additional_data", data.get("transactions"))
    if not isinstance(signed, list) or not signed:
        raise ObviousPostbackError("missing signed list")
    encoded = json.dumps(signed, ensure_ascii=False, separators=(",", ":"))
    # PHP escapes these two even with JSON_UNESCAPED_UNICODE.
    encoded = encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    inner = hashlib.md5(encoded.encode("utf-8")).hexdigest()
    expected = hashlib.sha1((access_key + private_key + inner).encode("utf-8")).hexdigest()
    if not hmac.compare_digest(expected, signature.lower()):
        raise ObviousPostbackError("signature mismatch")
    kind = "withdrawal" if signed[0].get("withdrawal_id") else "deposit"
    return {"kind": kind, "entries": signed, "unsigned": {k: v for k, v in data.items() if k not in ("additional_data", "transactions")}}
