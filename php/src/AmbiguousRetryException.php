<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * A retried request was refused because the id it carried (`idField`: `custom_transaction_id` or
 * `withdrawal_id`) was already taken, most likely by the earlier attempt whose answer was lost, and
 * looking the operation up could not tell whether it went through. Never resend with a new id:
 * look `id` up again later (`getPostback`).
 */
class AmbiguousRetryException extends PaykassmaException
{
    public function __construct(
        string $message,
        public readonly string $idField,
        public readonly string $id,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, 'ambiguous_retry', null, $previous);
    }
}
