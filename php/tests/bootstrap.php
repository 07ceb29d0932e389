<?php
// Shared by the PHP test scripts: the SDK, a few assertions, and the gateway's formulas in plain
// PHP (tests/php-oracle/formulas.php) as the independent reference.
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';
require_once dirname(__DIR__, 2) . '/tests/php-oracle/formulas.php';

// PAYKASSMA_BACKEND=extension|ffi (set by mk/php-ext.mk and mk/ffi.mk): the backend this run is
// for. One that cannot run here is reported as skipped (exit 77), never as passed; running the
// other backend instead is a failure.
(static function (): void {
    $want = getenv('PAYKASSMA_BACKEND');
    if ($want === false || $want === '') {
        return;
    }
    $available = $want === 'extension' ? extension_loaded('paykassma')
        : extension_loaded('ffi') && in_array(strtolower((string) ini_get('ffi.enable')), ['1', 'on', 'true'], true);
    if (!$available) {
        fwrite(STDERR, "SKIPPED: the {$want} backend cannot run in this process\n");
        exit(77);
    }
    if (Paykassma\Sdk::backend() !== $want) {
        fwrite(STDERR, "FAIL: this run is for the {$want} backend, but the SDK uses " . Paykassma\Sdk::backend() . "\n");
        exit(1);
    }
})();

/**
 * The PHP command for a child process that runs the SDK on this process's backend: FFI, or the
 * extension with FFI off (loaded from PAYKASSMA_EXT, the path mk/php-ext.mk passes, or by the
 * ini files).
 *
 * @return list<string>
 */
function php_command(): array
{
    if (!extension_loaded('paykassma')) {
        return [PHP_BINARY, '-d', 'ffi.enable=true'];
    }
    $ext = getenv('PAYKASSMA_EXT');
    return [PHP_BINARY, ...(is_string($ext) && $ext !== '' ? ['-d', "extension={$ext}"] : []), '-d', 'ffi.enable=0'];
}

final class T
{
    public static int $checks = 0;
    public static int $failures = 0;

    public static function check(bool $ok, string $what): void
    {
        self::$checks++;
        if (!$ok) {
            self::$failures++;
            $at = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 2)[1] ?? [];
            fwrite(STDERR, "FAIL: {$what} (line " . ($at['line'] ?? '?') . ")\n");
        }
    }

    public static function same(mixed $got, mixed $want, string $what): void
    {
        self::$checks++;
        if ($got !== $want) {
            self::$failures++;
            fwrite(STDERR, "FAIL: {$what}\n  got:  " . var_export($got, true) . "\n  want: " . var_export($want, true) . "\n");
        }
    }

    /** Runs $fn, expecting exactly $class; returns the exception for further checks. */
    public static function throws(string $class, callable $fn, string $what): ?Throwable
    {
        try {
            $fn();
        } catch (Throwable $e) {
            self::same(get_class($e), $class, "{$what}: exception class ({$e->getMessage()})");
            return $e;
        }
        self::check(false, "{$what}: expected {$class}, nothing thrown");
        return null;
    }

    public static function finish(string $name): never
    {
        // Cycles left for the collector would read as leaks under valgrind (USE_ZEND_ALLOC=0).
        gc_collect_cycles();
        printf("%s: %d checks, %d failed\n", $name, self::$checks, self::$failures);
        exit(self::$failures === 0 && self::$checks > 0 ? 0 : 1);
    }
}

/** The shared vector files, or null when this checkout has none. */
function vector_file(string $name): ?array
{
    $path = dirname(__DIR__, 2) . "/tests/vectors/{$name}";
    if (!is_file($path)) {
        return null;
    }
    return json_decode(file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
}

/**
 * Checks that $e is the class of its code in the shared error table (tests/vectors/errors.json)
 * and carries that row's fields, as camelCase properties or getters (`getField()`); returns the row.
 */
function check_error_fields(Throwable $e): ?array
{
    if (!$e instanceof Paykassma\PaykassmaException) {
        T::check(false, 'not a PaykassmaException: ' . get_class($e));
        return null;
    }
    $row = null;
    foreach (vector_file('errors.json')['cases'] as $case) {
        $row = $case['code'] === $e->getErrorCode() ? $case : $row;
    }
    T::check($row !== null, "a row for {$e->getErrorCode()}");
    T::same(get_class($e), 'Paykassma\\' . $row['php_class'], "{$row['code']}: class");
    foreach ($row['fields'] as $field) {
        $camel = lcfirst(str_replace('_', '', ucwords($field, '_')));
        T::check(property_exists($e, $camel) || method_exists($e, 'get' . ucfirst($camel)), "{$row['php_class']} has {$camel}");
    }
    return $row;
}
