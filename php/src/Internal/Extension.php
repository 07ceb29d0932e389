<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\Postback;

/**
 * @internal The backend over the `paykassma` PHP extension (php/ext), used when it is loaded.
 * The extension reports failures as NativeFailure with the library's details; they become the
 * public exceptions here, without the NativeFailure as their cause (its trace holds the call's
 * arguments).
 */
final class Extension
{
    /** @param array<mixed>|string $data */
    public static function sign(array|string $data, #[\SensitiveParameter] string $privateKey): string
    {
        try {
            return is_string($data) ? \paykassma_sign_json($data, $privateKey) : \paykassma_sign($data, $privateKey);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function verifyPostback(string $body, #[\SensitiveParameter] string $privateKey): Postback
    {
        try {
            // The extension's answer is Postback::lazy's arguments, in order.
            return Postback::lazy(...\paykassma_verify_postback($body, $privateKey));
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function hmacSign(string $json, #[\SensitiveParameter] string $key): string
    {
        try {
            return \paykassma_hmac_sign($json, $key);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function hmacVerify(string $json, #[\SensitiveParameter] string $key): void
    {
        try {
            \paykassma_hmac_verify($json, $key);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function signPostback(string $accessKey, #[\SensitiveParameter] string $privateKey, string $signedJson): string
    {
        try {
            return \paykassma_sign_postback($accessKey, $privateKey, $signedJson);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function pluginUrl(string $pluginBaseUrl, string $paramsJson): string
    {
        try {
            return \paykassma_plugin_url($pluginBaseUrl, $paramsJson);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function version(): string
    {
        return \paykassma_version();
    }

    public static function newClient(#[\SensitiveParameter] string $configJson): object
    {
        try {
            return \paykassma_client_new($configJson);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function callClient(object $client, string $operation, string $paramsJson): string
    {
        try {
            return \paykassma_client_call($client, $operation, $paramsJson);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function clientPluginUrl(object $client, string $paramsJson): string
    {
        try {
            return \paykassma_client_plugin_url($client, $paramsJson);
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function clientVerifyPostback(object $client, string $body): Postback
    {
        try {
            return Postback::lazy(...\paykassma_client_verify_postback($client, $body));
        } catch (NativeFailure $e) {
            throw Errors::fromDetails($e->details);
        }
    }

    public static function lastCallAttempts(): string
    {
        return \paykassma_last_call_attempts();
    }
}
