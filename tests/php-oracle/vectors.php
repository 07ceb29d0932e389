<?php
// The shared vector files of tests/vectors/, computed by PHP from the curated cases below.
//
//   php tests/php-oracle/vectors.php           rewrite the files
//   php tests/php-oracle/vectors.php --check   recompute them; exit 1 if a checked-in file differs
//
// Every expected result is PHP's own answer (json_decode, ksort, (string), json_encode and the
// two documented signature formulas). The only expectations PHP cannot give are the SDK's own
// rules for postbacks (kind, idempotency key, and refusing a well-signed but unusable body); those
// are written out in postback_cases() and marked as such in each case's comment.

declare(strict_types=1);
require __DIR__ . '/common.php';
require __DIR__ . '/vector_cases.php';
require __DIR__ . '/edge_values.php';

const EDGE_TABLE_START = "<!-- edge-inputs table: written by php tests/php-oracle/vectors.php -->\n";
const EDGE_TABLE_END = "<!-- end of edge-inputs table -->";

$check = in_array('--check', $argv, true);
$dir = dirname(__DIR__) . '/vectors';
$files = [
    'sign.json' => ['request_signature', 'sha1(key . md5(multiImplode(":", ksort(json_decode(json, true) without "signature")))), lowercase hex', sign_vectors()],
    'postback.json' => ['postback_verification', 'valid when signature == sha1(access_key . private_key . md5(json_encode(additional_data or transactions, JSON_UNESCAPED_SLASHES|JSON_UNESCAPED_UNICODE))) (signature_form "current") or the same with no flags, the earlier page\'s toJson() (signature_form "legacy"); kind and idempotency_key are the SDK\'s', postback_vectors()],
    'php_string.json' => ['php_string_conversion', '(string) of json_decode(json, true) with precision=14, as implode() writes it', string_vectors()],
    'json_encode.json' => ['json_encode', 'json_encode(json_decode(json, false), JSON_UNESCAPED_SLASHES|JSON_UNESCAPED_UNICODE) with serialize_precision=-1; objects stay objects', encode_vectors()],
    'ksort.json' => ['ksort', 'array_keys after ksort(json_decode(json, true)) with the default flag; int keys are JSON numbers', ksort_vectors()],
    'edge_inputs.json' => ['edge_inputs', 'sign(data, key) in each binding for inputs at the edge of what PHP data can hold: the data as a tree each binding builds its own value from (see tests/README.md), and per binding the signature PHP computes or the error it gets; n/a where the host cannot express the input', $edges = edge_vectors()],
    'json_decode.json' => ['json_decode', 'json_decode(json, true) with depth 512: the value as a typed tree (see tests/README.md), "decodes": true for deep values, or json_last_error_msg()', decode_vectors()],
];

$stale = [];
foreach ($files as $name => [$algorithm, $description, $cases]) {
    $ids = array_column($cases, 'id');
    if (count($ids) !== count(array_unique($ids))) {
        fail("$name: duplicate case ids");
    }
    // One case per line: small, readable and diff-friendly even for deeply nested cases.
    $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;
    $lines = array_map(fn($case) => json_encode($case, $flags, 4096), $cases);
    $text = '{"algorithm":' . json_encode($algorithm) . ",\n\"description\":" . json_encode($description, $flags)
        . ",\n\"cases\":[\n" . implode(",\n", $lines) . "\n]}\n";
    $path = "$dir/$name";
    if ($check) {
        if (!is_file($path) || file_get_contents($path) !== $text) {
            $stale[] = $name;
        }
    } else {
        file_put_contents($path, $text);
    }
    echo sprintf("%-17s %4d cases\n", $name, count($cases));
}
// The edge-inputs table of tests/README.md is written from the same cases.
$readme = dirname(__DIR__) . '/README.md';
$current = file_get_contents($readme);
$updated = with_edge_table($current, edge_table($edges));
if ($check && $updated !== $current) {
    $stale[] = 'edge-inputs table of tests/README.md';
} elseif (!$check) {
    file_put_contents($readme, $updated);
}
if ($stale) {
    fwrite(STDERR, 'PHP disagrees with the checked-in ' . implode(', ', $stale) . "; run php tests/php-oracle/vectors.php and review the diff\n");
    exit(1);
}
echo $check ? "vectors: PHP agrees with every checked-in expectation\n" : "vectors written to tests/vectors/\n";

function decoded(string $json, bool $assoc = true)
{
    $v = json_decode($json, $assoc);
    if (json_last_error() !== JSON_ERROR_NONE) {
        fail("case JSON does not decode: $json: " . json_last_error_msg());
    }
    return $v;
}

function sign_vectors(): array
{
    $out = [];
    foreach (sign_cases() as [$id, $comment, $key, $json]) {
        $data = decoded($json);
        if (!is_array($data)) {
            fail("sign case $id is not an array");
        }
        $out[] = ['id' => $id, 'comment' => $comment, 'key' => $key, 'json' => $json, 'signature' => request_signature($data, $key)];
    }
    return $out;
}

function string_vectors(): array
{
    $out = [];
    foreach (string_cases() as [$id, $comment, $json]) {
        $v = decoded($json);
        $string = (string) $v;
        if (implode(':', [$v]) !== $string) {
            fail("string case $id: implode and (string) differ");
        }
        $out[] = ['id' => $id, 'comment' => $comment, 'json' => $json, 'type' => get_debug_type($v), 'string' => $string];
    }
    return $out;
}

function encode_vectors(): array
{
    $out = [];
    foreach (encode_cases() as [$id, $comment, $json]) {
        $encoded = json_encode(decoded($json, false), POSTBACK_FLAGS);
        $case = ['id' => $id, 'comment' => $comment, 'json' => $json];
        $case += $encoded === false ? ['error' => json_last_error_msg()] : ['encoded' => $encoded];
        $out[] = $case;
    }
    return $out;
}

function ksort_vectors(): array
{
    $out = [];
    foreach (ksort_cases() as [$id, $comment, $json]) {
        $a = decoded($json);
        ksort($a);
        $out[] = ['id' => $id, 'comment' => $comment, 'json' => $json, 'sorted_keys' => array_keys($a)];
    }
    return $out;
}

function decode_vectors(): array
{
    $out = [];
    foreach (decode_cases() as [$id, $comment, $json]) {
        $case = ['id' => $id, 'comment' => $comment, 'json' => $json];
        $assoc = json_decode($json, true);
        if (json_last_error() !== JSON_ERROR_NONE) {
            $case['error'] = json_last_error_msg();
        } else {
            // The object/list shape comes from a second decode that keeps objects.
            $objects = json_decode($json, false);
            if (json_last_error() !== JSON_ERROR_NONE) {
                fail("decode case $id: no object decoding: " . json_last_error_msg());
            }
            // Deep trees would defeat JSON readers' recursion limits: only say it decodes.
            $case += nesting($assoc) > 32 ? ['decodes' => true] : ['value' => tree($assoc, $objects)];
        }
        $out[] = $case;
    }
    return $out;
}

function nesting($v): int
{
    return is_array($v) ? 1 + max([0, ...array_map('nesting', $v)]) : 0;
}

// A typed, language-neutral picture of a decoded value:
// ["null"], ["bool", b], ["int", n], ["float", "%.17g" | "INF" | "-INF"], ["string", s],
// ["array", "object"|"list", [[key, value], ...]] with int keys as JSON numbers.
function tree($v, $shape): array
{
    return match (true) {
        $v === null => ['null'],
        is_bool($v) => ['bool', $v],
        is_int($v) => ['int', $v],
        is_float($v) => ['float', is_infinite($v) ? ($v > 0 ? 'INF' : '-INF') : sprintf('%.17g', $v)],
        is_string($v) => ['string', $v],
        default => ['array', $shape instanceof stdClass ? 'object' : 'list', array_map(
            fn($k) => [$k, tree($v[$k], $shape instanceof stdClass ? ($shape->{(string) $k} ?? null) : $shape[$k])],
            array_keys($v),
        )],
    };
}

function postback_vectors(): array
{
    $out = [];
    foreach (postback_cases() as $case) {
        [$valid, $errorCode] = postback_verdict($case['body'], $case['private_key']);
        $sdk = $case['sdk_refuses'] ?? null;
        if ($sdk !== null) {
            if (!$valid) {
                fail("postback case {$case['id']}: the SDK-rule case must be well signed");
            }
            [$valid, $errorCode] = [false, $sdk];
        }
        $v = ['id' => $case['id'], 'comment' => $case['comment'], 'private_key' => $case['private_key'], 'body' => $case['body'], 'valid' => $valid];
        if ($valid) {
            $d = json_decode($case['body'], false);
            $list = property_exists($d, 'additional_data') ? $d->additional_data : $d->transactions;
            $v['kind'] = entry_kind($list[0]);
            $v['idempotency_key'] = idempotency_key($list, $v['kind']);
            $v['signature_form'] = postback_form($case['body'], $case['private_key']);
        } else {
            $v['error_code'] = $errorCode;
        }
        $out[] = $v;
    }
    return $out;
}

// PHP's verdict, with the SDK's two error codes: a body that cannot be checked at all is
// malformed; a checkable one whose signature differs is a mismatch.
function postback_verdict(string $body, string $private): array
{
    $d = json_decode($body, false);
    $malformed = [false, 'malformed_postback'];
    if (!($d instanceof stdClass) || !isset($d->signature, $d->access_key) || !is_string($d->signature) || !is_string($d->access_key)) {
        return $malformed;
    }
    if (!preg_match('/\A[0-9a-fA-F]{40}\z/', $d->signature)) {
        return $malformed;
    }
    $list = property_exists($d, 'additional_data') ? $d->additional_data : ($d->transactions ?? null);
    if (!is_array($list) || json_encode($list, POSTBACK_FLAGS) === false) {
        return $malformed;
    }
    return verify_postback($body, $private) ? [true, null] : [false, 'signature_mismatch'];
}

// The SDK's reading of an entry (mirrors core/src/postback/entry.rs): empty strings and nulls
// are absent; a withdrawal names a withdrawal id or status.
function text_of($v): ?string
{
    return match (true) {
        $v === null, $v === '' => null,
        is_string($v) => $v,
        is_bool($v) => $v ? 'true' : 'false',
        default => json_encode($v),
    };
}

function entry_kind(stdClass $e): string
{
    return text_of($e->withdrawal_id ?? null) !== null || text_of($e->withdrawal_status ?? null) !== null ? 'withdrawal' : 'deposit';
}

function idempotency_key(array $list, string $kind): string
{
    $parts = [];
    foreach ($list as $e) {
        if ($kind === 'withdrawal') {
            $id = text_of($e->withdrawal_id ?? null);
            $state = text_of($e->withdrawal_status ?? null) ?? 'pending';
            $part = $id === null ? null : "withdrawal:$id:$state";
        } else {
            $id = text_of($e->transaction_id ?? null) ?? text_of($e->plugin_custom_order_id ?? null) ?? text_of($e->stockpiling_id ?? null);
            $part = $id === null ? null : 'deposit:' . (text_of($e->wallet_type ?? null) ?? '') . ":$id";
        }
        if ($part === null) {
            return "$kind:signed:" . md5(json_encode($list, POSTBACK_FLAGS));
        }
        $parts[] = $part;
    }
    return implode('|', $parts);
}

function edge_vectors(): array
{
    $out = [];
    foreach (edge_cases() as [$id, $comment, $data, $outcomes]) {
        $key = 'edge-private-key';
        $expect = [];
        foreach (EDGE_BINDINGS as $i => $binding) {
            $expect[$binding] = edge_outcome("$id/$binding", $binding, $outcomes[$i], $data, $key);
        }
        $out[] = ['id' => $id, 'comment' => $comment, 'key' => $key, 'data' => $data, 'expect' => $expect];
    }
    return $out;
}

/**
 * What one binding gets, with PHP's signature where it signs. A refusal in the PHP or C column
 * must be PHP's too: its formula throws, or json_decode / json_encode refuses the input (so no
 * JSON body can carry it to the gateway).
 */
function edge_outcome(string $where, string $binding, $outcome, array $data, string $key)
{
    $isText = edge_is_text($data);
    try {
        $php = edge_php_value($data);
        $inPhp = true;
    } catch (NotInPhp) {
        [$php, $inPhp] = [null, false];
    }
    // PHP can tell for itself and for C; the Python and Node tests check their own n/a.
    $expressible = match ($binding) {
        'php' => $inPhp,
        'c' => $isText,
        default => null,
    };
    if ($outcome === 'n/a') {
        if ($expressible === true) {
            fail("$where: n/a, but this host can express the input");
        }
        return 'n/a';
    }
    if ($expressible === false) {
        fail("$where: this host cannot express the input: the outcome must be n/a");
    }
    if ($outcome === 'sign' || $outcome[0] === 'sign_as') {
        if ($outcome === 'sign' && !$inPhp) {
            fail("$where: PHP has no such value: say what it signs as (sign_as)");
        }
        $signed = $outcome === 'sign' ? $php : $outcome[1];
        if ($outcome !== 'sign' || $isText) {
            $signed = decoded($signed);
        }
        if (!is_array($signed)) {
            fail("$where: the signed data is not an array");
        }
        $d = $signed;
        unset($d['signature']);
        ksort($d);
        $string = multiImplode(':', $d);
        $signature = request_signature($signed, $key);
        if ($signature !== sha1($key . md5($string))) {
            fail("$where: the signing string does not give the signature");
        }
        return ['signing_string' => $string, 'signature' => $signature];
    }
    [, $class, $field, $code] = $outcome;
    if (in_array($binding, ['php', 'c'], true) && !php_refuses($php, $isText, $key)) {
        fail("$where: the SDK refuses what PHP signs and JSON can carry");
    }
    return ['error' => $class, 'code' => $code, 'field' => $field];
}

function php_refuses($value, bool $isText, string $key): bool
{
    if ($isText) {
        return !is_array(json_decode($value, true));
    }
    try {
        request_signature($value, $key);
    } catch (Throwable) {
        return true;
    }
    return json_encode($value) === false;
}

/** The markdown table of tests/README.md: one row per edge input, what each binding gets. */
function edge_table(array $cases): string
{
    $cell = fn($o) => match (true) {
        $o === 'n/a' => 'n/a',
        isset($o['signature']) => '`' . $o['signing_string'] . '`',
        default => "{$o['error']} `{$o['field']}`" . ($o['code'] === 'validation_error' ? '' : " ({$o['code']})"),
    };
    $rows = ["| input | Python | Node | PHP | C (text) | why |", '|---|---|---|---|---|---|'];
    foreach ($cases as $c) {
        $cells = [edge_render($c['data'], true), ...array_map($cell, $c['expect']), $c['comment']];
        $rows[] = '| ' . implode(' | ', array_map(fn($x) => str_replace('|', '\|', $x), $cells)) . ' |';
    }
    return implode("\n", $rows) . "\n";
}

/** A tree written for a reader: `{"amount": INF}`, `b"\xff"`, JSON text as `text {...}`. */
function edge_render(array $tree, bool $top = false): string
{
    $quote = fn(string $s) => json_encode($s, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    $text = match ($tree[0]) {
        'map' => '{' . implode(', ', array_map(fn($p) => (is_array($p[0]) ? edge_render($p[0]) : $quote($p[0])) . ': ' . edge_render($p[1]), $tree[1])) . '}',
        'list' => '[' . implode(', ', array_map('edge_render', $tree[1])) . ']',
        'null' => 'null',
        'bool' => $tree[1] ? 'true' : 'false',
        'string' => $top ? $tree[1] : $quote($tree[1]),
        'utf16' => ($top ? '' : '"') . implode('', array_map(fn($u) => $u >= 0x20 && $u < 0x7F ? chr($u) : sprintf('\u{%X}', $u), $tree[1])) . ($top ? '' : '"'),
        'bytes' => ($top ? '' : 'b"') . implode('', array_map(fn($b) => $b >= 0x20 && $b < 0x7F ? chr($b) : sprintf('\x%02x', $b), array_values(unpack('C*', hex2bin($tree[1])) ?: []))) . ($top ? '' : '"'),
        'int' => strlen($tree[1]) > 30 ? '10**' . (strlen($tree[1]) - 1) : $tree[1],
        'float' => $tree[1],
        'function' => 'a function',
        'object' => 'an object',
        'stringable' => 'an object whose string form is ' . $quote($tree[1]),
    };
    if (!$top || !edge_is_text($tree)) {
        return $top ? "`$text`" : $text;
    }
    return ($tree[0] === 'bytes' ? 'JSON bytes' : 'JSON text') . " `$text`";
}

function with_edge_table(string $readme, string $table): string
{
    $start = strpos($readme, EDGE_TABLE_START);
    $end = strpos($readme, EDGE_TABLE_END);
    if ($start === false || $end === false || $end < $start) {
        fail('tests/README.md has no edge-inputs table markers');
    }
    $start += strlen(EDGE_TABLE_START);
    return substr($readme, 0, $start) . $table . substr($readme, $end);
}
