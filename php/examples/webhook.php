<?php
// A Paykassma postback endpoint: verify the raw body, process each postback once, acknowledge
// every delivery (repeats included) so the gateway stops resending it.
//   400 for a body that is not a postback (empty, not JSON, fields missing)
//   401 for a signature that does not match (not from the gateway, or altered)
//   200 with {"status":"ok"} only for a verified postback
// Any other failure (the key not configured ...) is left to PHP: 500, never 200.
//
// Settings: PAYKASSMA_POSTBACK_KEY (the postback private key) and PAYKASSMA_STORE (a writable
// directory standing in for your database; use a unique constraint on the idempotency key there).
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php'; // with Composer: require 'vendor/autoload.php';

use Paykassma\Postback;
use Paykassma\PostbackException;
use Paykassma\Sdk;
use Paykassma\SignatureException;

$body = file_get_contents('php://input');
try {
    $postback = Sdk::verifyPostback($body === false ? '' : $body, (string) getenv('PAYKASSMA_POSTBACK_KEY'));
} catch (SignatureException) {
    http_response_code(401);
    exit;
} catch (PostbackException) {
    http_response_code(400);
    exit;
}

if (first_delivery($postback->idempotencyKey)) {
    credit($postback);
}
header('Content-Type: application/json');
echo $postback->acknowledgement;

/** True exactly once per key, even for deliveries that arrive at the same time. */
function first_delivery(string $idempotencyKey): bool
{
    $marker = getenv('PAYKASSMA_STORE') . '/processed-' . sha1($idempotencyKey);
    $created = @fopen($marker, 'x'); // fails when the file exists: the key was processed
    if ($created === false) {
        return false;
    }
    fclose($created);
    return true;
}

/** Your business: credit deposits, settle withdrawals, from the signed entries only. */
function credit(Postback $postback): void
{
    foreach ($postback->entries as $entry) {
        $line = ['key' => $postback->idempotencyKey, 'kind' => $entry['kind'], 'transaction_id' => $entry['transaction_id'],
            'withdrawal_id' => $entry['withdrawal_id'], 'withdrawal_status' => $entry['withdrawal_status'], 'amount' => $entry['amount']];
        file_put_contents(getenv('PAYKASSMA_STORE') . '/ledger.jsonl', json_encode($line) . "\n", FILE_APPEND | LOCK_EX);
    }
}
