<?php
// Processes and the sandbox's control endpoints, for the tests that run against the sandbox.
declare(strict_types=1);

// The keys a sandbox started with no settings expects.
const SECRET = 'sandbox-secret';
const WITHDRAWAL_KEY = 'sandbox-withdrawal-private-key';

function free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}

/** Starts a process; stops it when the test ends. Returns its stdout pipe. */
function start(array $command, array $env = []): mixed
{
    $p = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, $env + getenv());
    register_shutdown_function(static function () use ($p): void {
        proc_terminate($p);
        proc_close($p);
    });
    return $pipes[1];
}

function control(string $base, string $method, string $path, ?array $body = null): array
{
    $ctx = stream_context_create(['http' => ['method' => $method, 'ignore_errors' => true,
        'header' => "Content-Type: application/json\r\n", 'content' => $body === null ? '' : json_encode($body)]]);
    $answer = file_get_contents($base . $path, false, $ctx);
    return json_decode((string) $answer, true) ?? ['raw' => $answer];
}

/** `paykassma sandbox` on a free port (delivering postbacks to $postbackUrl); returns its base URL. */
function start_sandbox(?string $postbackUrl = null): string
{
    $cli = dirname(__DIR__, 2) . '/target/release/paykassma';
    if (!is_executable($cli)) {
        fwrite(STDERR, "{$cli} is missing: cargo build --release -p paykassma-cli\n");
        exit(1);
    }
    $args = [$cli, 'sandbox', '--port', '0'];
    if ($postbackUrl !== null) {
        array_push($args, '--postback-url', $postbackUrl);
    }
    $first = (string) fgets(start($args));
    T::check(preg_match('~(http://127\.0\.0\.1:\d+)~', $first, $m) === 1, "sandbox announced its URL ({$first})");
    return $m[1] ?? '';
}
