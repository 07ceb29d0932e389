<?php
// Verifying the postbacks of the benchmark corpus (`make bench-corpus`) in PHP, one implementation
// per process so that its peak memory is its own: the formula as a merchant copies it (plain-php:
// json_decode, json_encode, md5, sha1), the paykassma extension (php-ext) or the FFI backend
// (php-ffi). Each reads the first signed entry's amount, as a merchant's handler does. Each item
// is timed alone, the best of the rounds; prints the median and the slowest as a `BENCH` line.
// php-ext-floor is the extension's floor, the least any extension must do: one call that
// verifies (the library) and builds only the amount read, printed as "the floor (...)".
//
//   php [-d extension=php/ext/modules/paykassma.so | -d ffi.enable=true] php/benches/verify.php \
//       [--impl plain-php|php-ext|php-ext-floor|php-ffi] [--rounds N] [--corpus FILE]
//
// Without --impl, each of the three runs in a process of its own (the extension from
// php/ext/modules/paykassma.so, FFI enabled for php-ffi); one that cannot run says SKIPPED.
// --rounds defaults to BENCH_ROUNDS, else 20.
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';
require __DIR__ . '/plain.php';

use Paykassma\Internal\Extension;
use Paykassma\Internal\Ffi;

const CALLS = 4;

$opts = ['impl' => null, 'rounds' => getenv('BENCH_ROUNDS') ?: '20', 'corpus' => dirname(__DIR__, 2) . '/target/bench-corpus/postbacks.jsonl'];
for ($i = 1; $i < $argc; $i += 2) {
    $name = substr($argv[$i], 2);
    if (!str_starts_with($argv[$i], '--') || !array_key_exists($name, $opts) || !isset($argv[$i + 1])) {
        fwrite(STDERR, "usage: verify.php --impl plain-php|php-ext|php-ext-floor|php-ffi [--rounds N] [--corpus FILE]\n");
        exit(64);
    }
    $opts[$name] = $argv[$i + 1];
}
$rounds = max(1, (int) $opts['rounds']);
if ($opts['impl'] === null) {
    exit(each_in_its_own_process($opts));
}
$verify = match ($opts['impl']) {
    'plain-php' => function (string $body, string $key) {
        $b = plain_verify($body, $key);
        return ($b['additional_data'] ?? $b['transactions'])[0]['amount'];
    },
    'php-ext' => extension_loaded('paykassma')
        ? fn (string $body, string $key) => Extension::verifyPostback($body, $key)->entries[0]['amount']
        : skip('the extension is not loaded (-d extension=php/ext/modules/paykassma.so)'),
    'php-ext-floor' => extension_loaded('paykassma')
        ? \Paykassma\Internal\floor_verify(...)
        : skip('the extension is not loaded (-d extension=php/ext/modules/paykassma.so)'),
    'php-ffi' => extension_loaded('ffi') && in_array(strtolower((string) ini_get('ffi.enable')), ['1', 'on', 'true'], true)
        ? fn (string $body, string $key) => Ffi::verifyPostback($body, $key)->entries[0]['amount']
        : skip('FFI is not enabled (-d ffi.enable=true)'),
    default => skip('--impl must be plain-php, php-ext, php-ext-floor or php-ffi'),
};
$label = $opts['impl'] === 'php-ext-floor' ? 'the floor (an extension call: the core verifies, the amount read is built)' : $opts['impl'];

$corpus = [];
foreach (file($opts['corpus'], FILE_IGNORE_NEW_LINES) ?: skip("cannot read {$opts['corpus']}: run `make bench-corpus` first") as $line) {
    $record = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    $corpus[] = [$record['body'], $record['key']];
}
// Every body verifies, with the same first amount as plain PHP reads, before anything is timed.
foreach ($corpus as [$body, $key]) {
    $plain = plain_verify($body, $key);
    if ($verify($body, $key) !== ($plain['additional_data'] ?? $plain['transactions'])[0]['amount']) {
        fwrite(STDERR, "{$opts['impl']}: a verified postback's first amount differs from plain PHP's\n");
        exit(1);
    }
}
$warm = hrtime(true);
while (hrtime(true) - $warm < 2e9) {
    foreach ($corpus as [$body, $key]) {
        $verify($body, $key);
    }
}
$best = array_fill(0, count($corpus), INF);
for ($r = 0; $r < $rounds; $r++) {
    foreach ($corpus as $i => [$body, $key]) {
        $t = hrtime(true);
        for ($c = 0; $c < CALLS; $c++) {
            $verify($body, $key);
        }
        $best[$i] = min($best[$i], (hrtime(true) - $t) / CALLS / 1000);
    }
}
sort($best);
$n = count($best);
$median = $n % 2 ? $best[intdiv($n, 2)] : ($best[$n / 2 - 1] + $best[$n / 2]) / 2;
$slowest = $best[$n - 1];
preg_match('/^VmHWM:\s+(\d+)/m', (string) @file_get_contents('/proc/self/status'), $m);
printf("verify %s (PHP %s): %d items, median %.2f us, slowest %.2f us\n", $label, PHP_VERSION, $n, $median, $slowest);
echo 'BENCH ', json_encode(['what' => 'verify', 'impl' => $label, 'n' => $n, 'median_us' => round($median, 3),
    'slowest_us' => round($slowest, 3), 'peak_rss_kb' => (int) ($m[1] ?? 0)]), "\n";

/** Runs this program once per implementation, each in a fresh PHP with what it needs loaded. */
function each_in_its_own_process(array $opts): int
{
    $ext = dirname(__DIR__) . '/ext/modules/paykassma.so';
    $runs = ['plain-php' => [], 'php-ext' => ['-d', "extension=$ext"], 'php-ext-floor' => ['-d', "extension=$ext"],
        'php-ffi' => ['-d', 'ffi.enable=true']];
    foreach ($runs as $impl => $ini) {
        $cmd = [PHP_BINARY, ...$ini, __FILE__, '--impl', $impl, '--rounds', $opts['rounds'], '--corpus', $opts['corpus']];
        $child = proc_open($cmd, [1 => STDOUT, 2 => STDERR], $pipes);
        $code = proc_close($child);
        if ($code === 2) {
            echo "SKIPPED verify $impl\n";
        } elseif ($code !== 0) {
            return $code;
        }
    }
    return 0;
}

function skip(string $why): never
{
    fwrite(STDERR, "verify.php: $why\n");
    exit(2);
}
