// Complaints 投诉 (R-CMP-1, R-CMP-2, the part the follow-up rules need, R-INT-4): a customer's
// complaint — how it came in, whether in writing (书面投诉), its category and severity, what it
// says, when — and, once dealt with, its resolution. A written complaint brings the owner a task to
// call at once, a resolved one a callback task (the follow-up rules' complaint triggers). Holders
// of complaint.record record and resolve them; anyone who sees a customer sees its complaints on
// the customer page's "complaints" tab (ComplaintsPanel). The list of every complaint one sees is
// this module's route.
import complaintMessages from './messages.js'

const ComplaintsPage = () => import('./ComplaintsPage.vue')

export const perms = {
  /** Recording and resolving complaints on the customers one works on; the complaints page. */
  record: 'complaint.record',
}

export const name = 'complaints'
// Right after the follow-up work (20), before the communication plans (22): a complaint's calls are tasks.
export const order = 21

export const routes = [
  { path: 'complaints', name: 'complaints', component: ComplaintsPage, meta: { perm: perms.record } },
]

export const menu = [
  { path: '/complaints', label: 'complaints.nav', icon: 'ChatLineSquare', test: 'nav-complaints' },
]

export const messages = complaintMessages
