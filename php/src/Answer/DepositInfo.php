<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `depositInfo`: what the user has stockpiled below the minimum deposit. */
final class DepositInfo extends Answer
{
    public readonly string $status;
    public readonly int|float|string $stockpilingSum;
    public readonly int|float|string $lacksSum;
    public readonly int|float|string $minimumDeposit;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $this->stockpilingSum = self::amount($raw, 'stockpiling_sum');
        $this->lacksSum = self::amount($raw, 'lacks_sum');
        $this->minimumDeposit = self::amount($raw, 'minimum_deposit');
    }
}
