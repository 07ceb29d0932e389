// Compiled (not run) by types.test.js: the generated index.d.ts must type real usage.
import { Client, ERROR_CODES, pluginUrl, sign, verifyPostback } from '..'
import type { Balance, PaykassmaError, Postback } from '..'

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
  // Typed answers: the declared keys have their types, every other key stays reachable.
  const balances: Balance[] = (await client.accountsBalance()).data.balances
  const firstWallet: string = (await client.paymentSystemsAvailable({ label: 'u' })).params.wallets[0].type
  const minimum: number | string = (await client.depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' })).minimum_deposit
  const hashes: string[] = (await client.hashUrls({ success_urls: [] })).urls.success_url.map((h) => h.url)
  const raw: unknown = created.any_key_the_gateway_adds
  // @ts-expect-error an identifier is a string, not a number: answers are not `any`
  const wrong: number = wallet.params.identifier
  void [balances, firstWallet, minimum, hashes, raw, wrong]
  try {
    await client.accountsBalance()
  } catch (e) {
    const err = e as PaykassmaError
    if (err.code === 'api_error') return `${err.httpStatus} ${err.body} ${err.fieldErrors}`
  }
  return identifier + created.withdrawal_id + ERROR_CODES.join() + signature + fromText + kind + amount + url
}
void flow
