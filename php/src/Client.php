<?php
declare(strict_types=1);

namespace Paykassma;

use Paykassma\Internal\AttemptLog;
use Paykassma\Internal\Extension;
use Paykassma\Internal\Ffi;
use Paykassma\Internal\Json;

/**
 * The gateway API client: one method per endpoint, PHP arrays in and out. Requests are built,
 * validated, signed and sent by libpaykassma; failures throw ValidationException,
 * ApiException, UnexpectedResponseException or TransportException (all PaykassmaException).
 *
 *     $client = new Client([
 *         'api_base_url' => 'https://api.example.com', 'secret' => getenv('PAYKASSMA_SECRET'),
 *         'withdrawal_private_key' => getenv('PAYKASSMA_WITHDRAWAL_KEY'),
 *     ]);
 *     $wallet = $client->createTransaction(['wallet_type' => 'easypaisa', 'currency' => 'PKR', 'label' => 'user-42']);
 */
final class Client
{
    /** The PSR-3 logger given as `logger`, if any (see Internal\AttemptLog). */
    private ?object $logger = null;
    /**
     * The library's client: an `\FFI\CData` (FFI backend) or a NativeClient (the extension). It
     * holds the settings, keys included, where print_r, var_dump and var_export never show them.
     */
    private object $handle;

    /**
     * @param array<string, mixed> $config `api_base_url`, `secret` (required), `plugin_base_url`,
     *   `withdrawal_private_key`, `postback_private_key`, `connect_timeout_ms`, `read_timeout_ms`,
     *   `max_retries`, `proxy` (`http://user:password@host:port`: wins over HTTP_PROXY, HTTPS_PROXY
     *   and NO_PROXY, which decide without it), `logger` (a PSR-3 logger: one debug line per
     *   request attempt, never a secret)
     * @throws ValidationException naming the bad setting
     */
    public function __construct(#[\SensitiveParameter] array $config)
    {
        if (array_key_exists('logger', $config)) {
            $this->logger = $config['logger'] === null ? null : AttemptLog::check($config['logger']);
            unset($config['logger']);
        }
        $config += ['binding' => 'php'];
        $json = Json::encode($config, 'config');
        $this->handle = Sdk::backend() === 'extension' ? Extension::newClient($json) : Ffi::newClient($json);
    }

    public function __destruct()
    {
        // The extension's handle frees itself with its object.
        if (isset($this->handle) && $this->handle instanceof \FFI\CData) {
            Ffi::freeClient($this->handle);
        }
    }

    /** One handle, one owner: a copy would free it twice. */
    private function __clone()
    {
    }

    /** @return never */
    public function __serialize(): array
    {
        throw new PaykassmaException('a Paykassma\Client cannot be serialized');
    }

    /**
     * Runs any operation by its core name (`create_withdrawal` ...) with array parameters.
     *
     * @param array<string, mixed> $params
     * @return array<mixed>
     */
    public function call(string $operation, array $params = []): array
    {
        $json = Json::encode($params, 'params');
        $ffi = $this->handle instanceof \FFI\CData;
        try {
            $answer = $ffi ? Ffi::callClient($this->handle, $operation, $json) : Extension::callClient($this->handle, $operation, $json);
        } finally {
            if ($this->logger !== null) {
                AttemptLog::forward($this->logger, $ffi);
            }
        }
        return json_decode($answer, true, 512, JSON_THROW_ON_ERROR);
    }

    /** @param array<string, mixed> $params `currency_codes`, `label` */
    public function paymentSystemsAvailable(array $params): array
    {
        return $this->call('payment_systems_available', $params);
    }

    /** @param array<string, mixed> $params `label`, `transaction_custom_id` */
    public function saveTransactionCustomId(array $params): array
    {
        return $this->call('save_transaction_custom_id', $params);
    }

    public function mediaHints(): array
    {
        return $this->call('media_hints');
    }

    /** @param array<string, mixed> $params `wallet_type`, `currency`, `label` */
    public function createTransaction(array $params): array
    {
        return $this->call('create_transaction', $params);
    }

    /** @param array<string, mixed> $params `wallet_type`, `currency_code`, `label`, `key1`, `custom_transaction_id`, `amount` */
    public function activateTransaction(array $params): array
    {
        return $this->call('activate_transaction', $params);
    }

    public function activatePossibleTransaction(array $params): array
    {
        return $this->call('activate_possible_transaction', $params);
    }

    public function createPayment(array $params): array
    {
        return $this->call('create_payment', $params);
    }

    public function depositInfo(array $params): array
    {
        return $this->call('deposit_info', $params);
    }

    public function hashUrls(array $params): array
    {
        return $this->call('hash_urls', $params);
    }

    /**
     * Creates a withdrawal, signed with `withdrawal_private_key`. A `withdrawal_id` is generated
     * when none is given and returned in the answer, so a retried call is the same withdrawal.
     */
    public function createWithdrawal(array $params): array
    {
        return $this->call('create_withdrawal', $params);
    }

    public function createLegacyWithdrawal(array $params): array
    {
        return $this->call('create_legacy_withdrawal', $params);
    }

    public function getPostback(array $params): array
    {
        return $this->call('get_postback', $params);
    }

    public function pullPostbacks(array $params): array
    {
        return $this->call('pull_postbacks', $params);
    }

    public function accountsBalance(array $params = []): array
    {
        return $this->call('accounts_balance', $params);
    }

    /**
     * The payment window URL, with the configured `plugin_base_url`.
     *
     * @throws ValidationException naming the parameter, or `plugin_base_url` when not configured
     */
    public function pluginUrl(array $params): string
    {
        $json = Json::encode($params, 'params');
        return $this->handle instanceof \FFI\CData
            ? Ffi::clientPluginUrl($this->handle, $json) : Extension::clientPluginUrl($this->handle, $json);
    }

    /**
     * Verifies a postback body with the configured `postback_private_key`.
     *
     * @throws ValidationException (field `postback_private_key`) when not configured
     */
    public function verifyPostback(string $body): Postback
    {
        return $this->handle instanceof \FFI\CData
            ? Ffi::clientVerifyPostback($this->handle, $body) : Extension::clientVerifyPostback($this->handle, $body);
    }
}
