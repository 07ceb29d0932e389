<?php
// The postback benchmark corpus: seeded, so every run writes the same bodies. Each body is a
// postback as the gateway sends it, of varied shape (1 to 16 KB; compact or pretty-printed; 1 to
// 5 entries; 0 to 200 rates; integers past 2^53, tiny floats, names in several scripts, escapes;
// deposits and withdrawals), signed by PHP's own formula.
//
//   php benches/corpus/postbacks.php [OUT [COUNT [SEED]]]     (make bench-corpus: to standard output)
//
// OUT (standard output without it) gets one JSON object a line: `key` (the postback private key), `body` (the raw body, as
// text), and what describes it: `bytes`, `kind`, `entries`, `rates`, `pretty`, `big_int`,
// `tiny_float`, `non_ascii`.

declare(strict_types=1);
require dirname(__DIR__, 2) . '/tests/php-oracle/common.php';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

[$outPath, $count, $seed] = [$argv[1] ?? 'php://stdout', (int) ($argv[2] ?? 240), (int) ($argv[3] ?? 17)];
if ($count < 1) {
    fail("COUNT must be at least 1, got {$argv[2]}");
}
mt_srand($seed);
date_default_timezone_set('UTC');
$out = fopen($outPath, 'wb') ?: fail("cannot write $outPath");
$shapes = ['compact' => 0, 'pretty' => 0, 'withdrawal' => 0, 'big_int' => 0, 'tiny_float' => 0];
for ($i = 0; $i < $count; $i++) {
    $record = postback($i);
    fwrite($out, json_line($record));
    $shapes['compact'] += $record['pretty'] ? 0 : 1;
    $shapes['pretty'] += $record['pretty'] ? 1 : 0;
    $shapes['withdrawal'] += $record['kind'] === 'withdrawal' ? 1 : 0;
    $shapes['big_int'] += $record['big_int'] ? 1 : 0;
    $shapes['tiny_float'] += $record['tiny_float'] ? 1 : 0;
}
fclose($out);
$described = implode(', ', array_map(fn ($k, $v) => "$v $k", array_keys($shapes), $shapes));
fwrite(STDERR, "postbacks.php: $count postbacks ($described) in $outPath\n");

/** One signed postback and what describes it. */
function postback(int $n): array
{
    $withdrawal = mt_rand(0, 2) === 0;
    $wallet = pick(['easypaisa', 'jazzcash', 'paytm', 'phonepe', 'upi', 'imps', 'bkash', 'nagad', 'ipay', 'payeer']);
    $currency = pick(['PKR', 'INR', 'BDT', 'USD', 'EUR', 'UZS', 'KZT']);
    $bigInt = mt_rand(0, 3) === 0;
    $tinyFloat = mt_rand(0, 3) === 0;
    $entryCount = weighted([1 => 50, 2 => 20, 3 => 15, 4 => 8, 5 => 7]);
    $entries = [];
    for ($e = 0; $e < $entryCount; $e++) {
        $entries[] = entry($withdrawal, $wallet, $currency, $bigInt && $e === 0, $tinyFloat && $e === 0);
    }
    $rates = rates(weighted([0 => 10, 1 => 10, 2 => 15, 3 => 65]), $tinyFloat);
    $accessKey = random_text(mt_rand(16, 32), ALNUM);
    $privateKey = random_text(mt_rand(16, 40), ALNUM);
    $body = [
        'signature' => '',
        'wallet_type' => $wallet,
        'amount' => mt_rand(0, 1) ? mt_rand(100, 500000) : sprintf('%d.%02d', mt_rand(100, 500000), mt_rand(0, 99)),
        'currency_code' => $currency,
        'label' => (string) mt_rand(1000, 999999999),
        'converted_amount' => $rates ?: (mt_rand(0, 1) ? [] : null),
        'direction' => $withdrawal ? 'outgoing' : 'ingoing',
        'created_datetime' => datetime(),
        'access_key' => $accessKey,
        // The older postbacks name the signed list `transactions`.
        (mt_rand(0, 9) === 0 ? 'transactions' : 'additional_data') => $entries,
    ];
    $list = $body['additional_data'] ?? $body['transactions'];
    $body['signature'] = postback_signature($accessKey, $privateKey, $list) ?? fail("postback $n cannot be signed");
    // The gateway writes with PHP's default flags, a third of the time pretty-printed; a few
    // bodies come from code that left unicode unescaped.
    $pretty = mt_rand(0, 2) === 0;
    $flags = ($pretty ? JSON_PRETTY_PRINT : 0) | (mt_rand(0, 7) === 0 ? JSON_UNESCAPED_UNICODE : 0);
    $text = json_encode($body, $flags);
    if (strlen($text) < 1024 || strlen($text) > 16 * 1024) {
        // Outside the corpus's 1 to 16 KB: drawn again.
        return postback($n);
    }
    return [
        'key' => $privateKey,
        'body' => $text,
        'bytes' => strlen($text),
        'kind' => $withdrawal ? 'withdrawal' : 'deposit',
        'entries' => $entryCount,
        'rates' => count($rates),
        'pretty' => $pretty,
        'big_int' => $bigInt,
        'tiny_float' => $tinyFloat,
        'non_ascii' => preg_match('/[^\x00-\x7f]/', json_encode($list, POSTBACK_FLAGS)) === 1,
    ];
}

/** A signed entry with the documented fields, in the documents' order. */
function entry(bool $withdrawal, string $wallet, string $currency, bool $bigInt, bool $tinyFloat): array
{
    $amount = mt_rand(0, 1) ? (string) mt_rand(100, 900000) : sprintf('%d.%02d', mt_rand(100, 900000), mt_rand(0, 99));
    $entry = [
        'activated_datetime' => $withdrawal && mt_rand(0, 1) ? '' : datetime(),
        'exchanger_identifier' => (string) mt_rand(100000000, 999999999) . mt_rand(100, 999),
        'comment' => comment(),
        'amount' => $amount,
        'currency_code' => $currency,
        'wallet_type' => $wallet,
        // Ids past 2^53: exact in PHP's integers, not in a double.
        'stockpiling_id' => $withdrawal ? null : ($bigInt ? mt_rand(1 << 53, PHP_INT_MAX) : mt_rand(1000000, 99999999)),
        'transaction_id' => $withdrawal ? '' : (string) mt_rand(10000000000, 99999999999),
        'transaction_type' => $withdrawal ? null : mt_rand(0, 2),
        'plugin_custom_order_id' => $withdrawal ? '' : 'order/' . mt_rand(1, 99999999),
        'withdrawal_id' => $withdrawal ? (string) mt_rand(1000, 99999999) : null,
        'withdrawal_status' => $withdrawal ? mt_rand(0, 3) : null,
        'account_number' => (string) mt_rand(1000000000, 99999999999),
        'account_name' => name(),
        'account_email' => mt_rand(0, 1) ? strtolower(random_text(mt_rand(4, 12), ALNUM)) . '@example.com' : '',
        'bank_details' => ['bank_code' => mt_rand(0, 1) ? (string) mt_rand(100, 999) : null, 'branch_code' => mt_rand(0, 1) ? '' : null],
    ];
    if ($bigInt && $withdrawal) {
        $entry['payment_reference'] = mt_rand(1 << 53, PHP_INT_MAX);
    }
    if ($tinyFloat) {
        $entry['fee_rate'] = mt_rand(1, 999) / 1e9;
    }
    return $entry;
}

/** Currency rates, as `converted_amount` holds them: money with two decimals, crypto with eight. */
function rates(int $band, bool $tinyFloat): array
{
    $count = [0, mt_rand(1, 20), mt_rand(21, 120), mt_rand(150, 200)][$band];
    $rates = [];
    while (count($rates) < $count) {
        $code = random_text(mt_rand(3, 4), UPPER);
        $rates[$code] = match (mt_rand(0, 9)) {
            0 => 0,
            1 => mt_rand(1, 99999),
            2 => mt_rand(1, 99999999) / 1e8,
            default => mt_rand(1, 99999999) / 100,
        };
    }
    if ($tinyFloat && $rates !== []) {
        $rates['SAT'] = mt_rand(1, 999) / 1e12;
    }
    return $rates;
}

function comment(): string
{
    return match (weighted([0 => 50, 1 => 25, 2 => 15, 3 => 10])) {
        0 => '',
        1 => 'paid via ' . name(),
        // Escapes: quotes, backslashes, slashes, control characters.
        2 => "ref \"" . mt_rand(1, 999) . "\" path C:\\tmp\\x/y\ttab\nline " . name(),
        3 => implode(' ', array_map(fn () => name(), range(1, mt_rand(5, 60)))),
    };
}

/** A name in one of several scripts, sometimes with an emoji. */
function name(): string
{
    $name = pick([
        'Muhammad Ali', 'Ayesha Khan', 'Rahul Sharma', 'José Muñoz', 'Zoë Brontë',
        'Иван Петров', 'Ольга Смирнова', 'محمد علي', 'عائشة خان', 'राहुल शर्मा',
        'প্রিয়া দাস', '王小明', '佐藤 花子', '김민준', 'Nguyễn Văn An', 'Ahmet Yılmaz',
    ]);
    return mt_rand(0, 9) === 0 ? $name . ' 🙂' : $name;
}

function datetime(): string
{
    return date('Y-m-d H:i:s', mt_rand(1672531200, 1798761600));
}

function random_text(int $length, string $alphabet): string
{
    $s = '';
    for ($i = 0; $i < $length; $i++) {
        $s .= $alphabet[mt_rand(0, strlen($alphabet) - 1)];
    }
    return $s;
}

function pick(array $choices)
{
    return $choices[mt_rand(0, count($choices) - 1)];
}

/** A key of `$weights`, each drawn in proportion to its weight. */
function weighted(array $weights): int
{
    $r = mt_rand(1, array_sum($weights));
    foreach ($weights as $value => $weight) {
        if (($r -= $weight) <= 0) {
            return $value;
        }
    }
    return array_key_last($weights);
}
