<?php
// The curated inputs of the shared vectors. vectors.php computes every expected result with PHP.
// Each case: [id, comment, inputs...].

declare(strict_types=1);

const FLOAT_TEXTS = [
    ['sum_01_02', '0.1+0.2 prints with 14 digits', '0.30000000000000004'],
    ['one', 'integral floats lose the fraction', '1.0'],
    ['thousand', '', '1000.0'],
    ['tiny_1e_5', 'below 1e-4 the exponent form starts', '1e-5'],
    ['tiny_0_0001', 'still positional', '0.0001'],
    ['tiny_0_00009999', '', '0.00009999'],
    ['big_1e20', '', '1e20'],
    ['big_1e15', 'decimal point beyond 15 digits', '1e15'],
    ['big_1e14', '', '1e14'],
    ['big_1e13', '', '1e13'],
    ['neg_zero', '-0.0 keeps its sign', '-0.0'],
    ['zero', '', '0.0'],
    ['inf', 'too large for a double: INF', '1e400'],
    ['neg_inf', '', '-1e400'],
    ['underflow', 'too small: 0', '1e-400'],
    ['quirk_100000000000005', "PHP's zend_dtoa keeps trailing zeros on this tie", '100000000000005.0'],
    ['quirk_100000000000015', 'a tie that rounds up', '100000000000015.0'],
    ['quirk_123450000000005', '', '123450000000005.0'],
    ['quirk_999999999999995', '', '999999999999995.0'],
    ['half_99999999999999_5', '', '99999999999999.5'],
    ['denormal_min', '', '5e-324'],
    ['normal_min', '', '2.2250738585072014e-308'],
    ['max', '', '1.7976931348623157e308'],
    ['above_2_53', '', '9007199254740993.0'],
    ['money_4_35', '', '4.35'],
    ['crypto_btc', 'a converted_amount rate', '0.00013153'],
    ['crypto_small', 'below 1e-4', '0.00002501'],
    ['amount_13628_5', '', '13628.5'],
    ['exp_1e25', '', '1e+25'],
    ['exp_1e17', '', '1e17'],
    ['exp_1e16', '', '1e16'],
    ['round_to_14', 'rounded at 14 significant digits', '1.23456789012345678'],
    ['round_up_to_14', '', '9.99999999999995'],
    ['round_carry', '', '99999999999999.99'],
    ['long_mantissa', 'correct rounding of a long mantissa', '0.1000000000000000055511151231257827'],
    ['neg_small', '', '-1.5e-7'],
    ['uint_past_i64', 'integers past i64 become floats', '12345678901234567890'],
    ['int_past_i64_neg', '', '-9223372036854775809'],
    ['e_notation_int', 'an exponent makes a float', '1E2'],
    ['tie_even_down', 'exactly between 1953495423541926.2 and .3: json_encode takes the even digit', '1953495423541926.25'],
    ['tie_even_up', 'exactly between .7 and .8: the even digit', '1953495423541926.75'],
];

function sign_cases(): array
{
    $withdrawal = '{"withdrawal_id":"1234567test","payment_system":"easypaisa","amount":10000,"currency_code":"PKR","label":"125199","account_number":"03405135211","account_name":"Muhammad Saqib Mushtaq","is_test":true}';
    $cases = [
        ['doc_acct_is_test_true', 'signing string ACCT:1020:withdrawal:INR:1:17:paytm:51_2788 (is_test=true gives 1)', 'private', '{"withdrawal_id":"51_2788","payment_system":"paytm","amount":1020,"currency_code":"INR","is_test":true,"label":"17","account_number":"ACCT","comment":"withdrawal"}'],
        ['doc_acct_is_test_false', 'is_test=false gives the empty string: ACCT:1020:withdrawal:INR::17:paytm:51_2788', 'private', '{"withdrawal_id":"51_2790","payment_system":"paytm","amount":1020,"currency_code":"INR","is_test":false,"label":"17","account_number":"ACCT","comment":"withdrawal"}'],
        ['easypaisa_withdrawal', 'the easypaisa page example request', 'withdrawal-private-key', $withdrawal],
        ['signature_left_out', 'a top-level signature is not signed', 'withdrawal-private-key', substr($withdrawal, 0, -1) . ',"signature":"fa0ee1e2acf7f898635ec417491381c0a4f9d35c"}'],
        ['nested_signature_kept', 'only the top-level signature is left out', 'k', '{"a":{"signature":"x"},"b":1}'],
        ['bank_details_nested', 'nested arrays are imploded in their own order, not sorted', 'key', '{"withdrawal_id":"w1","payment_system":"imps_ib","amount":500,"currency_code":"INR","label":"u1","is_test":false,"account_number":"123456789","account_name":"Rahul","bank_details":{"bank_code":"SBIN0001","branch_code":"77"},"payments_details":{"payments_method":"upi","payments_provider":"x"}}'],
        ['legacy_withdrawal', 'legacy withdrawal shape', 'legacy', '{"wallet_type":"paytm","amount":"17","currency_code":"INR","label":"1020","withdrawal_id":"51_2788","account_number":"ACCT","comment":"withdrawal","is_test":1}'],
        ['bool_null_values', 'true is 1, false and null are empty', 'k', '{"t":true,"f":false,"n":null,"z":0,"e":""}'],
        ['empty_object', 'nothing to join: md5 of the empty string', 'k', '{}'],
        ['empty_list', '', 'k', '[]'],
        ['top_level_list', 'a list is sorted by its int keys', 'k', '["b","a",1]'],
        ['empty_nested', 'empty arrays implode to nothing', 'k', '{"a":[],"b":{},"c":[[]],"d":"x"}'],
        ['deep_nesting', 'recursion into every level', 'k', '{"a":[1,[2,[3,[4,{"x":5}]]]],"b":"end"}'],
        ['repeated_key', 'first position, last value', 'k', '{"b":1,"a":2,"b":3}'],
        ['numeric_keys_become_ints', '"10" and "-1" are int keys, sorted numerically', 'k', '{"10":"ten","9":"nine","-1":"minus","b":"bee"}'],
        ['numeric_strings_stay', '"01", " 1", "1.5", "1e1" stay strings but compare as numbers', 'k', '{"01":"a"," 1":"b","1.5":"c","1e1":"d","2":"e"}'],
        ['non_transitive_keys', '10 < "5z" < 9 < 10: the result depends on the exact sort steps', 'k', '{"10":"a","9":"b","5z":"c"}'],
        ['non_transitive_reordered', '', 'k', '{"5z":"c","10":"a","9":"b"}'],
        ['over_16_keys', 'more than 16 keys: zend_sort leaves insertion sort', 'k', '{' . implode(',', array_map(fn($i) => '"' . (($i * 37) % 41) . 'k":' . $i, range(1, 30))) . '}'],
        ['mixed_30_keys', 'ints, numeric and non-numeric strings mixed past 16 keys', 'k', '{' . implode(',', array_map(fn($i) => '"' . ($i % 3 === 0 ? $i : ($i % 3 === 1 ? "$i" . 'z' : " $i")) . '":' . $i, range(1, 30))) . '}'],
        ['over_1024_keys', 'more than 1024 keys: the five-element pivot', 'k', '{' . implode(',', array_map(fn($i) => '"' . (($i * 7919) % 2000) . ($i % 2 ? '' : 'x') . '":' . $i, range(1, 1100))) . '}'],
        ['unicode_escapes', 'escapes decode before joining; bytes are UTF-8', 'k', '{"name":"\u00d1and\u00fa \ud83d\ude00","raw":"Ñandú 😀","slash":"a\/b","sep":"\u2028"}'],
        ['colon_in_values', 'the glue may occur in values', 'k', '{"a":"x:y","b":"::"}'],
        ['unicode_key', 'the private key is bytes too', 'ключ-é', '{"amount":100}'],
        ['int_past_i64', 'an integer past i64 is a float: 1.2345678901235E+19', 'k', '{"a":12345678901234567890}'],
        ['i64_bounds', '', 'k', '{"max":9223372036854775807,"min":-9223372036854775808}'],
        ['negative_zero_int', '-0 is the int 0', 'k', '{"a":-0}'],
        ['pretty_input', 'whitespace does not matter', 'k', "{\n  \"b\" : [ 1 , 2 ],\n\t\"a\" : \"x\"\r\n}"],
        ['big_int_keys', 'keys at and past i64', 'k', '{"9223372036854775807":"a","9223372036854775808":"b","-9223372036854775808":"c","-9223372036854775809":"d"}'],
        ['overflowed_key_strings', 'integer parts of 20+ digits count as overflowed in ksort', 'k', '{"100000000000000000000.5":1,"100000000000000000000.25":2,"100000000000000000000":3," 5":4}'],
        ['inf_keys', 'keys that read as INF compare as strings when equal', 'k', '{"1e400":1,"2e400":2,"-1e400":3,"5":4}'],
        ['whitespace_keys', 'leading and trailing whitespace still numeric', 'k', '{"\t5":1,"5\n":2,"\u000b5":3," 5 ":4,"4":5}'],
        ['empty_key', '', 'k', '{"":1,"a":2," ":3}'],
        ['depth_511', '511 nested lists are the deepest PHP decodes', 'k', '{"a":' . str_repeat('[', 510) . '1' . str_repeat(']', 510) . '}'],
    ];
    foreach (FLOAT_TEXTS as [$id, $comment, $float]) {
        $cases[] = ["float_$id", $comment === '' ? "the float $float in the signing string" : $comment, 'k', "{\"amount\":$float,\"label\":\"x\"}"];
    }
    return $cases;
}

function string_cases(): array
{
    $cases = [
        ['null', 'null prints as nothing', 'null'],
        ['true', '', 'true'],
        ['false', '', 'false'],
        ['int', '', '42'],
        ['int_negative_zero', '-0 is the int 0', '-0'],
        ['int_min', '', '-9223372036854775808'],
        ['string', 'strings are unchanged', '"a:b"'],
    ];
    foreach (FLOAT_TEXTS as [$id, $comment, $float]) {
        $cases[] = ["float_$id", $comment, $float];
    }
    return $cases;
}

function encode_cases(): array
{
    $cases = [
        ['slashes_unescaped', 'JSON_UNESCAPED_SLASHES', '"a\/b/c"'],
        ['unicode_unescaped', 'JSON_UNESCAPED_UNICODE keeps characters as UTF-8', '"\u00e9 é \ud83d\ude00 中文"'],
        ['line_separators_escaped', 'U+2028 and U+2029 stay escaped even with JSON_UNESCAPED_UNICODE', '"a\u2028b\u2029c"'],
        ['control_characters', 'short escapes where JSON has one, else \u00XX', '"\b\f\n\r\t\u0000\u0001\u001f\u007f"'],
        ['quote_backslash', '', '"q\"b\\\\"'],
        ['empty_object_stays', 'decoded as an object: {} stays {}', '{"a":{},"b":[]}'],
        ['numbered_object_stays', 'an object with keys 0..n-1 is still an object', '{"0":"a","1":"b"}'],
        ['list', '', '[1,"2",null,true,false]'],
        ['nested', '', '{"a":[{"b":{"c":[]}}]}'],
        ['repeated_key', 'first position, last value', '{"a":1,"b":2,"a":3}'],
        ['int_keys', '', '{"10":1,"-1":2,"01":3}'],
        ['empty_key', '', '{"":1}'],
        ['big_int', 'past i64: a float in shortest form', '123456789012345678901234567890'],
        ['whitespace_dropped', '', "{ \"a\" :\n [ 1 , 2 ] }"],
        ['inf_refused', 'INF cannot be encoded', '[1e400]'],
        ['postback_entry', 'an additional_data list as the gateway signs it', '[{"activated_datetime":"2023-09-26 22:37:00","amount":"1000","stockpiling_id":4819603,"withdrawal_id":null,"bank_details":{"bank_code":"","branch_code":""},"account_name":"O\'Brien \"Jr\" \/ Ñandú"}]'],
    ];
    foreach (FLOAT_TEXTS as [$id, $comment, $float]) {
        if ($id !== 'inf' && $id !== 'neg_inf') {
            $cases[] = ["float_$id", 'serialize_precision=-1: shortest round-trip digits', $float];
        }
    }
    return $cases;
}

function ksort_cases(): array
{
    return [
        ['strings_bytewise', 'non-numeric strings compare byte by byte', '{"b":0,"a":0,"B":0,"aa":0,"é":0,"":0}'],
        ['ints_numeric', '', '{"10":0,"9":0,"-1":0,"0":0,"100":0}'],
        ['ints_before_letters', 'an int against a non-numeric string compares as strings', '{"b":0,"10":0,"9":0,"a":0}'],
        ['int_vs_digit_prefix', '"5z" is not numeric: compared with "10" as strings', '{"5z":0,"10":0}'],
        ['non_transitive', '10 < "5z" < 9 < 10', '{"10":0,"9":0,"5z":0}'],
        ['non_transitive_2', '', '{"5z":0,"9":0,"10":0}'],
        ['non_transitive_3', '', '{"9":0,"5z":0,"10":0}'],
        ['numeric_strings', 'numeric strings compare as numbers with ints and each other', '{"1e1":0,"9":0," 5":0,"01":0,"1.5":0}'],
        ['leading_whitespace', '', '{" 1":0,"\t2":0,"\n3":0,"0":0}'],
        ['trailing_whitespace', 'PHP 8 allows trailing whitespace in numeric strings', '{"2 ":0,"1":0,"3\n":0}'],
        ['signs', '', '{"+5":0,"-5":0,"5":0,"-0":0,"0":0}'],
        ['hex_not_numeric', '', '{"0x1A":0,"26":0,"1":0}'],
        ['dot_forms', '', '{".5":0,"5.":0,"0.4":0,"-.5":0}'],
        ['exponents', '', '{"1e3":0,"1E2":0,"999":0,"1e":0,"1e+":0}'],
        ['equal_values_stable', 'equal numeric values keep their order (stable sort)', '{"1.0":0,"01":0,"1":0,"1e0":0," 1":0}'],
        ['equal_values_stable_2', '', '{"1e0":0," 1":0,"1.0":0,"01":0}'],
        ['i64_bounds', '', '{"9223372036854775807":0,"9223372036854775808":0,"-9223372036854775808":0,"-9223372036854775809":0}'],
        ['overflow_same_side', 'two overflowed integers with equal doubles compare as strings', '{"99999999999999999999":0,"99999999999999999998":0,"100000000000000000000":0}'],
        ['overflow_with_fraction', 'a 20-digit integer part is overflowed even with a fraction', '{"100000000000000000000.5":0,"100000000000000000000.25":0,"100000000000000000000":0}'],
        ['overflow_negative', '', '{"-100000000000000000000.5":0,"-99999999999999999999":0,"-5":0}'],
        ['overflow_flag_wins', 'tiny but overflowed: above " 5"; against the int 5 the value counts', '{"100000000000000000000e-30":0," 5":0,"5":0}'],
        ['inf_strings', 'equal infinities compare as strings', '{"2e400":0,"1e400":0,"-1e400":0,"7":0}'],
        ['leading_zeros_long', '', '{"0000000000000000000000005":0,"4":0,"6":0}'],
        ['arabic_digit', 'only ASCII digits are numeric', '{"١":0,"1":0}'],
        ['empty_and_space', '', '{"":0," ":0,"0":0,"a":0}'],
        ['withdrawal_fields', 'a withdrawal request', '{"withdrawal_id":0,"payment_system":0,"amount":0,"currency_code":0,"label":0,"account_number":0,"account_name":0,"is_test":0,"bank_details":0,"payments_details":0}'],
        ['seventeen_keys', 'insertion sort ends at 16 elements', '{' . implode(',', array_map(fn($i) => '"' . (($i * 5) % 17) . '":0', range(0, 16))) . '}'],
        ['forty_mixed', '', '{' . implode(',', array_map(fn($i) => '"' . ($i % 4 === 0 ? $i : ($i % 4 === 1 ? "{$i}z" : ($i % 4 === 2 ? " $i" : "$i.5"))) . '":0', range(40, 1, -1))) . '}'],
        ['long_mixed', 'past 1024 keys', '{' . implode(',', array_map(fn($i) => '"' . (($i * 7919) % 3000) . ($i % 3 ? '' : 'k') . '":0', range(1, 1100))) . '}'],
        ['list_already_sorted', '', '[1,2,3]'],
    ];
}

function decode_cases(): array
{
    return [
        ['scalars', '', '[null,true,false,0,-0,1.5,"s"]'],
        ['int_bounds', 'i64 limits stay ints', '[9223372036854775807,-9223372036854775808]'],
        ['past_i64', 'past i64: floats', '[9223372036854775808,-9223372036854775809,123456789012345678901234567890]'],
        ['floats', 'correctly rounded', '[0.1,1e-5,1e400,-1e400,1e-400,5e-324,2.2250738585072011e-308,0.1000000000000000055511151231257827,9007199254740993.0]'],
        ['negative_zero_float', '', '[-0.0,-0e0]'],
        ['numeric_string_keys', '"10" and "-1" become ints; "01", " 1", "1.5", "1e1", "-0" stay strings', '{"10":1,"-1":2,"01":3," 1":4,"1.5":5,"1e1":6,"-0":7,"0":8}'],
        ['key_bounds', '', '{"9223372036854775807":1,"9223372036854775808":2,"-9223372036854775808":3}'],
        ['repeated_keys', 'first position, last value', '{"a":1,"b":2,"a":3,"10":4,"10":5}'],
        ['repeated_escaped_key', '"\u00e9" and "é" are the same key', '{"é":1,"\u00e9":2}'],
        ['escapes', '', '"\" \\\\ \/ \b \f \n \r \t \u0041 \u00e9 \u2028 \ud83d\ude00 \uD83D\uDE00"'],
        ['nul_in_string', '', '"a\u0000b"'],
        ['empty_object_and_list', '', '{"a":{},"b":[],"c":[{}]}'],
        ['whitespace', 'JSON whitespace only', " \t\n\r{ \"a\" : [ 1 ] } \n"],
        ['depth_511', 'the deepest PHP accepts with its default depth', str_repeat('[', 511) . str_repeat(']', 511)],
        ['depth_512', 'one more is refused', str_repeat('[', 512) . str_repeat(']', 512)],
        ['depth_512_objects', '', str_repeat('{"a":', 511) . '{}' . str_repeat('}', 511)],
        ['empty_text', '', ''],
        ['leading_zero', '', '01'],
        ['trailing_comma_list', '', '[1,]'],
        ['trailing_comma_object', '', '{"a":1,}'],
        ['two_values', '', '1 2'],
        ['bad_literal', '', 'True'],
        ['nan', '', 'NaN'],
        ['plus_sign', '', '+1'],
        ['bare_fraction', '', '.5'],
        ['dot_without_digits', '', '1.'],
        ['single_quotes', '', "'a'"],
        ['bad_escape', '', '"\x"'],
        ['short_unicode_escape', '', '"\u12"'],
        ['lone_high_surrogate', '', '"\ud800"'],
        ['lone_low_surrogate', '', '"\udc00"'],
        ['high_then_not_low', '', '"\ud800\u0041"'],
        ['raw_control_in_string', '', "\"a\x01b\""],
        ['raw_tab_in_string', '', "\"a\tb\""],
        ['raw_control_outside', 'a control character where a token starts', "[1,\x01]"],
        ['unterminated_string', 'the end of the text inside a string', '{"a":"b'],
        ['mismatched_list', 'a list closed with }', '[1}'],
        ['mismatched_object', 'an object closed with ]', '{"a":1]'],
        ['byte_order_mark', '', "\u{feff}{}"],
        ['unclosed', '', '{"a":[1'],
    ];
}

/** A postback from the documents, decoded with objects kept, and re-signed with a test key. */
function fixture(string $name): stdClass
{
    return json_decode(file_get_contents(dirname(__DIR__, 2) . "/core/tests/fixtures/$name.json"), false, 512, JSON_THROW_ON_ERROR);
}

function list_name(stdClass $body): string
{
    return property_exists($body, 'additional_data') ? 'additional_data' : 'transactions';
}

// $flags 0: the earlier page's formula, `md5($transactions->toJson())` with no flags.
function sign_body(stdClass $body, string $private, int $flags = POSTBACK_FLAGS): stdClass
{
    $out = new stdClass();
    $out->signature = postback_signature($body->access_key, $private, $body->{list_name($body)}, $flags) ?? fail('cannot sign');
    foreach ($body as $k => $v) {
        if ($k !== 'signature') {
            $out->$k = $v;
        }
    }
    return $out;
}

function postback_cases(): array
{
    $key = 'postback-private-key';
    $deposit = sign_body(fixture('easypaisa_deposit_postback'), $key);
    $withdrawal = sign_body(fixture('easypaisa_withdrawal_postback'), $key);
    $docText = file_get_contents(dirname(__DIR__, 2) . '/core/tests/fixtures/easypaisa_deposit_postback.json');
    $docText = preg_replace('/"signature": "[0-9a-f]{40}"/', '"signature": "' . $deposit->signature . '"', $docText);

    $case = fn(string $id, string $comment, string $body, string $private = 'postback-private-key', ?string $sdk = null) =>
        ['id' => $id, 'comment' => $comment, 'private_key' => $private, 'body' => $body] + ($sdk ? ['sdk_refuses' => $sdk] : []);
    $with = function (stdClass $body, callable $change, bool $resign = true, int $flags = POSTBACK_FLAGS) use ($key): stdClass {
        $copy = unserialize(serialize($body));
        $change($copy);
        return $resign ? sign_body($copy, $key, $flags) : $copy;
    };
    $entry = fn(stdClass $body) => $body->{list_name($body)}[0];
    // Signed by the earlier page's formula (no flags) over a list with a slash and non-ASCII text.
    $legacy = fn(stdClass $body, ?callable $change = null) => $with($body, function ($b) use ($change, $entry) {
        $entry($b)->account_name = "Zoë / 李 😀";
        $change && $change($b);
    }, true, 0);
    $toTransactions = function ($b) {
        $b->transactions = $b->additional_data;
        unset($b->additional_data);
    };

    $cases = [
        $case('deposit_document_text', "the easypaisa page's deposit example as printed there, re-signed with a test key", $docText),
        $case('deposit_default_flags', "encoded with PHP's default flags: \\/ and \\uXXXX escapes", json_encode($deposit)),
        $case('deposit_pretty', 'JSON_PRETTY_PRINT', json_encode($deposit, JSON_PRETTY_PRINT)),
        $case('deposit_unescaped', 'JSON_UNESCAPED_SLASHES|JSON_UNESCAPED_UNICODE body', json_encode($deposit, POSTBACK_FLAGS)),
        $case('withdrawal_success', 'withdrawal_status 1: paid', json_encode($withdrawal)),
        $case('withdrawal_rejected', 'withdrawal_status 5: rejected; its own idempotency key', json_encode($with($withdrawal, fn($b) => $entry($b)->withdrawal_status = 5))),
        $case('withdrawal_pending', 'withdrawal_status null: pending; differs from the final states', json_encode($with($withdrawal, fn($b) => $entry($b)->withdrawal_status = null))),
        $case('transactions_form', 'the older form: the same formula over `transactions`', json_encode($with($deposit, function ($b) {
            $b->transactions = $b->additional_data;
            unset($b->additional_data);
        }))),
        $case('three_entries', 'three signed entries', json_encode($with($deposit, function ($b) {
            $e = $b->additional_data[0];
            foreach (['23936218010', '23936218011'] as $id) {
                $c = clone $e;
                $c->transaction_id = $id;
                $b->additional_data[] = $c;
            }
        }))),
        $case('names_unicode_slashes_quotes', 'account_name with unicode, slashes, quotes, U+2028', json_encode($with($withdrawal, fn($b) => $entry($b)->account_name = "O'Brien \"Jr\" / Ñandú 李 😀 \u{2028} a\\b"))),
        $case('crypto_float_amount', 'a numeric amount below 1e-4 is signed as 2.501e-5', json_encode($with($deposit, fn($b) => $entry($b)->amount = 0.00002501))),
        $case('bank_details_empty_object', 'an empty {} is signed as {}', json_encode($with($deposit, fn($b) => $entry($b)->bank_details = new stdClass()))),
        $case('bank_details_empty_list', 'an empty [] is signed as []', json_encode($with($deposit, fn($b) => $entry($b)->bank_details = []))),
        $case('deposit_by_order_id', 'no transaction_id: the order id identifies it', json_encode($with($deposit, fn($b) => $entry($b)->transaction_id = ''))),
        $case('extra_fields', 'unknown signed fields are signed like the rest', json_encode($with($deposit, fn($b) => $entry($b)->extra = ['10' => 'x', 'k' => [1.5, null, new stdClass()]]))),
        $case('unsigned_amount_changed', 'the top-level amount is not signed: still valid, the entry keeps 1000', json_encode($with($deposit, fn($b) => $b->amount = 999999, false))),
        $case('unsigned_converted_amount_changed', 'converted_amount is not signed', json_encode($with($deposit, fn($b) => $b->converted_amount->USD = 1e6, false))),
        $case('repeated_key_last_wins', 'a repeated key takes the last value: the signed one comes last', str_replace('"amount":"1000"', '"amount":"9000","amount":"1000"', json_encode($deposit))),
        $case('signed_amount_changed', 'the entry amount is signed', json_encode($with($deposit, fn($b) => $entry($b)->amount = '9000', false))),
        $case('repeated_key_tampered', 'a later repeated key overrides the signed value', str_replace('"amount":"1000"', '"amount":"1000","amount":"9000"', json_encode($deposit))),
        $case('empty_object_became_list', '{} and [] are different signed texts', str_replace('"bank_details":{}', '"bank_details":[]', json_encode($with($deposit, fn($b) => $entry($b)->bank_details = new stdClass())))),
        $case('status_changed', 'a rejected withdrawal replayed as paid', json_encode($with($withdrawal, fn($b) => $entry($b)->withdrawal_status = 5, false))),
        $case('wrong_private_key', 'another postback private key', json_encode($deposit), 'other-private-key'),
        $case('access_key_changed', 'the access key is part of the formula', json_encode($with($deposit, fn($b) => $b->access_key = 'TA25Ea9sjPUFJvIH', false))),
        $case('signature_uppercase', 'PHP writes lowercase hex; uppercase does not match', json_encode($with($deposit, fn($b) => $b->signature = strtoupper($b->signature), false))),
        $case('negative_zero_float', 'a signed -0.0 is sent as -0, which decodes as the int 0: no re-encoding can match', json_encode($with($deposit, fn($b) => $entry($b)->extra = -0.0))),
        $case('legacy_transactions', "the earlier page's formula: md5(\$transactions->toJson()), no flags, over a list with / and non-ASCII", json_encode($legacy($deposit, $toTransactions))),
        $case('legacy_additional_data', 'the no-flags formula over additional_data', json_encode($legacy($deposit))),
        $case('legacy_pretty_unescaped', 'the no-flags formula; the body pretty-printed with the documented flags', json_encode($legacy($withdrawal), JSON_PRETTY_PRINT | POSTBACK_FLAGS)),
        $case('legacy_plain_text', 'no / and no non-ASCII: both formulas give one signature, reported as current', json_encode($with($deposit, fn($b) => null, true, 0))),
        $case('legacy_signed_amount_changed', 'the no-flags formula still covers the entry amount', json_encode($with($legacy($deposit), fn($b) => $entry($b)->amount = '9000', false))),
        $case('legacy_slash_changed', 'the no-flags formula covers the name: its slash turned into a backslash is refused', str_replace('Zo\\u00eb \\/', 'Zo\\u00eb \\\\', json_encode($legacy($deposit)))),
        $case('not_json', '', 'status=ok'),
        $case('empty_body', '', ''),
        $case('truncated', '', substr(json_encode($deposit), 0, 200)),
        $case('top_level_list', '', '[' . json_encode($deposit) . ']'),
        $case('missing_signature', '', json_encode($with($deposit, function ($b) {
            unset($b->signature);
        }, false))),
        $case('signature_not_hex', '', json_encode($with($deposit, fn($b) => $b->signature = str_repeat('g', 40), false))),
        $case('signature_too_short', '', json_encode($with($deposit, fn($b) => $b->signature = substr($b->signature, 0, 39), false))),
        $case('signature_not_string', '', json_encode($with($deposit, fn($b) => $b->signature = 1, false))),
        $case('missing_access_key', '', json_encode($with($deposit, function ($b) {
            unset($b->access_key);
        }, false))),
        $case('access_key_not_string', '', json_encode($with($deposit, fn($b) => $b->access_key = 12345, false))),
        $case('missing_additional_data', '', json_encode($with($deposit, function ($b) {
            unset($b->additional_data);
        }, false))),
        $case('additional_data_string', '', json_encode($with($deposit, fn($b) => $b->additional_data = 'x', false))),
        $case('lone_surrogate', 'invalid JSON for PHP too', str_replace('"label":"545932754"', '"label":"\ud800"', json_encode($deposit))),
        $case('too_deep', 'nesting past PHP\'s depth limit', substr(json_encode($deposit), 0, -1) . ',"x":' . str_repeat('[', 600) . str_repeat(']', 600) . '}'),
        $case('inf_in_signed_data', 'PHP cannot re-encode 1e400 (INF)', str_replace('"stockpiling_id":4819603', '"stockpiling_id":1e400', json_encode($deposit))),
        $case('empty_signed_list', 'SDK rule: PHP\'s formula matches, but an empty list signs nothing', json_encode($with($deposit, fn($b) => $b->additional_data = [])), $key, 'malformed_postback'),
        $case('mixed_kinds', 'SDK rule: PHP\'s formula matches, but one postback cannot be both a deposit and a withdrawal', json_encode($with($deposit, fn($b) => $b->additional_data[] = $entry(fixture('easypaisa_withdrawal_postback')))), $key, 'malformed_postback'),
        $case('entry_not_object', 'SDK rule: PHP\'s formula matches, but an entry must be an object', json_encode($with($deposit, fn($b) => $b->additional_data = [1])), $key, 'malformed_postback'),
    ];
    return $cases;
}

/**
 * Edge inputs of `sign` in every binding: [id, comment, data tree, [python, node, php, c]].
 * An outcome is 'sign' (signs what real PHP signs for the same value), ['sign_as', json] (signs
 * what PHP signs for json_decode(json): the host value means that PHP value), ['error', class,
 * field, code] or 'n/a' (the host cannot express the input). The comment is the table's "why".
 */
function edge_cases(): array
{
    $map = fn(array ...$pairs) => ['map', $pairs];
    $list = fn(array ...$items) => ['list', $items];
    $s = fn(string $text) => ['string', $text];
    $f = fn(string $text) => ['float', $text];
    $int = fn(string $digits) => ['int', $digits];
    $ascii = fn(string $text) => $text === '' ? [] : array_map('ord', str_split($text));
    $utf16 = fn(string $before, int $unit, string $after = '') => ['utf16', [...$ascii($before), $unit, ...$ascii($after)]];
    $err = fn(string $class, string $field, string $code = 'validation_error') => ['error', $class, $field, $code];
    $signs = ['sign', 'sign', 'sign', 'n/a'];
    $text = ['sign', 'sign', 'sign', 'sign'];
    $badValue = fn(string $field) => [$err('ValidationError', $field), $err('TypeError', $field), $err('ValidationException', $field), 'n/a'];
    $badType = fn(string $field) => [$err('TypeError', $field), $err('TypeError', $field), $err('ValidationException', $field), 'n/a'];
    $wrongType = fn(string $field, $php) => [$err('TypeError', $field), $err('TypeError', $field), $php, 'n/a'];
    $refusedText = [$err('ValidationError', 'data'), $err('ValidationError', 'data'), $err('ValidationException', 'data'), $err('PK_STATUS_VALIDATION', 'data')];
    $notUtf8Text = [$err('ValidationError', 'data'), $err('ValidationError', 'data'), $err('ValidationException', 'data', 'invalid_utf8'), $err('PK_STATUS_INVALID_UTF8', 'data', 'invalid_utf8')];
    $bigint = fn(string $json) => [['sign_as', $json], ['sign_as', $json], 'n/a', 'n/a'];
    $tenTo400 = '1' . str_repeat('0', 400);

    return [
        ['inf', "PHP's (string) of INF is INF. JSON has no INF: as text it is 1e400 (text_1e400)", $map(['amount', $f('INF')], ['label', $s('x')]), $signs],
        ['negative_inf', '', $map(['amount', $f('-INF')], ['label', $s('x')]), $signs],
        ['nan', "(string) NAN is NAN; no JSON text carries it", $map(['amount', $f('NAN')], ['label', $s('x')]), $signs],
        ['non_finite_nested', 'at any depth, in lists too', $map(['a', $map(['b', $list($f('INF'), $f('-INF'), $f('NAN'))])], ['c', $f('1.5')]), $signs],
        ['negative_zero', 'PHP and Python floats keep the sign of zero (-0); a JS number has no int/float split: an integral one is a PHP int, as JSON.stringify writes it (-0 as 0)',
            $map(['a', $f('-0.0')], ['b', $f('0.0')]), ['sign', ['sign_as', '{"a":0,"b":0}'], 'sign', 'n/a']],
        ['text_1e400', 'json_decode makes INF of a number too large for a double', $s('{"a":1e400,"b":-1e400,"c":[1e400,1]}'), $text],
        ['text_negative_zero', '-0.0 and -0e0 are the float -0; -0 is the int 0', $s('{"a":-0.0,"b":-0,"c":-0e0}'), $text],
        ['int_64_bit_bounds', 'the largest and smallest 64-bit ints stay ints (a JS BigInt)', $map(['a', $int('9223372036854775807')], ['b', $int('-9223372036854775808')]), $signs],
        ['int_past_64_bit_max', "a host integer beyond 64 bits is what json_decode makes of its digits, a float, so a map and its JSON text sign alike; a PHP int cannot hold it", $map(['a', $int('9223372036854775808')]), $bigint('{"a":9223372036854775808}')],
        ['int_past_64_bit_min', '', $map(['a', $int('-9223372036854775809')]), $bigint('{"a":-9223372036854775809}')],
        ['int_2_pow_64', '', $map(['a', $int('18446744073709551616')], ['b', $list($int('18446744073709551617'))]), $bigint('{"a":18446744073709551616,"b":[18446744073709551617]}')],
        ['int_10_pow_400', 'digits beyond any double: json_decode makes INF of them', $map(['a', $int($tenTo400)]), $bigint('{"a":' . $tenTo400 . '}')],
        ['text_int_past_64_bits', 'json_decode: ints up to 64 bits, floats beyond', $s('{"a":9223372036854775807,"b":9223372036854775808,"c":18446744073709551616}'), $text],
        ['lone_surrogate_value', 'a lone UTF-16 surrogate has no UTF-8 form: no JSON text can carry it (PHP strings: its 3 bytes, invalid UTF-8, which json_encode refuses)', $map(['a', $map(['b', $utf16('x', 0xD800, 'y')])]), $badValue('a.b')],
        ['lone_surrogate_key', 'a bad key is named by the map holding it', $map([$utf16('', 0xDC00), $s('v')]), $badValue('data')],
        ['lone_surrogate_nested_key', '', $map(['a', $list($map([$utf16('k', 0xD800), $s('v')]))]), $badValue('a[0]')],
        ['text_lone_surrogate_escape', 'json_decode refuses \ud800 alone', $s('{"a":"\ud800"}'), $refusedText],
        ['text_lone_surrogate_raw', 'JSON text holding a raw lone surrogate is not UTF-8; the C ABI (and PHP through it) names that invalid_utf8', $utf16('{"a":"', 0xD800, '"}'), $notUtf8Text],
        ['function_value', "PHP's (string) cannot convert a Closure", $map(['a', $map(['b', ['function']])]), $badType('a.b')],
        ['function_in_top_level_list', 'a top-level list item is named data[i]', $list($s('x'), ['function']), $badType('data[1]')],
        ['object_value', "an object with no string form: PHP's (string) cannot convert it", $map(['a', ['object']]), $badType('a')],
        ['stringable_value', "PHP's implode uses __toString; every Python and JS object has a default string form, so none is taken as data", $map(['amount', ['stringable', '1000.50']]), $wrongType('amount', 'sign')],
        ['bytes_value', 'Python bytes and Node Buffers are not text (and json.dumps / JSON.stringify do not write them as strings); PHP has one string type, bytes', $map(['a', ['bytes', bin2hex('abc')]]), $wrongType('a', 'sign')],
        ['bytes_value_invalid_utf8', 'bytes that are not UTF-8: no JSON text can carry them', $map(['a', ['bytes', 'ff']]), $wrongType('a', $err('ValidationException', 'a'))],
        ['bytes_key', 'as bytes_value: Python bytes are not text, a PHP key is a string (bytes); JS object keys are strings', $map([['bytes', bin2hex('k')], $s('v')]), [$err('TypeError', 'data'), 'n/a', 'sign', 'n/a']],
        ['json_bytes', 'the whole data as bytes (Python bytes, Node Buffer) is JSON text', ['bytes', bin2hex('{"b":2,"a":1e400}')], $text],
        ['json_bytes_invalid_utf8', 'JSON text must be UTF-8; the C ABI (and PHP through it) names that invalid_utf8', ['bytes', bin2hex('{"a":"') . 'ff' . bin2hex('"}')], $notUtf8Text],
    ];
}
