<?php
// One run: the request signature and postback verification through libpaykassma (PHP FFI) against
// the same work in plain PHP. Prints microseconds per call and the ratio (FFI / plain PHP).
//   php bench.php [N]
//   php bench.php N BODY POSTBACK_KEY REQUEST REQUEST_KEY   also prints a `BENCH {...}` line: the
//     FFI side on those inputs (the plain-PHP side on them is tests/php-oracle/bench.php), for `make benchmarks`.
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

use Paykassma\Sdk;

$n = (int) ($argv[1] ?? 20000);
$key = 'withdrawal-private-key';
$withdrawal = ['withdrawal_id' => '1234567test', 'payment_system' => 'easypaisa', 'amount' => 10000,
    'currency_code' => 'PKR', 'label' => '125199', 'account_number' => '03405135211',
    'account_name' => 'Muhammad Saqib Mushtaq', 'is_test' => true, 'comment' => 'payout 7/11',
    'bank_details' => ['bank_code' => '', 'branch_code' => '']];

require dirname(__DIR__) . '/benches/plain.php';

$entry = ['activated_datetime' => '2023-09-26 22:37:00', 'exchanger_identifier' => '923139471223', 'comment' => '',
    'amount' => '1000', 'currency_code' => 'PKR', 'wallet_type' => 'easypaisa', 'stockpiling_id' => 4819603,
    'transaction_id' => '23936218009', 'transaction_type' => 0, 'plugin_custom_order_id' => '5586199250',
    'withdrawal_id' => null, 'withdrawal_status' => null, 'account_number' => '', 'account_name' => '',
    'account_email' => '', 'bank_details' => ['bank_code' => '', 'branch_code' => '']];
$pbKey = 'postback-private-key';
$signed = [$entry];
$body = json_encode(['signature' => sha1('TA25Ea9sjPUFJvIG' . $pbKey . md5(json_encode($signed, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE))),
    'wallet_type' => 'easypaisa', 'amount' => 1000, 'currency_code' => 'PKR', 'label' => '545932754',
    'direction' => 'ingoing', 'created_datetime' => '2023-09-26 19:37:02', 'access_key' => 'TA25Ea9sjPUFJvIG',
    'additional_data' => $signed]);

// Same answers before timing anything.
if (Sdk::sign($withdrawal, $key) !== plain_sign($withdrawal, $key)) {
    fwrite(STDERR, "sign results differ\n");
    exit(1);
}
Sdk::verifyPostback($body, $pbKey);
plain_verify($body, $pbKey);

function per_call_us(int $n, callable $fn): float
{
    for ($i = 0; $i < 200; $i++) {
        $fn();
    }
    $t = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        $fn();
    }
    return (hrtime(true) - $t) / $n / 1000;
}

$rows = [
    ['sign (array)', per_call_us($n, fn () => Sdk::sign($withdrawal, $key)), per_call_us($n, fn () => plain_sign($withdrawal, $key))],
    ['verify postback', per_call_us($n, fn () => Sdk::verifyPostback($body, $pbKey)), per_call_us($n, fn () => plain_verify($body, $pbKey))],
];
printf("PHP %s, %d calls each, libpaykassma %s\n", PHP_VERSION, $n, Sdk::version());
printf("%-18s %14s %14s %8s\n", 'operation', 'FFI us/call', 'PHP us/call', 'ratio');
foreach ($rows as [$name, $ffi, $php]) {
    printf("%-18s %14.2f %14.2f %7.2fx\n", $name, $ffi, $php, $ffi / $php);
}

if (count($argv) === 6) {
    [, , $bodyPath, $postbackKey, $requestPath, $requestKey] = $argv;
    $sharedBody = file_get_contents($bodyPath);
    $request = json_decode(file_get_contents($requestPath), true);
    Sdk::verifyPostback($sharedBody, $postbackKey);
    echo 'BENCH ', json_encode(['language' => 'php-ffi', 'php' => PHP_VERSION, 'body_bytes' => strlen($sharedBody),
        'verify_us' => per_call_us($n, fn () => Sdk::verifyPostback($sharedBody, $postbackKey)),
        'sign_us' => per_call_us($n, fn () => Sdk::sign($request, $requestKey)),
        'cross_us' => per_call_us($n, fn () => Sdk::version())]), "\n";
}
