<?php
// Sdk::sign against the documented formula in plain PHP, on hand-picked and generated arrays.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Sdk;
use Paykassma\ValidationException;

enum TestCurrency: string
{
    case Pkr = 'PKR';
}

// The public integration's logged strings (DESIGN section 2): is_test true gives `1`, false ``.
$logged = ['account_number' => 'ACCT', 'amount' => 17, 'comment' => 'withdrawal', 'currency_code' => 'INR',
    'is_test' => true, 'label' => '1020', 'payment_system' => 'paytm', 'withdrawal_id' => '51_2788'];
T::same(Sdk::sign($logged, 'key'), sha1('key' . md5('ACCT:17:withdrawal:INR:1:1020:paytm:51_2788')), 'is_test true');
$logged['is_test'] = false;
T::same(Sdk::sign($logged, 'key'), sha1('key' . md5('ACCT:17:withdrawal:INR::1020:paytm:51_2788')), 'is_test false');

// Values whose PHP string form is easy to get wrong.
$tricky = [
    ['amount' => 1000.0], ['amount' => 1e-5], ['amount' => 1e20], ['amount' => 0.1 + 0.2], ['amount' => -0.0],
    ['amount' => 1e15], ['amount' => 1e14], ['amount' => 123456789012345.678], ['amount' => PHP_INT_MAX],
    ['amount' => PHP_INT_MIN], ['amount' => 2.5e-300], ['amount' => 1.7976931348623157e308],
    ['x' => null, 'y' => false, 'z' => true], ['nested' => ['b' => 2, 'a' => 1, 3]], ['e' => [], 'f' => [[]]],
    [10 => 'a', '9' => 'b', '01' => 'c', 'b' => 'd', '-1' => 'e', '1.5' => 'f', ' 1' => 'g', '' => 'h'],
    ['signature' => 'dropped', 'a' => ['signature' => 'kept']], ['s' => "ü/\u{2028}\"\\\n\t\0"], [],
    [3 => 'c', 1 => 'a', 2 => 'b'], ['list', 'of', 'values'],
];
foreach ($tricky as $i => $data) {
    T::same(Sdk::sign($data, 'pk'), request_signature($data, 'pk'), "tricky case {$i}: " . json_encode($data));
}

// Generated arrays: nested, mixed keys, every scalar type, floats across the whole range.
mt_srand(20240611);
function gen_scalar(): mixed
{
    switch (mt_rand(0, 9)) {
        case 0: return null;
        case 1: return (bool) mt_rand(0, 1);
        case 2: return mt_rand(-1000, 1000);
        case 3: return mt_rand(PHP_INT_MIN, PHP_INT_MAX);
        case 4: return mt_rand() / mt_getrandmax() * 10 ** mt_rand(-20, 25);
        case 5: return (float) mt_rand(-100000, 100000);
        case 6: return round(mt_rand(0, 10 ** 6) / 100, 2);
        case 7: return ['', '0', '00', '1.0', 'abc', 'ü', '1e3', ' 7', 'true', '/x'][mt_rand(0, 9)];
        case 8: return substr(md5((string) mt_rand()), 0, mt_rand(0, 8));
        default: return -mt_rand() / mt_getrandmax() / 10 ** mt_rand(0, 8);
    }
}
function gen_key(): int|string
{
    return match (mt_rand(0, 5)) {
        0 => mt_rand(-5, 20),
        1 => (string) mt_rand(0, 20),
        2 => ['01', '1.5', ' 1', '-0', '1e1', 'a', 'B', 'b', '_', 'é', 'signature', ''][mt_rand(0, 11)],
        default => substr(str_shuffle('abcdefghij_'), 0, mt_rand(1, 6)),
    };
}
function gen_array(int $depth): array
{
    $a = [];
    $n = mt_rand(0, 6);
    $list = mt_rand(0, 3) === 0;
    for ($i = 0; $i < $n; $i++) {
        $v = $depth < 3 && mt_rand(0, 5) === 0 ? gen_array($depth + 1) : gen_scalar();
        if ($list) {
            $a[] = $v;
        } else {
            $a[gen_key()] = $v;
        }
    }
    return $a;
}
$mismatches = 0;
for ($i = 0; $i < 20000; $i++) {
    $data = gen_array(0);
    $key = 'k' . mt_rand();
    if (Sdk::sign($data, $key) !== request_signature($data, $key)) {
        if (++$mismatches <= 5) {
            fwrite(STDERR, 'mismatch on ' . var_export($data, true) . "\n");
        }
    }
}
T::same($mismatches, 0, 'generated arrays: Sdk::sign equals the documented formula');

// A JSON string is decoded as json_decode($json, true) would.
foreach (['{"b":2,"a":1.0,"c":[1,{"z":null}]}', '[1,2,3]', '{"10":1,"9":2,"x":3}', '{"amount":1e-5}'] as $json) {
    T::same(Sdk::sign($json, 'pk'), request_signature(json_decode($json, true), 'pk'), "json {$json}");
}

// The caller's ini settings do not change the result.
$data = ['amount' => 0.1 + 0.2, 'fee' => 1 / 3];
$want = request_signature($data, 'pk');
foreach (['1', '5', '14', '17', '-1'] as $precision) {
    ini_set('serialize_precision', $precision);
    T::same(Sdk::sign($data, 'pk'), $want, "serialize_precision={$precision}");
    T::same(ini_get('serialize_precision'), $precision, "serialize_precision={$precision} restored");
}
ini_set('serialize_precision', '-1');

// Bad input: a clear exception naming the input, never a crash.
$e = T::throws(ValidationException::class, fn () => Sdk::sign(['a' => 1], ''), 'empty key');
T::same($e?->getField(), 'private_key', 'empty key field');
T::same($e?->getErrorCode(), 'validation_error', 'empty key code');
$e = T::throws(ValidationException::class, fn () => Sdk::sign('{"a":', 'pk'), 'invalid JSON text');
T::same($e?->getField(), 'data', 'invalid JSON field');
T::throws(ValidationException::class, fn () => Sdk::sign('"just a string"', 'pk'), 'JSON scalar');
// INF, -INF and NAN sign as PHP's formula signs them, wherever they are (json_encode refuses them).
$nonFinite = ['a' => INF, 'b' => [-INF, ['c' => NAN]], 'd' => 1.5, 'e' => "INF"];
T::same(Sdk::sign($nonFinite, 'pk'), request_signature($nonFinite, 'pk'), 'INF, -INF and NAN');
// Objects are signed as their JSON form: what the gateway decodes from the body and checks.
$money = new class () implements JsonSerializable {
    public function jsonSerialize(): mixed
    {
        return ['units' => 1000, 'currency' => 'PKR', 'rate' => NAN];
    }
};
T::same(Sdk::sign(['amount' => $money, 'x' => (object) ['b' => 1.0]], 'pk'),
    request_signature(['amount' => ['units' => 1000, 'currency' => 'PKR', 'rate' => NAN], 'x' => ['b' => 1.0]], 'pk'), 'objects sign as their JSON form');
T::same(Sdk::sign(['c' => TestCurrency::Pkr, 'n' => 1], 'pk'), request_signature(['c' => 'PKR', 'n' => 1], 'pk'), 'a backed enum signs as its value');
// Anything else PHP's (string) cannot convert is refused, named by its path, never signed as {}.
$e = T::throws(ValidationException::class, fn () => Sdk::sign(['a' => ['b' => [1, new DateTime()]]], 'pk'), 'a DateTime');
T::same($e?->getField(), 'a.b[1]', 'DateTime field');
$loop = new stdClass();
$loop->self = $loop;
$e = T::throws(ValidationException::class, fn () => Sdk::sign(['loop' => $loop], 'pk'), 'an object holding itself');
T::check(str_contains($e?->getMessage() ?? '', 'itself'), 'a cycle is reported as holding itself');
unset($loop); // a cycle: T::finish collects it
$itself = new class () implements JsonSerializable {
    public function jsonSerialize(): mixed
    {
        return $this;
    }
};
$e = T::throws(ValidationException::class, fn () => Sdk::sign(['a' => [$itself]], 'pk'), 'a JSON form that is itself');
T::same($e?->getField(), 'a[0]', 'a JSON form that is itself: field');
$e = T::throws(ValidationException::class, fn () => Sdk::sign(['a' => ['ok', "\xff"]], 'pk'), 'invalid UTF-8 value');
T::same($e?->getField(), 'a[1]', 'invalid UTF-8 value field');
$e = T::throws(ValidationException::class, fn () => Sdk::sign("{\"a\":\"\xff\"}", 'pk'), 'invalid UTF-8 JSON text');
T::same($e?->getErrorCode(), 'invalid_utf8', 'invalid UTF-8 code');
T::throws(ValidationException::class, fn () => Sdk::sign(['a' => 1], "k\xc3"), 'invalid UTF-8 key');
T::same(Sdk::sign("{\"a\":1}", 'pk'), Sdk::sign(['a' => 1], 'pk'), 'still works after failures');

// The shared vectors: as JSON text, and as the PHP array json_decode gives.
$vectors = vector_file('sign.json');
T::check($vectors !== null, 'tests/vectors/sign.json is readable');
$asArrays = 0;
foreach ($vectors['cases'] ?? [] as $case) {
    T::same(Sdk::sign($case['json'], $case['key']), $case['signature'], "sign vector {$case['id']}");
    // The same data as a PHP array (what json_decode gives), INF from 1e400 included.
    $array = json_decode($case['json'], true, 512, 0);
    if (is_array($array)) {
        T::same(Sdk::sign($array, $case['key']), $case['signature'], "sign vector {$case['id']} as an array");
        $asArrays++;
    }
}
echo 'sign vectors: ' . count($vectors['cases'] ?? []) . " cases, {$asArrays} also as arrays\n";

T::finish('SignTest');
