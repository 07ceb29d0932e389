"""``paykassma.Client``: one method per gateway endpoint, keyword arguments, answers as dicts.

Requests are built, validated and signed by the SDK's Rust core; the network call runs with the
GIL released, so one ``Client`` can serve many threads (it reuses connections). Amounts are
``int``, ``Decimal`` or decimal ``str`` (``"1000.50"``), never ``float``: nothing is rounded.
"""

import json
import math
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _log, _native, answers
from ._native import Postback
from .errors import ValidationError

Amount = Union[int, str, Decimal]
Answer = Dict[str, Any]

__all__ = ["Client", "plugin_url", "Amount", "Answer"]


def _params(args: Mapping[str, Any]) -> Dict[str, Any]:
    """The call's keyword arguments without ``self`` and the ones left out (None)."""
    return {k: v for k, v in args.items() if k != "self" and v is not None}


def plugin_url(
    plugin_base_url: str,
    *,
    label: str,
    currency_code: Optional[str] = None,
    lang: Optional[str] = None,
    wallet_type: Optional[str] = None,
    custom_transaction_id: Optional[str] = None,
    fixed_amount: Optional[Amount] = None,
    payment_url_success_id: Optional[int] = None,
    payment_url_pending_id: Optional[int] = None,
    payment_url_fail_id: Optional[int] = None,
    success_url: Optional[str] = None,
    fail_url: Optional[str] = None,
    pending_url: Optional[str] = None,
) -> str:
    """The payment window link (``https://plugin.<server>/...``) for a user ``label``.

    ``success_url``/``fail_url``/``pending_url`` are hashes from ``Client.hash_urls``; the
    ``payment_url_*_id`` are ids of redirect URLs registered with Paykassma support. Raises
    ``ValidationError`` naming the parameter (unknown wallet, wrong currency, language...).
    """
    args = _params(locals())
    args.pop("plugin_base_url", None)
    return _native.plugin_url(plugin_base_url, args)


class Client:
    """A client for one merchant account. Safe to share between threads.

    ``api_base_url`` is ``https://api.<server>`` (or the sandbox's URL); ``secret`` the API
    secret; ``withdrawal_private_key`` signs withdrawals; ``postback_private_key`` checks
    postbacks; ``plugin_base_url`` is needed for ``plugin_url``. Timeouts are in seconds.
    ``proxy`` (``http://user:password@host:port``) carries every request, whatever
    ``HTTP_PROXY``/``HTTPS_PROXY``/``NO_PROXY`` say; without it those variables decide. Each
    attempt is logged at ``DEBUG`` to the ``paykassma`` logger (see ``paykassma._log``).
    ``max_retries`` extra attempts are made only where a retry cannot duplicate money movement
    (GET lookups, and POSTs carrying your unique id; a withdrawal gets its ``withdrawal_id``
    before the first attempt).

    Every method raises ``ValidationError`` before sending anything when a parameter is wrong,
    ``ApiError`` when the gateway refuses, ``TransportError`` when no answer came.
    """

    def __init__(
        self,
        api_base_url: str,
        secret: str,
        *,
        withdrawal_private_key: Optional[str] = None,
        postback_private_key: Optional[str] = None,
        plugin_base_url: Optional[str] = None,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
        proxy: Optional[str] = None,
    ) -> None:
        config = {
            "api_base_url": api_base_url,
            "secret": secret,
            "withdrawal_private_key": withdrawal_private_key,
            "postback_private_key": postback_private_key,
            "plugin_base_url": plugin_base_url,
            "connect_timeout": _seconds("connect_timeout", connect_timeout),
            "read_timeout": _seconds("read_timeout", read_timeout),
            "max_retries": max_retries,
            "retry_backoff": _seconds("retry_backoff", retry_backoff),
            "binding": "python",
            "proxy": proxy,
        }
        self._native = _native.NativeClient(json.dumps(config), _log.log_attempt)
        self.api_base_url = api_base_url

    def __repr__(self) -> str:
        return f"<paykassma.Client api_base_url={self.api_base_url!r}>"

    def _call(self, operation: str, args: Mapping[str, Any]) -> Any:
        return self._native.call(operation, _params(args))

    # Deposits

    def payment_systems_available(
        self, *, label: str, currency_codes: Optional[Sequence[str]] = None
    ) -> answers.PaymentSystemsAnswer:
        """``GET payment-systems/available``: the wallets and currencies open to user ``label``."""
        return self._call("payment_systems_available", locals())

    def create_transaction(self, *, wallet_type: str, currency: str, label: str) -> answers.CreatedTransactionAnswer:
        """Starts a P2P deposit: the gateway answers with the wallet the user should pay to."""
        return self._call("create_transaction", locals())

    def activate_transaction(
        self,
        *,
        wallet_type: str,
        currency_code: str,
        label: str,
        key1: str,
        custom_transaction_id: str,
        amount: Optional[Amount] = None,
    ) -> answers.ActivationAnswer:
        """Activates a deposit with the transaction number the user got in their wallet app
        (``key1``). The answer's ``outcome`` names what happened: ``activated`` (a postback
        follows), ``stockpiled`` (below the minimum deposit: nothing credited, no postback yet),
        ``pending`` (a suspicious payment being checked) or ``possible_transaction_created``."""
        return self._call("activate_transaction", locals())

    def activate_possible_transaction(
        self,
        *,
        wallet_type: str,
        currency_code: str,
        label: str,
        key1: str,
        custom_transaction_id: str,
        amount: Optional[Amount] = None,
        screenshot_path: Optional[str] = None,
        screenshot_content_type: Optional[str] = None,
    ) -> answers.PossibleTransactionAnswer:
        """Activation for manual payment systems, optionally with the payment's screenshot."""
        return self._call("activate_possible_transaction", locals())

    def create_payment(
        self,
        *,
        payment_system: str,
        currency: str,
        label: str,
        custom_transaction_id: str,
        amount: Amount,
        bank: str,
        redirect_url: str,
        language: Optional[str] = None,
    ) -> answers.StatusAnswer:
        """Creates a payment on the gateway's own page; the answer holds the URL to send the user to."""
        return self._call("create_payment", locals())

    def deposit_info(
        self, *, wallet_type: str, currency: str, label: str, code: Optional[str] = None
    ) -> answers.DepositInfoAnswer:
        """The sums stockpiled for ``label`` (deposits below the minimum wait there); ``code`` is
        the documents' parameter for manual payment systems."""
        return self._call("deposit_info", locals())

    def save_transaction_custom_id(self, *, label: str, transaction_custom_id: str) -> answers.StatusAnswer:
        """Links your own id to the user's next deposit."""
        return self._call("save_transaction_custom_id", locals())

    def hash_urls(
        self,
        *,
        success_urls: Optional[Sequence[Mapping[str, Any]]] = None,
        fail_urls: Optional[Sequence[Mapping[str, Any]]] = None,
        pending_urls: Optional[Sequence[Mapping[str, Any]]] = None,
    ) -> answers.HashUrlsAnswer:
        """Hashes redirect URLs (``[{"order": 1, "url": "https://..."}]``) for ``plugin_url``."""
        return self._call("hash_urls", locals())

    def media_hints(self) -> answers.MediaHintsAnswer:
        """The gateway's hint pictures and texts for the payment window."""
        return self._call("media_hints", {})

    def plugin_url(
        self,
        *,
        label: str,
        currency_code: Optional[str] = None,
        lang: Optional[str] = None,
        wallet_type: Optional[str] = None,
        custom_transaction_id: Optional[str] = None,
        fixed_amount: Optional[Amount] = None,
        payment_url_success_id: Optional[int] = None,
        payment_url_pending_id: Optional[int] = None,
        payment_url_fail_id: Optional[int] = None,
        success_url: Optional[str] = None,
        fail_url: Optional[str] = None,
        pending_url: Optional[str] = None,
    ) -> str:
        """The payment window link on the configured ``plugin_base_url`` (see ``paykassma.plugin_url``)."""
        return self._native.plugin_url(_params(locals()))

    # Withdrawals

    def create_withdrawal(
        self,
        *,
        payment_system: str,
        currency_code: str,
        label: str,
        amount: Amount,
        is_test: Optional[bool] = None,
        withdrawal_id: Optional[str] = None,
        account_number: Optional[str] = None,
        account_name: Optional[str] = None,
        account_email: Optional[str] = None,
        receiver_name: Optional[str] = None,
        comment: Optional[str] = None,
        iban: Optional[str] = None,
        account_type: Optional[str] = None,
        document_type: Optional[str] = None,
        document_id: Optional[str] = None,
        account_digit: Optional[str] = None,
        bank_details: Optional[Mapping[str, str]] = None,
        payments_details: Optional[Mapping[str, str]] = None,
    ) -> answers.CreatedWithdrawalAnswer:
        """Creates a signed withdrawal. The answer carries the ``withdrawal_id`` sent (generated
        when you give none): store it to match the withdrawal's postbacks. Per-wallet rules
        (account formats, ``bank_details`` for imps...) are checked before sending."""
        return self._call("create_withdrawal", locals())

    def create_legacy_withdrawal(
        self,
        *,
        wallet_type: str,
        wallet_recipient: str,
        amount: Amount,
        wallet_sender: Optional[str] = None,
        account_name: Optional[str] = None,
        account_number: Optional[str] = None,
        email: Optional[str] = None,
        withdrawal_id: Optional[str] = None,
    ) -> answers.LegacyWithdrawalAnswer:
        """The older withdrawal field set, still accepted by the gateway."""
        return self._call("create_legacy_withdrawal", locals())

    def accounts_balance(self) -> answers.AccountsBalanceAnswer:
        """The merchant's balances per currency."""
        return self._call("accounts_balance", {})

    # Lookups and postbacks

    def get_postback(
        self,
        *,
        type: str,
        transaction_id: Optional[str] = None,
        custom_id: Optional[str] = None,
        withdrawal_id: Optional[str] = None,
    ) -> answers.PostbackAnswer:
        """The postback the gateway sent (or would send) for one deposit or withdrawal;
        ``type`` is ``"deposit"`` or ``"withdrawal"``."""
        return self._call("get_postback", locals())

    def pull_postbacks(
        self,
        *,
        type: str,
        plugin_custom_order_ids: Optional[List[str]] = None,
        withdrawal_ids: Optional[List[str]] = None,
    ) -> answers.PullPostbacksAnswer:
        """Postbacks of many deposits (``plugin_custom_order_ids``) or withdrawals
        (``withdrawal_ids``) at once, for reconciliation."""
        return self._call("pull_postbacks", locals())

    def verify_postback(self, body: Union[bytes, bytearray, str]) -> Postback:
        """``paykassma.verify_postback`` with the configured ``postback_private_key``."""
        return self._native.verify_postback(body)


def _seconds(name: str, seconds: float) -> float:
    """The core checks the range under the argument's name; JSON has no NaN or infinity to carry."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(seconds).__name__}")
    if not math.isfinite(seconds):
        raise ValidationError(
            f"invalid {name}: must be a finite number of seconds, got {seconds}",
            field=name,
            reason=f"must be a finite number of seconds, got {seconds}",
        )
    return seconds
