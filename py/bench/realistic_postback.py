"""The benchmark's body: the documents' easypaisa deposit postback (one signed entry and 184
currency rates), pretty-printed with PHP's default escapes as the gateway sometimes sends it
(about 6 KB), and signed with a test key."""

import json
from pathlib import Path

import paykassma

FIXTURE = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "easypaisa_deposit_postback.json"
PRIVATE_KEY = "postback-private-key"


def realistic_postback() -> bytes:
    data = json.loads(FIXTURE.read_text())
    data["signature"] = paykassma.sign_postback(data["additional_data"], data["access_key"], PRIVATE_KEY)
    # PHP's JSON_PRETTY_PRINT layout with its default escapes (\/ and \uXXXX).
    text = json.dumps(data, indent=4).replace("/", "\\/")
    return text.encode("ascii")
