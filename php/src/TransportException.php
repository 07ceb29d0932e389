<?php
declare(strict_types=1);

namespace Paykassma;

/** The request got no answer. `kind` is `timeout`, `dns`, `connect`, `tls` or `io`. */
class TransportException extends PaykassmaException
{
    public function __construct(string $message, public readonly string $kind = 'io', ?\Throwable $previous = null)
    {
        parent::__construct($message, 'transport_error', null, $previous);
    }
}
