// Opportunities 商机 and the sales funnel 销售漏斗 (R-DEV-3): a possible sale to a customer (title,
// amount, stage with its probability, expected close, competitor, next step, product lines) moved
// through the stages on a board until it is won or lost; the list, one opportunity's page with its
// stage history and files, the funnel and the forecast of weighted amounts, and the stages'
// configuration. An opportunity is seen by whoever sees its customer; the customer page's
// "opportunities" tab comes from here too (CustomerOpportunities).
import opportunityMessages from './messages.js'

const BoardPage = () => import('./BoardPage.vue')
const ListPage = () => import('./ListPage.vue')
const FunnelPage = () => import('./FunnelPage.vue')
const OpportunityPage = () => import('./OpportunityPage.vue')
const StagesPage = () => import('./StagesPage.vue')

export const perms = {
  /** The board, the list, the funnel, the forecast and one opportunity. */
  read: 'opportunity.read',
  /** Adding, changing, moving and closing opportunities on the customers one may change. */
  manage: 'opportunity.manage',
  /** The stage list. */
  configure: 'opportunity.configure',
  /** The users list (the owner filter): GET /users answers these. */
  listUsers: ['user.manage', 'user.list'],
}

export const name = 'opportunities'
// After the communication plans (22), before the products (25): selling's pipeline.
export const order = 24

export const routes = [
  { path: 'opportunities', name: 'opportunities', component: BoardPage, meta: { perm: perms.read } },
  { path: 'opportunities/list', name: 'opportunity-list', component: ListPage, meta: { perm: perms.read } },
  { path: 'opportunities/funnel', name: 'opportunity-funnel', component: FunnelPage, meta: { perm: perms.read } },
  { path: 'opportunities/stages', name: 'opportunity-stages', component: StagesPage, meta: { perm: perms.configure } },
  { path: 'opportunities/:id(\\d+)', name: 'opportunity', component: OpportunityPage, props: true, meta: { perm: perms.read } },
]

export const menu = [
  { path: '/opportunities', label: 'opportunities.nav', icon: 'Opportunity', test: 'nav-opportunities' },
  { path: '/opportunities/list', label: 'opportunities.listNav', icon: 'List', sub: true, test: 'nav-opportunity-list' },
  { path: '/opportunities/funnel', label: 'opportunities.funnelNav', icon: 'TrendCharts', sub: true, test: 'nav-opportunity-funnel' },
  { path: '/opportunities/stages', label: 'opportunities.stagesNav', icon: 'Setting', sub: true, test: 'nav-opportunity-stages' },
]

export const messages = opportunityMessages
