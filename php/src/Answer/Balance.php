<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** One balance of `AccountsBalance`. */
final class Balance extends Answer
{
    public readonly string $walletType;
    public readonly string $currencyCode;
    public readonly int|float|string $amount;

    protected function read(array $raw): void
    {
        $this->walletType = self::str($raw, 'wallet_type');
        $this->currencyCode = self::str($raw, 'currency_code');
        $this->amount = self::amount($raw, 'amount');
    }
}
