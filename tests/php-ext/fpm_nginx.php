<?php
// The extension in a real web server: Debian's php-fpm (its own php.ini, FFI at its default
// `ffi.enable=preload`, the extension loaded) behind Debian's nginx, both on loopback, serving
// php/examples/webhook.php. The sandbox delivers signed postbacks to it over HTTP, some twice and
// one resent; every delivery must be acknowledged and every postback processed exactly once.
// A second php-fpm without the extension runs the FFI backend through php/examples/preload.php.
//
//   php tests/php-ext/fpm_nginx.php /path/to/paykassma.so      (make test-php-fpm)
declare(strict_types=1);

require dirname(__DIR__, 2) . '/php/tests/bootstrap.php';
require dirname(__DIR__, 2) . '/php/tests/sandbox.php';

use Paykassma\Client;

const POSTBACK_KEY = 'sandbox-postback-private-key'; // the sandbox's default
$extension = $argv[1] ?? '';
if (!is_file($extension)) {
    fwrite(STDERR, "usage: fpm_nginx.php /path/to/paykassma.so\n");
    exit(2);
}
$fpm = '/usr/sbin/php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
$nginx = '/usr/sbin/nginx';
foreach ([$fpm, $nginx] as $binary) {
    if (!is_executable($binary)) {
        fwrite(STDERR, "{$binary} is missing: make deps-php-ext installs php8.2-fpm and nginx-light\n");
        exit(1);
    }
}
$root = dirname(__DIR__, 2);
$dir = sys_get_temp_dir() . '/paykassma-fpm-' . getmypid();
@mkdir("{$dir}/store", 0777, true);
register_shutdown_function(static fn () => exec('rm -rf ' . escapeshellarg($dir)));
$asRoot = posix_geteuid() === 0;
[$fpmPort, $ffiPort, $webPort] = [free_port(), free_port(), free_port()];

foreach (['fpm' => $fpmPort, 'fpm-ffi' => $ffiPort] as $name => $port) {
    file_put_contents("{$dir}/{$name}.conf", implode("\n", [
        '[global]', "pid = {$dir}/{$name}.pid", "error_log = {$dir}/{$name}.log", 'daemonize = no',
        '[merchant]', "listen = 127.0.0.1:{$port}", 'pm = static', 'pm.max_children = 4',
        ...($asRoot ? ['user = root', 'group = root'] : []),
        'clear_env = yes', 'env[PAYKASSMA_POSTBACK_KEY] = ' . POSTBACK_KEY, "env[PAYKASSMA_STORE] = {$dir}/store",
        'php_admin_flag[log_errors] = on', "php_admin_value[error_log] = {$dir}/php-errors.log", '',
    ]));
}
$fastcgi = static fn (string $script, int $port = 0): string => "include /etc/nginx/fastcgi_params; "
    . "fastcgi_param SCRIPT_FILENAME {$script}; fastcgi_pass 127.0.0.1:" . ($port ?: $fpmPort) . ';';
file_put_contents("{$dir}/nginx.conf", implode("\n", [
    'daemon off;', 'worker_processes 1;', "pid {$dir}/nginx.pid;", "error_log {$dir}/nginx-error.log;",
    ...($asRoot ? ['user root;'] : []),
    'events { worker_connections 64; }',
    'http {', '  access_log off;',
    ...array_map(fn ($t) => "  {$t}_temp_path {$dir}/{$t};", ['client_body', 'fastcgi', 'proxy', 'uwsgi', 'scgi']),
    "  server { listen 127.0.0.1:{$webPort};",
    '    location = /postback { ' . $fastcgi("{$root}/php/examples/webhook.php") . ' }',
    '    location = /probe { ' . $fastcgi("{$root}/tests/php-ext/fpm_probe.php") . ' }',
    '    location = /ffi/probe { ' . $fastcgi("{$root}/tests/php-ext/fpm_probe.php", $ffiPort) . ' }',
    '  }', '}', '',
]));

// Debian's php-fpm with its own ini files (FFI left at its default), the extension added.
start([$fpm, '-F', '-y', "{$dir}/fpm.conf", '-d', "extension={$extension}", ...($asRoot ? ['-R'] : [])]);
// The FFI backend under the same defaults, through the documented opcache.preload script.
start([$fpm, '-F', '-y', "{$dir}/fpm-ffi.conf", '-d', 'opcache.enable=1', '-d', "opcache.preload={$root}/php/examples/preload.php",
    ...($asRoot ? ['-d', 'opcache.preload_user=root', '-R'] : [])]);
start([$nginx, '-p', $dir, '-e', "{$dir}/nginx-error.log", '-c', "{$dir}/nginx.conf"]);
foreach ([$fpmPort, $ffiPort, $webPort] as $port) {
    for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', $port); $i++) {
        usleep(50000);
    }
}

/** POSTs (or GETs) through nginx: [HTTP status, body]. */
function http(int $port, string $path, ?string $body = null): array
{
    $ctx = stream_context_create(['http' => ['method' => $body === null ? 'GET' : 'POST', 'ignore_errors' => true,
        'header' => "Content-Type: application/json\r\n", 'content' => $body ?? '', 'timeout' => 10]]);
    $answer = @file_get_contents("http://127.0.0.1:{$port}{$path}", false, $ctx);
    preg_match('~^HTTP/\S+ (\d+)~', $http_response_header[0] ?? '', $m);
    return [(int) ($m[1] ?? 0), (string) $answer];
}

[$status, $probe] = http($webPort, '/probe');
$probe = json_decode($probe, true) ?? [];
T::same($status, 200, 'the probe answers through nginx and php-fpm');
T::same($probe['sapi'] ?? null, 'fpm-fcgi', 'the probe runs under php-fpm');
T::same($probe['backend'] ?? null, 'extension', 'the SDK runs on the extension there');
T::same($probe['ffi.enable'] ?? null, 'preload', 'with the default ffi.enable');
T::check(str_contains($probe['ffi'] ?? '', 'FFI API is restricted') || ($probe['ffi'] ?? '') === 'not loaded',
    'where FFI itself is refused (' . ($probe['ffi'] ?? '?') . ')');

T::same($probe['signature'] ?? null, request_signature(['a' => 1, 'b' => [INF]], 'k'), 'a signature there');
[$status, $probe] = http($webPort, '/ffi/probe');
$probe = json_decode($probe, true) ?? [];
T::same([$status, $probe['backend'] ?? null, $probe['ffi.enable'] ?? null], [200, 'ffi', 'preload'],
    'the other php-fpm runs the FFI backend, with the default ffi.enable');
T::same($probe['signature'] ?? null, request_signature(['a' => 1, 'b' => [INF]], 'k'), 'a signature through FFI, as preload.php allows');

// Bodies that are not postbacks get 400, a wrong signature 401; never 200.
$forged = json_encode(['signature' => str_repeat('0', 40), 'access_key' => 'AK',
    'additional_data' => [['transaction_id' => '1', 'amount' => '10', 'wallet_type' => 'easypaisa']]]);
foreach (['' => 400, 'not json' => 400, '{"signature":"x"}' => 400, '[1,2]' => 400, $forged => 401] as $body => $want) {
    T::same(http($webPort, '/postback', (string) $body)[0], $want, 'answer to ' . json_encode(substr((string) $body, 0, 40)));
}

// The sandbox delivers to nginx: a deposit and a withdrawal, each delivered twice, and a resend.
$base = start_sandbox("http://127.0.0.1:{$webPort}/postback");
$client = new Client(['api_base_url' => $base, 'secret' => 'sandbox-secret', 'postback_private_key' => POSTBACK_KEY,
    'withdrawal_private_key' => 'sandbox-withdrawal-private-key', 'max_retries' => 0]);
control($base, 'POST', '/_sandbox/faults', ['kind' => 'duplicate_postback', 'count' => 2]);
$wallet = $client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => 'user-7']);
$paid = control($base, 'POST', '/_sandbox/pay', ['wallet_type' => 'easypaisa', 'identifier' => $wallet['params']['identifier'] ?? '', 'amount' => 1500]);
$client->activateTransaction(['wallet_type' => 'easypaisa', 'currency_code' => 'PKR', 'label' => 'user-7',
    'key1' => (string) ($paid['transaction_id'] ?? ''), 'custom_transaction_id' => 'order-7', 'amount' => 1500]);
$withdrawal = $client->createWithdrawal(['payment_system' => 'easypaisa', 'amount' => 1000, 'currency_code' => 'PKR',
    'label' => 'user-7', 'account_number' => '03405135211', 'account_name' => 'Muhammad Saqib Mushtaq']);
control($base, 'POST', "/_sandbox/withdrawals/{$withdrawal['withdrawal_id']}/pay");

/** Waits until every postback is acknowledged and nothing is queued; returns [postbacks, deliveries]. */
function settled(string $base, int $minDeliveries): array
{
    for ($i = 0; $i < 200; $i++) {
        $postbacks = control($base, 'GET', '/_sandbox/postbacks')['postbacks'] ?? [];
        $d = control($base, 'GET', '/_sandbox/deliveries');
        $done = $postbacks !== [] && array_filter($postbacks, fn ($p) => !$p['acknowledged']) === [];
        if ($done && ($d['queued'] ?? 1) === 0 && count($d['deliveries'] ?? []) >= $minDeliveries) {
            return [$postbacks, $d['deliveries']];
        }
        usleep(50000);
    }
    T::check(false, 'timed out waiting for the deliveries to settle');
    return [$postbacks ?? [], $d['deliveries'] ?? []];
}
settled($base, 4);
control($base, 'POST', '/_sandbox/postbacks/resend', []);
[$postbacks, $deliveries] = settled($base, 5);

T::same(count($postbacks), 2, 'two postbacks: the deposit and the withdrawal');
T::check(count($deliveries) >= 5, 'each delivered twice, one resent: at least 5 deliveries (' . count($deliveries) . ')');
T::same(array_values(array_unique(array_map(fn ($d) => $d['http_status'], $deliveries))), [200], 'every delivery got HTTP 200');
T::check(array_filter($deliveries, fn ($d) => !$d['acknowledged']) === [], 'every delivery was acknowledged');
$ledger = array_map(fn ($l) => json_decode($l, true), file("{$dir}/store/ledger.jsonl", FILE_IGNORE_NEW_LINES) ?: []);
T::same(count($ledger), 2, 'each postback processed exactly once');
T::same(array_map(fn ($e) => $e['kind'], $ledger), ['deposit', 'withdrawal'], 'the deposit, then the withdrawal');
T::same($ledger[0]['transaction_id'] ?? null, (string) ($paid['transaction_id'] ?? ''), 'the deposit credited');
T::same([$ledger[1]['withdrawal_id'] ?? null, $ledger[1]['withdrawal_status'] ?? null], [$withdrawal['withdrawal_id'], 1], 'the withdrawal settled');
T::same(count(array_unique(array_map(fn ($e) => $e['key'], $ledger))), 2, 'two distinct idempotency keys');
T::same(trim((string) @file_get_contents("{$dir}/php-errors.log")), '', 'php-fpm logged no PHP error');

T::finish('fpm_nginx');
