<?php
// The plain-PHP formulas a merchant copies from the documents, timed beside the SDK by the
// benchmarks: sign with ksort and multiImplode; decode, re-encode the signed list and compare in
// constant time. plain_verify returns the decoded body.
declare(strict_types=1);

function plain_sign(array $data, string $key): string
{
    unset($data['signature']);
    ksort($data);
    return sha1($key . md5(plain_implode(':', $data)));
}

function plain_implode(string $glue, array $array): string
{
    $fin = [];
    foreach ($array as $val) {
        $fin[] = is_array($val) ? plain_implode($glue, $val) : $val;
    }
    return implode($glue, $fin);
}

/** Decode, re-encode the signed list, compare in constant time; the signed entries. */
function plain_verify(string $body, string $key): array
{
    $b = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
    $signed = $b['additional_data'] ?? $b['transactions'] ?? throw new RuntimeException('nothing signed');
    $want = sha1($b['access_key'] . $key . md5(json_encode($signed, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)));
    if (!hash_equals($want, (string) $b['signature'])) {
        throw new RuntimeException('signature mismatch');
    }
    return $b;
}
