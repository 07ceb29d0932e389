<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * A postback whose signature checked out. `entries` is the signed data: credit and update from it.
 * `unsigned` holds envelope fields outside the signature (`amount`, `label`, `converted_amount`
 * ...): show them, never trust them. Store `idempotencyKey` with a unique constraint and process
 * each key once; answer every postback, repeats included, with `acknowledgement` and HTTP 200.
 */
final class Postback
{
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

    /** @internal Built from the JSON the C ABI returns. */
    public static function fromJson(string $json): self
    {
        $p = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
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

    public function isDeposit(): bool
    {
        return $this->kind === 'deposit';
    }

    public function isWithdrawal(): bool
    {
        return $this->kind === 'withdrawal';
    }
}
