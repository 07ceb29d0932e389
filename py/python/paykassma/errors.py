"""The SDK's exceptions: one class per kind of failure, each with the stable ``code`` string that
the PHP, Node and C bindings use too, and the same fields as in every binding (the table is in
``tests/README.md``). No message ever contains the API secret or a private key."""

from typing import Any, Dict, List, Optional, Tuple, Type

__all__ = [
    "PaykassmaError",
    "ValidationError",
    "SignatureError",
    "PostbackError",
    "ApiError",
    "UnexpectedResponseError",
    "TransportError",
    "AmbiguousRetryError",
]


class PaykassmaError(Exception):
    """Base class of every SDK error. ``code`` is one of ``paykassma.ERROR_CODES``.
    ``withdrawal_id`` is the id a withdrawal request carried, on every error it met after it was
    sent (``None`` otherwise): look the withdrawal up or resend it with that id, never a new one."""

    code: str
    withdrawal_id: Optional[str]

    def __init__(
        self, message: str, *, code: str = "paykassma_error", withdrawal_id: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.withdrawal_id = withdrawal_id

    def __reduce__(self) -> Tuple[Any, ...]:
        # Keyword-only attributes survive pickling (Celery, multiprocessing).
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class ValidationError(PaykassmaError, ValueError):
    """Input refused before anything was sent or computed. ``field`` names it, with dots and
    indexes for nested values (``bank_details.bank_code``, ``additional_data[0]``)."""

    field: str
    reason: str

    def __init__(
        self, message: str, *, field: str, reason: str, code: str = "validation_error"
    ) -> None:
        super().__init__(message, code=code)
        self.field = field
        self.reason = reason


class SignatureError(PaykassmaError):
    """A well-formed postback whose signature does not match this postback private key: not from
    the gateway, tampered with, or checked with the wrong key. Answer it with HTTP 400."""

    def __init__(self, message: str, *, code: str = "signature_mismatch") -> None:
        super().__init__(message, code=code)


class PostbackError(PaykassmaError):
    """A postback body that cannot be checked at all (not JSON, no signature, no signed list...);
    ``reason`` names the problem."""

    reason: str

    def __init__(self, message: str, *, reason: str, code: str = "malformed_postback") -> None:
        super().__init__(message, code=code)
        self.reason = reason


class ApiError(PaykassmaError):
    """The gateway answered and refused the request (``code == "api_error"``); its subclass
    ``UnexpectedResponseError`` is an answer outside the gateway's documented shapes.

    ``status`` is the gateway's status (``"fail"``, ``"error"``, ``"not_found"``),
    ``gateway_message`` its message (also ``message``), ``field_errors`` its per-field messages,
    ``gateway_code`` its numeric code if any, ``http_status`` the HTTP status and ``body`` the raw
    response body."""

    status: Optional[str]
    message: str
    gateway_message: Optional[str]
    http_status: int
    body: str
    field_errors: Dict[str, List[str]]
    gateway_code: Optional[int]

    def __init__(
        self,
        description: str,
        *,
        status: Optional[str],
        http_status: int,
        body: str,
        message: Optional[str] = None,
        gateway_message: Optional[str] = None,
        field_errors: Optional[Dict[str, List[str]]] = None,
        gateway_code: Optional[int] = None,
        code: str = "api_error",
        withdrawal_id: Optional[str] = None,
    ) -> None:
        super().__init__(description, code=code, withdrawal_id=withdrawal_id)
        self.status = status
        self.gateway_message = gateway_message if gateway_message is not None else message
        self.message = message if message is not None else (gateway_message or "")
        self.http_status = http_status
        self.body = body
        self.field_errors = dict(field_errors or {})
        self.gateway_code = gateway_code


class UnexpectedResponseError(ApiError):
    """The gateway answered with something that is not one of its documented shapes (an HTML
    error page, a success without its fields): ``code == "unexpected_response"``. ``reason`` says
    what was wrong (also ``message``), ``http_status`` and ``body`` are the answer's; ``status``,
    ``gateway_message`` and ``gateway_code`` are None. A kind of ``ApiError``, so ``except
    ApiError`` catches it."""

    reason: str

    def __init__(
        self,
        description: str,
        *,
        http_status: int,
        reason: str,
        body: str,
        code: str = "unexpected_response",
        withdrawal_id: Optional[str] = None,
    ) -> None:
        super().__init__(
            description,
            status=None,
            message=reason,
            http_status=http_status,
            body=body,
            code=code,
            withdrawal_id=withdrawal_id,
        )
        self.gateway_message = None
        self.reason = reason


class TransportError(PaykassmaError):
    """The request got no answer. ``kind`` is ``"timeout"``, ``"dns"``, ``"connect"``, ``"tls"``
    or ``"io"``. Requests that cannot duplicate money movement were already retried."""

    kind: str

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        code: str = "transport_error",
        withdrawal_id: Optional[str] = None,
    ) -> None:
        super().__init__(message, code=code, withdrawal_id=withdrawal_id)
        self.kind = kind


class AmbiguousRetryError(PaykassmaError):
    """A retried request was refused because the id it carried (``id_field``:
    ``custom_transaction_id`` or ``withdrawal_id``) was already taken, most likely by the earlier
    attempt whose answer was lost, and looking the operation up could not tell whether it went
    through. Never resend with a new id: look ``id`` up again later (``get_postback``)."""

    id_field: str
    id: str

    def __init__(
        self,
        message: str,
        *,
        id_field: str,
        id: str,
        code: str = "ambiguous_retry",
        withdrawal_id: Optional[str] = None,
    ) -> None:
        super().__init__(message, code=code, withdrawal_id=withdrawal_id)
        self.id_field = id_field
        self.id = id


def _restore(cls: Type[PaykassmaError], args: Tuple[Any, ...], state: Dict[str, Any]) -> PaykassmaError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
