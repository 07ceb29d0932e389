<?php
// A scripted gateway for ClientTest, run by `php -S` as a real HTTP server: it logs each request
// (method, path, query, body) as a JSON line to $PK_FAKE_LOG and answers in the documents' shapes.
declare(strict_types=1);

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$query = [];
parse_str((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_QUERY), $query);
$body = file_get_contents('php://input');
file_put_contents((string) getenv('PK_FAKE_LOG'), json_encode([
    'method' => $_SERVER['REQUEST_METHOD'], 'path' => $path, 'query' => $query, 'body' => $body,
    'user_agent' => $_SERVER['HTTP_USER_AGENT'] ?? '',
]) . "\n", FILE_APPEND);

header('Content-Type: application/json');
// Withdrawals carry a signature instead of the secret.
if ($path !== '/v2/withdrawal/create' && ($query['secret'] ?? '') !== 'fake-gateway-secret-123') {
    http_response_code(404);
    echo 'Not Found';
    return;
}
switch ($path) {
    case '/api/v1/accounts-balance':
        echo '{"status":"success","code":20000,"data":[{"currency":"PKR","balance":1000.5,"amount":1e-5}]}';
        return;
    case '/v2/withdrawal/create':
        $data = json_decode($body, true);
        if (($data['amount'] ?? 0) >= 1000000) {
            http_response_code(422);
            echo '{"status":"error","code":30228,"error_message":"Validation error","errors":{"withdrawals_sum_amount":["Insufficient balance"]}}';
            return;
        }
        echo json_encode(['status' => 'ok']);
        return;
    case '/api/v1/transaction/create/easypaisa':
        http_response_code(502);
        header('Content-Type: text/html');
        echo '<html><body>502 Bad Gateway</body></html>';
        return;
    default:
        http_response_code(200);
        echo '{"status":"fail","message":"Unknown path in the fake gateway"}';
}
