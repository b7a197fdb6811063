// New-customer development 客户开发 (R-DEV-1, R-DEV-2): a candidate trading partner taken stage
// by stage — general investigation, on-site investigation, the admission application approved
// through the approvals engine, the contracts signed — until it is admitted as a customer; the
// selection criteria scored with their weights, which the managers set.
import developMessages from './messages.js'

const CandidatesPage = () => import('./CandidatesPage.vue')
const CandidatePage = () => import('./CandidatePage.vue')
const CriteriaPage = () => import('./CriteriaPage.vue')

export const perms = {
  /** The list, one candidate, and working on one's own (or the department's) candidates. */
  manage: 'candidate.manage',
  /** The weights of the selection criteria. */
  criteria: 'candidate.criteria',
}

export const name = 'develop'
// After the communication plans (22), before the opportunities (24): finding customers comes first.
export const order = 23

export const routes = [
  { path: 'candidates', name: 'candidates', component: CandidatesPage, meta: { perm: perms.manage } },
  { path: 'candidates/criteria', name: 'candidate-criteria', component: CriteriaPage, meta: { perm: perms.criteria } },
  { path: 'candidates/:id(\\d+)', name: 'candidate', component: CandidatePage, props: true, meta: { perm: perms.manage } },
]

export const menu = [
  { path: '/candidates', label: 'develop.nav', icon: 'Flag', test: 'nav-candidates' },
]

export const messages = developMessages
