<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `saveTransactionCustomId`, `createPayment`: `{"status": "ok"}`. */
final class Status extends Answer
{
    public readonly string $status;
    public readonly ?string $message;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $this->message = self::optStr($raw, 'message');
    }
}
