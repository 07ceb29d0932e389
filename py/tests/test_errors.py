import json

import pytest

import paykassma
from paykassma import errors

from conftest import VECTORS


def test_one_base_class_and_the_shared_codes():
    for cls in (errors.ValidationError, errors.SignatureError, errors.PostbackError, errors.ApiError, errors.TransportError,
                errors.AmbiguousRetryError):
        assert issubclass(cls, paykassma.PaykassmaError)
    assert issubclass(paykassma.ValidationError, ValueError)
    assert paykassma.ERROR_CODES == [
        "validation_error", "signature_mismatch", "malformed_postback", "api_error", "unexpected_response", "transport_error",
        "ambiguous_retry",
    ]


@pytest.mark.parametrize(
    "call, cls, code",
    [
        (lambda: paykassma.sign({}, ""), paykassma.ValidationError, "validation_error"),
        (lambda: paykassma.verify_postback(b"{}", "k"), paykassma.PostbackError, "malformed_postback"),
        (
            lambda: paykassma.verify_postback(
                b'{"access_key":"a","signature":"' + b"0" * 40 + b'","additional_data":[{"transaction_id":"1"}]}', "k"
            ),
            paykassma.SignatureError,
            "signature_mismatch",
        ),
    ],
)
def test_core_errors_arrive_as_their_classes(call, cls, code):
    with pytest.raises(cls) as e:
        call()
    assert type(e.value) is cls and e.value.code == code and str(e.value)


def test_no_panic_reaches_python():
    # Inputs at the edges of every entry point raise SDK errors or TypeError, never PanicException.
    edge = [None, 0, -1, 2**200, float("nan"), float("inf"), "", b"", "\x00", {"": ""}, [], [[[]]], {"a": [{}]},
            "\ud800", {"\ud800": 1}, ["\udfff"]]
    for value in edge:
        for fn in (
            lambda v: paykassma.sign(v, "k"),
            lambda v: paykassma.sign({"v": v}, "k"),
            lambda v: paykassma.verify_postback(v, "k"),
            lambda v: paykassma.sign_postback(v, "a", "k"),
            lambda v: paykassma.plugin_url("https://plugin.example.com", label=v),
            lambda v: paykassma.plugin_url(v, label="u"),
            lambda v: paykassma.sign({"a": 1}, v),
            lambda v: paykassma.verify_postback(b"{}", v),
            lambda v: paykassma.sign_postback([], v, "k"),
        ):
            try:
                fn(value)
            except (paykassma.PaykassmaError, TypeError):
                pass


def test_errors_survive_pickling():
    import pickle

    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign({"a": 1}, "")
    copy = pickle.loads(pickle.dumps(e.value))
    assert type(copy) is paykassma.ValidationError
    assert (copy.field, copy.reason, copy.code, str(copy)) == (e.value.field, e.value.reason, e.value.code, str(e.value))
    api = paykassma.ApiError("refused", status="fail", message="m", http_status=200, body="{}", field_errors={"a": ["b"]})
    copy = pickle.loads(pickle.dumps(api))
    assert (copy.status, copy.field_errors, copy.http_status, copy.code) == ("fail", {"a": ["b"]}, 200, "api_error")


def test_lone_surrogates_are_validation_errors_naming_the_path():
    # Python strings can hold them; UTF-8 and PHP's json_decode cannot.
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign({"bank_details": {"bank_code": "\ud800"}}, "k")
    assert e.value.field == "bank_details.bank_code"
    with pytest.raises(paykassma.ValidationError) as e:
        paykassma.sign({"a": 1}, "\ud800")
    assert e.value.field == "private_key"
    with pytest.raises(paykassma.PostbackError):
        paykassma.verify_postback("\ud800", "k")


def _error_cases():
    return json.loads((VECTORS / "errors.json").read_text())["cases"]


def check_error_fields(err):
    """``err`` is the class of its code in the shared table and carries that row's fields."""
    case = next(c for c in _error_cases() if c["code"] == err.code)
    assert type(err) is getattr(paykassma, case["class"]), (type(err), case["class"])
    assert isinstance(err, getattr(paykassma, case["extends"]))
    optional = {"withdrawal_id"}
    for name in case["fields"]:
        assert name in optional or hasattr(err, name), (case["code"], name)
    return case


@pytest.mark.parametrize("case", _error_cases(), ids=lambda c: c["id"])
def test_the_shared_error_table(case):
    cls = getattr(paykassma, case["class"])
    assert cls is getattr(errors, case["class"]) and issubclass(cls, getattr(paykassma, case["extends"]))
    assert case["code"] in paykassma.ERROR_CODES
    trigger = case.get("trigger")
    if trigger is None:
        return
    with pytest.raises(cls) as e:
        if "plugin_url" in trigger:
            t = trigger["plugin_url"]
            paykassma.plugin_url(t["plugin_base_url"], **t["params"])
        elif "verify_postback" in trigger:
            t = trigger["verify_postback"]
            paykassma.verify_postback(t["body"], t["private_key"])
        else:
            t = trigger["accounts_balance"]
            paykassma.Client(t["api_base_url"], t["secret"], max_retries=t["max_retries"]).accounts_balance()
    assert e.value.code == case["code"]
    check_error_fields(e.value)
    for name, value in case["expect"].items():
        assert getattr(e.value, name) == value


def test_unexpected_response_error_is_an_api_error():
    err = paykassma.UnexpectedResponseError("bad", http_status=502, reason="HTML", body="<html>")
    assert isinstance(err, paykassma.ApiError)
    assert (err.code, err.status, err.message, err.reason, err.gateway_message) == ("unexpected_response", None, "HTML", "HTML", None)
