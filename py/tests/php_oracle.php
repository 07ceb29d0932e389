<?php
// The gateway's formulas (tests/php-oracle/formulas.php) run by real PHP: the oracle of the
// Python tests. Reads a JSON list of cases on stdin, writes a JSON list of answers.
declare(strict_types=1);

require dirname(__DIR__, 2) . '/tests/php-oracle/formulas.php';

$out = [];
foreach (json_decode(file_get_contents('php://stdin'), true) as $case) {
    if ($case['mode'] === 'sign') {
        $out[] = request_signature(json_decode($case['json'], true), $case['key']);
    } elseif ($case['mode'] === 'postback') {
        // Signs a postback body's additional_data and writes it with PHP's default flags.
        $body = json_decode($case['json'], true);
        $body['signature'] = postback_signature($body['access_key'], $case['key'], $body['additional_data']);
        $out[] = json_encode($body, $case['pretty'] ? JSON_PRETTY_PRINT : 0);
    }
}
echo json_encode($out);
