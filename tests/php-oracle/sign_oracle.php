<?php
// Request signatures computed by PHP for generated documents.
//
//   php sign_oracle.php IN ANSWERS [CONFORMANCE]
//
// IN: JSON lines {"key": ..., "json": "<raw JSON text>"}.
// ANSWERS: one line per input, in order: {"key", "json", "signature"} or {"key", "json", "error"}
// (`error` is json_last_error_msg(), or "not an array" when the JSON is not an object or list).
// CONFORMANCE: the signed ones only, in the format of `paykassma conformance sign`.

declare(strict_types=1);
require __DIR__ . '/common.php';

[$in, $answersPath] = [$argv[1] ?? fail('usage: sign_oracle.php IN ANSWERS [CONFORMANCE]'), $argv[2] ?? fail('missing ANSWERS')];
$answers = fopen($answersPath, 'wb') ?: fail("cannot write $answersPath");
$conformance = isset($argv[3]) ? (fopen($argv[3], 'wb') ?: fail("cannot write {$argv[3]}")) : null;

foreach (read_lines($in) as $record) {
    $key = $record['key'];
    $json = $record['json'];
    $data = json_decode($json, true);
    $out = ['key' => $key, 'json' => $json];
    if (json_last_error() !== JSON_ERROR_NONE) {
        $out['error'] = json_last_error_msg();
    } elseif (!is_array($data)) {
        $out['error'] = 'not an array';
    } else {
        $out['signature'] = request_signature($data, $key);
        if ($conformance) {
            fwrite($conformance, json_line($out));
        }
    }
    fwrite($answers, json_line($out));
}
