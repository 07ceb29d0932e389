<?php
declare(strict_types=1);

namespace Paykassma\Internal;

/**
 * @internal A value `Json::forSigning` refuses. It names the value's path as it unwinds, one
 * level at a time, so that the walk builds no path while nothing is wrong.
 */
final class Unsignable extends \Exception
{
    /** @var list<array{bool, int|string}> from the value up: [in a list?, key] */
    private array $levels = [];

    /** The value was under `$key` of an array (a list when `$list`). */
    public function within(bool $list, int|string $key): self
    {
        $this->levels[] = [$list, $key];
        return $this;
    }

    /** `a.b`, `items[0]`, `data[1]` for an item of a top-level list, `data` for the data itself. */
    public function path(): string
    {
        $path = '';
        foreach (array_reverse($this->levels) as [$list, $key]) {
            $path = match (true) {
                $list => ($path === '' ? 'data' : $path) . "[{$key}]",
                $path === '' => (string) $key,
                default => "{$path}.{$key}",
            };
        }
        return $path === '' ? 'data' : $path;
    }
}
