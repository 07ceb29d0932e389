<?php
// How the FFI backend finds libpaykassma: PAYKASSMA_LIB first, then the standard library paths,
// then the repository's build; a clear exception naming every place it looked when it cannot.
// Checked in child PHP processes with FFI enabled and controlled environments, whichever backend
// this process runs.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Sdk;

function run_child(array $env, ?string $package = null): array
{
    $package ??= dirname(__DIR__);
    $code = 'require ' . var_export($package . '/autoload.php', true) . ';'
        . 'try { echo Paykassma\Sdk::sign(["a" => 1], "pk"); } '
        . 'catch (Paykassma\PaykassmaException $e) { echo get_class($e), ": ", $e->getMessage(); exit(3); }';
    $p = proc_open([PHP_BINARY, '-n', '-d', 'extension=ffi', '-d', 'ffi.enable=true', '-r', $code],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    return [proc_close($p), $out];
}

$built = dirname(__DIR__, 2) . '/target/release/libpaykassma.so';
T::check(is_file($built), "the repository build exists ({$built})");
T::check(preg_match('/^\d+\.\d+\.\d+/', Sdk::version()) === 1, 'version (' . Sdk::backend() . ' backend)');

$want = request_signature(['a' => 1], 'pk');
T::same(run_child(['PAYKASSMA_LIB' => $built]), [0, $want], 'PAYKASSMA_LIB pointing at the library');
T::same(run_child([]), [0, $want], 'without PAYKASSMA_LIB: found in the standard paths or the repository build');
[$status, $out] = run_child(['PAYKASSMA_LIB' => '/nonexistent/libpaykassma.so']);
T::same($status, 3, 'missing library: exit through the exception');
T::check(str_contains($out, 'Paykassma\PaykassmaException') && str_contains($out, '/nonexistent/libpaykassma.so'),
    "missing library: clear message ({$out})");
[$status, $out] = run_child(['PAYKASSMA_LIB' => __FILE__]);
T::same($status, 3, 'not a library: exit through the exception');
T::check(str_contains($out, 'cannot load libpaykassma'), "not a library: clear message ({$out})");

// A copy of the package outside the repository, with no library installed beside it: the message
// names every place it looked (unless a library is installed system-wide, which then loads).
$copy = sys_get_temp_dir() . '/paykassma-lib-test-' . getmypid();
mkdir("{$copy}/php", 0777, true);
exec('cp -r ' . escapeshellarg(dirname(__DIR__) . '/src') . ' ' . escapeshellarg(dirname(__DIR__) . '/include') . ' '
    . escapeshellarg(dirname(__DIR__) . '/autoload.php') . ' ' . escapeshellarg("{$copy}/php/"));
[$status, $out] = run_child([], "{$copy}/php");
if ($status === 0) {
    T::same($out, $want, 'an installed library is found through the standard library paths');
} else {
    foreach (['libpaykassma.so.0 in the standard library paths', "{$copy}/php/lib/libpaykassma.so", "{$copy}/target/release/libpaykassma.so"] as $place) {
        T::check(str_contains($out, $place), "not found: the message names {$place} ({$out})");
    }
}
exec('rm -rf ' . escapeshellarg($copy));

T::finish('LibraryTest');
