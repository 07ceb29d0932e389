<?php
// The plain-PHP side of the benchmarks: the formulas a merchant copies from the documents, from
// the one file every PHP harness includes. plain_verify is verifying as a merchant writes it:
// decode, re-encode the signed list, compare in constant time; it returns the decoded body.
declare(strict_types=1);

require dirname(__DIR__, 2) . '/tests/php-oracle/formulas.php';

function plain_verify(string $body, string $key): array
{
    $b = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
    $signed = $b['additional_data'] ?? $b['transactions'] ?? throw new RuntimeException('nothing signed');
    if (!hash_equals((string) postback_signature($b['access_key'], $key, $signed), (string) $b['signature'])) {
        throw new RuntimeException('signature mismatch');
    }
    return $b;
}
