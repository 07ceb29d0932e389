<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `paymentSystemsAvailable`: the wallets open to the user, and their deposit limits. */
final class PaymentSystems extends Answer
{
    public readonly string $status;
    /** @var list<string> the wallet types, in the gateway's order */
    public readonly array $walletTypes;
    /** @var array<string, array<string, array{min: int|float|string, max: int|float|string}>> wallet -> currency -> limits */
    public readonly array $limits;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $params = self::arr($raw, 'params');
        $this->walletTypes = array_map(
            static fn (mixed $w) => self::str(is_array($w) ? $w : [], 'type', 'params.wallets[].'),
            array_values(self::arr($params, 'wallets', 'params.')),
        );
        $this->limits = isset($params['limits']) ? self::arr($params, 'limits', 'params.') : [];
    }
}
