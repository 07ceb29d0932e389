<?php
declare(strict_types=1);

namespace Paykassma\Internal;

use Paykassma\PaykassmaException;
use Paykassma\Postback;

/**
 * @internal The backend over the `paykassma` PHP extension (php/ext), used when it is loaded.
 * The extension reports failures as NativeFailure with the library's details; they become the
 * public exceptions here, without the NativeFailure as their cause (its trace holds the call's
 * arguments).
 */
final class Extension
{
    /**
     * The extension these classes are written for: the SDK's version (Cargo.toml's, which a test
     * checks). An extension of another release answers in shapes these classes do not expect.
     */
    public const VERSION = '0.1.0';

    /**
     * Whether the backend is the extension: it is loaded, and of this release. A loaded extension
     * of another release is refused rather than left for FFI: where the extension is loaded, FFI
     * is usually off (php-fpm), so a fallback would only move the failure somewhere less clear.
     *
     * @throws PaykassmaException the loaded extension is of another release
     */
    public static function loaded(): bool
    {
        if (!\extension_loaded('paykassma')) {
            return false;
        }
        $loaded = \phpversion('paykassma');
        if ($loaded !== self::VERSION) {
            $version = self::VERSION;
            $loaded = $loaded === false ? '(unknown)' : $loaded;
            throw new PaykassmaException("the loaded paykassma extension is version {$loaded}, but these PHP classes "
                . "(paykassma/sdk) are version {$version} and need the extension of the same release: install "
                . "paykassma {$version} (see php/README.md), or stop loading the extension to use FFI");
        }
        return true;
    }

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
