<?php
// Client's `logger` (PSR-3, tested with Debian's php-psr-log) and `proxy` settings against the
// project's sandbox gateway: one debug line per request attempt with its fields and no secret,
// any object with PSR-3's methods accepted, anything else refused; an explicit proxy is used
// and its password shows nowhere.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/sandbox.php';

use Paykassma\ApiException;
use Paykassma\Client;
use Paykassma\TransportException;
use Paykassma\ValidationException;

const PROXY_PASSWORD = 'proxy-password-do-not-leak';

$psr = '/usr/share/php/Psr/Log/autoload.php';
if (!is_file($psr)) {
    fwrite(STDERR, "FAIL: {$psr} is missing: install php-psr-log (make deps)\n");
    exit(1);
}
require $psr;

/** A PSR-3 logger keeping what it is given. */
final class Kept extends Psr\Log\AbstractLogger
{
    public array $lines = [];

    public function log($level, $message, array $context = []): void
    {
        $this->lines[] = [$level, (string) $message, $context];
    }
}

$base = start_sandbox();
$config = ['api_base_url' => $base, 'secret' => SECRET, 'withdrawal_private_key' => WITHDRAWAL_KEY, 'retry_backoff_ms' => 10];

// One debug line per attempt: a lookup retried after a 500, then a withdrawal refused with an
// answer that echoes the request (its query carries the secret).
$logger = new Kept();
$client = new Client($config + ['logger' => $logger]);
control($base, 'POST', '/_sandbox/faults', ['kind' => 'http_500', 'count' => 1, 'path_prefix' => '/api/v1/accounts-balance']);
$client->accountsBalance();
control($base, 'POST', '/_sandbox/faults', ['kind' => 'echo_error', 'format' => 'json', 'count' => 1]);
T::throws(ApiException::class, fn () => $client->createWithdrawal(['payment_system' => 'easypaisa', 'currency_code' => 'PKR',
    'label' => 'u', 'amount' => 1000, 'account_number' => '03405135211', 'account_name' => 'Muhammad']), 'the echo refuses');
T::same(count($logger->lines), 3, 'three attempts, three lines');
T::same(array_unique(array_column($logger->lines, 0)), ['debug'], 'at debug level');
T::check(preg_match('~^GET /api/v1/accounts-balance -> 500 unexpected_response \(attempt 1, [\d.]+ ms\), retrying$~', $logger->lines[0][1]) === 1, $logger->lines[0][1]);
T::check(preg_match('~^GET /api/v1/accounts-balance -> 200 \(attempt 2, [\d.]+ ms\)$~', $logger->lines[1][1]) === 1, $logger->lines[1][1]);
T::check(str_starts_with($logger->lines[2][1], 'POST /v2/withdrawal/create -> 400 api_error (attempt 1, '), $logger->lines[2][1]);
$context = $logger->lines[1][2];
T::same([$context['method'], $context['path'], $context['status'], $context['attempt'], $context['retry']],
    ['GET', '/api/v1/accounts-balance', 200, 2, false], 'the context holds the fields');
T::check($context['duration_ms'] > 0, 'a duration');
$everything = json_encode($logger->lines);
foreach ([SECRET, WITHDRAWAL_KEY] as $secret) {
    T::check(!str_contains($everything, $secret), "no {$secret} in the log");
}

// Without a logger nothing is written anywhere; a lone call's lines are its own.
$quiet = new Client($config);
$quiet->accountsBalance();
$client->accountsBalance();
T::same(count($logger->lines), 4, 'one more line for one more call');

// Any object with PSR-3's methods; a logger that throws changes no result.
$duck = new class {
    public array $lines = [];
    public function debug(string|\Stringable $message, array $context = []): void
    {
        $this->lines[] = (string) $message;
        throw new RuntimeException('logger down');
    }
};
T::same((new Client($config + ['logger' => $duck]))->accountsBalance()['status'], 'success', 'a throwing logger changes nothing');
T::same(count($duck->lines), 1, 'the duck-typed logger was called');
$refused = T::throws(ValidationException::class, fn () => new Client($config + ['logger' => 'syslog']), 'a string is no logger');
T::same($refused?->getField(), 'logger', 'the error names the setting');

// An explicit proxy is used (here one that is down), and its password shows nowhere.
$dead = free_port();
$down = new Client($config + ['proxy' => 'http://merchant:' . PROXY_PASSWORD . "@127.0.0.1:{$dead}", 'max_retries' => 0]);
$failed = T::throws(TransportException::class, fn () => $down->accountsBalance(), 'the dead proxy is used');
$bad = T::throws(ValidationException::class, fn () => new Client($config + ['proxy' => 'ftp://merchant:' . PROXY_PASSWORD . '@host']), 'not a proxy URL');
T::same($bad?->getField(), 'proxy', 'the error names the proxy');
$shown = print_r($down, true) . $failed?->getMessage() . $failed . $bad?->getMessage() . $bad;
T::check(!str_contains($shown, PROXY_PASSWORD), 'no proxy password in errors or print_r');

T::finish('logger and proxy');
