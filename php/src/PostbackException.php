<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * A postback body that cannot be checked at all (not JSON, no signature, nothing signed ...);
 * `reason` names the problem.
 */
class PostbackException extends PaykassmaException
{
    public function __construct(
        string $message,
        string $errorCode = 'malformed_postback',
        ?string $field = null,
        ?\Throwable $previous = null,
        public readonly ?string $reason = null,
    ) {
        parent::__construct($message, $errorCode, $field, $previous);
    }
}
