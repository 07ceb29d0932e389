<?php
// The gateway's two signature formulas, written as its documentation gives them, plus the
// JSON-lines helpers the harness scripts share. This is the reference the Rust core is checked
// against, so it uses nothing but PHP itself.

declare(strict_types=1);

// The defaults of a stock PHP 8 (and of `php -n`); set explicitly so a local php.ini cannot
// change what "PHP's answer" means.
ini_set('precision', '14');
ini_set('serialize_precision', '-1');

const POSTBACK_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

// As in the general API page: values joined by ':' after a top-level ksort, nested arrays
// imploded recursively in their own order.
function multiImplode($glue, $array): string
{
    $finArray = [];
    foreach ($array as $val) {
        $finArray[] = is_array($val) ? multiImplode($glue, $val) : $val;
    }
    return implode($glue, $finArray);
}

function request_signature(array $data, string $privateKey): string
{
    unset($data['signature']);
    ksort($data);
    return sha1($privateKey . md5(multiImplode(':', $data)));
}

// sha1($postback_access_key . $postback_private_access_key . md5(toJson(UNESCAPED_SLASHES|UNESCAPED_UNICODE)))
// over the signed list; null when PHP cannot encode it (INF or NAN inside).
// $flags: POSTBACK_FLAGS for today's page; 0 for the earlier page's `$transactions->toJson()`.
function postback_signature(string $accessKey, string $privateKey, $signedList, int $flags = POSTBACK_FLAGS): ?string
{
    $json = json_encode($signedList, $flags);
    return $json === false ? null : sha1($accessKey . $privateKey . md5($json));
}

// What a merchant's PHP does with a raw postback body. Objects are decoded as objects so that
// an empty `{}` stays `{}` when re-encoded, as the gateway signed it.
function verify_postback(string $body, string $privateKey): bool
{
    return postback_form($body, $privateKey) !== null;
}

// Which published form the body's signature matches: 'current' (the documented flags), 'legacy'
// (no flags: \/ and \uXXXX), or null for none. A list both forms write alike is 'current'.
function postback_form(string $body, string $privateKey): ?string
{
    $d = json_decode($body, false);
    if (!($d instanceof stdClass)) {
        return null;
    }
    if (!isset($d->signature, $d->access_key) || !is_string($d->signature) || !is_string($d->access_key)) {
        return null;
    }
    $list = property_exists($d, 'additional_data') ? $d->additional_data : ($d->transactions ?? null);
    if (!is_array($list)) {
        return null;
    }
    foreach (['current' => POSTBACK_FLAGS, 'legacy' => 0] as $form => $flags) {
        $expected = postback_signature($d->access_key, $privateKey, $list, $flags);
        if ($expected !== null && hash_equals($expected, $d->signature)) {
            return $form;
        }
    }
    return null;
}

function json_line($value): string
{
    $line = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
    if ($line === false) {
        fail('cannot encode an output line: ' . json_last_error_msg());
    }
    return $line . "\n";
}

/** @return iterable<int, array> every JSON line of a file, decoded as arrays */
function read_lines(string $path): iterable
{
    $f = fopen($path, 'rb') ?: fail("cannot open $path");
    $n = 0;
    while (($line = fgets($f)) !== false) {
        $n++;
        if (trim($line) === '') {
            continue;
        }
        $record = json_decode($line, true);
        if (!is_array($record)) {
            fail("$path line $n is not a JSON object: " . json_last_error_msg());
        }
        yield $n => $record;
    }
    fclose($f);
}

function fail(string $message): never
{
    fwrite(STDERR, $message . "\n");
    exit(2);
}
