"""The newer platform's signature, written from its "Signature" page, as the oracle for the SDK:

    base64(HMAC-SHA512(key, ";".join(sorted(flatten(data)))))

`flatten` yields "path:value" (path parts joined by ":", list items by index, each value as
str() prints it); empty objects and lists yield nothing; general.signature is removed first.

    python3 hmac_oracle.py IN OUT     IN: JSON lines {"key", "json"}; OUT: the same lines with
                                      "signature", or "error" (invalid_json, not_object,
                                      lone_surrogate) where Python cannot sign the document
    python3 hmac_oracle.py --vectors  rewrite tests/vectors/hmac.json from the cases below
    python3 hmac_oracle.py --check    exit 1 if tests/vectors/hmac.json differs from them

Standard library only: json, hmac, hashlib, base64.
"""

import base64
import hashlib
import hmac
import json
import os
import sys

# The page says nothing of a digit limit: integers of any size, as before Python 3.11.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)


def flatten(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from flatten(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from flatten(value, path + (str(index),))
    else:
        yield ":".join(path + (str(data),))


def sign(data, key):
    general = data.get("general")
    if isinstance(general, dict):
        general.pop("signature", None)
    text = ";".join(sorted(flatten(data)))
    digest = hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha512).digest()
    return base64.b64encode(digest).decode("ascii")


def answer(key, text):
    """The signature of the document `text`, or why Python cannot sign it."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {"error": "invalid_json"}
    if not isinstance(data, dict):
        return {"error": "not_object"}
    try:
        return {"signature": sign(data, key)}
    except UnicodeEncodeError:
        return {"error": "lone_surrogate"}


# Curated cases for tests/vectors/hmac.json: [id, comment, key, json].
CASES = [
    ["doc_example_shape", "a request with general and nested data", "api-key",
     '{"general":{"project_id":1020,"request_id":"r-1"},"data":{"amount":100.5,"currency":"INR","wallet_type":"paytm"}}'],
    ["signature_removed", "general.signature is left out before signing", "api-key",
     '{"general":{"project_id":1020,"signature":"anything"},"data":{"amount":"100"}}'],
    ["no_general", "a document without general is signed as it is", "k", '{"a":1,"b":"x"}'],
    ["general_not_object", "general as a string: nothing to remove", "k", '{"general":"signature","a":1}'],
    ["python_literals", "True, False, None", "k", '{"t":true,"f":false,"n":null}'],
    ["floats_repr", "floats as repr: 1e-05, 1e+16, 0.1, -0.0, 1.0, 1.5e+300, 5e-324", "k",
     '{"a":0.00001,"b":1e16,"c":0.1,"d":-0.0,"e":1.0,"f":1.5e300,"g":5e-324,"h":1E2,"i":123456789.125,"j":1e15}'],
    ["non_finite", "NaN, Infinity, -Infinity and overflow print nan, inf, -inf", "k",
     '{"a":NaN,"b":Infinity,"c":-Infinity,"d":1e400,"e":-1e400}'],
    ["big_integers", "integers of any size; -0 is 0", "k",
     '{"a":123456789012345678901234567890,"b":-98765432109876543210,"c":-0,"d":9007199254740993}'],
    ["nested_lists", "list items by index, nested", "k", '{"l":[1,[2,[3,{"x":4}]],"s"]}'],
    ["empty_containers", "empty objects and lists yield nothing", "k", '{"a":{},"b":[],"c":[{}],"d":1}'],
    ["separators_in_values", "':' and ';' inside keys and values", "k",
     '{"a:b":"c;d","e;f":{"g:h":"i:j;k"},";":":"}'],
    ["unicode", "non-ASCII text, escaped and not; sorted by code point", "ключ",
     '{"é":"😀","\\u00e9x":"\\ud83d\\ude00","z":"李","Z":"\\u2028"}'],
    ["duplicate_keys", "a repeated key keeps its last value", "k", '{"a":1,"b":2,"a":3}'],
    ["sort_order", "sorted by code point, not by path part", "k", '{"a":{"b":1},"a:":2,"a0":3,"A":4}'],
    ["empty_key", "an empty key is an empty path part", "k", '{"":1,"x":{"":2}}'],
    ["slashes_escaped", "\\/ reads as /", "k", '{"url":"https:\\/\\/example.com\\/a"}'],
    ["float_digits", "the shortest digits that read back: 0.30000000000000004, 1.5e-07, 100.0",
     "k", '{"a":0.30000000000000004,"b":1.5e-7,"c":100.0,"d":1.7976931348623157e308,"e":2.5e-310}'],
    ["float_boundaries", "fixed notation from 1e-04 up to 1e+16 excluded", "k",
     '{"a":0.0001,"b":0.000099,"c":9999999999999998.0,"d":10000000000000000.0,"e":123456789012345678.0}'],
    ["control_characters", "escaped newline, tab and quote print as themselves", "k",
     '{"a":"line\\nbreak\\ttab \\"q\\" back\\\\slash"}'],
    ["signature_object", "general.signature is removed whatever it holds", "k",
     '{"general":{"signature":{"x":[1,2]},"id":5}}'],
    ["list_of_objects", "a list of objects, as answers carry", "k",
     '{"general":{"status":"ok"},"items":[{"id":1,"amount":"10.00"},{"id":2,"amount":"20.50","tags":["a","b"]}]}'],
    ["whitespace", "whitespace between tokens changes nothing", "k",
     ' {\n  "a" : [ 1 , 2 ] ,\t"b" : { "c" : null }\r\n} '],
    ["unicode_key", "a non-ASCII key", "ключ-😀", '{"ключ":"значение","emoji😀":1}'],
]

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "hmac.json")


def vector_text():
    lines = []
    for case_id, comment, key, text in CASES:
        result = answer(key, text)
        if "signature" not in result:
            raise SystemExit(f"vector case {case_id}: Python cannot sign it ({result['error']})")
        case = {"id": case_id, "comment": comment, "key": key, "json": text,
                "signature": result["signature"]}
        lines.append(json.dumps(case, ensure_ascii=False))
    description = ('base64(HMAC-SHA512(key, ";".join(sorted(flatten(json.loads(json)))))) with '
                   'general.signature removed; flatten yields "path:value" with str() values '
                   '(tests/python/hmac_oracle.py)')
    return ('{"algorithm":"hmac_sha512","description":' + json.dumps(description)
            + ',\n"cases":[\n' + ",\n".join(lines) + "\n]}\n")


def main(argv):
    if argv[1:] == ["--vectors"]:
        with open(VECTORS, "w", encoding="utf-8") as f:
            f.write(vector_text())
        print(f"hmac.json {len(CASES)} cases")
        return 0
    if argv[1:] == ["--check"]:
        with open(VECTORS, encoding="utf-8") as f:
            if f.read() != vector_text():
                print("Python disagrees with tests/vectors/hmac.json; run "
                      "python3 tests/python/hmac_oracle.py --vectors", file=sys.stderr)
                return 1
        print("hmac vectors: Python agrees with every checked-in signature")
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as src, open(argv[2], "w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            record = json.loads(line)
            result = answer(record["key"], record["json"])
            out.write(json.dumps({"key": record["key"], "json": record["json"], **result},
                                 ensure_ascii=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
