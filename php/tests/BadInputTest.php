<?php
// Bad and hostile input, the same for both backends: wrong types, nesting at and past 512
// levels, arrays that hold themselves, objects, user code that changes the data while it is read;
// a clear exception every time and never a crash (mk/php-ext.mk also runs this under valgrind).
// Then Sdk::signPostback, and a verified postback read, printed, compared and serialized.
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Paykassma\PostbackException;
use Paykassma\Sdk;
use Paykassma\ValidationException;

echo 'backend: ', Sdk::backend(), "\n";

// Wrong types: PHP's TypeError, naming the argument.
$e = T::throws(TypeError::class, fn () => Sdk::sign(123, 'pk'), 'sign(int)');
T::check(str_contains($e?->getMessage() ?? '', '$data'), 'the TypeError names $data');
$e = T::throws(TypeError::class, fn () => Sdk::verifyPostback(null, 'pk'), 'verifyPostback(null)');
T::check(str_contains($e?->getMessage() ?? '', '$body'), 'the TypeError names $body');
$e = T::throws(TypeError::class, fn () => Sdk::sign(['a' => 1], ['pk']), 'sign with an array key');
T::check(str_contains($e?->getMessage() ?? '', '$privateKey'), 'the TypeError names $privateKey');

// Nesting: 511 levels of arrays are signed as PHP signs them; 512, which json_decode (depth 512)
// refuses as JSON text, are refused.
function nested(int $levels): array
{
    $a = ['leaf'];
    for ($i = 1; $i < $levels; $i++) {
        $a = [$a];
    }
    return $a;
}
T::same(Sdk::sign(nested(511), 'pk'), request_signature(nested(511), 'pk'), '511 levels are signed');
T::same(Sdk::sign(json_encode(nested(511)), 'pk'), request_signature(nested(511), 'pk'), '511 levels as JSON text');
$e = T::throws(ValidationException::class, fn () => Sdk::sign(nested(512), 'pk'), '512 levels are refused');
T::check(str_contains($e?->getMessage() ?? '', '512'), "too deep: the message says so ({$e?->getMessage()})");
T::throws(ValidationException::class, fn () => Sdk::sign(json_encode(nested(512)), 'pk'), '512 levels as JSON text');
T::same($e?->getErrorCode(), 'validation_error', 'too deep: code');

// An array that contains itself by reference, directly and further down.
$self = ['a' => 1];
$self['me'] = &$self;
$e = T::throws(ValidationException::class, fn () => Sdk::sign($self, 'pk'), 'an array holding itself');
T::check(str_contains($e?->getMessage() ?? '', 'itself'), "holding itself: the message says so ({$e?->getMessage()})");
$outer = ['x' => ['y' => []]];
$outer['x']['y']['back'] = &$outer['x'];
T::throws(ValidationException::class, fn () => Sdk::sign($outer, 'pk'), 'an array holding its parent');
// PHP frees such cycles only through its collector (valgrind would report them otherwise).
unset($self, $outer);
gc_collect_cycles();
// The same array twice is not a cycle.
$twice = [1, 2];
T::same(Sdk::sign(['a' => $twice, 'b' => $twice], 'pk'), request_signature(['a' => $twice, 'b' => $twice], 'pk'), 'a shared array');

// Objects inside arrays follow (string): __toString signs as its string, others are refused.
$stringable = new class () {
    public function __toString(): string
    {
        return '42.50';
    }
};
T::same(Sdk::sign(['amount' => $stringable], 'pk'), request_signature(['amount' => '42.50'], 'pk'), '__toString');
$e = T::throws(ValidationException::class, fn () => Sdk::sign(['x' => [new ArrayObject([1])]], 'pk'), 'an ArrayObject');
T::same($e?->getField(), 'x[0]', 'an ArrayObject: field');
enum Plain
{
    case A;
}
T::throws(ValidationException::class, fn () => Sdk::sign(['e' => Plain::A], 'pk'), 'a pure enum');
// Exceptions from user code pass through unchanged.
$throwing = new class () {
    public function __toString(): string
    {
        throw new DomainException('no string today');
    }
};
T::throws(DomainException::class, fn () => Sdk::sign(['a' => $throwing], 'pk'), '__toString throws');
$serializeThrows = new class () implements JsonSerializable {
    public function jsonSerialize(): mixed
    {
        throw new LengthException('no JSON today');
    }
};
T::throws(LengthException::class, fn () => Sdk::sign(['a' => [$serializeThrows]], 'pk'), 'jsonSerialize throws');
// User code that empties the very array being read: no crash, and a result or a clear error.
$data = ['a' => null, 'b' => str_repeat('x', 100), 'c' => [1, 2, 3]];
$data['a'] = new class ($data) implements JsonSerializable {
    public function __construct(private array &$data)
    {
    }

    public function jsonSerialize(): mixed
    {
        $this->data = [];
        gc_collect_cycles();
        return 'changed';
    }
};
try {
    T::check(strlen(Sdk::sign($data, 'pk')) === 40, 'data changed while read: a signature');
} catch (Paykassma\PaykassmaException $e) {
    T::check(true, 'data changed while read: a clear error');
}

// Many keys (the core indexes long arrays), numeric-string keys, a top-level list.
$many = [];
for ($i = 0; $i < 5000; $i++) {
    $many["k{$i}"] = $i % 7 === 0 ? (float) $i / 3 : "v{$i}";
}
$many['100'] = 'numeric';
T::same(Sdk::sign($many, 'pk'), request_signature($many, 'pk'), '5000 keys');
T::same(Sdk::sign([3 => 'c', 'x', 'y'], 'pk'), request_signature([3 => 'c', 'x', 'y'], 'pk'), 'int keys');

// Postbacks: Sdk::signPostback signs as the gateway does; bodies the merchant gets wrong.
$signed = [['transaction_id' => '1', 'amount' => '10.50', 'rate' => 1.0, 'f' => 0.1, 'note' => 'a/b ü €',
    'bank_details' => ['bank_code' => '', 'branch_code' => ''], 'empty' => [], 'obj' => new stdClass()]];
$signature = Sdk::signPostback('AK', 'pbkey', $signed);
T::same($signature, postback_signature('AK', 'pbkey', $signed), 'signPostback equals the formula');
T::same(Sdk::signPostback('AK', 'pbkey', json_encode($signed)), $signature, 'signPostback from JSON text');
$body = json_encode(['signature' => $signature, 'access_key' => 'AK', 'amount' => 10, 'label' => 'u1',
    'converted_amount' => ['USD' => 0.04, 'PKR' => 10], 'additional_data' => $signed], JSON_PRETTY_PRINT);
$e = T::throws(ValidationException::class, fn () => Sdk::signPostback('AK', 'pbkey', [['a' => INF]]), 'signPostback with INF');
T::same($e?->getField(), 'signed', 'signPostback with INF: field');
$e = T::throws(ValidationException::class, fn () => Sdk::signPostback('AK', '', $signed), 'signPostback with an empty key');
T::same($e?->getField(), 'private_key', 'signPostback with an empty key: field');
T::throws(ValidationException::class, fn () => Sdk::signPostback('AK', 'pbkey', '[1'), 'signPostback with bad JSON');
foreach (['', '{', '{"signature":1}', str_repeat('[', 100000), "\xff\xfe"] as $bad) {
    T::throws(PostbackException::class, fn () => Sdk::verifyPostback($bad, 'pbkey'), 'malformed body ' . json_encode(substr($bad, 0, 10)));
}

// A verified postback reads, prints, compares and serializes whole, whichever backend built it.
$p = Sdk::verifyPostback($body, 'pbkey');
T::check(isset($p->entries, $p->unsigned), 'isset on entries and unsigned');
T::same($p->entries[0]['signed']['note'], 'a/b ü €', 'entries[0].signed');
T::same($p->entries[0]['signed']['obj'], [], 'an object in the signed entry decodes as an array');
T::same($p->entries[0]['amount'], '10.50', 'entries[0].amount');
T::same($p->entries[0]['bank_details'], ['bank_code' => null, 'branch_code' => null, 'bank_code_in_payments_system' => null], 'bank_details');
T::same($p->unsigned['converted_amount'], ['USD' => 0.04, 'PKR' => 10], 'unsigned.converted_amount');
T::same($p->unsigned['label'], 'u1', 'unsigned.label');
$q = Sdk::verifyPostback($body, 'pbkey');
T::check(str_contains(print_r($q, true), "[transaction_id] => 1"), 'print_r shows the entries before they are read');
T::same(json_decode(json_encode(Sdk::verifyPostback($body, 'pbkey')), true)['entries'][0]['transaction_id'], '1', 'json_encode');
$copy = unserialize(serialize(Sdk::verifyPostback($body, 'pbkey')));
T::check($copy == $p, 'serialize and unserialize give an equal postback');
$fresh = new Paykassma\Postback($p->kind, $p->idempotencyKey, $p->signedList, $p->entries, $p->unsigned, $p->unsignedFields, $p->acknowledgement);
T::check($fresh == $p, 'equal to one built with the constructor');
T::throws(Error::class, fn () => $p->nope, 'an undefined property');
T::throws(Error::class, function () use ($p) {
    $p->entries = [];
}, 'entries stay read-only');

T::finish('BadInputTest');
