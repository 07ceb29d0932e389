<?php
// A whole deposit and withdrawal through Paykassma\Client against the project's sandbox gateway
// (`paykassma sandbox`), with postbacks delivered to a real PHP merchant endpoint that verifies
// them through the SDK; then refusals and injected faults.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/sandbox.php';

use Paykassma\ApiException;
use Paykassma\Client;
use Paykassma\Sdk;
use Paykassma\SignatureException;
use Paykassma\UnexpectedResponseException;

const POSTBACK_KEY = 'sandbox-postback-private-key';

/** Waits for the merchant endpoint to log a line matching $match. */
function wait_for(string $log, callable $match, string $what): ?array
{
    for ($i = 0; $i < 200; $i++) {
        foreach (array_filter(explode("\n", (string) @file_get_contents($log))) as $line) {
            $entry = json_decode($line, true);
            if ($match($entry)) {
                return $entry;
            }
        }
        usleep(50000);
    }
    T::check(false, "timed out waiting for {$what}");
    return null;
}

// The merchant endpoint, then the sandbox delivering to it.
$merchantLog = tempnam(sys_get_temp_dir(), 'pkmerchant');
register_shutdown_function(static fn () => @unlink($merchantLog));
$merchantPort = free_port();
start([...php_command(), '-S', "127.0.0.1:{$merchantPort}", __DIR__ . '/merchant_endpoint.php'],
    ['PK_MERCHANT_LOG' => $merchantLog, 'PK_POSTBACK_KEY' => POSTBACK_KEY]);
$base = start_sandbox("http://127.0.0.1:{$merchantPort}/postback");
for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', $merchantPort); $i++) {
    usleep(50000);
}

$config = ['api_base_url' => $base, 'plugin_base_url' => $base, 'secret' => 'sandbox-secret',
    'withdrawal_private_key' => 'sandbox-withdrawal-private-key', 'postback_private_key' => POSTBACK_KEY,
    'max_retries' => 0, 'read_timeout_ms' => 5000];
$client = new Client($config);

// Deposit: the wallet to pay into, the user pays, the merchant activates with the number.
$created = $client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => 'user-42']);
$identifier = $created['params']['identifier'] ?? null;
T::check(is_string($identifier) && $identifier !== '', 'wallet identifier');
$paid = control($base, 'POST', '/_sandbox/pay', ['wallet_type' => 'easypaisa', 'identifier' => $identifier, 'amount' => 1200]);
$transactionId = (string) ($paid['transaction_id'] ?? '');
T::same(strlen($transactionId), 11, 'easypaisa transaction number');
$activated = $client->activateTransaction(['wallet_type' => 'easypaisa', 'currency_code' => 'PKR', 'label' => 'user-42',
    'key1' => $transactionId, 'custom_transaction_id' => 'order-1001', 'amount' => 1200]);
T::same($activated['status'], 'ok', 'activation');
T::same($activated['outcome'], 'activated', 'activation outcome');

$deposit = wait_for($merchantLog, fn ($e) => $e['verified'] && $e['kind'] === 'deposit', 'the deposit postback');
T::same($deposit['entries'][0]['transaction_id'] ?? null, $transactionId, 'deposit postback transaction id');
T::same($deposit['entries'][0]['plugin_custom_order_id'] ?? null, 'order-1001', 'deposit postback order id');
T::check(str_contains($deposit['idempotency_key'] ?? '', $transactionId), 'deposit idempotency key');
$lookup = $client->getPostback(['type' => 'deposit', 'transaction_id' => $transactionId]);
T::check(str_contains(json_encode($lookup), $transactionId), 'postback lookup finds the deposit');

// The postback the sandbox built verifies directly too, and a tampered copy does not.
$built = control($base, 'GET', '/_sandbox/postbacks');
$postbacks = $built['postbacks'] ?? $built;
$body = is_array($postbacks) ? (end($postbacks)['body'] ?? null) : null;
T::check(is_string($body), 'sandbox lists the postback body');
if (is_string($body)) {
    T::same(Sdk::verifyPostback($body, POSTBACK_KEY)->idempotencyKey, $deposit['idempotency_key'], 'same postback, same key');
    // Change the amount inside the signed list, not the unsigned envelope before it.
    $at = strpos($body, '"additional_data"');
    $forged = substr($body, 0, $at) . preg_replace('/"amount":("?)1200/', '"amount":${1}9200', substr($body, $at), 1);
    T::check($forged !== $body, 'forgery changed the signed list');
    $unsignedEdit = preg_replace('/"amount":("?)1200/', '"amount":${1}9200', substr($body, 0, $at), 1) . substr($body, $at);
    T::check($unsignedEdit !== $body, 'the envelope edit changed the body');
    T::same(Sdk::verifyPostback($unsignedEdit, POSTBACK_KEY)->entries[0]['amount'] ?? null, $deposit['entries'][0]['amount'] ?? 'x',
        'an edited envelope still verifies, and the signed amount is unchanged');
    T::throws(SignatureException::class, fn () => Sdk::verifyPostback($forged, POSTBACK_KEY), 'tampered sandbox postback');
}

// Withdrawal: created (signed by the SDK), paid by the gateway's staff, postback with status 1.
$withdrawal = $client->createWithdrawal(['payment_system' => 'easypaisa', 'amount' => 10000, 'currency_code' => 'PKR',
    'label' => 'user-42', 'account_number' => '03405135211', 'account_name' => 'Muhammad Saqib Mushtaq']);
$withdrawalId = $withdrawal['withdrawal_id'] ?? '';
T::check($withdrawalId !== '', 'withdrawal id');
control($base, 'POST', "/_sandbox/withdrawals/{$withdrawalId}/pay");
$paidOut = wait_for($merchantLog, fn ($e) => $e['verified'] && $e['kind'] === 'withdrawal', 'the withdrawal postback');
T::same($paidOut['entries'][0]['withdrawal_id'] ?? null, $withdrawalId, 'withdrawal postback id');
T::same($paidOut['entries'][0]['withdrawal_status'] ?? null, 1, 'withdrawal paid');

// A resent postback reaches the merchant again with the same idempotency key.
control($base, 'POST', '/_sandbox/postbacks/resend', []);
wait_for($merchantLog, fn ($e) => false !== $e && count(array_filter(explode("\n", (string) file_get_contents($merchantLog)),
    fn ($l) => str_contains($l, $paidOut['idempotency_key']))) >= 2, 'the resent postback');
$lines = array_map(fn ($l) => json_decode($l, true), array_filter(explode("\n", (string) file_get_contents($merchantLog))));
T::check(array_filter($lines, fn ($e) => !$e['verified']) === [], 'every delivered postback verified');

// Refusals and faults, as exceptions with the gateway's detail.
$e = T::throws(ApiException::class, fn () => $client->createWithdrawal(['payment_system' => 'easypaisa', 'amount' => 1000000,
    'currency_code' => 'PKR', 'label' => 'user-42', 'account_number' => '03405135211',
    'account_name' => 'Muhammad Saqib Mushtaq']), 'withdrawal beyond the balance');
if ($e instanceof ApiException) {
    T::same([$e->status, $e->httpStatus], ['fail', 400], 'refusal status');
    T::same($e->fieldErrors, ['withdrawals_sum_amount' => ['Insufficient balance']], 'refusal field errors');
}
$e = T::throws(ApiException::class, fn () => (new Client(['secret' => 'wrong-secret-value'] + $config))->accountsBalance(), 'wrong secret');
T::same($e instanceof ApiException ? [$e->status, $e->gatewayCode] : null, ['error', 30228], 'wrong secret on accounts-balance');

control($base, 'POST', '/_sandbox/faults', ['kind' => 'not_json', 'count' => 1]);
$e = T::throws(UnexpectedResponseException::class, fn () => $client->accountsBalance(), 'HTML answer');
T::same($e instanceof UnexpectedResponseException ? $e->httpStatus : null, 200, 'HTML answer status');
control($base, 'POST', '/_sandbox/faults', ['kind' => 'http_500', 'count' => 1]);
$retrying = new Client(['max_retries' => 2] + $config);
T::same($retrying->accountsBalance()['status'], 'success', 'a GET is retried past one HTTP 500');

T::same(Sdk::pluginUrl(['label' => 'user-42'], $base), $client->pluginUrl(['label' => 'user-42']), 'plugin URL from the config');

T::finish('SandboxTest');
