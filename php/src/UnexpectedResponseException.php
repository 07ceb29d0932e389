<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * The gateway answered with something outside its documented shapes (an HTML error page ...):
 * `reason` says what was wrong, `httpStatus` and `body` are the answer's. Unlike Python's and
 * Node's UnexpectedResponseError it is not an ApiException, as it never was.
 */
class UnexpectedResponseException extends PaykassmaException
{
    public function __construct(
        string $message,
        public readonly int $httpStatus,
        public readonly string $body,
        ?\Throwable $previous = null,
        public readonly ?string $reason = null,
    ) {
        parent::__construct($message, 'unexpected_response', null, $previous);
    }
}
