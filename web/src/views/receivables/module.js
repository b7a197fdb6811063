// Receivables 回款 (R-DEV-5, issue 14 item 4): every order's payment plan 回款计划 (installments
// with due days and amounts), the payments 回款 received — matched to the installments earliest
// due first, an overpayment refused — the overdue list and the accountant's overview with the
// aging of what is overdue; and the invoices 发票 issued against an order to one of its
// customer's invoice titles 发票抬头. The order page's panel (OrderReceivable) and the customer
// page's invoice titles tab (InvoiceTitles) come from here too. Overdue alerts in the inbox link
// to /receivables?order_id=N: the list then shows that order's installments.
import receivableMessages from './messages.js'

const ReceivablesPage = () => import('./ReceivablesPage.vue')

export const perms = {
  /** Plans, payments, invoices and the receivables lists. */
  read: 'receivable.read',
  /** Replacing an order's payment plan. */
  plan: 'receivable.plan',
  /** Recording payments and issuing invoices (the accountant); also keeps invoice titles. */
  record: 'payment.record',
  /** Keeping a customer's invoice titles, on the customers one may change. */
  manageOrders: 'order.manage',
  /** The users list (the owner filter): GET /users answers these. */
  listUsers: ['user.manage', 'user.list'],
}

export const name = 'receivables'
// Right after the orders (26), before the audit (30): the money an order brings in.
export const order = 27

export const routes = [
  { path: 'receivables', name: 'receivables', component: ReceivablesPage, meta: { perm: perms.read } },
]

export const menu = [
  // The accountant, who sees no customers, lands on the overview.
  { path: '/receivables', label: 'receivables.nav', icon: 'Money', test: 'nav-receivables', home: 30 },
]

export const messages = receivableMessages
