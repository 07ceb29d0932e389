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
     * The newer platform's signature (docs.paykassma.io, "Signature"): base64 of HMAC-SHA512 over
     * `";".join(sorted(flatten($data)))`, `general.signature` left out; put it in
     * `general.signature`. `$data` is a PHP array (a float `1.0` signs as `1.0`, an int as an int)
     * or its JSON text, read as Python's `json.loads` reads it.
     *
     * @param array<mixed>|string $data
     * @throws ValidationException bad JSON, not an object, INF/NAN in an array, empty key
     */
    public static function hmacSign(array|string $data, #[\SensitiveParameter] string $key): string
    {
        $json = self::hmacJson($data);
        return Native::callString('pk_hmac_sign', $json, strlen($json), $key, strlen($key));
    }

    /**
     * Checks the `general.signature` of a document signed with the newer platform's formula, in
     * constant time.
     *
     * @param array<mixed>|string $data
     * @throws SignatureException the signature does not match
     * @throws ValidationException bad JSON, no `general.signature`, empty key
     */
    public static function hmacVerify(array|string $data, #[\SensitiveParameter] string $key): void
    {
        $json = self::hmacJson($data);
        if (Native::ffi()->pk_hmac_verify($json, strlen($json), $key, strlen($key)) !== 0) {
            throw Native::lastError();
        }
    }

    /** @param array<mixed>|string $data */
    private static function hmacJson(array|string $data): string
    {
        if (is_string($data)) {
            return $data;
        }
        // PHP cannot tell an empty object from an empty list; a document is an object.
        return $data === [] ? '{}' : Json::encode($data, 'data');
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
