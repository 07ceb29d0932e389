<?php
// Sdk::verifyPostback on bodies signed in plain PHP with the documented formula, encoded the ways
// the gateway sends them, tampered with, malformed; then the shared postback vectors.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\PostbackException;
use Paykassma\Sdk;
use Paykassma\SignatureException;
use Paykassma\ValidationException;

const KEY = 'postback-private-key';

function deposit_entry(string $transactionId, string $amount, string $comment = ''): array
{
    return ['activated_datetime' => '2023-09-26 22:37:00', 'exchanger_identifier' => '923139471223',
        'comment' => $comment, 'amount' => $amount, 'currency_code' => 'PKR', 'wallet_type' => 'easypaisa',
        'stockpiling_id' => 4819603, 'transaction_id' => $transactionId, 'transaction_type' => 0,
        'plugin_custom_order_id' => '5586199250', 'withdrawal_id' => null, 'withdrawal_status' => null,
        'account_number' => '', 'account_name' => '', 'account_email' => '',
        'bank_details' => ['bank_code' => '', 'branch_code' => '']];
}

function body(array $signed, string $key = KEY, int $flags = 0, array $envelope = []): string
{
    $b = ['signature' => postback_signature('TA25Ea9sjPUFJvIG', $key, $signed),
        'wallet_type' => 'easypaisa', 'amount' => 1000, 'currency_code' => 'PKR', 'label' => '545932754',
        'direction' => 'ingoing', 'created_datetime' => '2023-09-26 19:37:02', 'access_key' => 'TA25Ea9sjPUFJvIG',
        'additional_data' => $signed] + $envelope;
    return json_encode($envelope + $b, $flags);
}

$signed = [deposit_entry('23936218009', '1000', 'paid via app/ü "quoted" €')];
// PHP's default escapes (`\/`, `\u00fc`), pretty-printed, and unescaped: all the same postback.
foreach ([0, JSON_PRETTY_PRINT, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE] as $flags) {
    $p = Sdk::verifyPostback(body($signed, KEY, $flags), KEY);
    T::same($p->kind, 'deposit', "kind (flags {$flags})");
    T::check($p->isDeposit() && !$p->isWithdrawal(), 'isDeposit');
    T::same($p->idempotencyKey, 'deposit:easypaisa:23936218009', "idempotency key (flags {$flags})");
    T::same($p->entries[0]['transaction_id'], '23936218009', 'signed transaction id');
    T::same($p->acknowledgement, '{"status":"ok"}', 'acknowledgement');
    T::same($p->signedList, 'additional_data', 'signed list');
    T::check(in_array('amount', $p->unsignedFields, true), 'amount is listed as unsigned');
}

// Changing a signed value breaks the signature; changing the unsigned envelope does not, and the
// signed entries still say what was paid.
$tampered = $signed;
$tampered[0]['amount'] = '9000';
$forged = str_replace(json_encode($signed), json_encode($tampered), body($signed));
T::check($forged !== body($signed), 'forgery changed the body');
$e = T::throws(SignatureException::class, fn () => Sdk::verifyPostback($forged, KEY), 'signed amount changed');
T::same($e?->getErrorCode(), 'signature_mismatch', 'mismatch code');
$p = Sdk::verifyPostback(body($signed, KEY, 0, ['amount' => 999999]), KEY);
T::same((string) $p->unsigned['amount'], '999999', 'unsigned amount is shown as sent');
T::same($p->entries[0]['amount'], '1000', 'signed amount is the truth');

T::throws(SignatureException::class, fn () => Sdk::verifyPostback(body($signed), 'another-key'), 'wrong key');
T::throws(SignatureException::class, fn () => Sdk::verifyPostback(body($signed, 'another-key'), KEY), 'signed with another key');

// Several entries in one postback; the older `transactions` list.
$two = [deposit_entry('111', '500'), deposit_entry('222', '700')];
T::same(Sdk::verifyPostback(body($two), KEY)->idempotencyKey, 'deposit:easypaisa:111|deposit:easypaisa:222', 'two entries');
$old = json_decode(body($signed), true);
$old['transactions'] = $old['additional_data'];
unset($old['additional_data']);
T::same(Sdk::verifyPostback(json_encode($old), KEY)->signedList, 'transactions', 'older transactions list');

// Malformed bodies: a PostbackException naming the problem, never a crash.
foreach (['' => 'empty', 'not json' => 'text', '[]' => 'a list', "\x00\xff\xfe binary" => 'binary',
    '{"access_key":"a","additional_data":[]}' => 'no signature',
    "{\"signature\":\"x\0y\"}" => 'NUL in body'] as $bad => $what) {
    $e = T::throws(PostbackException::class, fn () => Sdk::verifyPostback((string) $bad, KEY), "malformed: {$what}");
    T::check($e !== null && $e->getMessage() !== '', "malformed {$what} has a message");
}
$e = T::throws(ValidationException::class, fn () => Sdk::verifyPostback(body($signed), ''), 'empty key');
T::same($e?->getField(), 'private_key', 'empty key field');

// The shared vectors.
$vectors = vector_file('postback.json');
T::check($vectors !== null, 'tests/vectors/postback.json is readable');
if ($vectors !== null) {
    T::same($vectors['algorithm'], 'postback_verification', 'vector algorithm');
    foreach ($vectors['cases'] as $case) {
        try {
            $p = Sdk::verifyPostback($case['body'], $case['private_key']);
            T::check($case['valid'], "vector {$case['id']} verified but should fail with " . ($case['error_code'] ?? '?'));
            if (isset($case['kind'])) {
                T::same($p->kind, $case['kind'], "vector {$case['id']} kind");
            }
            if (isset($case['idempotency_key'])) {
                T::same($p->idempotencyKey, $case['idempotency_key'], "vector {$case['id']} idempotency key");
                T::same($p->signatureForm, $case['signature_form'], "vector {$case['id']} signature form");
            }
        } catch (Paykassma\PaykassmaException $e) {
            T::check(!$case['valid'], "vector {$case['id']} failed: {$e->getMessage()}");
            T::same($e->getErrorCode(), $case['error_code'] ?? null, "vector {$case['id']} error code");
        }
    }
    echo 'postback vectors: ' . count($vectors['cases']) . " cases\n";
}

T::finish('PostbackTest');
