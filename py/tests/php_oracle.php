<?php
// The gateway's two formulas as its documents give them, run by real PHP: the oracle of the
// Python tests. Reads a JSON list of cases on stdin, writes a JSON list of answers.

function multiImplode($glue, $array): string
{
    $finArray = [];
    foreach ($array as $val) {
        $finArray[] = is_array($val) ? multiImplode($glue, $val) : $val;
    }
    return implode($glue, $finArray);
}

$out = [];
foreach (json_decode(file_get_contents('php://stdin'), true) as $case) {
    if ($case['mode'] === 'sign') {
        $data = json_decode($case['json'], true);
        unset($data['signature']);
        ksort($data);
        $out[] = sha1($case['key'] . md5(multiImplode(':', $data)));
    } elseif ($case['mode'] === 'postback') {
        // Encodes a postback body with PHP's default flags and signs its additional_data.
        $body = json_decode($case['json'], true);
        $signed = json_encode($body['additional_data'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        $body['signature'] = sha1($body['access_key'] . $case['key'] . md5($signed));
        $out[] = json_encode($body, $case['pretty'] ? JSON_PRETTY_PRINT : 0);
    }
}
echo json_encode($out);
