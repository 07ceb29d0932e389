"""Paykassma merchant SDK for Python.

- ``sign(data, private_key)``: the withdrawal request signature, byte for byte as the gateway's
  PHP computes it;
- ``verify_postback(body, private_key)``: checks a postback's signature and returns a ``Postback``;
- exceptions in ``paykassma.errors``, all subclasses of ``PaykassmaError``.

The work is done by the SDK's Rust core, shared with the PHP and Node packages.
"""

from ._native import (
    ACKNOWLEDGEMENT,
    ERROR_CODES,
    Postback,
    PostbackEntry,
    __version__,
    sign,
    sign_postback,
    signing_string,
    verify_postback,
)
from .errors import (
    ApiError,
    PaykassmaError,
    PostbackError,
    SignatureError,
    TransportError,
    ValidationError,
)

__all__ = [
    "ACKNOWLEDGEMENT",
    "ERROR_CODES",
    "Postback",
    "PostbackEntry",
    "__version__",
    "sign",
    "sign_postback",
    "signing_string",
    "verify_postback",
    "ApiError",
    "PaykassmaError",
    "PostbackError",
    "SignatureError",
    "TransportError",
    "ValidationError",
]
