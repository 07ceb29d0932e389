<?php
// The exception classes against the table every binding shares (tests/vectors/errors.json): the
// PHP class of each code, and its fields, with each kind that needs no gateway raised for real.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\Client;
use Paykassma\PaykassmaException;
use Paykassma\Sdk;

$table = vector_file('errors.json');
T::check($table !== null, 'tests/vectors/errors.json');
foreach ($table['cases'] as $row) {
    $class = 'Paykassma\\' . $row['php_class'];
    T::check(class_exists($class) && is_subclass_of($class, PaykassmaException::class), "{$class} is a PaykassmaException");
    $parent = 'Paykassma\\' . str_replace('Error', 'Exception', $row['php_extends'] ?? $row['extends']);
    T::check($parent === 'Paykassma\\PaykassmaException' || is_subclass_of($class, $parent), "{$class} extends {$parent}");
    $t = $row['trigger'] ?? null;
    if ($t === null) {
        continue;
    }
    $e = T::throws($class, function () use ($t): void {
        if (isset($t['plugin_url'])) {
            Sdk::pluginUrl($t['plugin_url']['params'], $t['plugin_url']['plugin_base_url']);
        } elseif (isset($t['verify_postback'])) {
            Sdk::verifyPostback($t['verify_postback']['body'], $t['verify_postback']['private_key']);
        } else {
            (new Client($t['accounts_balance']))->accountsBalance();
        }
    }, $row['code']);
    if ($e instanceof PaykassmaException) {
        T::same($e->getErrorCode(), $row['code'], "{$row['code']}: code");
        check_error_fields($e);
        foreach ($row['expect'] as $name => $want) {
            $camel = lcfirst(str_replace('_', '', ucwords($name, '_')));
            $got = property_exists($e, $camel) ? $e->$camel : $e->{'get' . ucfirst($camel)}();
            T::same($got, $want, "{$row['code']}: {$name}");
        }
    }
}

T::finish('ErrorsTest');
