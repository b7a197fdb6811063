import { createRouter, createWebHistory } from 'vue-router'
import { session, loadMe, hasPerm, homeRoute, clearSession } from './store.js'
import { onUnauthorized } from './api.js'

const Login = () => import('./views/auth/LoginPage.vue')
const Layout = () => import('./views/layout/MainLayout.vue')
const CustomerList = () => import('./views/customers/CustomerList.vue')
const CustomerForm = () => import('./views/customers/CustomerForm.vue')
const CustomerPage = () => import('./views/customers/CustomerPage.vue')
const ImportPage = () => import('./views/customers/ImportPage.vue')
const AuditLog = () => import('./views/audit/AuditLog.vue')
const Users = () => import('./views/admin/UsersPage.vue')
const Settings = () => import('./views/admin/SettingsPage.vue')
const Backups = () => import('./views/admin/BackupsPage.vue')
const NotFound = () => import('./views/layout/NotFound.vue')

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', redirect: () => homeRoute() },
      { path: 'customers', name: 'customers', component: CustomerList },
      { path: 'customers/new', name: 'customer-new', component: CustomerForm, meta: { perm: 'customer.create' } },
      { path: 'customers/import', name: 'customer-import', component: ImportPage, meta: { perm: 'customer.create' } },
      { path: 'customers/:id(\\d+)', name: 'customer', component: CustomerPage, props: true },
      { path: 'customers/:id(\\d+)/edit', name: 'customer-edit', component: CustomerForm, props: true },
      { path: 'audit', name: 'audit', component: AuditLog, meta: { perm: 'audit.read' } },
      { path: 'admin/users', name: 'users', component: Users, meta: { perm: 'user.manage' } },
      { path: 'admin/settings', name: 'settings', component: Settings, meta: { perm: 'settings.manage' } },
      { path: 'admin/backups', name: 'backups', component: Backups, meta: { perm: 'settings.manage' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: NotFound },
    ],
  },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try { await loadMe() } catch (e) { /* server unreachable: treat as signed out */ }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return homeRoute()
    return true
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.perm && !hasPerm(to.meta.perm)) return homeRoute() === to.path ? '/customers' : homeRoute()
  return true
})

onUnauthorized(() => {
  clearSession()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') router.push({ name: 'login', query: cur.fullPath && cur.fullPath !== '/' ? { redirect: cur.fullPath } : {} })
})
