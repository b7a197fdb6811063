// Contracts 合同 (R-DEV-4): a contract with a customer — supply, quality assurance or repair
// service — with its amount, period, parties and signed copies; a draft is submitted (approved
// first when the amount reaches the threshold), active until it ends or is terminated, renewed as
// a new draft for the next period. It is seen by whoever sees its customer; the customer page's
// "contracts" tab comes from here too (CustomerContracts).
import contractMessages from './messages.js'

const ContractsPage = () => import('./ContractsPage.vue')
const ContractPage = () => import('./ContractPage.vue')

export const perms = {
  /** The list and one contract. */
  read: 'contract.read',
  /** Creating, changing, submitting, terminating and renewing contracts on the customers one may change. */
  manage: 'contract.manage',
  /** The customer's orders offered in the contract's form. */
  readOrders: 'order.read',
}

export const name = 'contracts'
// After the orders (26), before the audit (30): what selling brings in.
export const order = 28

export const routes = [
  { path: 'contracts', name: 'contracts', component: ContractsPage, meta: { perm: perms.read } },
  { path: 'contracts/:id(\\d+)', name: 'contract', component: ContractPage, props: true, meta: { perm: perms.read } },
]

export const menu = [
  { path: '/contracts', label: 'contracts.nav', icon: 'Document', test: 'nav-contracts' },
]

export const messages = contractMessages
