// Compiled (not run) by types.test.js: the generated index.d.ts must type real usage.
import { Client, ERROR_CODES, pluginUrl, sign, verifyPostback } from '..'
import type { PaykassmaError, Postback } from '..'

const signature: string = sign({ amount: 1000, is_test: true, nested: [1, 'a', null, 2n] }, 'key')
const fromText: string = sign('{"amount":1000}', 'key')
const postback: Postback = verifyPostback(Buffer.from('{}'), 'key')
const kind: 'deposit' | 'withdrawal' = postback.kind
const amount: string | null = postback.entries[0].amount
const url: string = pluginUrl({ plugin_base_url: 'https://plugin.example.com', label: 'u' })

async function flow(): Promise<string> {
  const client = new Client({ apiBaseUrl: 'http://127.0.0.1:1', secret: 's', readTimeoutMs: 1000 })
  const wallet = await client.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' })
  const identifier: string = wallet.params.identifier
  const created = await client.createWithdrawal({ payment_system: 'easypaisa', amount: '1000.50', currency_code: 'PKR', label: 'u' })
  try {
    await client.accountsBalance()
  } catch (e) {
    const err = e as PaykassmaError
    if (err.code === 'api_error') return `${err.httpStatus} ${err.body} ${err.fieldErrors}`
  }
  return identifier + created.withdrawal_id + ERROR_CODES.join() + signature + fromText + kind + amount + url
}
void flow
