// The client against the local sandbox (`paykassma sandbox --port 8080`); set PAYKASSMA_API_BASE_URL
// and the keys for the real gateway.
const { Client } = require('paykassma')

const client = new Client({
  apiBaseUrl: process.env.PAYKASSMA_API_BASE_URL ?? 'http://127.0.0.1:8080',
  secret: process.env.PAYKASSMA_SECRET ?? 'sandbox-secret',
  withdrawalPrivateKey: process.env.PAYKASSMA_WITHDRAWAL_KEY ?? 'sandbox-withdrawal-private-key',
  connectTimeoutMs: 5000, readTimeoutMs: 30000, maxRetries: 2,
})

async function main() {
  const wallet = await client.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'user-42' })
  console.log('pay to', wallet.params.identifier)
  const created = await client.createWithdrawal({
    payment_system: 'easypaisa', amount: 10000, currency_code: 'PKR', label: 'user-42',
    account_number: '03405135211', account_name: 'Muhammad Saqib Mushtaq',
  })
  console.log('withdrawal', created.withdrawal_id) // generated before the first attempt: a retry is the same withdrawal
}

main().catch((e) => {
  console.error(`${e.code}: ${e.message}`)
  process.exitCode = 1
})
