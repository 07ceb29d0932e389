<?php
// A merchant's postback endpoint for SandboxTest, run by `php -S`: verifies each postback with
// Sdk::verifyPostback, logs the outcome as a JSON line to $PK_MERCHANT_LOG, and acknowledges only
// verified ones, as a real integration would.
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

use Paykassma\PaykassmaException;
use Paykassma\Sdk;

$body = file_get_contents('php://input');
try {
    $p = Sdk::verifyPostback($body, (string) getenv('PK_POSTBACK_KEY'));
    $line = ['verified' => true, 'kind' => $p->kind, 'idempotency_key' => $p->idempotencyKey, 'entries' => $p->entries];
    http_response_code(200);
    echo $p->acknowledgement;
} catch (PaykassmaException $e) {
    $line = ['verified' => false, 'error' => $e->getErrorCode(), 'message' => $e->getMessage()];
    http_response_code(403);
    echo '{"status":"rejected"}';
}
file_put_contents((string) getenv('PK_MERCHANT_LOG'), json_encode($line) . "\n", FILE_APPEND | LOCK_EX);
