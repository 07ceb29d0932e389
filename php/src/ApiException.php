<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * The gateway answered and refused the request. `status` is the gateway's status (`fail`,
 * `error`, or `not_found` for the bare 404 of a bad secret), `httpStatus` the HTTP status, `body`
 * the raw answer, `gatewayCode` its numeric code when it sent one, `gatewayMessage` its message,
 * `fieldErrors` its per-field messages (`['withdrawals_sum_amount' => ['Insufficient balance']]`).
 */
class ApiException extends PaykassmaException
{
    /** @param array<string, list<string>> $fieldErrors */
    public function __construct(
        string $message,
        public readonly string $status,
        public readonly int $httpStatus,
        public readonly string $body,
        public readonly ?int $gatewayCode = null,
        public readonly array $fieldErrors = [],
        ?\Throwable $previous = null,
        public readonly ?string $gatewayMessage = null,
    ) {
        parent::__construct($message, 'api_error', null, $previous);
    }
}
