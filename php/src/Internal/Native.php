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
 * @internal The one place that talks to libpaykassma: loads it once, calls `pk_*` functions,
 * frees what they return and turns failures into exceptions.
 */
final class Native
{
    private static ?\FFI $ffi = null;

    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** Where the library is: `PAYKASSMA_LIB`, else `lib/` in this package, else the build output. */
    public static function libraryPath(): string
    {
        $env = getenv('PAYKASSMA_LIB');
        if (is_string($env) && $env !== '') {
            return $env;
        }
        $name = match (PHP_OS_FAMILY) {
            'Darwin' => 'libpaykassma.dylib',
            'Windows' => 'paykassma.dll',
            default => 'libpaykassma.so',
        };
        $package = dirname(__DIR__, 2);
        $candidates = [
            $package . '/lib/' . $name,
            dirname($package) . '/target/release/' . $name,
        ];
        foreach ($candidates as $path) {
            if (is_file($path)) {
                return $path;
            }
        }
        throw new PaykassmaException(
            "libpaykassma not found (looked in " . implode(', ', $candidates) . "): build it with "
            . "`cargo build --release -p paykassma-ffi` or set PAYKASSMA_LIB to its path",
        );
    }

    private static function load(): \FFI
    {
        if (!extension_loaded('ffi')) {
            throw new PaykassmaException('the PHP FFI extension is not loaded (install php-ffi, set ffi.enable)');
        }
        $path = self::libraryPath();
        if (!is_file($path)) {
            throw new PaykassmaException("PAYKASSMA_LIB points to {$path}, which is not a file");
        }
        $header = file_get_contents(dirname(__DIR__, 2) . '/include/paykassma-ffi.h');
        try {
            return \FFI::cdef($header, $path);
        } catch (\FFI\Exception $e) {
            throw new PaykassmaException("cannot load libpaykassma from {$path}: {$e->getMessage()}", 'internal', null, $e);
        }
    }

    /**
     * Calls a `pk_*` function whose last parameter is a `char **` out-string, with the given
     * leading arguments, and returns that string. The arguments (private keys among them) are
     * kept out of exception traces.
     */
    public static function callString(string $function, #[\SensitiveParameter] mixed ...$args): string
    {
        $ffi = self::ffi();
        $out = $ffi->new('char*');
        $args[] = \FFI::addr($out);
        $status = $ffi->$function(...$args);
        if ($status !== 0) {
            throw self::lastError();
        }
        try {
            return \FFI::string($out);
        } finally {
            $ffi->pk_string_free($out);
        }
    }

    /** The exception for the last failure on this thread, with the core's message and field. */
    public static function lastError(): PaykassmaException
    {
        $json = self::lastErrorDetails();
        $e = json_decode($json, true);
        if (!is_array($e)) {
            return new PaykassmaException('libpaykassma reported a failure without details');
        }
        $message = (string) $e['message'];
        $field = isset($e['field']) ? (string) $e['field'] : null;
        $code = (string) $e['code'];
        $exception = match ($code) {
            'validation_error', 'invalid_utf8', 'null_pointer' => new ValidationException($message, $code, $field),
            'signature_mismatch' => new SignatureException($message, $code, $field),
            'malformed_postback' => new PostbackException($message, $code, $field),
            'api_error' => new ApiException(
                $message,
                (string) $e['status'],
                (int) $e['http_status'],
                (string) $e['body'],
                isset($e['gateway_code']) ? (int) $e['gateway_code'] : null,
                is_array($e['field_errors'] ?? null) ? $e['field_errors'] : [],
            ),
            'unexpected_response' => new UnexpectedResponseException($message, (int) $e['http_status'], (string) $e['body']),
            'transport_error' => new TransportException($message, (string) ($e['kind'] ?? 'io')),
            'ambiguous_retry' => new AmbiguousRetryException($message, (string) $e['id_field'], (string) $e['id']),
            default => new PaykassmaException($message, $code, $field),
        };
        return $exception->withWithdrawalId(isset($e['withdrawal_id']) ? (string) $e['withdrawal_id'] : null);
    }

    private static function lastErrorDetails(): string
    {
        $ffi = self::ffi();
        $out = $ffi->new('char*');
        if ($ffi->pk_last_error_details(\FFI::addr($out)) !== 0) {
            return 'null';
        }
        try {
            return \FFI::string($out);
        } finally {
            $ffi->pk_string_free($out);
        }
    }
}
