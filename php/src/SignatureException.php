<?php
declare(strict_types=1);

namespace Paykassma;

/** A well-formed postback whose signature does not match: not from the gateway, or tampered. */
class SignatureException extends PaykassmaException
{
}
