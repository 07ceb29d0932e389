<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\AmbiguousRetryException;
use Paykassma\ApiException;
use Paykassma\PaykassmaException;
use Paykassma\PostbackException;
use Paykassma\SignatureException;
use Paykassma\TransportException;
use Paykassma\UnexpectedResponseException;
use Paykassma\ValidationException;

/**
 * @internal The public exception for a failure of libpaykassma, from its details (the keys of
 * `pk_last_error_details`: `code`, `message`, `field`, and per kind `status`, `http_status` ...),
 * whichever backend reported it.
 */
final class Errors
{
    /** @param mixed $e the decoded details */
    public static function fromDetails(mixed $e): PaykassmaException
    {
        if (!is_array($e) || !isset($e['code'], $e['message'])) {
            return new PaykassmaException('libpaykassma reported a failure without details');
        }
        $message = (string) $e['message'];
        $field = isset($e['field']) ? (string) $e['field'] : null;
        $code = (string) $e['code'];
        $reason = isset($e['reason']) ? (string) $e['reason'] : null;
        $exception = match ($code) {
            'validation_error', 'invalid_utf8', 'null_pointer' => new ValidationException($message, $code, $field, null, $reason),
            'signature_mismatch' => new SignatureException($message, $code, $field),
            'malformed_postback' => new PostbackException($message, $code, $field, null, $reason),
            'api_error' => new ApiException(
                $message,
                (string) $e['status'],
                (int) $e['http_status'],
                (string) $e['body'],
                isset($e['gateway_code']) ? (int) $e['gateway_code'] : null,
                is_array($e['field_errors'] ?? null) ? $e['field_errors'] : [],
                null,
                isset($e['gateway_message']) ? (string) $e['gateway_message'] : null,
            ),
            'unexpected_response' => new UnexpectedResponseException($message, (int) $e['http_status'], (string) $e['body'], null, $reason),
            'transport_error' => new TransportException($message, (string) ($e['kind'] ?? 'io')),
            'ambiguous_retry' => new AmbiguousRetryException($message, (string) $e['id_field'], (string) $e['id']),
            default => new PaykassmaException($message, $code, $field),
        };
        return $exception->withWithdrawalId(isset($e['withdrawal_id']) ? (string) $e['withdrawal_id'] : null);
    }
}
