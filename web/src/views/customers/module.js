// Customers: the list, a customer's page, the form, and the import.
import messages from './messages.js'

const CustomerList = () => import('./CustomerList.vue')
const CustomerForm = () => import('./CustomerForm.vue')
const CustomerPage = () => import('./CustomerPage.vue')
const ImportPage = () => import('./ImportPage.vue')

/** Permissions this capability's pages check (any one of a list suffices). */
export const perms = {
  create: 'customer.create',
  grade: 'customer.grade',
  // Setting a customer's secrecy level (up to the user's own clearance).
  classify: 'customer.classify',
  transfer: 'customer.transfer',
  // Merging a duplicate into a customer (R-ARC-8).
  merge: 'customer.merge',
  // The user list (owner filter, owner pick): GET /users answers these.
  listUsers: ['user.manage', 'user.list'],
}

// Seeing any customer at all is the user's customers scope, not a permission.
const see = { scope: 'customers' }

export const name = 'customers'
export const order = 10

export const routes = [
  { path: 'customers', name: 'customers', component: CustomerList, meta: see },
  { path: 'customers/new', name: 'customer-new', component: CustomerForm, meta: { perm: perms.create } },
  { path: 'customers/import', name: 'customer-import', component: ImportPage, meta: { perm: perms.create } },
  // A record's page is open to anyone signed in: the server answers the record (in scope, or
  // through an access grant, which a user who sees no customers may hold too) or not found,
  // where the page offers to request access.
  { path: 'customers/:id(\\d+)', name: 'customer', component: CustomerPage, props: true },
  { path: 'customers/:id(\\d+)/edit', name: 'customer-edit', component: CustomerForm, props: true, meta: see },
]

export const menu = [
  // The landing page of those who see customers and log no interactions (home 20: after "my day").
  { path: '/customers', label: 'customer.nav', icon: 'UserFilled', order: 10, test: 'nav-customers', home: 20 },
  { path: '/customers/import', label: 'imp.nav', icon: 'Upload', order: 20, sub: true, test: 'nav-import' },
]

export { messages }
