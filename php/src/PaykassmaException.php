<?php
declare(strict_types=1);

namespace Paykassma;

/**
 * Base of every exception the SDK throws. `getErrorCode()` is the stable code shared with the C,
 * Python and Node bindings (`validation_error`, `signature_mismatch`, ...); `getField()` names the
 * input at fault when there is one; `getWithdrawalId()` is the id a withdrawal request carried, on
 * every error it met after it was sent (look it up or resend with it, never a new one).
 */
class PaykassmaException extends \RuntimeException
{
    private ?string $withdrawalId = null;

    public function __construct(
        string $message,
        private readonly string $errorCode = 'internal',
        private readonly ?string $field = null,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, 0, $previous);
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    public function getField(): ?string
    {
        return $this->field;
    }

    public function getWithdrawalId(): ?string
    {
        return $this->withdrawalId;
    }

    /** @internal the SDK records the id it sent; the value never changes afterwards. */
    public function withWithdrawalId(?string $withdrawalId): static
    {
        $this->withdrawalId ??= $withdrawalId;
        return $this;
    }
}
