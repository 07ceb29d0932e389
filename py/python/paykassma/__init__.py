"""Paykassma merchant SDK for Python.

- ``sign(data, private_key)``: the withdrawal request signature, byte for byte as the gateway's
  PHP computes it;
- ``verify_postback(body, private_key)``: checks a postback's signature and returns a ``Postback``;
- ``hmac_sign(data, key)`` / ``hmac_verify(data, key)``: the newer platform's signature
  (base64 HMAC-SHA512 in ``general.signature``);
- ``Client(api_base_url, secret, ...)``: one method per gateway endpoint;
- ``AsyncClient(...)``: the same, each gateway call awaitable (asyncio);
- ``plugin_url(plugin_base_url, label=...)``: the payment window link;
- exceptions in ``paykassma.errors``, all subclasses of ``PaykassmaError``.

The work is done by the SDK's Rust core, shared with the PHP and Node packages.
"""

from ._native import (
    ACKNOWLEDGEMENT,
    ERROR_CODES,
    OPERATIONS,
    Postback,
    PostbackEntry,
    __version__,
    hmac_sign,
    hmac_verify,
    sign,
    sign_postback,
    signing_string,
    verify_postback,
)
from .aio import AsyncClient
from .client import Amount, Answer, Client, plugin_url
from .errors import (
    AmbiguousRetryError,
    ApiError,
    PaykassmaError,
    PostbackError,
    SignatureError,
    TransportError,
    UnexpectedResponseError,
    ValidationError,
)

__all__ = [
    "Amount",
    "Answer",
    "AsyncClient",
    "Client",
    "plugin_url",
    "ACKNOWLEDGEMENT",
    "ERROR_CODES",
    "OPERATIONS",
    "Postback",
    "PostbackEntry",
    "__version__",
    "hmac_sign",
    "hmac_verify",
    "sign",
    "sign_postback",
    "signing_string",
    "verify_postback",
    "AmbiguousRetryError",
    "ApiError",
    "PaykassmaError",
    "PostbackError",
    "SignatureError",
    "TransportError",
    "UnexpectedResponseError",
    "ValidationError",
]
