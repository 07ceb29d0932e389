"""Type stubs of the native extension (re-exported by ``paykassma``)."""

from decimal import Decimal
from typing import Callable, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, Union

__version__: str
ACKNOWLEDGEMENT: str
"""``{"status":"ok"}``: the body to answer every postback with, HTTP 200."""
ERROR_CODES: List[str]

Scalar = Union[str, int, float, bool, None, Decimal]
Data = Union[Mapping[Union[str, int], "DataValue"], Sequence["DataValue"]]
DataValue = Union[Scalar, Mapping[Union[str, int], "DataValue"], Sequence["DataValue"]]
JsonText = Union[str, bytes, bytearray]

def sign(data: Union[Data, JsonText], private_key: str) -> str:
    """The request signature ``sha1(private_key . md5(multiImplode(':', ksort($data))))``.

    ``data``: a mapping (nested dicts and lists of str, int, float, bool, None, Decimal), or the
    request's JSON text decoded as PHP's ``json_decode($json, true)``. Values are converted as
    PHP would see them after ``json_decode``: ``True`` is ``"1"``, ``False`` and ``None`` are
    ``""``, ``1000.0`` is ``"1000"``, an int outside 64 bits becomes a float, and a ``Decimal`` is
    a JSON number with its exact digits (``Decimal("1000.50")`` signs as ``"1000.5"``, as PHP
    reads ``1000.50``; pass a str to sign ``"1000.50"``). A top-level ``signature`` key is left out.

    A float ``inf``, ``-inf`` or ``nan`` signs as PHP signs them: ``INF``, ``-INF``, ``NAN``.

    Raises ``TypeError`` for a value of another type (bytes, functions, class instances), with
    ``field`` naming its path (``bank_details.bank_code``) and ``code`` ``"validation_error"``;
    ``ValidationError`` for an empty key, invalid JSON text, a lone surrogate or a NaN/Infinity
    Decimal.
    """

def signing_string(data: Union[Data, JsonText]) -> str:
    """The ``:``-joined string whose md5 ``sign`` signs; it holds no key, so it is safe to log."""

def hmac_sign(data: Union[Data, JsonText], key: str) -> str:
    """The newer platform's signature, ``base64(HMAC-SHA512(key, ";".join(sorted(flatten(data)))))``
    with ``general.signature`` left out: a mapping is read as ``json.loads(json.dumps(data))``."""

def hmac_verify(data: Union[Data, JsonText], key: str) -> None:
    """Checks ``general.signature`` in constant time; raises ``SignatureError`` on a mismatch."""

def verify_postback(body: Union[bytes, bytearray, str], private_key: str) -> Postback:
    """Checks a postback with the postback private key and returns what it says.

    ``body`` is the raw request body exactly as received: a dict raises ``TypeError``, since the
    signature covers the data as PHP re-encodes it. Raises ``SignatureError`` (not from the
    gateway, or another key: answer HTTP 400), ``PostbackError`` (cannot be checked) or
    ``ValidationError`` (empty key). Bodies of 16 KiB and more are checked without the GIL.
    """

def sign_postback(
    signed: Union[Sequence[DataValue], str], access_key: str, private_key: str
) -> str:
    """The gateway's side: the signature of a postback whose ``additional_data`` is ``signed``.
    For tests of your own postback endpoint."""

class BankDetails(TypedDict):
    bank_code: Optional[str]
    branch_code: Optional[str]
    bank_code_in_payments_system: Optional[str]

class UnsignedFields(TypedDict):
    """Envelope fields outside the signature: show them, never credit from them."""

    amount: Optional[str]
    label: Optional[str]
    currency_code: Optional[str]
    wallet_type: Optional[str]
    direction: Optional[str]
    created_datetime: Optional[str]
    converted_amount: Optional[Dict[str, float]]

class PostbackEntry:
    """One signed entry of a postback. Empty strings and nulls read as ``None``."""

    @property
    def kind(self) -> Literal["deposit", "withdrawal"]: ...
    @property
    def transaction_id(self) -> Optional[str]: ...
    @property
    def plugin_custom_order_id(self) -> Optional[str]: ...
    @property
    def withdrawal_id(self) -> Optional[str]: ...
    @property
    def withdrawal_status(self) -> Optional[int]:
        """``1`` paid, ``5`` rejected, other values in processing; ``None`` on deposits."""
    @property
    def is_final(self) -> bool:
        """The withdrawal was paid or rejected and will not change again."""
    @property
    def amount(self) -> Optional[str]:
        """Exactly as the gateway wrote it (``"13628.5"``): use ``Decimal(entry.amount)``."""
    @property
    def currency_code(self) -> Optional[str]: ...
    @property
    def wallet_type(self) -> Optional[str]: ...
    @property
    def account_number(self) -> Optional[str]: ...
    @property
    def account_name(self) -> Optional[str]: ...
    @property
    def account_email(self) -> Optional[str]: ...
    @property
    def bank_details(self) -> BankDetails: ...
    @property
    def activated_datetime(self) -> Optional[str]: ...
    @property
    def exchanger_identifier(self) -> Optional[str]: ...
    @property
    def comment(self) -> Optional[str]: ...
    @property
    def stockpiling_id(self) -> Optional[int]: ...
    @property
    def transaction_type(self) -> Optional[int]: ...
    @property
    def raw(self) -> Dict[str, object]:
        """The entry exactly as signed, every field included."""

class Postback:
    """A postback whose signature checked out. Credit or settle from ``entries``; store
    ``idempotency_key`` with a unique constraint; answer with ``acknowledgement`` and HTTP 200."""

    @property
    def kind(self) -> Literal["deposit", "withdrawal"]: ...
    @property
    def entries(self) -> List[PostbackEntry]: ...
    @property
    def signed_list(self) -> Literal["additional_data", "transactions"]: ...
    @property
    def signature_form(self) -> Literal["current", "legacy"]: ...
    @property
    def signed_json(self) -> str:
        """The signed list re-encoded as the gateway hashed it."""
    @property
    def unsigned(self) -> UnsignedFields: ...
    @property
    def unsigned_fields(self) -> Tuple[str, ...]: ...
    @property
    def idempotency_key(self) -> str:
        """The same for every repeat; a withdrawal's pending and final states differ."""
    @property
    def acknowledgement(self) -> str: ...
    def to_dict(self) -> Dict[str, object]:
        """Everything above as plain dicts and lists (JSON-ready)."""

OPERATIONS: List[str]

def plugin_url(plugin_base_url: str, params: Optional[Dict[str, object]] = None) -> str: ...

class NativeClient:
    def __init__(self, config_json: str, observer: Optional[Callable[[Dict[str, object]], None]] = None) -> None: ...
    def call(self, operation: str, params: Optional[Dict[str, object]] = None) -> Dict[str, object]: ...
    def plugin_url(self, params: Optional[Dict[str, object]] = None) -> str: ...
    def verify_postback(self, body: Union[bytes, bytearray, str]) -> Postback: ...
