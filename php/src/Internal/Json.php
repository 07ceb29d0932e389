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

    /** As deep as the other bindings read data (and json_decode reads JSON). */
    private const MAX_DEPTH = 512;

    /**
     * The JSON text of data to sign. The signature sees each value only through PHP's string
     * conversion (`multiImplode`), so a value JSON cannot write crosses as that very string and
     * signs exactly as PHP's formula signs it: INF, -INF and NAN as "INF", "-INF", "NAN", an object
     * with `__toString` as its string. An object with a JSON form of its own (JsonSerializable, a
     * backed enum, stdClass) signs as that form, which is what the gateway decodes from a body.
     * Any other object (a Closure, a class instance) is refused, as PHP's `(string)` refuses it;
     * so are strings that are not UTF-8, which no JSON text can carry. Errors name where the value
     * is: `a.b`, `items[0]`, `data[1]` for an item of a top-level list.
     *
     * @param array<mixed> $data
     */
    public static function forSigning(#[\SensitiveParameter] array $data): string
    {
        try {
            $signable = self::signable($data, 0);
            try {
                return self::encode($signable, 'data');
            } catch (ValidationException $e) {
                self::checkUtf8($signable); // names the string json_encode refused, if that was it
                throw $e;
            }
        } catch (Unsignable $e) {
            $at = $e->path();
            throw new ValidationException("invalid {$at}: {$e->getMessage()}", 'validation_error', $at);
        }
    }

    /** @param array<mixed> $data */
    private static function signable(array $data, int $depth): array
    {
        if ($depth >= self::MAX_DEPTH) {
            throw self::tooDeep();
        }
        try {
            foreach ($data as $key => $value) {
                // Strings, ints, bools, null and finite floats pass as they are.
                if (is_array($value)) {
                    $signable = self::signable($value, $depth + 1);
                } elseif (is_object($value)) {
                    $signable = self::value($value, $depth + 1);
                } elseif (is_float($value) && !is_finite($value)) {
                    $signable = (string) $value;
                } else {
                    continue;
                }
                if ($signable !== $value) {
                    $data[$key] = $signable;
                }
            }
        } catch (Unsignable $e) {
            throw $e->within(array_is_list($data), $key);
        }
        return $data;
    }

    /** A value as it signs: what JSON cannot write becomes the string PHP's formula sees. */
    private static function value(mixed $value, int $depth): mixed
    {
        if ($depth >= self::MAX_DEPTH) {
            throw self::tooDeep();
        }
        return match (true) {
            is_array($value) => self::signable($value, $depth),
            is_float($value) => is_finite($value) ? $value : (string) $value,
            !is_object($value) => $value,
            $value instanceof \JsonSerializable => self::value($value->jsonSerialize(), $depth + 1),
            $value instanceof \BackedEnum => $value->value,
            $value instanceof \Stringable => (string) $value,
            $value instanceof \stdClass => self::signable(get_object_vars($value), $depth),
            default => throw new Unsignable(get_debug_type($value) . " has no string form (PHP's (string) cannot convert it) and no JSON form of its own"),
        };
    }

    private static function tooDeep(): Unsignable
    {
        return new Unsignable('nested deeper than ' . self::MAX_DEPTH . ' levels (does it hold itself?)');
    }

    /** Throws for the first key or string that is not UTF-8; a key is named by its array. */
    private static function checkUtf8(array $data): void
    {
        foreach ($data as $key => $value) {
            if (is_string($key) && !preg_match('//u', $key)) {
                throw new Unsignable('holds a key that is not valid UTF-8, which no JSON text can carry');
            }
            try {
                if (is_string($value) && !preg_match('//u', $value)) {
                    throw new Unsignable('not valid UTF-8, which no JSON text can carry');
                }
                if (is_array($value)) {
                    self::checkUtf8($value);
                }
            } catch (Unsignable $e) {
                throw $e->within(array_is_list($data), $key);
            }
        }
    }

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
