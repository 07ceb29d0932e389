<?php
declare(strict_types=1);

namespace Paykassma\Answer;

use Paykassma\UnexpectedResponseException;

/**
 * A gateway answer as a class with typed readonly properties, built from the array a Client
 * method returned: `CreatedWithdrawal::from($client->createWithdrawal($params))->withdrawalId`.
 * `$raw` keeps the whole answer as the gateway sent it (keys the class does not name included).
 * An answer without a key the class needs, or with a value of another type, throws
 * UnexpectedResponseException naming the key.
 */
abstract class Answer
{
    /** @param array<string, mixed> $raw */
    final public function __construct(public readonly array $raw)
    {
        $this->read($raw);
    }

    /** @param array<string, mixed> $raw */
    public static function from(array $raw): static
    {
        return new static($raw);
    }

    /** Sets the properties from the answer. @param array<string, mixed> $raw */
    abstract protected function read(array $raw): void;

    protected static function str(array $a, string $key, string $at = ''): string
    {
        $v = self::need($a, $key, $at);
        return is_string($v) ? $v : throw self::wrong($at . $key, 'a string', $v);
    }

    protected static function optStr(array $a, string $key, string $at = ''): ?string
    {
        $v = $a[$key] ?? null;
        return $v === null || is_string($v) ? $v : throw self::wrong($at . $key, 'a string or null', $v);
    }

    protected static function int(array $a, string $key, string $at = ''): int
    {
        $v = self::need($a, $key, $at);
        return is_int($v) ? $v : throw self::wrong($at . $key, 'an integer', $v);
    }

    /** An amount as the gateway wrote it: int, float or decimal string. */
    protected static function amount(array $a, string $key, string $at = ''): int|float|string
    {
        $v = self::need($a, $key, $at);
        return is_int($v) || is_float($v) || is_string($v) ? $v : throw self::wrong($at . $key, 'an amount', $v);
    }

    protected static function bool(array $a, string $key, string $at = ''): bool
    {
        $v = self::need($a, $key, $at);
        return is_bool($v) ? $v : throw self::wrong($at . $key, 'true or false', $v);
    }

    /** @return array<mixed> */
    protected static function arr(array $a, string $key, string $at = ''): array
    {
        $v = self::need($a, $key, $at);
        return is_array($v) ? $v : throw self::wrong($at . $key, 'an array', $v);
    }

    private static function need(array $a, string $key, string $at): mixed
    {
        if (!array_key_exists($key, $a)) {
            throw new UnexpectedResponseException(
                'the answer has no `' . $at . $key . '` for ' . static::class, 200, (string) json_encode($a));
        }
        return $a[$key];
    }

    private static function wrong(string $path, string $want, mixed $got): UnexpectedResponseException
    {
        return new UnexpectedResponseException(
            "the answer's `{$path}` is " . get_debug_type($got) . ", not {$want}, for " . static::class, 200, '');
    }
}
