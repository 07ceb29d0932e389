<?php
// The typed answer classes (Paykassma\Answer\*) built from the sandbox's answers: typed readonly
// properties, the raw answer kept whole, a missing or mistyped key named.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/sandbox.php';

use Paykassma\Answer;
use Paykassma\Client;
use Paykassma\UnexpectedResponseException;

$base = start_sandbox();
$client = new Client(['api_base_url' => $base, 'secret' => 'sandbox-secret',
    'withdrawal_private_key' => 'sandbox-withdrawal-private-key']);

$raw = $client->paymentSystemsAvailable(['label' => 'u1', 'currency_codes' => ['PKR']]);
$systems = Answer\PaymentSystems::from($raw);
T::same($systems->walletTypes, ['easypaisa'], 'wallet types');
T::same($systems->limits['easypaisa']['PKR']['min'], $raw['params']['limits']['easypaisa']['PKR']['min'], 'limits');
T::same($systems->raw, $raw, 'the raw answer is kept whole');

$created = Answer\CreatedTransaction::from($client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => 'u1']));
T::check(preg_match('/^03\d{9}$/', $created->identifier) === 1, "identifier {$created->identifier}");
$paid = control($base, 'POST', '/_sandbox/pay', ['wallet_type' => 'easypaisa', 'identifier' => $created->identifier, 'amount' => 1500]);
$activation = Answer\Activation::from($client->activateTransaction(['wallet_type' => 'easypaisa', 'currency_code' => 'PKR',
    'label' => 'u1', 'key1' => $paid['transaction_id'], 'amount' => 1500, 'custom_transaction_id' => 'o-1']));
T::same([$activation->status, $activation->deposit, $activation->depositAmount, $activation->currencyCode], ['ok', true, 1500, 'PKR'], 'activation');
$info = Answer\DepositInfo::from($client->depositInfo(['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => 'u1']));
T::same($info->minimumDeposit, 500, 'minimum deposit');
T::same(Answer\Status::from($client->saveTransactionCustomId(['label' => 'u1', 'transaction_custom_id' => 'x-1']))->status, 'ok', 'status');
$hashed = Answer\HashedUrls::from($client->hashUrls(['success_urls' => [['order' => 1, 'url' => 'https://shop.example/ok']], 'fail_urls' => []]));
T::same(strlen($hashed->hashes['success_url'][0]), 64, 'a hash');
T::check(str_ends_with(Answer\MediaHints::from($client->mediaHints())->urls['easypaisa'], 'easypaisa.mp4'), 'media hint');

$withdrawal = Answer\CreatedWithdrawal::from($client->createWithdrawal(['payment_system' => 'easypaisa', 'currency_code' => 'PKR',
    'label' => 'u', 'amount' => 1000, 'account_number' => '03405135211', 'account_name' => 'M']));
T::check(str_starts_with($withdrawal->withdrawalId, 'sdk-'), 'withdrawal id');
$balances = Answer\AccountsBalance::from($client->accountsBalance());
T::same($balances->balances[0]->walletType, 'easypaisa', 'first balance');
T::same($balances->balances[0]->amount, 1001500, 'its amount after the deposit');
control($base, 'POST', "/_sandbox/withdrawals/{$withdrawal->withdrawalId}/pay");
$lookup = Answer\PostbackLookup::from($client->getPostback(['type' => 'withdrawal', 'withdrawal_id' => $withdrawal->withdrawalId]));
T::same($lookup->postback['wallet_type'] ?? null, 'easypaisa', 'the postback');
$pulled = Answer\PulledPostbacks::from($client->pullPostbacks(['type' => 'withdrawal', 'withdrawal_ids' => [$withdrawal->withdrawalId]]));
T::same([count($pulled->items), $pulled->total], [1, 1], 'pulled');

// Read-only, and an answer of another shape is named.
T::throws(Error::class, fn () => $withdrawal->withdrawalId = 'other', 'readonly');
$e = T::throws(UnexpectedResponseException::class, fn () => Answer\CreatedTransaction::from(['status' => 'ok', 'params' => []]), 'missing key');
T::check(str_contains((string) $e?->getMessage(), '`params.identifier`'), (string) $e?->getMessage());
$e = T::throws(UnexpectedResponseException::class, fn () => Answer\Balance::from(['wallet_type' => 'x', 'currency_code' => 'PKR', 'amount' => true]), 'mistyped');
T::check(str_contains((string) $e?->getMessage(), '`amount` is bool'), (string) $e?->getMessage());

T::finish('typed answers');
