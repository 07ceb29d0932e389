<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `pullPostbacks`: the postbacks of many deposits or withdrawals, for reconciliation. */
final class PulledPostbacks extends Answer
{
    public readonly string $status;
    /** @var list<array<string, mixed>> `{plugin_custom_order_id | withdrawal_id, postback}` each */
    public readonly array $items;
    public readonly ?int $total;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $data = self::arr($raw, 'data');
        $this->items = array_values(array_merge(
            isset($data['deposits']) ? self::arr($data, 'deposits', 'data.') : [],
            isset($data['withdrawals']) ? self::arr($data, 'withdrawals', 'data.') : [],
        ));
        $paginate = $raw['paginate'] ?? null;
        $this->total = is_array($paginate) && isset($paginate['total']) ? self::int($paginate, 'total', 'paginate.') : null;
    }
}
