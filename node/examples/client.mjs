// The same as an ES module, with top-level await.
import { Client } from 'paykassma'

const client = new Client({
  apiBaseUrl: process.env.PAYKASSMA_API_BASE_URL ?? 'http://127.0.0.1:8080',
  secret: process.env.PAYKASSMA_SECRET ?? 'sandbox-secret',
  withdrawalPrivateKey: process.env.PAYKASSMA_WITHDRAWAL_KEY ?? 'sandbox-withdrawal-private-key',
})

const wallet = await client.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'user-42' })
console.log('pay to', wallet.params.identifier)
const created = await client.createWithdrawal({
  payment_system: 'easypaisa', amount: 10000, currency_code: 'PKR', label: 'user-42',
  account_number: '03405135211', account_name: 'Muhammad Saqib Mushtaq',
})
console.log('withdrawal', created.withdrawal_id)
