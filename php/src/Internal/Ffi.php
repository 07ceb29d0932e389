<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\Postback;

/**
 * @internal The backend over PHP's FFI (used when the paykassma extension is not loaded): PHP
 * arrays cross as JSON text (Json), results come back as JSON text. The same methods as Extension.
 */
final class Ffi
{
    /** @param array<mixed>|string $data */
    public static function sign(array|string $data, #[\SensitiveParameter] string $privateKey): string
    {
        $json = is_string($data) ? $data : Json::forSigning($data);
        return Native::callString('pk_sign_json', $json, strlen($json), $privateKey, strlen($privateKey));
    }

    public static function verifyPostback(string $body, #[\SensitiveParameter] string $privateKey): Postback
    {
        $json = Native::callString('pk_postback_verify', $body, strlen($body), $privateKey, strlen($privateKey));
        return Postback::fromJson($json);
    }

    public static function signPostback(string $accessKey, #[\SensitiveParameter] string $privateKey, string $signedJson): string
    {
        return Native::callString('pk_sign_postback', $accessKey, strlen($accessKey), $privateKey, strlen($privateKey),
            $signedJson, strlen($signedJson));
    }

    public static function hmacSign(string $json, #[\SensitiveParameter] string $key): string
    {
        return Native::callString('pk_hmac_sign', $json, strlen($json), $key, strlen($key));
    }

    public static function hmacVerify(string $json, #[\SensitiveParameter] string $key): void
    {
        if (Native::ffi()->pk_hmac_verify($json, strlen($json), $key, strlen($key)) !== 0) {
            throw Native::lastError();
        }
    }

    public static function pluginUrl(string $pluginBaseUrl, string $paramsJson): string
    {
        return Native::callString('pk_plugin_url', $pluginBaseUrl, strlen($pluginBaseUrl), $paramsJson, strlen($paramsJson));
    }

    public static function version(): string
    {
        $ffi = Native::ffi();
        $out = $ffi->new('const char*');
        if ($ffi->pk_version(\FFI::addr($out)) !== 0) {
            throw Native::lastError();
        }
        return \FFI::string($out);
    }

    public static function newClient(#[\SensitiveParameter] string $configJson): \FFI\CData
    {
        $ffi = Native::ffi();
        $handle = $ffi->new('pk_client*');
        if ($ffi->pk_client_new($configJson, strlen($configJson), \FFI::addr($handle)) !== 0) {
            throw Native::lastError();
        }
        return $handle;
    }

    public static function callClient(\FFI\CData $client, string $operation, string $paramsJson): string
    {
        return Native::callString('pk_client_call', $client, $operation, strlen($operation), $paramsJson, strlen($paramsJson));
    }

    public static function clientPluginUrl(\FFI\CData $client, string $paramsJson): string
    {
        return Native::callString('pk_client_plugin_url', $client, $paramsJson, strlen($paramsJson));
    }

    public static function clientVerifyPostback(\FFI\CData $client, string $body): Postback
    {
        return Postback::fromJson(Native::callString('pk_client_verify_postback', $client, $body, strlen($body)));
    }

    public static function freeClient(\FFI\CData $client): void
    {
        Native::ffi()->pk_client_free($client);
    }

    /** The attempts of this thread's last client call, as the library's JSON records. */
    public static function lastCallAttempts(): string
    {
        return Native::callString('pk_last_call_attempts');
    }
}
