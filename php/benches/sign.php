<?php
// Signing the withdrawal requests of the benchmark corpus (make bench-corpus), each given as a PHP
// array: plain PHP (the documents' formula: ksort, multiImplode, md5, sha1), the paykassma
// extension and the FFI backend, same requests, same run. Checks every signature against PHP's
// first, then prints one `BENCH {...}` line per implementation: median and slowest over the
// requests, each timed as the best of ROUNDS rounds of REPS calls. A backend not available here
// is reported as skipped. Beside the extension, its floor: the least any extension must do, a
// call that walks the same array and returns the signature the library hashes from the signing
// string (made beforehand, untimed).
//
//   php -d extension=php/ext/modules/paykassma.so -d ffi.enable=true php/benches/sign.php CORPUS [ROUNDS] [REPS]
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';
require __DIR__ . '/plain.php';

use Paykassma\Internal\Extension;
use Paykassma\Internal\Ffi;

[$corpus, $rounds, $reps] = [$argv[1] ?? null, (int) ($argv[2] ?? 7), (int) ($argv[3] ?? 20)];
if ($corpus === null || !is_readable($corpus)) {
    fwrite(STDERR, "usage: sign.php CORPUS [ROUNDS] [REPS] (make bench-corpus writes CORPUS)\n");
    exit(2);
}
$requests = array_map(fn ($line) => json_decode($line, true, 512, JSON_THROW_ON_ERROR), file($corpus, FILE_IGNORE_NEW_LINES));
foreach ($requests as &$r) {
    // The signing string, for the floor (the others take it and leave it).
    $data = $r['request'];
    unset($data['signature']);
    ksort($data);
    $r['text'] = multiImplode(':', $data);
}
unset($r);

$impls = ['plain-php' => request_signature(...)];
if (extension_loaded('paykassma')) {
    $impls['php-ext'] = Extension::sign(...);
    $impls['the floor (an extension call walking the array + the core\'s md5 and sha1)'] = \Paykassma\Internal\floor_sign(...);
} else {
    echo "SKIPPED: php-ext (load it with -d extension=php/ext/modules/paykassma.so)\n";
}
if (extension_loaded('ffi') && in_array(strtolower((string) ini_get('ffi.enable')), ['1', 'on', 'true'], true)) {
    $impls['php-ffi'] = Ffi::sign(...);
} else {
    echo "SKIPPED: php-ffi (run with -d ffi.enable=true)\n";
}

foreach ($impls as $name => $sign) {
    foreach ($requests as $r) {
        if ($sign($r['request'], $r['key'], $r['text']) !== $r['signature']) {
            fwrite(STDERR, "{$name}: signature differs from PHP's on {$r['json']}\n");
            exit(1);
        }
    }
}

foreach ($impls as $name => $sign) {
    $times = [];
    foreach ($requests as $r) {
        [$data, $key, $text] = [$r['request'], $r['key'], $r['text']];
        $best = INF;
        for ($round = 0; $round < $rounds; $round++) {
            $t = hrtime(true);
            for ($i = 0; $i < $reps; $i++) {
                $sign($data, $key, $text);
            }
            $best = min($best, (hrtime(true) - $t) / $reps / 1000);
        }
        $times[] = $best;
    }
    sort($times);
    echo 'BENCH ', json_encode(['what' => 'sign', 'impl' => $name, 'input' => 'array', 'n' => count($times),
        'median_us' => round($times[intdiv(count($times), 2)], 3), 'slowest_us' => round($times[count($times) - 1], 3),
        'peak_rss_kb' => getrusage()['ru_maxrss']]), "\n";
}
