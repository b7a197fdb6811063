// Administration: users and organisation, settings, backups, notification channels.
import messages from './messages.js'

const Users = () => import('./UsersPage.vue')
const Settings = () => import('./SettingsPage.vue')
const Backups = () => import('./BackupsPage.vue')
const Notify = () => import('./NotifyPage.vue')

export const name = 'admin'
export const order = 50

export const routes = [
  { path: 'admin/users', name: 'users', component: Users, meta: { perm: 'user.manage' } },
  { path: 'admin/settings', name: 'settings', component: Settings, meta: { perm: 'settings.manage' } },
  { path: 'admin/backups', name: 'backups', component: Backups, meta: { perm: 'settings.manage' } },
  { path: 'admin/notify', name: 'notify', component: Notify, meta: { perm: 'notify.manage' } },
]

export const menu = [
  { path: '/admin/users', label: 'users.nav', icon: 'Avatar', order: 10, test: 'nav-users' },
  { path: '/admin/settings', label: 'settings.nav', icon: 'Setting', order: 20, test: 'nav-settings' },
  { path: '/admin/backups', label: 'backup.nav', icon: 'FolderChecked', order: 30, test: 'nav-backups' },
  { path: '/admin/notify', label: 'notify.nav', icon: 'Promotion', order: 40, test: 'nav-notify' },
]

export { messages }
