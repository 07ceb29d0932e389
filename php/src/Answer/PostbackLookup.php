<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `getPostback`: the postback the gateway sent (or would send) for one deposit or withdrawal. */
final class PostbackLookup extends Answer
{
    public readonly string $status;
    /** @var array<string, mixed> the postback's body as the gateway would send it */
    public readonly array $postback;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $this->postback = self::arr($raw, 'postback');
    }
}
