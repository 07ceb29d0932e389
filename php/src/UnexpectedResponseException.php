<?php
declare(strict_types=1);

namespace Paykassma;

/** The gateway answered with something outside its documented shapes (an HTML error page ...). */
class UnexpectedResponseException extends PaykassmaException
{
    public function __construct(
        string $message,
        public readonly int $httpStatus,
        public readonly string $body,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, 'unexpected_response', null, $previous);
    }
}
