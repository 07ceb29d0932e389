<?php
// Loads the Paykassma classes without Composer: require this file once.
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (!str_starts_with($class, 'Paykassma\\')) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen('Paykassma\\'))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
