<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `hashUrls`: the hashes to pass to `pluginUrl` (`success_url`, `fail_url`, `pending_url`). */
final class HashedUrls extends Answer
{
    public readonly string $status;
    /** @var array<string, list<string>> list name -> hashes, in `order` */
    public readonly array $hashes;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $hashes = [];
        foreach (self::arr($raw, 'urls') as $name => $list) {
            $hashes[(string) $name] = array_map(
                static fn (mixed $h) => self::str(is_array($h) ? $h : [], 'url', "urls.{$name}[]."),
                array_values(is_array($list) ? $list : []),
            );
        }
        $this->hashes = $hashes;
    }
}
