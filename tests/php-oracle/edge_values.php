<?php
// The data trees of tests/vectors/edge_inputs.json as PHP values (the vocabulary is in
// tests/README.md). Shared by the generator, which has real PHP sign them, and by the PHP
// package's test, which hands them to Sdk::sign.

declare(strict_types=1);

/** The columns of the file, in order. */
const EDGE_BINDINGS = ['python', 'node', 'php', 'c'];

/** A tree PHP has no value for: an integer beyond 64 bits. */
final class NotInPhp extends Exception
{
}

/** An object with a public field and neither a string nor a JSON form of its own. */
final class EdgeAmount
{
    public int $units = 1000;
}

/** An object whose string form is given (PHP's `implode` uses it). */
final class EdgeStringable
{
    public function __construct(private string $text)
    {
    }

    public function __toString(): string
    {
        return $this->text;
    }
}

/** @throws NotInPhp */
function edge_php_value(array $tree): mixed
{
    return match ($tree[0]) {
        'map' => edge_php_map($tree[1]),
        'list' => array_map('edge_php_value', $tree[1]),
        'null' => null,
        'bool' => $tree[1],
        'string' => $tree[1],
        'utf16' => edge_utf16_bytes($tree[1]),
        'bytes' => hex2bin($tree[1]),
        'int' => filter_var($tree[1], FILTER_VALIDATE_INT) === false
            ? throw new NotInPhp("{$tree[1]} does not fit a PHP int")
            : (int) $tree[1],
        'float' => match ($tree[1]) {
            'INF' => INF,
            '-INF' => -INF,
            'NAN' => NAN,
            default => (float) $tree[1],
        },
        'function' => fn () => 1,
        'object' => new EdgeAmount(),
        'stringable' => new EdgeStringable($tree[1]),
    };
}

/** A key is a string, or a utf16/bytes tree: either way a PHP string (numeric ones become ints). */
function edge_php_map(array $pairs): array
{
    $out = [];
    foreach ($pairs as [$key, $value]) {
        $out[is_array($key) ? edge_php_value($key) : $key] = edge_php_value($value);
    }
    return $out;
}

/** Each UTF-16 code unit in its own UTF-8 form: a lone surrogate gives bytes that are not UTF-8. */
function edge_utf16_bytes(array $units): string
{
    $out = '';
    foreach ($units as $u) {
        $out .= match (true) {
            $u < 0x80 => chr($u),
            $u < 0x800 => chr(0xC0 | $u >> 6) . chr(0x80 | $u & 0x3F),
            default => chr(0xE0 | $u >> 12) . chr(0x80 | $u >> 6 & 0x3F) . chr(0x80 | $u & 0x3F),
        };
    }
    return $out;
}

/** True when the whole data is JSON text (a string, or bytes) rather than a map or a list. */
function edge_is_text(array $tree): bool
{
    return in_array($tree[0], ['string', 'utf16', 'bytes'], true);
}
