<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * A postback whose signature checked out. `entries` is the signed data: credit and update from it.
 * `unsigned` holds envelope fields outside the signature (`amount`, `label`, `converted_amount`
 * ...): show them, never trust them. Store `idempotencyKey` with a unique constraint and process
 * each key once; answer every postback, repeats included, with `acknowledgement` and HTTP 200.
 *
 * With the paykassma extension, `entries`, `unsigned` and `unsignedFields` are built when first
 * read, so a repeat answered from its idempotency key alone never builds them; they read, print,
 * compare and serialize as the other properties do.
 */
final class Postback implements \JsonSerializable
{
    /** Builds `entries`, `unsigned` and `unsignedFields` when first read (the extension's handle). */
    private ?object $source = null;

    /** @var array<string, true>|null the parts not read yet; null once all are */
    private ?array $pending = null;

    private static ?self $blank = null;

    /**
     * @param list<array<string, mixed>> $entries
     * @param array<string, mixed> $unsigned
     * @param list<string> $unsignedFields
     */
    public function __construct(
        public readonly string $kind,
        public readonly string $idempotencyKey,
        public readonly string $signedList,
        public readonly array $entries,
        public readonly array $unsigned,
        public readonly array $unsignedFields,
        public readonly string $acknowledgement,
        /** Which published form the signature matched: `current` or `legacy` (no JSON flags). */
        public readonly string $signatureForm = 'current',
    ) {
    }

    /** @internal Built from the JSON the C ABI returns (the FFI backend). */
    public static function fromJson(string $json): self
    {
        // The library takes bodies nested as deep as PHP's json_decode does (511 levels); its
        // JSON puts the signed entries two levels deeper than the body has them.
        $p = json_decode($json, true, 513, JSON_THROW_ON_ERROR);
        return new self(
            $p['kind'],
            $p['idempotency_key'],
            $p['signed_list'],
            $p['entries'],
            $p['unsigned'],
            $p['unsigned_fields'],
            $p['acknowledgement'],
            $p['signature_form'],
        );
    }

    /**
     * @internal Built from the extension's handle, which gives `entries()`, `unsigned()` and
     * `unsignedFields()`.
     */
    public static function lazy(string $kind, string $idempotencyKey, string $signedList, string $acknowledgement, string $signatureForm, object $source): self
    {
        // A copy of an instance whose properties were never set: they can be set once, here.
        $p = clone (self::$blank ??= self::blank());
        $p->kind = $kind;
        $p->idempotencyKey = $idempotencyKey;
        $p->signedList = $signedList;
        $p->acknowledgement = $acknowledgement;
        $p->signatureForm = $signatureForm;
        $p->source = $source;
        $p->pending = ['entries' => true, 'unsigned' => true, 'unsignedFields' => true];
        return $p;
    }

    /** An instance with no property set, and the lazy ones unset (a clone keeps them so). */
    private static function blank(): self
    {
        $p = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        // Unset (not merely uninitialized) properties are read through __get.
        unset($p->entries, $p->unsigned, $p->unsignedFields);
        return $p;
    }

    public function isDeposit(): bool
    {
        return $this->kind === 'deposit';
    }

    public function isWithdrawal(): bool
    {
        return $this->kind === 'withdrawal';
    }

    /** @internal Reads `entries`, `unsigned` and `unsignedFields` the first time. */
    public function __get(string $name): mixed
    {
        if (isset($this->pending[$name])) {
            if ($name === 'entries') {
                $this->entries = $this->source->entries();
                unset($this->pending['entries']);
            } else {
                // `unsigned` and the names of its fields come together.
                $this->unsigned = $this->source->unsigned();
                $this->unsignedFields = $this->source->unsignedFields();
                unset($this->pending['unsigned'], $this->pending['unsignedFields']);
            }
            if ($this->pending === []) {
                // All read: the handle goes, and the postback equals one built whole.
                $this->source = $this->pending = null;
            }
            return $this->$name;
        }
        throw new \Error('Undefined property: ' . self::class . '::$' . $name);
    }

    /** @internal */
    public function __isset(string $name): bool
    {
        return isset($this->pending[$name]);
    }

    /** @return array<string, mixed> the public properties, as var_dump and print_r show them */
    public function __debugInfo(): array
    {
        return $this->jsonSerialize();
    }

    /** @return array<string, mixed> */
    public function jsonSerialize(): array
    {
        return [
            'kind' => $this->kind,
            'idempotencyKey' => $this->idempotencyKey,
            'signedList' => $this->signedList,
            'entries' => $this->entries,
            'unsigned' => $this->unsigned,
            'unsignedFields' => $this->unsignedFields,
            'acknowledgement' => $this->acknowledgement,
            'signatureForm' => $this->signatureForm,
        ];
    }

    /** @return array<string, mixed> */
    public function __serialize(): array
    {
        return $this->jsonSerialize();
    }

    /** @param array<string, mixed> $data */
    public function __unserialize(array $data): void
    {
        [$this->kind, $this->idempotencyKey, $this->signedList, $this->entries, $this->unsigned, $this->unsignedFields,
            $this->acknowledgement, $this->signatureForm] = [(string) $data['kind'], (string) $data['idempotencyKey'],
            (string) $data['signedList'], (array) $data['entries'], (array) $data['unsigned'], (array) $data['unsignedFields'],
            (string) $data['acknowledgement'], (string) ($data['signatureForm'] ?? 'current')];
    }
}
