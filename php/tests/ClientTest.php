<?php
// Paykassma\Client over real HTTP against the project's sandbox gateway: its answers, and the
// answers it is told to give (`answer` faults) for the shapes and error kinds the routes never give.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/sandbox.php';

use Paykassma\ApiException;
use Paykassma\Client;
use Paykassma\Sdk;
use Paykassma\SignatureException;
use Paykassma\TransportException;
use Paykassma\UnexpectedResponseException;
use Paykassma\ValidationException;


$base = start_sandbox();

/** The gateway requests the sandbox saw, oldest first (without the secret). */
function requests(string $base): array
{
    return control($base, 'GET', '/_sandbox/requests')['requests'] ?? [];
}

/** The next request under $pathPrefix gets this answer instead of the gateway's. */
function answer(string $base, string $pathPrefix, int $status, string $body, string $contentType = 'application/json'): void
{
    control($base, 'POST', '/_sandbox/faults', ['kind' => 'answer', 'path_prefix' => $pathPrefix, 'status' => $status,
        'body' => $body, 'content_type' => $contentType]);
}

$config = ['api_base_url' => $base, 'secret' => SECRET, 'withdrawal_private_key' => WITHDRAWAL_KEY,
    'max_retries' => 0, 'connect_timeout_ms' => 2000, 'read_timeout_ms' => 5000,
    'plugin_base_url' => 'https://plugin.example.com'];
$client = new Client($config);

// Success: the answer comes back as PHP arrays, floats and ints as PHP would decode them.
answer($base, '/api/v1/accounts-balance', 200, '{"status":"success","code":20000,"data":[{"currency":"PKR","balance":1000.5,"amount":1e-5}]}');
$balance = $client->accountsBalance();
T::same($balance['status'], 'success', 'balance status');
T::same($balance['data'][0]['balance'], 1000.5, 'balance float');
T::same($balance['data'][0]['amount'], 1.0E-5, 'small float');
$sent = requests($base)[0];
T::same([$sent['method'], $sent['path'], $sent['secret']], ['GET', '/api/v1/accounts-balance', 'correct'], 'balance request');
T::check(str_contains($sent['user_agent'], 'php'), "User-Agent names the PHP binding ({$sent['user_agent']})");

// A withdrawal is signed with the documented formula, and gets a withdrawal_id when none is given.
$answer = $client->createWithdrawal(['payment_system' => 'easypaisa', 'amount' => 10000, 'currency_code' => 'PKR',
    'label' => 'user-42', 'account_number' => '03405135211', 'account_name' => 'Muhammad Saqib Mushtaq', 'is_test' => true]);
$all = requests($base);
$sent = json_decode(end($all)['body'], true);
T::same(end($all)['path'], '/v2/withdrawal/create', 'withdrawal path');
T::same($sent['signature'] ?? null, request_signature($sent, WITHDRAWAL_KEY), 'withdrawal signed as documented');
T::check(is_string($sent['withdrawal_id'] ?? null) && $sent['withdrawal_id'] !== '', 'withdrawal_id generated');
T::same($answer['withdrawal_id'] ?? null, $sent['withdrawal_id'] ?? 'x', 'generated withdrawal_id returned');

// Gateway refusal: ApiException with the gateway's status, code, fields, HTTP status and body.
answer($base, '/v2/withdrawal/create', 422,
    '{"status":"error","code":30228,"error_message":"Validation error","errors":{"withdrawals_sum_amount":["Insufficient balance"]}}');
$e = T::throws(ApiException::class, fn () => $client->createWithdrawal(['payment_system' => 'easypaisa',
    'amount' => 5000000, 'currency_code' => 'PKR', 'label' => 'user-42', 'account_number' => '03405135211',
    'account_name' => 'Muhammad Saqib Mushtaq', 'withdrawal_id' => 'w-1']), 'refused withdrawal');
if ($e instanceof ApiException) {
    T::same([$e->status, $e->httpStatus, $e->gatewayCode], ['error', 422, 30228], 'api error status, http, code');
    T::same($e->fieldErrors, ['withdrawals_sum_amount' => ['Insufficient balance']], 'api field errors');
    T::check(str_contains($e->body, 'Insufficient balance'), 'api raw body');
    T::check(str_contains($e->getMessage(), 'Insufficient balance'), 'api message');
    T::same($e->getErrorCode(), 'api_error', 'api code');
}
answer($base, '/api/v1/transaction/create/', 502, '<html><body>502 Bad Gateway</body></html>', 'text/html');
$e = T::throws(UnexpectedResponseException::class, fn () => $client->createTransaction(['wallet_type' => 'easypaisa',
    'currency' => 'PKR', 'label' => 'user-42']), 'HTML error page');
T::same($e instanceof UnexpectedResponseException ? [$e->httpStatus, str_contains($e->body, '502 Bad Gateway')] : null, [502, true], 'unexpected response detail');
if ($e !== null) {
    check_error_fields($e);
}

// Wrong secret: the gateway's bare 404, reported without the secret.
$wrong = new Client(['secret' => 'not-the-secret-456'] + $config);
$e = T::throws(ApiException::class, fn () => $wrong->depositInfo(['wallet_type' => 'upi', 'currency' => 'INR', 'label' => 'u1']), 'wrong secret');
T::same($e instanceof ApiException ? $e->status : null, 'not_found', 'wrong secret status');
if ($e !== null) {
    check_error_fields($e);
}
T::check($e !== null && !str_contains($e->getMessage(), 'not-the-secret-456'), 'no secret in the message');

// Validation before sending: nothing reaches the gateway.
$before = count(requests($base));
$e = T::throws(ValidationException::class, fn () => $client->createWithdrawal(['payment_system' => 'easypaisa',
    'currency_code' => 'PKR', 'label' => 'u']), 'withdrawal without amount');
T::same($e?->getField(), 'amount', 'missing amount field');
T::throws(ValidationException::class, fn () => $client->call('no_such_operation'), 'unknown operation');
T::throws(ValidationException::class, fn () => $client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR',
    'label' => ['nested' => INF]]), 'INF parameter');
T::same(count(requests($base)), $before, 'refused requests were not sent');

// Settings are checked when the client is made.
$e = T::throws(ValidationException::class, fn () => new Client(['api_base_url' => 'ftp://x', 'secret' => SECRET]), 'bad URL');
T::same($e?->getField(), 'api_base_url', 'bad URL field');
$e = T::throws(ValidationException::class, fn () => new Client(['api_base_url' => $base]), 'no secret');
T::same($e?->getField(), 'secret', 'missing secret field');

// Nothing listening: a TransportException of kind `connect`.
$dead = new Client(['api_base_url' => 'http://127.0.0.1:' . free_port()] + $config);
$e = T::throws(TransportException::class, fn () => $dead->accountsBalance(), 'closed port');
T::same($e instanceof TransportException ? $e->kind : null, 'connect', 'transport kind');

// Payment window links and postbacks through the client's settings.
T::check(str_starts_with($client->pluginUrl(['label' => 'user-42']), 'https://plugin.example.com'), 'plugin URL');
T::same(Sdk::pluginUrl(['label' => 'u1', 'fixed_amount' => 1000], 'https://plugin.example.com'),
    'https://plugin.example.com/?label=u1&fixed_amount=1000', 'plugin URL parameters');
$e = T::throws(ValidationException::class, fn () => Sdk::pluginUrl([], 'https://plugin.example.com'), 'plugin URL without label');
T::same($e?->getField(), 'label', 'plugin URL missing label');
$e = T::throws(ValidationException::class, fn () => $client->verifyPostback('{}'), 'no postback key configured');
T::same($e?->getField(), 'postback_private_key', 'the missing setting is named');
$bare = new Client(['api_base_url' => 'http://127.0.0.1:9', 'secret' => SECRET]);
$e = T::throws(ValidationException::class, fn () => $bare->pluginUrl(['label' => 'u1']), 'no plugin base URL configured');
T::same($e?->getField(), 'plugin_base_url', 'the missing plugin_base_url is named');
$keyed = new Client(['api_base_url' => 'http://127.0.0.1:9', 'secret' => SECRET, 'postback_private_key' => 'client-pb-key']);
$signed = [['transaction_id' => '1', 'amount' => '10', 'currency_code' => 'PKR']];
$body = json_encode(['signature' => postback_signature('ak', 'client-pb-key', $signed), 'access_key' => 'ak', 'additional_data' => $signed]);
T::same($keyed->verifyPostback($body)->entries[0]['transaction_id'], '1', 'verified with the client\'s key');
T::throws(SignatureException::class, fn () => $keyed->verifyPostback(str_replace('"ak"', '"ak2"', $body)), 'a changed access key');
T::check(!str_contains(print_r($keyed, true) . var_export($keyed, true), 'client-pb-key'), 'the key never shows in a dump');

// A client cannot be copied (one handle, one owner); many clients come and go without leaks.
T::throws(Error::class, fn () => clone $client, 'clone refused');
for ($i = 0; $i < 200; $i++) {
    $c = new Client($config);
    unset($c);
}

T::finish('ClientTest');
