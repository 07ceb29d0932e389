<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `accountsBalance`: the merchant's balance per payment system and currency. */
final class AccountsBalance extends Answer
{
    public readonly string $status;
    /** @var list<Balance> */
    public readonly array $balances;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $this->balances = array_map(
            static fn (mixed $b) => Balance::from(is_array($b) ? $b : []),
            array_values(self::arr(self::arr($raw, 'data'), 'balances', 'data.')),
        );
    }
}
