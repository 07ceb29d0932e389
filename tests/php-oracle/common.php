<?php
// What the harness scripts share: the gateway's formulas (formulas.php), JSON lines in and out,
// and failing with a message. Like the formulas, it uses nothing but PHP itself.

declare(strict_types=1);

require_once __DIR__ . '/formulas.php';

function json_line($value): string
{
    $line = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
    if ($line === false) {
        fail('cannot encode an output line: ' . json_last_error_msg());
    }
    return $line . "\n";
}

/** @return iterable<int, array> every JSON line of a file, decoded as arrays */
function read_lines(string $path): iterable
{
    $f = fopen($path, 'rb') ?: fail("cannot open $path");
    $n = 0;
    while (($line = fgets($f)) !== false) {
        $n++;
        if (trim($line) === '') {
            continue;
        }
        $record = json_decode($line, true);
        if (!is_array($record)) {
            fail("$path line $n is not a JSON object: " . json_last_error_msg());
        }
        yield $n => $record;
    }
    fclose($f);
}

function fail(string $message): never
{
    fwrite(STDERR, $message . "\n");
    exit(2);
}
