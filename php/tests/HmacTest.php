<?php
// Sdk::hmacSign and Sdk::hmacVerify, the newer platform's signature, on the shared vectors
// (tests/vectors/hmac.json, signed by the Python oracle) and on PHP arrays.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Sdk;
use Paykassma\SignatureException;
use Paykassma\ValidationException;

$vectors = vector_file('hmac.json');
T::check($vectors !== null && $vectors['algorithm'] === 'hmac_sha512', 'hmac.json is there');
foreach ($vectors['cases'] ?? [] as $case) {
    T::same(Sdk::hmacSign($case['json'], $case['key']), $case['signature'], "vector {$case['id']}");
}
echo 'hmac vectors: ' . count($vectors['cases'] ?? []) . " cases\n";

// A PHP array signs as Python sees the same JSON: a float 1.0 stays a float, an int an int.
$byText = fn(string $json) => Sdk::hmacSign($json, 'k');
T::same(Sdk::hmacSign(['a' => 1.0, 'b' => 1, 'c' => 1e-5, 'd' => [true, null]], 'k'),
    $byText('{"a":1.0,"b":1,"c":1e-05,"d":[true,null]}'), 'floats and ints keep their kind');
T::same(Sdk::hmacSign(['a' => ['x' => 'é/'], 'b' => []], 'k'), $byText('{"a":{"x":"é/"},"b":{}}'), 'nested, empty');
T::same(Sdk::hmacSign([], 'k'), $byText('{}'), 'an empty array is an empty document');

// Verify: the signature in general.signature.
$doc = ['general' => ['id' => 7], 'amount' => '10.50'];
$doc['general']['signature'] = Sdk::hmacSign($doc, 'k');
Sdk::hmacVerify($doc, 'k');
Sdk::hmacVerify(json_encode($doc), 'k');
T::throws(SignatureException::class, fn() => Sdk::hmacVerify($doc, 'other'), 'another key');
$tampered = $doc;
$tampered['amount'] = '10.51';
T::throws(SignatureException::class, fn() => Sdk::hmacVerify($tampered, 'k'), 'a changed amount');
$e = T::throws(ValidationException::class, fn() => Sdk::hmacVerify(['a' => 1], 'k'), 'no signature');
T::same($e?->getField(), 'general.signature', 'names the missing field');
T::throws(ValidationException::class, fn() => Sdk::hmacSign('[1]', 'k'), 'not an object');
T::throws(ValidationException::class, fn() => Sdk::hmacSign(['a' => NAN], 'k'), 'NAN in an array');
T::throws(ValidationException::class, fn() => Sdk::hmacSign(['a' => 1], ''), 'empty key');

T::finish('HmacTest');
