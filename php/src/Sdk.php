<?php
declare(strict_types=1);

namespace Paykassma;

use Paykassma\Internal\Extension;
use Paykassma\Internal\Ffi;
use Paykassma\Internal\Json;

/**
 * Signatures, postback verification and payment window links, computed by libpaykassma (the same
 * code the Python, Node and C users run): through the `paykassma` extension when it is loaded,
 * through PHP's FFI otherwise. Both give the same results and throw the same exceptions. A loaded
 * extension of another release than these classes is refused: every call throws a
 * PaykassmaException naming both versions.
 */
final class Sdk
{
    private static ?bool $extension = null;

    /**
     * `extension` (the paykassma extension is loaded) or `ffi`.
     *
     * @throws PaykassmaException the loaded extension is of another release than these classes
     */
    public static function backend(): string
    {
        return (self::$extension ??= Extension::loaded()) ? 'extension' : 'ffi';
    }

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
        return (self::$extension ??= Extension::loaded())
            ? Extension::sign($data, $privateKey) : Ffi::sign($data, $privateKey);
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
        return (self::$extension ??= Extension::loaded())
            ? Extension::verifyPostback($body, $privateKey) : Ffi::verifyPostback($body, $privateKey);
    }

    /**
     * The gateway's side of the postback signature, for your own tests: the `signature` of a
     * postback whose signed list (`additional_data`) is `$signed`, as the gateway computes it:
     * `sha1($accessKey . $privateKey . md5(json_encode($signed, UNESCAPED_SLASHES|UNESCAPED_UNICODE)))`.
     * `$signed` is the list as a PHP array or as its JSON text.
     *
     *     $body = json_encode(['access_key' => 'AK', 'additional_data' => $entries,
     *         'signature' => Sdk::signPostback('AK', $postbackKey, $entries)]);
     *
     * @param array<mixed>|string $signed
     * @throws ValidationException bad JSON, INF or NAN (json_encode refuses them), empty key
     */
    public static function signPostback(string $accessKey, #[\SensitiveParameter] string $privateKey, array|string $signed): string
    {
        $json = is_string($signed) ? $signed : Json::encode($signed, 'signed');
        return (self::$extension ??= Extension::loaded())
            ? Extension::signPostback($accessKey, $privateKey, $json) : Ffi::signPostback($accessKey, $privateKey, $json);
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
        return (self::$extension ??= Extension::loaded())
            ? Extension::hmacSign($json, $key) : Ffi::hmacSign($json, $key);
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
        (self::$extension ??= Extension::loaded())
            ? Extension::hmacVerify($json, $key) : Ffi::hmacVerify($json, $key);
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
        return (self::$extension ??= Extension::loaded())
            ? Extension::pluginUrl($pluginBaseUrl, $json) : Ffi::pluginUrl($pluginBaseUrl, $json);
    }

    /** The libpaykassma version. */
    public static function version(): string
    {
        return (self::$extension ??= Extension::loaded()) ? Extension::version() : Ffi::version();
    }
}
