<?php
// Postbacks signed by PHP with the documented formula and with the earlier page's (no JSON
// flags), in several encodings and tampered copies, each with PHP's own verdict.
//
//   php postback_oracle.php SEED IN OUT
//
// IN: JSON lines {"access_key", "private_key", "body": "<raw body without signature>"}.
// OUT: JSON lines in the format of `paykassma conformance postback`:
// {"private_key", "body", "valid", "variant", "case"} where `valid` is what verify_postback()
// (common.php) says, plus "signature_form" ("current" or "legacy") for a valid one. Every variant also states what it must give, and the script stops if PHP's
// verdict is not that: the oracle checks itself.

declare(strict_types=1);
require __DIR__ . '/common.php';

[$seed, $in, $outPath] = [(int) ($argv[1] ?? fail('usage: postback_oracle.php SEED IN OUT')), $argv[2] ?? fail('missing IN'), $argv[3] ?? fail('missing OUT')];
mt_srand($seed);
$out = fopen($outPath, 'wb') ?: fail("cannot write $outPath");

foreach (read_lines($in) as $n => $record) {
    foreach (variants($record) as [$variant, $private, $body, $expected]) {
        $form = postback_form($body, $private);
        $valid = $form !== null;
        if ($expected !== null && $valid !== $expected) {
            fail("oracle self-check: input line $n, variant $variant: expected " . var_export($expected, true));
        }
        $line = ['private_key' => $private, 'body' => $body, 'valid' => $valid, 'variant' => $variant, 'case' => $n];
        fwrite($out, json_line($line + ($valid ? ['signature_form' => $form] : [])));
    }
}

/** @return list<array{string, string, string, ?bool}> variant, private key, body, expected verdict */
function variants(array $record): array
{
    ['access_key' => $accessKey, 'private_key' => $private, 'body' => $raw] = $record;
    $obj = json_decode($raw, false, 512, JSON_THROW_ON_ERROR);
    $listName = property_exists($obj, 'additional_data') ? 'additional_data' : 'transactions';
    $signature = postback_signature($accessKey, $private, $obj->$listName);
    if ($signature === null) {
        // INF inside the signed list: PHP cannot sign it, nothing can verify it.
        return [['unsignable', $private, with_signature_text($raw, str_repeat('0', 40)), false]];
    }
    $signed = with_signature($obj, $signature);
    $compact = json_encode($signed);
    $pretty = json_encode($signed, JSON_PRETTY_PRINT);
    // A float -0.0 is written `-0`, which decodes as the int 0: such a body cannot verify
    // anywhere, PHP included. Then PHP's verdict stands without a self-check.
    $again = json_decode($compact, false);
    $valid = json_encode($again->$listName, POSTBACK_FLAGS) === json_encode($obj->$listName, POSTBACK_FLAGS) ? true : null;
    $out = [
        ['compact', $private, $compact, $valid],
        ['pretty', $private, $pretty, $valid],
        ['raw', $private, with_signature_text($raw, $signature), true],
    ];
    $tampers = ['signed', 'signed', 'unsigned', 'unsigned', 'wrong_key', 'access_key', 'uppercase', 'unescaped', 'truncated', 'reordered', 'mutated', 'mutated'];
    for ($i = 0; $i < 3; $i++) {
        $out[] = tamper($tampers[mt_rand(0, count($tampers) - 1)], $signed, $listName, $private, $signature, $valid);
    }
    // The earlier page's formula, `md5($transactions->toJson())`: PHP's default flags.
    $legacySignature = postback_signature($accessKey, $private, $obj->$listName, 0);
    $legacy = with_signature($obj, $legacySignature);
    $again = json_decode(json_encode($legacy), false);
    $legacyValid = json_encode($again->$listName) === json_encode($obj->$listName) ? true : null;
    $out[] = ['legacy_compact', $private, json_encode($legacy), $legacyValid];
    $out[] = ['legacy_pretty', $private, json_encode($legacy, JSON_PRETTY_PRINT), $legacyValid];
    $out[] = ['legacy_raw', $private, with_signature_text($raw, $legacySignature), true];
    $out[] = legacy_tamper(tamper($tampers[mt_rand(0, count($tampers) - 1)], $legacy, $listName, $private, $legacySignature, $legacyValid));
    return $out;
}

/** A tampered copy of a legacy-signed body, named as such. */
function legacy_tamper(array $variant): array
{
    $variant[0] = 'legacy_' . $variant[0];
    return $variant;
}

function with_signature(stdClass $obj, string $signature): stdClass
{
    $signed = new stdClass();
    $signed->signature = $signature;
    foreach ($obj as $k => $v) {
        $signed->$k = $v;
    }
    return $signed;
}

// The generator's own text with the signature added as the first member.
function with_signature_text(string $raw, string $signature): string
{
    return '{"signature":"' . $signature . '",' . substr(ltrim($raw), 1);
}

function encode_body(stdClass $body): string
{
    return mt_rand(0, 1) ? json_encode($body) : json_encode($body, JSON_PRETTY_PRINT);
}

/** @return array{string, string, string, ?bool} */
function tamper(string $how, stdClass $signed, string $listName, string $private, string $signature, ?bool $valid): array
{
    $body = unserialize(serialize($signed)); // deep copy
    $before = json_encode($body->$listName, POSTBACK_FLAGS);
    switch ($how) {
        case 'signed':
            change_signed_entry($body->$listName);
            // Some changes re-encode to the same text (1.50 vs 1.5); then the body stays valid.
            $expected = json_encode($body->$listName, POSTBACK_FLAGS) === $before ? $valid : false;
            return ["tamper_signed", $private, encode_body($body), $expected];
        case 'unsigned':
            $field = ['amount', 'label', 'converted_amount', 'direction', 'created_datetime', 'wallet_type', 'currency_code', 'extra'][mt_rand(0, 7)];
            $body->$field = match ($field) {
                'amount' => mt_rand(1, 10 ** 6),
                'converted_amount' => (object) ['USD' => mt_rand() / 7],
                default => 'changed ' . mt_rand(),
            };
            return ['tamper_unsigned', $private, encode_body($body), $valid];
        case 'wrong_key':
            return ['wrong_key', $private . 'x', encode_body($body), false];
        case 'access_key':
            $body->access_key .= 'x';
            return ['access_key', $private, encode_body($body), false];
        case 'uppercase':
            $body->signature = strtoupper($signature);
            return ['uppercase_signature', $private, encode_body($body), $body->signature === $signature ? $valid : false];
        case 'unescaped':
            return ['unescaped', $private, json_encode($body, JSON_PRETTY_PRINT | POSTBACK_FLAGS), $valid];
        case 'truncated':
            $text = json_encode($body);
            return ['truncated', $private, substr($text, 0, mt_rand(0, strlen($text) - 1)), false];
        case 'mutated':
            // Random ASCII edits of a real body (bad input of every kind); PHP's verdict is the
            // answer, no self-check. Only ASCII bytes are touched, so the text stays UTF-8.
            $text = encode_body($body);
            for ($k = mt_rand(1, 3); $k > 0; $k--) {
                do {
                    $at = mt_rand(0, strlen($text) - 1);
                } while (ord($text[$at]) >= 0x80);
                $bytes = ' {}[]":,0123456789aeE-.\\/tnu';
                $byte = $bytes[mt_rand(0, strlen($bytes) - 1)];
                $text = match (mt_rand(0, 2)) {
                    0 => substr_replace($text, $byte, $at, 1),
                    1 => substr_replace($text, '', $at, 1),
                    default => substr_replace($text, $byte, $at, 0),
                };
            }
            return ['mutated', $private, $text, null];
        default:
            // The same members in another order: PHP encodes them in the new order.
            $entry = $body->$listName[0];
            $vars = get_object_vars($entry);
            $keys = array_keys($vars);
            shuffle($keys);
            $reordered = new stdClass();
            foreach ($keys as $k) {
                $reordered->$k = $vars[$k];
            }
            $body->$listName[0] = $reordered;
            $expected = json_encode($body->$listName, POSTBACK_FLAGS) === $before ? $valid : false;
            return ['reordered', $private, encode_body($body), $expected];
    }
}

function change_signed_entry(array &$list): void
{
    $i = mt_rand(0, count($list) - 1);
    $entry = $list[$i];
    switch (mt_rand(0, 6)) {
        case 0:
            $entry->amount = is_string($entry->amount) ? $entry->amount . '1' : $entry->amount + 1;
            break;
        case 1:
            $entry->account_name = 'Someone Else';
            break;
        case 2:
            unset($entry->comment);
            break;
        case 3:
            $entry->extra_field = 1;
            break;
        case 4:
            // {} and [] are different texts to the signature.
            $entry->bank_details = $entry->bank_details instanceof stdClass && get_object_vars($entry->bank_details) === [] ? [] : new stdClass();
            break;
        case 5:
            $entry->withdrawal_status = $entry->withdrawal_status === 1 ? 5 : 1;
            break;
        default:
            $list[] = clone $entry;
            return;
    }
    $list[$i] = $entry;
}
