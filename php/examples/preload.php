<?php
// opcache.preload script for the FFI backend under php-fpm or Apache, where FFI stays at its
// default `ffi.enable=preload`: FFI may then be called only from preloaded code, so the SDK's
// classes are preloaded here. In the pool's or the server's ini:
//
//   opcache.enable=1
//   opcache.preload=/path/to/php/examples/preload.php
//   opcache.preload_user=www-data
//
// Not needed with the paykassma extension, which does not use FFI.
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php'; // with Composer: require '/path/to/vendor/autoload.php';

foreach (glob(dirname(__DIR__) . '/src/{,Internal/}*.php', GLOB_BRACE) as $file) {
    // Loading a class through the autoloader preloads its file (and its parents' first).
    $class = 'Paykassma\\' . str_replace('/', '\\', substr($file, strlen(dirname(__DIR__) . '/src/'), -4));
    class_exists($class) || interface_exists($class);
}
