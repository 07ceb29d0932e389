<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\PaykassmaException;

/**
 * @internal The FFI backend, used when the paykassma extension is not loaded: loads libpaykassma
 * once, calls `pk_*` functions, frees what they return and turns failures into exceptions.
 */
final class Native
{
    private static ?\FFI $ffi = null;

    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /**
     * Where the library is looked for, in order: `PAYKASSMA_LIB`, then the standard library paths
     * (by name, as the dynamic linker finds an installed library: ld.so.cache from `ldconfig`,
     * LD_LIBRARY_PATH, /usr/lib ...), then `lib/` in this package and the repository's build.
     *
     * @return list<string>
     */
    public static function libraryCandidates(): array
    {
        $env = getenv('PAYKASSMA_LIB');
        if (is_string($env) && $env !== '') {
            return [$env];
        }
        [$names, $file] = match (PHP_OS_FAMILY) {
            'Darwin' => [['libpaykassma.0.dylib', 'libpaykassma.dylib'], 'libpaykassma.dylib'],
            'Windows' => [['paykassma.dll'], 'paykassma.dll'],
            default => [['libpaykassma.so.0', 'libpaykassma.so'], 'libpaykassma.so'],
        };
        $package = dirname(__DIR__, 2);
        return [...$names, $package . '/lib/' . $file, dirname($package) . '/target/release/' . $file];
    }

    /** The library this process loads (or would load): the first candidate that opens. */
    public static function libraryPath(): string
    {
        self::ffi();
        return self::$loadedFrom;
    }

    private static string $loadedFrom = '';

    private static function load(): \FFI
    {
        if (!extension_loaded('ffi')) {
            throw new PaykassmaException('the PHP FFI extension is not loaded (install php-ffi, set ffi.enable), '
                . 'or load the paykassma extension instead (see php/README.md)');
        }
        $header = file_get_contents(dirname(__DIR__, 2) . '/include/paykassma-ffi.h');
        $failures = [];
        foreach (self::libraryCandidates() as $candidate) {
            $byName = !str_contains($candidate, '/');
            if (!$byName && !is_file($candidate)) {
                $failures[] = "{$candidate} (no such file)";
                continue;
            }
            try {
                $ffi = \FFI::cdef($header, $candidate);
                self::$loadedFrom = $candidate;
                return $ffi;
            } catch (\FFI\Exception $e) {
                $failures[] = $byName ? "{$candidate} in the standard library paths (not found)"
                    : "{$candidate} (cannot load libpaykassma: {$e->getMessage()})";
            }
        }
        throw new PaykassmaException('libpaykassma not found; looked at: ' . implode('; ', $failures)
            . '. Build it with `cargo build --release -p paykassma-ffi`, install it (`make install-ffi`), '
            . 'or set PAYKASSMA_LIB to its path');
    }

    /**
     * Calls a `pk_*` function whose last parameter is a `char **` out-string, with the given
     * leading arguments, and returns that string. The arguments (private keys among them) are
     * kept out of exception traces.
     */
    public static function callString(string $function, #[\SensitiveParameter] mixed ...$args): string
    {
        $ffi = self::ffi();
        $out = $ffi->new('char*');
        $args[] = \FFI::addr($out);
        $status = $ffi->$function(...$args);
        if ($status !== 0) {
            throw self::lastError();
        }
        try {
            return \FFI::string($out);
        } finally {
            $ffi->pk_string_free($out);
        }
    }

    /** The exception for the last failure on this thread, with the core's message and field. */
    public static function lastError(): PaykassmaException
    {
        return Errors::fromDetails(json_decode(self::lastErrorDetails(), true));
    }

    private static function lastErrorDetails(): string
    {
        $ffi = self::ffi();
        $out = $ffi->new('char*');
        if ($ffi->pk_last_error_details(\FFI::addr($out)) !== 0) {
            return 'null';
        }
        try {
            return \FFI::string($out);
        } finally {
            $ffi->pk_string_free($out);
        }
    }
}
