<?php
// Paykassma\Client over real HTTP: a scripted gateway (`php -S fake_gateway.php`) for the answer
// shapes and error kinds, and the project's sandbox gateway when the CLI has it.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\ApiException;
use Paykassma\Client;
use Paykassma\Sdk;
use Paykassma\TransportException;
use Paykassma\UnexpectedResponseException;
use Paykassma\ValidationException;

const SECRET = 'fake-gateway-secret-123';
const WITHDRAWAL_KEY = 'withdrawal-private-key';

function free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}

function wait_for_port(int $port): void
{
    for ($i = 0; $i < 100; $i++) {
        $c = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1);
        if ($c) {
            fclose($c);
            return;
        }
        usleep(50000);
    }
    throw new RuntimeException("nothing listens on port {$port}");
}

$log = tempnam(sys_get_temp_dir(), 'pkfake');
$port = free_port();
$server = proc_open(
    [PHP_BINARY, '-S', "127.0.0.1:{$port}", __DIR__ . '/fake_gateway.php'],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
    $pipes,
    null,
    ['PK_FAKE_LOG' => $log],
);
register_shutdown_function(static function () use ($server, $log): void {
    proc_terminate($server);
    proc_close($server);
    @unlink($log);
});
wait_for_port($port);

function requests(string $log): array
{
    return array_map(fn ($l) => json_decode($l, true), array_filter(explode("\n", (string) file_get_contents($log))));
}

$config = ['api_base_url' => "http://127.0.0.1:{$port}", 'secret' => SECRET, 'withdrawal_private_key' => WITHDRAWAL_KEY,
    'max_retries' => 0, 'connect_timeout_ms' => 2000, 'read_timeout_ms' => 5000,
    'plugin_base_url' => 'https://plugin.example.com'];
$client = new Client($config);

// Success: the answer comes back as PHP arrays, floats and ints as PHP would decode them.
$balance = $client->accountsBalance();
T::same($balance['status'], 'success', 'balance status');
T::same($balance['data'][0]['balance'], 1000.5, 'balance float');
T::same($balance['data'][0]['amount'], 1.0E-5, 'small float');
$sent = requests($log)[0];
T::same([$sent['method'], $sent['path'], $sent['query']['secret']], ['GET', '/api/v1/accounts-balance', SECRET], 'balance request');
T::check(str_contains($sent['user_agent'], 'php'), "User-Agent names the PHP binding ({$sent['user_agent']})");

// A withdrawal is signed with the documented formula, and gets a withdrawal_id when none is given.
$answer = $client->createWithdrawal(['payment_system' => 'easypaisa', 'amount' => 10000, 'currency_code' => 'PKR',
    'label' => 'user-42', 'account_number' => '03405135211', 'account_name' => 'Muhammad Saqib Mushtaq', 'is_test' => true]);
$all = requests($log);
$sent = json_decode(end($all)['body'], true);
T::same(end($all)['path'], '/v2/withdrawal/create', 'withdrawal path');
T::same($sent['signature'] ?? null, request_signature($sent, WITHDRAWAL_KEY), 'withdrawal signed as documented');
T::check(is_string($sent['withdrawal_id'] ?? null) && $sent['withdrawal_id'] !== '', 'withdrawal_id generated');
T::same($answer['withdrawal_id'] ?? null, $sent['withdrawal_id'] ?? 'x', 'generated withdrawal_id returned');

// Gateway refusal: ApiException with the gateway's status, code, fields, HTTP status and body.
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
$e = T::throws(UnexpectedResponseException::class, fn () => $client->createTransaction(['wallet_type' => 'easypaisa',
    'currency' => 'PKR', 'label' => 'user-42']), 'HTML error page');
T::same($e instanceof UnexpectedResponseException ? [$e->httpStatus, str_contains($e->body, '502 Bad Gateway')] : null, [502, true], 'unexpected response detail');

// Wrong secret: the gateway's bare 404, reported without the secret.
$wrong = new Client(['secret' => 'not-the-secret-456'] + $config);
$e = T::throws(ApiException::class, fn () => $wrong->accountsBalance(), 'wrong secret');
T::same($e instanceof ApiException ? $e->status : null, 'not_found', 'wrong secret status');
T::check($e !== null && !str_contains($e->getMessage(), 'not-the-secret-456'), 'no secret in the message');

// Validation before sending: nothing reaches the gateway.
$before = count(requests($log));
$e = T::throws(ValidationException::class, fn () => $client->createWithdrawal(['payment_system' => 'easypaisa',
    'currency_code' => 'PKR', 'label' => 'u']), 'withdrawal without amount');
T::same($e?->getField(), 'amount', 'missing amount field');
T::throws(ValidationException::class, fn () => $client->call('no_such_operation'), 'unknown operation');
T::throws(ValidationException::class, fn () => $client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR',
    'label' => ['nested' => INF]]), 'INF parameter');
T::same(count(requests($log)), $before, 'refused requests were not sent');

// Settings are checked when the client is made.
$e = T::throws(ValidationException::class, fn () => new Client(['api_base_url' => 'ftp://x', 'secret' => SECRET]), 'bad URL');
T::same($e?->getField(), 'api_base_url', 'bad URL field');
$e = T::throws(ValidationException::class, fn () => new Client(['api_base_url' => "http://127.0.0.1:{$port}"]), 'no secret');
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
T::throws(ValidationException::class, fn () => $client->verifyPostback('{}'), 'no postback key configured');

// A client cannot be copied (one handle, one owner); many clients come and go without leaks.
T::throws(Error::class, fn () => clone $client, 'clone refused');
for ($i = 0; $i < 200; $i++) {
    $c = new Client($config);
    unset($c);
}

T::finish('ClientTest');
