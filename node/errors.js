'use strict'
// The SDK's error classes: one per kind of failure, with the same names and fields as in Python
// and PHP (tests/README.md). The addon creates instances of these (they are registered with it
// when the package loads) and sets their fields from the core's error, in camelCase.

const { deprecate } = require('node:util')

/** Base of every SDK error; `code` is one of `ERROR_CODES`. */
class PaykassmaError extends Error {
  static [Symbol.hasInstance](value) {
    // Arguments of the wrong type throw a TypeError or RangeError with code `validation_error`:
    // those are SDK errors too.
    return Function.prototype[Symbol.hasInstance].call(this, value) || (this === PaykassmaError && isArgumentError(value))
  }
}

/** Input refused before anything was computed or sent: `field` names it, `reason` says why. */
class ValidationError extends PaykassmaError {
  static [Symbol.hasInstance](value) {
    return Function.prototype[Symbol.hasInstance].call(this, value) || (this === ValidationError && isArgumentError(value))
  }
}

/** A well-formed postback whose signature does not match: answer it with HTTP 400. */
class SignatureError extends PaykassmaError {}

/** A postback body that cannot be checked at all; `reason` names the problem. */
class PostbackError extends PaykassmaError {}

/** The gateway refused: `status`, `httpStatus`, `gatewayCode`, `gatewayMessage`, `fieldErrors`, `body`. */
class ApiError extends PaykassmaError {}

/** The gateway answered outside its documented shapes: `httpStatus`, `reason`, `body`. An `ApiError`. */
class UnexpectedResponseError extends ApiError {}

/** The request got no answer: `kind` is `timeout`, `dns`, `connect`, `tls` or `io`. */
class TransportError extends PaykassmaError {}

/** A retried request was refused on its id (`idField`, `id`) and the lookup was not conclusive. */
class AmbiguousRetryError extends PaykassmaError {}

function isArgumentError(value) {
  return (value instanceof TypeError || value instanceof RangeError) && value.code === 'validation_error'
}

const BY_CODE = {
  validation_error: ValidationError,
  signature_mismatch: SignatureError,
  malformed_postback: PostbackError,
  api_error: ApiError,
  unexpected_response: UnexpectedResponseError,
  transport_error: TransportError,
  ambiguous_retry: AmbiguousRetryError,
}

for (const cls of [PaykassmaError, ...Object.values(BY_CODE)]) {
  Object.defineProperty(cls.prototype, 'name', { value: cls.name, writable: true, configurable: true })
}

// `transportKind` was the name of `kind` before the bindings agreed on one; kept for one release.
Object.defineProperty(TransportError.prototype, 'transportKind', {
  get: deprecate(function () {
    return this.kind
  }, 'paykassma: TransportError.transportKind is deprecated, use .kind', 'PAYKASSMA_TRANSPORT_KIND'),
  configurable: true,
})

module.exports = {
  BY_CODE,
  PaykassmaError,
  ValidationError,
  SignatureError,
  PostbackError,
  ApiError,
  UnexpectedResponseError,
  TransportError,
  AmbiguousRetryError,
}
