"""``paykassma.AsyncClient``: ``Client``'s constructor and methods, awaitable.

Each gateway call runs the blocking core in a worker thread of the client's own pool, with the
GIL released, so the event loop keeps running and calls made together (``asyncio.gather``) go out
together. Cancelling an awaited call cannot stop a request already on the wire: it finishes, or
times out (``connect_timeout``, ``read_timeout``, the retry budget), in the background, and
``aclose()`` (or leaving ``async with``) waits for such calls. A cancelled ``create_withdrawal``
or ``create_legacy_withdrawal`` may still reach the gateway: its id is fixed before the call and
carried by the ``CancelledError`` (``withdrawal_id``), to look the withdrawal up later.

``plugin_url`` and ``verify_postback`` do no I/O and stay plain methods.
"""

import asyncio
import functools
import inspect
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Union

from ._native import Postback
from .client import Client

__all__ = ["AsyncClient"]

# Calls that go to the gateway; everything else on Client is local.
_NETWORK_METHODS = (
    "payment_systems_available",
    "create_transaction",
    "activate_transaction",
    "activate_possible_transaction",
    "create_payment",
    "deposit_info",
    "save_transaction_custom_id",
    "hash_urls",
    "media_hints",
    "create_withdrawal",
    "create_legacy_withdrawal",
    "accounts_balance",
    "get_postback",
    "pull_postbacks",
)

# How each withdrawal's id is made when the caller gives none: the core's own formats (36
# characters with the `sdk-` prefix; 18 digits for the older field set).
_NEW_WITHDRAWAL_ID = {
    "create_withdrawal": lambda: "sdk-" + secrets.token_hex(16),
    "create_legacy_withdrawal": lambda: str(10**17 + secrets.randbelow(9 * 10**17)),
}


class AsyncClient:
    """``Client`` for asyncio: the same constructor arguments and methods, each gateway call a
    coroutine. ``max_workers`` bounds the calls running at once (the rest wait their turn).
    Use it as ``async with AsyncClient(...) as client:`` or call ``await client.aclose()``."""

    def __init__(self, api_base_url: str, secret: str, *, max_workers: int = 8, **settings: Any) -> None:
        if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
            raise ValueError(f"max_workers must be a positive integer, got {max_workers!r}")
        self._client = Client(api_base_url, secret, **settings)
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="paykassma")
        self.api_base_url = api_base_url

    def __repr__(self) -> str:
        return f"<paykassma.AsyncClient api_base_url={self.api_base_url!r}>"

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Waits, off the event loop, for calls still running (cancelled ones included)."""
        await asyncio.get_running_loop().run_in_executor(None, functools.partial(self._executor.shutdown, wait=True))

    async def _run(self, method: Callable[..., Any], kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(method, **kwargs))

    def plugin_url(self, **params: Any) -> str:
        return self._client.plugin_url(**params)

    def verify_postback(self, body: Union[bytes, bytearray, str]) -> Postback:
        return self._client.verify_postback(body)


def _awaitable(name: str) -> Callable[..., Any]:
    sync = getattr(Client, name)
    new_id = _NEW_WITHDRAWAL_ID.get(name)

    @functools.wraps(sync)
    async def call(self: AsyncClient, **kwargs: Any) -> Any:
        method = getattr(self._client, name)
        if new_id is None:
            return await self._run(method, kwargs)
        if kwargs.get("withdrawal_id") is None:
            kwargs["withdrawal_id"] = new_id()
        try:
            return await self._run(method, kwargs)
        except asyncio.CancelledError as cancelled:
            cancelled.withdrawal_id = kwargs["withdrawal_id"]
            raise

    call.__doc__ = f"Awaitable ``Client.{name}``.\n\n{sync.__doc__ or ''}"
    return call


for _name in _NETWORK_METHODS:
    setattr(AsyncClient, _name, _awaitable(_name))

# The constructor's documentation and signature are Client's, plus ``max_workers``.
AsyncClient.__init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    list(inspect.signature(Client.__init__).parameters.values())
    + [inspect.Parameter("max_workers", inspect.Parameter.KEYWORD_ONLY, default=8, annotation=int)]
)
AsyncClient.plugin_url.__doc__ = Client.plugin_url.__doc__
AsyncClient.plugin_url.__signature__ = inspect.signature(Client.plugin_url)  # type: ignore[attr-defined]
AsyncClient.verify_postback.__doc__ = Client.verify_postback.__doc__
