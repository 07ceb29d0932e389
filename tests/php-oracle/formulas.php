<?php
// The gateway's signature formulas, written as its documents give them: the reference every
// PHP harness includes (the vector generator, the differential oracles, the PHP package's tests,
// the Python tests' oracle, the plain-PHP benchmark). It uses nothing but PHP itself.

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
