<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/**
 * `activateTransaction`, `activatePossibleTransaction`: `status` is `ok`, `pending` or
 * `possible_transaction_created`; `outcome` (on `activateTransaction`) names what happened:
 * `activated`, `stockpiled`, `pending` or `possible_transaction_created`.
 */
final class Activation extends Answer
{
    public readonly string $status;
    public readonly ?string $outcome;
    public readonly ?string $message;
    /** Whether the deposit was credited now (false while it stockpiles below the minimum). */
    public readonly ?bool $deposit;
    public readonly int|float|string|null $depositAmount;
    public readonly ?string $currencyCode;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $this->outcome = self::optStr($raw, 'outcome');
        $this->message = self::optStr($raw, 'message');
        $this->deposit = isset($raw['deposit']) ? self::bool($raw, 'deposit') : null;
        $this->depositAmount = isset($raw['deposit_amount']) ? self::amount($raw, 'deposit_amount') : null;
        $this->currencyCode = isset($raw['currency']) ? self::str(self::arr($raw, 'currency'), 'code', 'currency.') : null;
    }
}
