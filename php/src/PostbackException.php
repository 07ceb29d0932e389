<?php
declare(strict_types=1);

namespace Paykassma;

/** A postback body that cannot be checked at all (not JSON, no signature, nothing signed ...). */
class PostbackException extends PaykassmaException
{
}
