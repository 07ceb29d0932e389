<?php
declare(strict_types=1);

namespace Paykassma\Answer;

/** `mediaHints`: a guide picture or video per payment system. */
final class MediaHints extends Answer
{
    public readonly string $status;
    /** @var array<string, string> wallet type -> the hint's URL */
    public readonly array $urls;

    protected function read(array $raw): void
    {
        $this->status = self::str($raw, 'status');
        $urls = [];
        foreach (self::arr($raw, 'data') as $wallet => $hint) {
            $urls[(string) $wallet] = self::str(is_array($hint) ? $hint : [], 'url', "data.{$wallet}.");
        }
        $this->urls = $urls;
    }
}
