<?php
declare(strict_types=1);

namespace Paykassma;

/** Input refused before anything was computed or sent; `getField()` names it. */
class ValidationException extends PaykassmaException
{
}
