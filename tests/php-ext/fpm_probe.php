<?php
// What the fpm test asks php-fpm: which backend the SDK runs on there, and what FFI allows.
declare(strict_types=1);

require dirname(__DIR__, 2) . '/php/autoload.php';

$ffi = 'not loaded';
if (extension_loaded('ffi')) {
    try {
        FFI::cdef('int abs(int);');
        $ffi = 'allowed';
    } catch (Throwable $e) {
        $ffi = $e->getMessage();
    }
}
header('Content-Type: application/json');
echo json_encode(['sapi' => PHP_SAPI, 'backend' => Paykassma\Sdk::backend(), 'ffi.enable' => ini_get('ffi.enable'),
    'ffi' => $ffi, 'version' => Paykassma\Sdk::version(), 'signature' => Paykassma\Sdk::sign(['a' => 1, 'b' => [INF]], 'k')]);
