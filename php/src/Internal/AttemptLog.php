<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\ValidationException;

/**
 * Hands the attempts of a client call to the PSR-3 logger given as `logger`: one `debug` line
 * per attempt (method, path, status, attempt, duration), with the fields as context. The library
 * records the attempts; they hold the path without its query (where the secret travels) and no
 * body. Any object with PSR-3's `debug` method is accepted (`Psr\Log\LoggerInterface` or not).
 */
final class AttemptLog
{
    public static function check(mixed $logger): object
    {
        if (!is_object($logger) || !is_callable([$logger, 'debug'])) {
            throw new ValidationException(
                'invalid logger: must be a PSR-3 logger (an object with a debug() method), got ' . get_debug_type($logger),
                'validation_error',
                'logger',
            );
        }
        return $logger;
    }

    /** Logs the attempts of the call this thread just made. A logger that throws changes nothing. */
    public static function forward(object $logger, bool $ffi): void
    {
        try {
            $json = $ffi ? Ffi::lastCallAttempts() : Extension::lastCallAttempts();
            foreach (json_decode($json, true, 8, JSON_THROW_ON_ERROR) as $attempt) {
                $line = $attempt['line'];
                unset($attempt['line'], $attempt['phase']);
                $logger->debug($line, $attempt);
            }
        } catch (\Throwable) {
            // Logging must never change a payment call's result or hide its exception.
        }
    }
}
