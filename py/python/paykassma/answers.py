"""The gateway's answers as types: one ``TypedDict`` per ``Client`` method, for type checkers and
editors. At run time an answer stays the plain ``dict`` the gateway sent (so the raw answer is the
answer itself: nothing is dropped or renamed). Keys the gateway may leave out are not required
(``total=False``); amounts are ``int``, ``float`` or decimal ``str`` as the gateway wrote them.
``tests/test_typed_answers.py`` checks every one against the sandbox's answers.
"""

from typing import Any, Dict, List, Optional, TypedDict, Union

Number = Union[int, float, str]

__all__ = [
    "Number", "Currency", "WalletHint", "AvailableWallet", "DepositLimit", "PaymentSystemsParams",
    "PaymentSystemsAnswer", "IdentifierParams", "CreatedTransactionAnswer", "ActivationAnswer",
    "PossibleTransactionAnswer",
    "DepositInfoAnswer", "StatusAnswer", "HashedUrl", "HashUrlsAnswer", "MediaHint",
    "MediaHintsAnswer", "CreatedWithdrawalAnswer", "LegacyWithdrawalAnswer", "Balance",
    "Balances", "AccountsBalanceAnswer", "PostbackAnswer", "PulledPostbacks", "Paginate",
    "PullPostbacksAnswer",
]


class Currency(TypedDict):
    code: str
    symbol: str


class WalletHint(TypedDict, total=False):
    type: str
    text: Optional[str]


class AvailableWallet(TypedDict, total=False):
    type: str
    currency_code: str
    order: int
    logo: str
    name: str
    is_manual: bool
    uploading_payment_bill: bool
    show_limits: bool
    hints: List[WalletHint]


class DepositLimit(TypedDict):
    min: Number
    max: Number


class PaymentSystemsParams(TypedDict, total=False):
    currency_data: List[Currency]
    wallets: List[AvailableWallet]
    #: wallet type -> currency code -> limits
    limits: Dict[str, Dict[str, DepositLimit]]


class PaymentSystemsAnswer(TypedDict, total=False):
    status: str
    params: PaymentSystemsParams


class IdentifierParams(TypedDict):
    #: The account the user pays into.
    identifier: str


class CreatedTransactionAnswer(TypedDict, total=False):
    status: str
    params: IdentifierParams


class ActivationAnswer(TypedDict, total=False):
    #: ``ok``, ``pending`` or ``possible_transaction_created``.
    status: str
    #: ``activated``, ``stockpiled``, ``pending`` or ``possible_transaction_created``
    #: (``activate_transaction``'s answers).
    outcome: str
    message: str
    deposit: bool
    deposit_amount: Number
    currency: Currency


class PossibleTransactionAnswer(TypedDict, total=False):
    #: ``success`` in the general page's answer (``code`` 20000, ``data`` empty).
    status: str
    message: str
    code: int
    data: List[Any]
    #: How many possible transactions the merchant has (``offset``, ``limit``, ``total``).
    paginate: "Paginate"


class DepositInfoAnswer(TypedDict, total=False):
    status: str
    stockpiling_sum: Number
    lacks_sum: Number
    minimum_deposit: Number


class StatusAnswer(TypedDict, total=False):
    """``save_transaction_custom_id``, ``create_payment``: ``{"status": "ok"}``."""

    status: str
    message: str


class HashedUrl(TypedDict):
    order: int
    #: The hash to pass to ``plugin_url`` (not a URL).
    url: str


class HashUrlsAnswer(TypedDict, total=False):
    status: str
    #: ``success_url``, ``fail_url``, ``pending_url``
    urls: Dict[str, List[HashedUrl]]


class MediaHint(TypedDict):
    id: int
    url: str


class MediaHintsAnswer(TypedDict, total=False):
    status: str
    message: str
    code: int
    #: wallet type -> its hint
    data: Dict[str, MediaHint]


class CreatedWithdrawalAnswer(TypedDict, total=False):
    status: str
    #: The id sent (yours, or generated before the first attempt): store it.
    withdrawal_id: str


class LegacyWithdrawalAnswer(TypedDict, total=False):
    id: int
    wallet_type: str
    wallet_recipient: str
    wallet_sender: Optional[str]
    email: Optional[str]
    amount: Number
    status: int
    created_at: str
    updated_at: str
    withdrawal_id: str


class Balance(TypedDict):
    wallet_type: str
    currency_code: str
    amount: Number


class Balances(TypedDict):
    balances: List[Balance]


class AccountsBalanceAnswer(TypedDict, total=False):
    status: str
    message: str
    code: int
    data: Balances


class PostbackAnswer(TypedDict, total=False):
    status: str
    #: The postback's body as the gateway would send it (verify pushed postbacks instead).
    postback: Dict[str, Any]


class PulledPostbacks(TypedDict, total=False):
    #: ``{"plugin_custom_order_id", "postback"}`` per deposit
    deposits: List[Dict[str, Any]]
    #: ``{"withdrawal_id", "postback"}`` per withdrawal
    withdrawals: List[Dict[str, Any]]


class Paginate(TypedDict, total=False):
    offset: int
    limit: int
    total: int


class PullPostbacksAnswer(TypedDict, total=False):
    status: str
    message: str
    code: int
    data: PulledPostbacks
    paginate: Paginate
