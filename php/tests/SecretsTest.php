<?php
// Secret hygiene from PHP: every error path reachable through Paykassma\Client and Sdk, run with
// the canary credentials of tests/secrets/canaries.json against a sandbox that accepts them. The
// paths run in a child PHP process that prints print_r/var_dump/__toString of every client,
// exception (trace arguments included) and postback; this process fails if a canary shows in
// that output or in the child's stderr.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Client;
use Paykassma\Sdk;

$root = dirname(__DIR__, 2);
$c = json_decode((string) file_get_contents("{$root}/tests/secrets/canaries.json"), true);

// Constants, not variables: closures in the paths would carry captured variables into the
// traces this test prints, and those would be the test's leak, not the SDK's.
define('CANARY_SECRET', $c['secret']);
define('CANARY_WITHDRAWAL_KEY', $c['withdrawal_private_key']);
define('CANARY_POSTBACK_KEY', $c['postback_private_key']);
if (($argv[1] ?? '') === '--paths') {
    unset($c);
    run_paths($argv[2]);
    exit(0);
}

/** Everything a merchant's logging could print about a value. */
function show(mixed $v): void
{
    print_r($v);
    var_dump($v);
    echo json_encode((array) $v), "\n";
    if (!$v instanceof Throwable) {
        var_export($v);
    }
    if ($v instanceof Throwable) {
        echo $v, "\n", $v->getMessage(), ' ', $v->getErrorCode(), ' ', var_export($v->getField(), true), "\n";
        print_r($v->getTrace());
        var_export($v->getTrace());
    }
}

$codes = [];
function expect_error(callable $fn): void
{
    global $codes;
    try {
        $fn();
    } catch (Paykassma\PaykassmaException $e) {
        $codes[$e->getErrorCode()] = true;
        if (str_contains((string) ($e->body ?? ''), 'secret=<redacted>')) {
            $codes['echo masked'] = true;
        }
        show($e);
        return;
    }
    throw new RuntimeException('expected a PaykassmaException');
}

function control(string $base, string $path, array $body): string
{
    $ctx = stream_context_create(['http' => ['method' => 'POST', 'header' => "Content-Type: application/json\r\n",
        'content' => json_encode($body)]]);
    return (string) file_get_contents($base . $path, false, $ctx);
}

function run_paths(string $base): void
{
    global $codes;
    $client = function (array $extra = []) use ($base): Client {
        $client = new Client($extra + ['api_base_url' => $base, 'plugin_base_url' => $base, 'secret' => CANARY_SECRET,
            'withdrawal_private_key' => CANARY_WITHDRAWAL_KEY, 'postback_private_key' => CANARY_POSTBACK_KEY,
            'connect_timeout_ms' => 1000, 'read_timeout_ms' => 500, 'max_retries' => 1, 'retry_backoff_ms' => 10]);
        show($client);
        return $client;
    };
    $ok = $client();
    $withdrawal = ['payment_system' => 'easypaisa', 'currency_code' => 'PKR', 'label' => 'u',
        'account_number' => '03405135211', 'account_name' => 'Muhammad', 'is_test' => true];
    // Validation: every operation with a wrong parameter, bad settings, bad signing input.
    foreach (['payment_system_available', 'save_transaction_custom_id', 'create_transaction', 'activate_transaction',
        'activate_possible_transaction', 'create_payment', 'deposit_info', 'hash_urls', 'create_withdrawal',
        'create_legacy_withdrawal', 'get_postback', 'pull_postbacks'] as $op) {
        expect_error(fn () => $ok->call($op, ['label' => '']));
    }
    expect_error(fn () => $ok->createWithdrawal($withdrawal + ['amount' => -1]));
    expect_error(fn () => $ok->pluginUrl([]));
    expect_error(fn () => $client(['api_base_url' => 'not a url']));
    expect_error(fn () => Sdk::sign('"scalar"', CANARY_WITHDRAWAL_KEY));
    expect_error(fn () => Sdk::sign(['a' => fn () => 1], CANARY_WITHDRAWAL_KEY));
    // Postbacks: malformed, mismatched, another key; and a valid one.
    $data = [['transaction_id' => '1', 'amount' => '10', 'plugin_custom_order_id' => 'o-1']];
    $signature = sha1('access' . CANARY_POSTBACK_KEY . md5(json_encode($data)));
    $body = json_encode(['access_key' => 'access', 'signature' => $signature, 'additional_data' => $data]);
    $mismatch = '{"access_key":"a","signature":"' . str_repeat('0', 40) . '","additional_data":[{"transaction_id":"1"}]}';
    foreach (['', '{}', 'not json', $mismatch] as $bad) {
        expect_error(fn () => Sdk::verifyPostback($bad, CANARY_POSTBACK_KEY));
        expect_error(fn () => $ok->verifyPostback($bad));
    }
    expect_error(fn () => Sdk::verifyPostback($body, CANARY_POSTBACK_KEY . '-other'));
    show($ok->verifyPostback($body));
    show(Sdk::verifyPostback($body, CANARY_POSTBACK_KEY));
    // Gateway refusals: wrong secret (404), bad withdrawal signature, insufficient balance.
    $info = ['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => 'u'];
    expect_error(fn () => $client(['secret' => CANARY_SECRET . '-wrong'])->depositInfo($info));
    expect_error(fn () => $client(['withdrawal_private_key' => CANARY_WITHDRAWAL_KEY . '-wrong'])
        ->createWithdrawal($withdrawal + ['amount' => 1000]));
    expect_error(fn () => $ok->createWithdrawal($withdrawal + ['amount' => 99999999]));
    // Unexpected answers and transport failures: the sandbox's faults, then a closed port.
    // The sandbox's faults, including error pages that echo the request (its `secret=`) back.
    foreach ([['http_500', []], ['not_json', []], ['slow', ['delay_ms' => 1500]], ['cut_connection', []], ['echo_error', []],
        ['echo_error', ['format' => 'json']], ['redirect', []]] as [$kind, $extra]) {
        control($base, '/_sandbox/faults', ['kind' => $kind, 'count' => 4] + $extra);
        expect_error(fn () => $ok->depositInfo($info));
        expect_error(fn () => $ok->createWithdrawal($withdrawal + ['amount' => 1000]));
        control($base, '/_sandbox/reset', []);
    }
    // A lost activation answer whose retry is refused on its id, with no postback to tell.
    $identifier = $ok->createTransaction($info)['params']['identifier'];
    $paid = json_decode(control($base, '/_sandbox/pay', ['wallet_type' => 'easypaisa', 'identifier' => $identifier, 'amount' => 100]), true);
    control($base, '/_sandbox/faults', ['kind' => 'cut_connection', 'count' => 1, 'path_prefix' => '/api/v1/transaction/activate']);
    expect_error(fn () => $ok->activateTransaction(['wallet_type' => 'easypaisa', 'currency_code' => 'PKR', 'label' => 'u',
        'key1' => $paid['transaction_id'], 'amount' => 100, 'custom_transaction_id' => 'order-1']));
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    $closed = $client(['api_base_url' => "http://127.0.0.1:{$port}"]);
    expect_error(fn () => $closed->accountsBalance());
    expect_error(fn () => $closed->createWithdrawal($withdrawal + ['amount' => 1000]));
    echo "\nCODES ", json_encode(array_keys($codes)), "\n";
}

// The sandbox, started with the canary credentials.
$sandbox = proc_open(["{$root}/target/release/paykassma", 'sandbox', '--port', '0', '--config', "{$root}/tests/secrets/sandbox_config.json"],
    [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
register_shutdown_function(static function () use ($sandbox): void {
    proc_terminate($sandbox);
    proc_close($sandbox);
});
$first = (string) fgets($pipes[1]);
T::check(preg_match('~(http://127\.0\.0\.1:\d+)~', $first, $m) === 1, "sandbox announced its URL ({$first})");

// Trace arguments on, as in a development php.ini, so that none can hide a leak.
$child = proc_open([...php_command(), '-d', 'zend.exception_ignore_args=0', __FILE__, '--paths', $m[1]],
    [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $childPipes);
$out = stream_get_contents($childPipes[1]);
$err = stream_get_contents($childPipes[2]);
$status = proc_close($child);
T::same($status, 0, "the paths ran ({$err})");
foreach (['secret', 'withdrawal_private_key', 'postback_private_key'] as $name) {
    $at = strpos($out . $err, $c[$name]);
    T::check($at === false, "{$name} canary leaked: ..." . substr($out . $err, max(0, (int) $at - 400), 500));
}
T::check(preg_match('~^CODES (.*)$~m', $out, $codesLine) === 1, 'the paths finished');
$reached = json_decode($codesLine[1] ?? '[]', true);
sort($reached);
$all = ['ambiguous_retry', 'api_error', 'echo masked', 'malformed_postback', 'signature_mismatch', 'transport_error', 'unexpected_response', 'validation_error'];
T::same($reached, $all, 'every error family was reached');
T::check(strlen($out) > 10000, 'the paths printed what they inspected');
T::finish('SecretsTest');
