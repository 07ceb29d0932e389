<?php
// The withdrawal requests every sign benchmark runs over: 200 per wallet kind, generated from a
// fixed seed (the same file every run), each signed by PHP's own formula.
//
//   php benches/corpus/requests.php > target/bench-corpus/requests.jsonl   (make bench-corpus)
//
// One JSON object a line: `wallet`, `key` (32 characters), `request` (the data as an object),
// `json` (its JSON text as a merchant would hold it: PHP's default escapes for half of them,
// unescaped unicode and slashes for the rest) and `signature` (sha1(key . md5(multiImplode(':',
// ksort($data)))) over json_decode($json, true), which is also what the array itself signs).
//
// Shapes: 9-11 top-level fields; amounts integer or with two decimals (a float, as a merchant's
// PHP holds 1500.25); names in Latin with accents, Urdu, Devanagari, Sinhala and Tamil; ipay and
// imps carry nested `bank_details`; `is_test` true or false.
declare(strict_types=1);

// The gateway's formula, as every PHP harness has it.
require dirname(__DIR__, 2) . '/tests/php-oracle/formulas.php';

const PER_WALLET = 200;
const WALLETS = [
    'easypaisa' => ['PKR', 'latin', '03', 11],
    'ipay' => ['LKR', 'sinhala', '07', 8],
    'paytm' => ['INR', 'devanagari', '9', 10],
    'imps' => ['INR', 'tamil', '', 14],
];
const NAMES = [
    'latin' => ['Muhammad Saqib Mushtaq', 'José Müller', 'Zoë Ñúñez', 'Ayesha Khán', 'Lê Văn Tám', 'Renée O\'Brien',
        'Ömer Çelik', 'Bilal Aḥmad'],
    'sinhala' => ['කසුන් පෙරේරා', 'නිමල් සිල්වා', 'Dilshan Fernándo', 'සුනිල් ජයසූරිය'],
    'devanagari' => ['राहुल शर्मा', 'प्रिया सिंह', 'Amit Kumār', 'सुरेश पटेल', 'محمد علی'],
    'tamil' => ['கார்த்திக் ராஜா', 'Priyā Subramaniam', 'செல்வி முருகன்', 'Arjun Nair'],
];
const BANKS = ['Bank Of Ceylon', 'People\'s Bank', 'HDFC Bank', 'State Bank of India', 'ICICI / Mumbai'];
const COMMENTS = ['payout', 'weekly payout 7/11', 'refund: order #5521', 'выплата', 'bonus', 'cashout — VIP'];

mt_srand(20261129, MT_RAND_MT19937);

function pick(array $items)
{
    return $items[mt_rand(0, count($items) - 1)];
}

function digits(int $n): string
{
    $s = '';
    for ($i = 0; $i < $n; $i++) {
        $s .= (string) mt_rand(0, 9);
    }
    return $s;
}

function private_key(): string
{
    $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    $s = '';
    for ($i = 0; $i < 32; $i++) {
        $s .= $alphabet[mt_rand(0, 61)];
    }
    return $s;
}

function amount(): int|float
{
    $units = mt_rand(100, 250000);
    return mt_rand(0, 1) ? $units : $units + mt_rand(1, 99) / 100;
}

function request(string $wallet): array
{
    [$currency, $script, $prefix, $length] = WALLETS[$wallet];
    $r = [
        'withdrawal_id' => mt_rand(1, 99) . '_' . digits(mt_rand(4, 9)),
        'payment_system' => $wallet,
        'amount' => amount(),
        'currency_code' => $currency,
        'label' => digits(mt_rand(5, 9)),
        'account_number' => $prefix . digits($length - strlen($prefix)),
        'account_name' => pick(NAMES[$script]),
        'is_test' => mt_rand(0, 3) === 0,
    ];
    $optional = ['comment' => pick(COMMENTS), 'account_email' => 'user' . digits(4) . '@example.com',
        'callback_url' => 'https://merchant.example/hooks/' . digits(6)];
    if ($wallet === 'ipay') {
        $optional['bank_details'] = ['bank_code' => pick(BANKS)];
    }
    if ($wallet === 'imps') {
        $optional['receiver_name'] = pick(NAMES[$script]);
        $optional['bank_details'] = ['bank_code' => 'IFSC' . digits(7), 'branch_code' => pick(BANKS)];
    }
    // 9-11 fields: one to three of the optional ones, in the merchant's own order.
    $keys = array_keys($optional);
    shuffle($keys);
    foreach (array_slice($keys, 0, mt_rand(1, min(3, count($keys)))) as $k) {
        $r[$k] = $optional[$k];
    }
    return $r;
}

foreach (array_keys(WALLETS) as $wallet) {
    for ($i = 0; $i < PER_WALLET; $i++) {
        $request = request($wallet);
        $key = private_key();
        $json = json_encode($request, mt_rand(0, 1) ? 0 : JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
        $signature = request_signature(json_decode($json, true), $key);
        if ($signature !== request_signature($request, $key)) {
            fwrite(STDERR, "requests.php: $wallet request $i signs differently as JSON\n");
            exit(1);
        }
        echo json_encode(['wallet' => $wallet, 'key' => $key, 'request' => $request, 'json' => $json,
            'signature' => $signature], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
    }
}
