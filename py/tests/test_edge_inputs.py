"""``sign`` on the shared edge inputs (tests/vectors/edge_inputs.json, the table in
tests/README.md): each case's data built as Python values, and what Python must get."""

import json

import pytest

import paykassma
from conftest import VECTORS

EDGE = json.loads((VECTORS / "edge_inputs.json").read_text())


class Amount:
    """A plain class instance: not data."""

    def __init__(self):
        self.units = 1000


class Stringable:
    """An instance with its own ``__str__``: still not data."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def build(tree):
    """The Python value of a tree (the vocabulary is in tests/README.md)."""
    kind, *args = tree
    if kind == "map":
        return {build(k) if isinstance(k, list) else k: build(v) for k, v in args[0]}
    if kind == "list":
        return [build(v) for v in args[0]]
    if kind == "null":
        return None
    if kind in ("bool", "string"):
        return args[0]
    if kind == "utf16":
        return "".join(map(chr, args[0]))  # a surrogate unit stays a lone surrogate
    if kind == "bytes":
        return bytes.fromhex(args[0])
    if kind == "int":
        return int(args[0])
    if kind == "float":
        return float(args[0])  # "INF", "-INF" and "NAN" included
    if kind == "function":
        return lambda: 1
    if kind == "object":
        return Amount()
    if kind == "stringable":
        return Stringable(args[0])
    raise AssertionError(f"unknown tree {tree}")


def test_the_fixture_is_the_edge_inputs_file():
    assert EDGE["algorithm"] == "edge_inputs"
    assert len(EDGE["cases"]) >= 20


@pytest.mark.parametrize("case", EDGE["cases"], ids=[c["id"] for c in EDGE["cases"]])
def test_edge_input(case):
    want = case["expect"]["python"]
    assert want != "n/a", "Python can express every tree"
    data = build(case["data"])
    if "signature" in want:
        assert paykassma.sign(data, case["key"]) == want["signature"]
        assert paykassma.signing_string(data) == want["signing_string"]
        return
    with pytest.raises(Exception) as raised:
        paykassma.sign(data, case["key"])
    e = raised.value
    assert type(e).__name__ == want["error"], e
    assert (getattr(e, "code", None), getattr(e, "field", None)) == (want["code"], want["field"]), e
    assert case["key"] not in str(e)
