<?php
declare(strict_types=1);

namespace Paykassma;

/** Input refused before anything was computed or sent; `getField()` names it, `reason` says why. */
class ValidationException extends PaykassmaException
{
    public function __construct(
        string $message,
        string $errorCode = 'validation_error',
        ?string $field = null,
        ?\Throwable $previous = null,
        public readonly ?string $reason = null,
    ) {
        parent::__construct($message, $errorCode, $field, $previous);
    }
}
