<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\ValidationException;

/**
 * @internal PHP arrays cross to the core as JSON text that decodes (PHP-style) back to the same
 * values: floats keep a fraction (`1.0` stays a float, so it prints as PHP prints floats) and
 * all their digits, int and numeric-string keys stay ints, other keys stay strings. Objects
 * cross as their JSON form, which is what the gateway decodes and checks the signature against.
 */
final class Json
{
    private const FLAGS = JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
        | JSON_THROW_ON_ERROR;

    /** @param array<mixed> $data (a client's settings among them: kept out of exception traces) */
    public static function encode(#[\SensitiveParameter] array $data, string $field): string
    {
        // Shortest round-trip float digits; a precision below 17 would change the values.
        $precision = ini_get('serialize_precision');
        $restore = $precision !== '-1' && (int) $precision < 17;
        if ($restore) {
            ini_set('serialize_precision', '-1');
        }
        try {
            return json_encode($data, self::FLAGS);
        } catch (\JsonException $e) {
            throw new ValidationException(
                "invalid {$field}: cannot be passed on as JSON ({$e->getMessage()})",
                'validation_error',
                $field,
                $e,
            );
        } finally {
            if ($restore) {
                ini_set('serialize_precision', (string) $precision);
            }
        }
    }
}
