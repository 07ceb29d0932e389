<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `createWithdrawal`, `createLegacyWithdrawal`: the id sent (yours, or generated before the first attempt). */
final class CreatedWithdrawal extends Answer
{
    public readonly string $withdrawalId;
    /** `ok` (the legacy answer's numeric status as text). */
    public readonly ?string $status;

    protected function read(array $raw): void
    {
        $this->withdrawalId = self::str($raw, 'withdrawal_id');
        $status = $raw['status'] ?? null;
        $this->status = $status === null ? null : (string) $status;
    }
}
