// The package's ES module entry: the CommonJS entry's exports, by name. Node cannot see those names
// in paykassma.js (they are spread at run time), so they are listed here; `make test-dist` checks
// that both entries export the same names.
import { createRequire } from 'node:module'

const sdk = createRequire(import.meta.url)('./paykassma.js')

export const { Client, ERROR_CODES, VERSION, hmacSign, hmacVerify, pluginUrl, sign, verifyPostback } = sdk
export const { PaykassmaError, ValidationError, SignatureError, PostbackError, ApiError } = sdk
export const { UnexpectedResponseError, TransportError, AmbiguousRetryError } = sdk
export default sdk
