<?php
// The SDK uses the paykassma extension only when it is of the SDK's own release: an extension of
// another release (an older paykassma.so left in the extension dir) is refused with an exception
// naming both versions, never used to fail later on shapes these classes do not expect. Checked
// in child PHP processes (extension loaded, FFI off) on a copy of the built extension whose version
// string is changed, whichever backend this process runs.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Internal\Extension;

// The classes' version is the SDK's: the workspace's Cargo.toml (the library's and the
// extension's, which `make test-php-ext` checks).
$cargo = (string) file_get_contents(dirname(__DIR__, 2) . '/Cargo.toml');
T::check(preg_match('/^version = "([^"]+)"/m', $cargo, $m) === 1, 'Cargo.toml has a version');
T::same(Extension::VERSION, $m[1] ?? null, "the classes expect the SDK's version");

$built = getenv('PAYKASSMA_EXT') ?: dirname(__DIR__) . '/ext/modules/paykassma.so';
if (!is_file($built)) {
    fwrite(STDERR, "SKIPPED: no built extension at {$built} (make php-ext)\n");
    exit(77);
}

/** [exit status, output] of a child PHP with only this extension loaded and FFI off. */
function run_with(string $extension, string $code): array
{
    $code = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
        . 'try { ' . $code . ' } catch (Paykassma\PaykassmaException $e) { echo get_class($e), ": ", $e->getMessage(); exit(3); }';
    $p = proc_open([PHP_BINARY, '-n', '-d', "extension={$extension}", '-d', 'ffi.enable=0', '-r', $code],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    return [proc_close($p), $out];
}

$want = request_signature(['a' => 1], 'pk');
$version = Extension::VERSION;
T::same(run_with($built, 'echo phpversion("paykassma"), " ", Paykassma\Sdk::backend(), " ", Paykassma\Sdk::sign(["a" => 1], "pk");'),
    [0, "{$version} extension {$want}"], 'the extension of this release is used');

// Another release: the same module with its version string (every copy of it) changed, same length.
$other = substr($version, 0, -1) . (substr($version, -1) === '0' ? '9' : '0');
$so = (string) file_get_contents($built);
$patched = str_replace("\0{$version}\0", "\0{$other}\0", $so, $replaced);
T::check($replaced > 0, "the built extension holds its version string {$version}");
$older = sys_get_temp_dir() . '/paykassma-' . getmypid() . '-other-release.so';
file_put_contents($older, $patched);
try {
    T::same(run_with($older, 'echo phpversion("paykassma");'), [0, $other], "the copy says it is version {$other}");
    $names = fn (string $out) => str_contains($out, 'Paykassma\PaykassmaException')
        && str_contains($out, "version {$other}") && str_contains($out, "version {$version}");
    foreach ([
        'sign' => 'Paykassma\Sdk::sign(["a" => 1], "pk");',
        'verifyPostback' => 'Paykassma\Sdk::verifyPostback("{}", "pk");',
        'backend' => 'echo Paykassma\Sdk::backend();',
        'a client' => 'new Paykassma\Client(["api_base_url" => "http://127.0.0.1:9", "secret" => "s"]);',
    ] as $what => $code) {
        [$status, $out] = run_with($older, $code);
        T::same($status, 3, "another release, {$what}: refused with an exception");
        T::check($names($out), "another release, {$what}: the message names both versions ({$out})");
    }
} finally {
    unlink($older);
}

T::finish("ExtensionVersionTest");
