<?php
declare(strict_types=1);

namespace Paykassma;

use Paykassma\Internal\Json;
use Paykassma\Internal\Native;

/**
 * Signatures, postback verification and payment window links, computed by libpaykassma (the same
 * code the Python, Node and C users run).
 */
final class Sdk
{
    /**
     * The request signature of withdrawals: `sha1($privateKey . md5(multiImplode(':', ksort($data))))`.
     * `$data` is a PHP array or its JSON text; a top-level `signature` key is left out. INF, -INF
     * and NAN sign as PHP signs them; objects sign as their JSON form (JsonSerializable, backed
     * enums, stdClass) or their `__toString`.
     *
     * @param array<mixed>|string $data
     * @throws ValidationException bad JSON, other objects (a Closure ...), invalid UTF-8, empty key
     */
    public static function sign(array|string $data, #[\SensitiveParameter] string $privateKey): string
    {
        $json = is_string($data) ? $data : Json::forSigning($data);
        return Native::callString('pk_sign_json', $json, strlen($json), $privateKey, strlen($privateKey));
    }

    /**
     * Verifies a postback from its raw body (`file_get_contents('php://input')`, never a decoded
     * array) with the postback private key.
     *
     * @throws SignatureException the signature does not match
     * @throws PostbackException the body cannot be checked
     * @throws ValidationException empty key
     */
    public static function verifyPostback(string $body, #[\SensitiveParameter] string $privateKey): Postback
    {
        $json = Native::callString('pk_postback_verify', $body, strlen($body), $privateKey, strlen($privateKey));
        return Postback::fromJson($json);
    }

    /**
     * The payment window URL. `$params`: `label` (required), `currency_code`, `lang`,
     * `wallet_type`, `custom_transaction_id`, `fixed_amount`, `payment_url_success_id`,
     * `payment_url_pending_id`, `payment_url_fail_id`, `success_url`, `fail_url`, `pending_url`.
     *
     * @param array<string, mixed> $params
     * @throws ValidationException
     */
    public static function pluginUrl(array $params, string $pluginBaseUrl): string
    {
        $json = Json::encode($params, 'params');
        return Native::callString('pk_plugin_url', $pluginBaseUrl, strlen($pluginBaseUrl), $json, strlen($json));
    }

    /** The libpaykassma version. */
    public static function version(): string
    {
        $ffi = Native::ffi();
        $out = $ffi->new('const char*');
        if ($ffi->pk_version(\FFI::addr($out)) !== 0) {
            throw Native::lastError();
        }
        return \FFI::string($out);
    }
}
