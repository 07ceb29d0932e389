<?php
// How the package finds libpaykassma: PAYKASSMA_LIB first, then the build output; a clear
// exception when it cannot, checked in child PHP processes with controlled environments.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Internal\Native;
use Paykassma\Sdk;

function run_child(array $env): array
{
    $code = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
        . 'try { echo Paykassma\Sdk::sign(["a" => 1], "pk"); } '
        . 'catch (Paykassma\PaykassmaException $e) { echo get_class($e), ": ", $e->getMessage(); exit(3); }';
    $p = proc_open([PHP_BINARY, '-d', 'ffi.enable=true', '-r', $code], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    return [proc_close($p), $out];
}

$built = Native::libraryPath();
T::check(is_file($built), "the library is found without PAYKASSMA_LIB ({$built})");
T::check(preg_match('/^\d+\.\d+\.\d+/', Sdk::version()) === 1, 'version');

$want = reference_sign(['a' => 1], 'pk');
T::same(run_child(['PAYKASSMA_LIB' => $built]), [0, $want], 'PAYKASSMA_LIB pointing at the library');
[$status, $out] = run_child(['PAYKASSMA_LIB' => '/nonexistent/libpaykassma.so']);
T::same($status, 3, 'missing library: exit through the exception');
T::check(str_contains($out, 'Paykassma\PaykassmaException') && str_contains($out, '/nonexistent/libpaykassma.so'),
    "missing library: clear message ({$out})");
[$status, $out] = run_child(['PAYKASSMA_LIB' => __FILE__]);
T::same($status, 3, 'not a library: exit through the exception');
T::check(str_contains($out, 'cannot load libpaykassma'), "not a library: clear message ({$out})");

T::finish('LibraryTest');
