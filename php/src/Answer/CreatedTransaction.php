<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `createTransaction`: the account the user pays into. */
final class CreatedTransaction extends Answer
{
    public readonly string $status;
    public readonly string $identifier;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $this->identifier = self::str(self::arr($raw, 'params'), 'identifier', 'params.');
    }
}
