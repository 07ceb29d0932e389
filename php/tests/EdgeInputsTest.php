<?php
// Sdk::sign on the shared edge inputs (tests/vectors/edge_inputs.json, the table in
// tests/README.md): each case's data built as PHP values, and what PHP must get.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';
require dirname(__DIR__, 2) . '/tests/php-oracle/edge_values.php';

use Paykassma\PaykassmaException;
use Paykassma\Sdk;

$edge = vector_file('edge_inputs.json');
T::check($edge !== null && $edge['algorithm'] === 'edge_inputs', 'tests/vectors/edge_inputs.json is readable');
T::check(count($edge['cases'] ?? []) >= 20, 'edge inputs: at least 20 cases');

foreach ($edge['cases'] ?? [] as $case) {
    $id = $case['id'];
    $want = $case['expect']['php'];
    try {
        $data = edge_php_value($case['data']);
    } catch (NotInPhp) {
        T::same($want, 'n/a', "{$id}: PHP cannot express it, so the table says n/a");
        continue;
    }
    T::check($want !== 'n/a', "{$id}: PHP can express it, so the table must say what it gets");
    try {
        $got = ['signature' => Sdk::sign($data, $case['key'])];
    } catch (PaykassmaException $e) {
        $got = ['error' => (new ReflectionClass($e))->getShortName(), 'code' => $e->getErrorCode(), 'field' => $e->getField()];
        T::check(!str_contains($e->getMessage(), $case['key']), "{$id}: the key stays out of the message");
    }
    T::same($got, isset($want['signature']) ? ['signature' => $want['signature']] : $want, "edge input {$id}");
}

T::finish('EdgeInputsTest');
