<?php
// One run, the same inputs: plain PHP (the formulas as the documents give them), the paykassma
// extension and the FFI backend, verifying realistic postbacks and signing withdrawal requests
// given as PHP arrays. Prints microseconds per call and the speed-up over plain PHP.
//
//   php -d extension=php/ext/modules/paykassma.so -d ffi.enable=true php/benches/backends.php [ROUNDS]
//   (make bench-php-ext). A backend that is not available here is reported as skipped.
//
// Inputs, generated from a fixed seed: 100 postbacks of 4-8 KB with 1-3 signed entries and about
// 180 `converted_amount` rates (PHP's default escapes, pretty-printed when short), signed
// with the documented formula; 100 withdrawal requests as PHP arrays, some with nested bank details.
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

use Paykassma\Internal\Extension;
use Paykassma\Internal\Ffi;

$rounds = (int) ($argv[1] ?? 30);
mt_srand(20261129);

require dirname(__DIR__) . '/benches/plain.php';

// ---- inputs ----------------------------------------------------------------------------------------

const POSTBACK_KEY = 'bench-postback-key';
const REQUEST_KEY = 'bench-withdrawal-key';
$fixtures = dirname(__DIR__, 2) . '/core/tests/fixtures';
$templates = [
    json_decode(file_get_contents("{$fixtures}/easypaisa_deposit_postback.json"), true),
    json_decode(file_get_contents("{$fixtures}/easypaisa_withdrawal_postback.json"), true),
];
$names = ['Muhammad Saqib Mushtaq', 'Ñandú Pérez / "Jr"', 'محمد علی', 'Ayesha Khan', 'Lê Văn Tám', 'O\'Brien & Sons'];
$bodies = [];
$prettyCount = 0;
foreach (range(0, 99) as $i) {
    $b = $templates[$i % 2];
    $rates = [];
    foreach ($b['converted_amount'] as $code => $rate) {
        if (mt_rand(0, 40) !== 0) { // about 180 of the 184
            $rates[$code] = is_int($rate) ? $rate + mt_rand(0, 99) : round($rate * (0.9 + mt_rand(0, 2000) / 10000), 2);
        }
    }
    $b['converted_amount'] = $rates;
    $entries = [];
    foreach (range(1, mt_rand(1, 3)) as $n) {
        $e = $b['additional_data'][0];
        $e['transaction_id'] = (string) mt_rand(10 ** 10, 10 ** 11);
        $e['amount'] = mt_rand(0, 1) ? (string) mt_rand(100, 99999) : mt_rand(100, 99999) . '.' . mt_rand(10, 99);
        $e['account_name'] = $names[mt_rand(0, count($names) - 1)];
        $e['comment'] = mt_rand(0, 2) ? '' : "payout {$n}/{$i} via app";
        $entries[] = $e;
    }
    $b['additional_data'] = $entries;
    $b['label'] = (string) mt_rand(10 ** 8, 10 ** 9);
    $b['signature'] = sha1($b['access_key'] . POSTBACK_KEY
        . md5(json_encode($entries, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)));
    // PHP's default escapes; pretty-printed (as the gateway's documents show) when compact is under 4 KB.
    $body = json_encode($b);
    $pretty = strlen($body) < 4096;
    $prettyCount += (int) $pretty;
    $bodies[] = $pretty ? json_encode($b, JSON_PRETTY_PRINT) : $body;
}
$requests = [];
$wallets = [['easypaisa', 'PKR'], ['jazzcash', 'PKR'], ['paytm', 'INR'], ['bkash', 'BDT'], ['phone_pe', 'INR']];
foreach (range(0, 99) as $i) {
    [$wallet, $currency] = $wallets[$i % count($wallets)];
    $r = ['withdrawal_id' => "w{$i}_" . mt_rand(), 'payment_system' => $wallet, 'amount' => mt_rand(0, 1) ? mt_rand(100, 500000) : mt_rand(100, 5000) . '.50',
        'currency_code' => $currency, 'label' => (string) mt_rand(10 ** 5, 10 ** 6), 'account_number' => '0' . mt_rand(10 ** 9, 10 ** 10 - 1),
        'account_name' => $names[mt_rand(0, count($names) - 1)], 'is_test' => (bool) mt_rand(0, 1), 'comment' => "payout {$i}/7"];
    if ($i % 4 === 0) {
        $r['bank_details'] = ['bank_code' => 'HBL' . mt_rand(10, 99), 'branch_code' => (string) mt_rand(1000, 9999)];
    }
    if ($i % 5 === 0) {
        $r['account_email'] = "user{$i}@example.com";
    }
    $requests[] = $r;
}
$sizes = array_map('strlen', $bodies);
$entryCounts = array_map(fn ($b) => count(json_decode($b, true)['additional_data']), $bodies);
$rateCounts = array_map(fn ($b) => count(json_decode($b, true)['converted_amount']), $bodies);

// ---- backends ------------------------------------------------------------------------------------

$backends = [];
if (extension_loaded('paykassma')) {
    $backends['extension'] = [Extension::sign(...), Extension::verifyPostback(...)];
} else {
    echo "SKIPPED: the extension backend (load it with -d extension=php/ext/modules/paykassma.so)\n";
}
if (extension_loaded('ffi') && in_array(strtolower((string) ini_get('ffi.enable')), ['1', 'on', 'true'], true)) {
    $backends['ffi'] = [Ffi::sign(...), Ffi::verifyPostback(...)];
} else {
    echo "SKIPPED: the FFI backend (run with -d ffi.enable=true)\n";
}

// Same answers before timing anything.
foreach ($backends as $name => [$sign, $verify]) {
    foreach ($requests as $r) {
        if ($sign($r, REQUEST_KEY) !== plain_sign($r, REQUEST_KEY)) {
            fwrite(STDERR, "{$name}: a signature differs from plain PHP's on " . json_encode($r) . "\n");
            exit(1);
        }
    }
    foreach ($bodies as $body) {
        $p = $verify($body, POSTBACK_KEY);
        $plain = plain_verify($body, POSTBACK_KEY);
        if ($p->entries[0]['signed'] !== $plain['additional_data'][0] || $p->unsigned['converted_amount'] !== $plain['converted_amount']) {
            fwrite(STDERR, "{$name}: a verified postback differs from plain PHP's decoding\n");
            exit(1);
        }
    }
}

/** Microseconds per input: every input once per round, the best of the rounds. */
function per_call_us(int $rounds, array $inputs, callable $op): float
{
    $best = INF;
    for ($r = 0; $r < $rounds; $r++) {
        $t = hrtime(true);
        foreach ($inputs as $input) {
            $op($input);
        }
        $best = min($best, (hrtime(true) - $t) / count($inputs) / 1000);
    }
    return $best;
}

$ops = [
    // A repeat (most deliveries are): answered from the idempotency key; plain PHP decodes it all anyway.
    'verify, read the idempotency key' => [$bodies,
        fn ($b) => plain_verify($b, POSTBACK_KEY)['additional_data'][0]['transaction_id'],
        fn ($verify) => fn ($b) => $verify($b, POSTBACK_KEY)->idempotencyKey],
    'verify, read the entries' => [$bodies,
        fn ($b) => plain_verify($b, POSTBACK_KEY)['additional_data'][0]['amount'],
        fn ($verify) => fn ($b) => $verify($b, POSTBACK_KEY)->entries[0]['amount']],
    'verify, read entries and rates' => [$bodies,
        fn ($b) => plain_verify($b, POSTBACK_KEY)['converted_amount']['USD'] ?? null,
        fn ($verify) => fn ($b) => [$p = $verify($b, POSTBACK_KEY), $p->entries[0]['amount'], $p->unsigned['converted_amount']['USD'] ?? null]],
    'sign a withdrawal (PHP array)' => [$requests,
        fn ($r) => plain_sign($r, REQUEST_KEY),
        fn ($sign) => fn ($r) => $sign($r, REQUEST_KEY)],
];

printf("PHP %s, %d rounds; %d postbacks of %d-%d bytes (mean %d) with %d-%d entries and %d-%d rates, %d pretty-printed; %d withdrawal requests\n",
    PHP_VERSION, $rounds, count($bodies), min($sizes), max($sizes), array_sum($sizes) / count($sizes), min($entryCounts),
    max($entryCounts), min($rateCounts), max($rateCounts), $prettyCount, count($requests));
printf("%-32s %12s", 'us per call (speed-up)', 'plain PHP');
foreach (array_keys($backends) as $name) {
    printf(" %20s", $name);
}
echo "\n";
foreach ($ops as $label => [$inputs, $plain, $make]) {
    $plainUs = per_call_us($rounds, $inputs, $plain);
    printf("%-32s %12.2f", $label, $plainUs);
    foreach ($backends as [$sign, $verify]) {
        $us = per_call_us($rounds, $inputs, $make(str_starts_with($label, 'sign') ? $sign : $verify));
        printf(" %12.2f (%4.2fx)", $us, $plainUs / $us);
    }
    echo "\n";
}
