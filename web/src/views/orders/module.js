// Orders 订单 (issue 14 item 4): what a customer bought — the lines (a product of the catalogue or
// a free-text item such as installation, with quantity, unit price and discount), the amount,
// when it was ordered and is due for delivery, the opportunity it closed — placed, changed while
// confirmed, delivered or cancelled with a reason. An order is the customer's purchase for the
// follow-up rules (placing one skips the open non-buyer calls). It is seen by whoever sees its
// customer; the customer page's "orders" tab comes from here too (CustomerOrders).
import orderMessages from './messages.js'

const OrdersPage = () => import('./OrdersPage.vue')
const OrderPage = () => import('./OrderPage.vue')

export const perms = {
  /** The list and one order. */
  read: 'order.read',
  /** Placing, changing, delivering and cancelling orders on the customers one may change. */
  manage: 'order.manage',
  /** The users list (the owner filter): GET /users answers these. */
  listUsers: ['user.manage', 'user.list'],
  /** The opportunities of the order's customer, offered in the order's form. */
  readOpportunities: 'opportunity.read',
}

export const name = 'orders'
// After the products (25), before the audit (30): what selling brings in.
export const order = 26

export const routes = [
  { path: 'orders', name: 'orders', component: OrdersPage, meta: { perm: perms.read } },
  { path: 'orders/:id(\\d+)', name: 'order', component: OrderPage, props: true, meta: { perm: perms.read } },
]

export const menu = [
  { path: '/orders', label: 'orders.nav', icon: 'Tickets', test: 'nav-orders' },
]

export const messages = orderMessages
