<?php
// What a flaky network and a hostile server get from Paykassma\Client: settings bounded and named
// as written, the withdrawal id on every error of a sent withdrawal, a lost activation answer
// recovered (or an AmbiguousRetryException), DNS failures of their own kind.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/sandbox.php';

use Paykassma\AmbiguousRetryException;
use Paykassma\Client;
use Paykassma\TransportException;
use Paykassma\UnexpectedResponseException;
use Paykassma\ValidationException;

$withdrawal = ['payment_system' => 'easypaisa', 'currency_code' => 'PKR', 'label' => 'u', 'amount' => 1000,
    'account_number' => '03405135211', 'account_name' => 'Muhammad', 'is_test' => true];

// Settings: each bound at its edge, refused under the name the caller wrote.
foreach ([['read_timeout_ms', -1], ['read_timeout_ms', 600001], ['retry_backoff_ms', 1000000], ['retry_backoff_ms', 10001],
    ['retry_backoff', 10.001], ['read_timeout', -1], ['max_retries', 11]] as [$name, $value]) {
    $e = T::throws(ValidationException::class, fn () => new Client(['api_base_url' => 'http://127.0.0.1:1', 'secret' => 's', $name => $value]),
        "{$name} = {$value}");
    T::same($e?->getField(), $name, "{$name} is named as written");
}
new Client(['api_base_url' => 'http://127.0.0.1:1', 'secret' => 's', 'read_timeout_ms' => 600000, 'retry_backoff_ms' => 10000,
    'max_retries' => 10, 'retry_backoff' => null, 'connect_timeout' => 600]);

// The withdrawal id of a sent withdrawal, on its error.
$closed = new Client(['api_base_url' => 'http://127.0.0.1:' . free_port(), 'secret' => 's', 'withdrawal_private_key' => 'k',
    'max_retries' => 0]);
$e = T::throws(TransportException::class, fn () => $closed->createWithdrawal($withdrawal), 'withdrawal to a closed port');
T::check(str_starts_with((string) $e?->getWithdrawalId(), 'sdk-'), 'generated withdrawal id on the error');
$e = T::throws(TransportException::class, fn () => $closed->createWithdrawal($withdrawal + ['withdrawal_id' => 'my-id-1']), 'own id');
T::same($e?->getWithdrawalId(), 'my-id-1', "the caller's withdrawal id on the error");
$e = T::throws(TransportException::class, fn () => $closed->accountsBalance(), 'not a withdrawal');
T::same($e?->getWithdrawalId(), null, 'no withdrawal id on other calls');

$e = T::throws(TransportException::class, fn () => (new Client(['api_base_url' => 'http://paykassma-sdk-test.invalid',
    'secret' => 's', 'max_retries' => 0]))->accountsBalance(), 'unresolvable host');
T::same($e?->kind, 'dns', 'DNS failures have their own kind');

// A lost activation answer, recovered from the deposit's postback; without one, ambiguous.
$base = start_sandbox();
$client = new Client(['api_base_url' => $base, 'secret' => 'sandbox-secret', 'retry_backoff_ms' => 10]);
$paid = function (string $label, int $amount) use ($base, $client): string {
    $identifier = $client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => $label])['params']['identifier'];
    return control($base, 'POST', '/_sandbox/pay', ['wallet_type' => 'easypaisa', 'identifier' => $identifier, 'amount' => $amount])['transaction_id'];
};
$activate = fn (string $label, string $key1, int $amount, string $order) => $client->activateTransaction(['wallet_type' => 'easypaisa',
    'currency_code' => 'PKR', 'label' => $label, 'key1' => $key1, 'amount' => $amount, 'custom_transaction_id' => $order]);
$cut = ['kind' => 'cut_connection', 'count' => 1, 'path_prefix' => '/api/v1/transaction/activate'];

$key1 = $paid('php-r1', 1200);
control($base, 'POST', '/_sandbox/faults', $cut);
$answer = $activate('php-r1', $key1, 1200, 'php-order-1');
T::same([$answer['status'], $answer['deposit'], $answer['recovered_from']], ['ok', true, 'postback'], 'recovered activation');

$key1 = $paid('php-r2', 100); // below the minimum: stockpiled, no postback yet
control($base, 'POST', '/_sandbox/faults', $cut);
$e = T::throws(AmbiguousRetryException::class, fn () => $activate('php-r2', $key1, 100, 'php-order-2'), 'inconclusive retry');
T::same([$e?->getErrorCode(), $e?->idField, $e?->id], ['ambiguous_retry', 'custom_transaction_id', 'php-order-2'], 'ambiguous retry detail');

// A redirect is never followed: nothing reaches its target, nothing is created.
$withdrawing = new Client(['api_base_url' => $base, 'secret' => 'sandbox-secret', 'retry_backoff_ms' => 10,
    'withdrawal_private_key' => 'sandbox-withdrawal-private-key']);
foreach ([301, 302, 307, 308] as $status) {
    control($base, 'POST', '/_sandbox/faults', ['kind' => 'redirect', 'status' => $status, 'path_prefix' => '/v2/withdrawal']);
    $e = T::throws(UnexpectedResponseException::class, fn () => $withdrawing->createWithdrawal($withdrawal), "redirect {$status}");
    T::same($e?->httpStatus, $status, "redirect {$status} status");
    T::check(str_contains((string) $e?->getMessage(), '/_sandbox/redirect-target'), "redirect {$status} names the Location");
    T::check($e?->getWithdrawalId() !== null, "redirect {$status} keeps the withdrawal id");
}
T::same(control($base, 'GET', '/_sandbox/redirect-hits')['count'] ?? null, 0, 'nothing reached the redirect target');
T::same(control($base, 'GET', '/_sandbox/state')['withdrawals'] ?? null, [], 'no withdrawal was created');

T::finish('ReliabilityTest');
