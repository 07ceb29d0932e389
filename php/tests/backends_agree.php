<?php
// The two backends give identical verified postbacks: the extension builds `entries` from the
// library's value encoding, the FFI backend json_decodes the library's JSON, and a merchant must
// not see which. Needs both in one process (`php -d extension=... -d ffi.enable=true`); exits 77
// (skipped) otherwise. Compared with === and serialize() (which tells -0.0 from 0.0 and keeps
// every float digit), on the shapes JSON can hold and, when built, the benchmark corpus.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Internal\Extension;
use Paykassma\Internal\Ffi;

if (!extension_loaded('paykassma') || !extension_loaded('ffi')
    || !in_array(strtolower((string) ini_get('ffi.enable')), ['1', 'on', 'true'], true)) {
    fwrite(STDERR, "SKIPPED: backends_agree needs the extension and FFI in one process\n");
    exit(77);
}

const KEY = 'postback-private-key';
const ACCESS = 'TA25Ea9sjPUFJvIG';

/** A body whose signed list is the JSON text `$signed`, signed as the gateway signs it. */
function signed_body(string $signed): string
{
    $signature = Ffi::signPostback(ACCESS, KEY, $signed);
    return '{"signature":"' . $signature . '","wallet_type":"easypaisa","amount":1000,"currency_code":"PKR",'
        . '"label":"545932754","direction":"ingoing","created_datetime":"2023-09-26 19:37:02","converted_amount":{"USD":3.5},'
        . '"access_key":"' . ACCESS . '","additional_data":' . $signed . '}';
}

function agree(string $body, string $key, string $what): void
{
    $ext = Extension::verifyPostback($body, $key);
    $ffi = Ffi::verifyPostback($body, $key);
    T::check($ext->entries === $ffi->entries, "{$what}: entries are identical");
    T::same(serialize($ext->entries), serialize($ffi->entries), "{$what}: entries serialize alike");
    T::same(serialize($ext->unsigned), serialize($ffi->unsigned), "{$what}: unsigned serializes alike");
    T::same(serialize($ext), serialize($ffi), "{$what}: the postbacks serialize alike");
}

$entry = '"transaction_id":"23936218009","amount":"1000","currency_code":"PKR","wallet_type":"easypaisa",'
    . '"stockpiling_id":4819603,"transaction_type":0,"withdrawal_id":null,"withdrawal_status":null';
$shapes = [
    'big integers' => '{"big":9007199254740993,"max":9223372036854775807,"min":-9223372036854775808,'
        . '"past_max":9223372036854775808,"past_min":-9223372036854775809,"huge":123456789012345678901234567890}',
    'floats' => '{"tiny":5e-324,"small":1e-320,"zero":0.0,"negative_zero":-0.0,"tenth":0.1,"one":1.0,'
        . '"exp":1.5E+300,"max":1.7976931348623157e308,"neg":-2.5e-7,"int_zero":-0}',
    'unicode' => '{"name":"Renée O\'Brien — ü €","escaped":"\u00e9\u2028\ud83d\ude00","nul":"a\u0000b",'
        . '"slash":"a\/b","ctl":"\t\n\r\b\f","emoji":"😀","quote":"\"\\\\"}',
    'empty arrays' => '{"object":{},"list":[],"nested":{"a":{},"b":[[]],"c":[{}]}}',
    'keys' => '{"10":"int key","-1":"negative","01":"leading zero","-0":"minus zero","":"empty",'
        . '"9223372036854775808":"past i64","1.5":"float-like"," 1":"space"}',
    'list-like object' => '{"0":"a","1":"b","2":"c"}',
    'repeated key' => '{"a":1,"b":2,"a":3}',
    'mixed list' => '[1,"two",3.0,null,true,false,{"k":"v"},[1,[2,[3]]]]',
    'deep' => str_repeat('{"d":', 100) . '1' . str_repeat('}', 100),
    // As deep as the library reads (the body is then 511 levels deep, as deep as PHP's own
    // json_decode reads); the FFI backend's json_decode of the postback needs two levels more.
    'deepest' => str_repeat('[', 508) . str_repeat(']', 508),
    'bank details' => '{"bank_details":{"bank_code":"X1","branch_code":null,"extra":{"z":[]}}}',
];
foreach ($shapes as $name => $extra) {
    $one = '{' . $entry . ',"extra":' . $extra . '}';
    agree(signed_body('[' . $one . ']'), KEY, "{$name} in a list");
    agree(signed_body('{"first":' . $one . ',"7":{' . $entry . ',"x":' . $extra . '}}'), KEY, "{$name} in an object");
}
// One level deeper than 'deepest': both refuse it alike (PHP's json_decode refuses the body too).
$tooDeep = '[{' . $entry . ',"extra":' . str_repeat('[', 509) . str_repeat(']', 509) . '}]';
$tooDeepBody = '{"signature":"' . str_repeat('0', 40) . '","access_key":"' . ACCESS . '","additional_data":' . $tooDeep . '}';
T::check(json_decode($tooDeepBody, true) === null, 'PHP refuses the body one level deeper than the deepest');
$refusals = [];
foreach (['ext' => Extension::verifyPostback(...), 'ffi' => Ffi::verifyPostback(...)] as $backend => $verify) {
    try {
        $verify($tooDeepBody, KEY);
        $refusals[$backend] = 'accepted';
    } catch (\Paykassma\PostbackException $e) {
        $refusals[$backend] = $e->getMessage();
    }
}
T::check(str_contains($refusals['ext'], 'nested 512 levels'), "one level deeper: refused as too deep ({$refusals['ext']})");
T::same($refusals['ext'], $refusals['ffi'], 'one level deeper: both backends refuse it alike');

// Names the extension makes once (the typed fields', `signed`) given again in one object, nested
// in others, and with texts that equal or differ from the typed fields' (which share strings).
$repeats = [
    '{' . $entry . ',"amount":"2000","comment":"a","comment":"b","amount":"1000"}',
    '{' . $entry . ',"signed":{"signed":1,"amount":"1000","signed":[2]},"kind":"x","kind":"deposit"}',
    '{' . $entry . ',"extra":{"amount":"1000","currency_code":"PKR","currency_code":"KZT","transaction_id":7}}',
    '{"transaction_id":"1","amount":"1000","currency_code":"","wallet_type":"w","comment":"é","comment":"é"}',
];
agree(signed_body('[' . implode(',', $repeats) . ']'), KEY, 'known names repeated');

// The older form (PHP's default escapes) reads the same values.
$legacy = json_encode([['transaction_id' => '1', 'amount' => '1.50', 'note' => 'ü/€', 'o' => new stdClass(), 'f' => 1.0]]);
agree(signed_body($legacy), KEY, 'legacy escapes');

$corpus = dirname(__DIR__, 2) . '/target/bench-corpus/postbacks.jsonl';
if (is_readable($corpus)) {
    $n = 0;
    foreach (file($corpus, FILE_IGNORE_NEW_LINES) as $line) {
        $record = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        agree($record['body'], $record['key'], 'corpus postback ' . ++$n);
    }
    echo "backends_agree: {$n} corpus postbacks\n";
}

T::finish('backends_agree');
