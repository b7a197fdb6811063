// Sharing between branches 分公司共享 (R-OWN-6): the general manager lets the managers of one
// branch read the customers of another (of one grade, or every grade), and revokes it. What a
// rule shares shows in those managers' lists and pages marked "shared", read-only.
const SharesPage = () => import('./SharesPage.vue')

export const perms = {
  /** Setting and revoking the rules (the general manager). */
  share: 'customer.share',
}

export const name = 'shares'
// After the pool and the distribution (15): who sees whose customers.
export const order = 16

export const routes = [
  { path: 'branch-shares', name: 'branch-shares', component: SharesPage, meta: { perm: perms.share } },
]

export const menu = [
  { path: '/branch-shares', label: 'shares.nav', icon: 'Connection', test: 'nav-branch-shares' },
]

export const messages = {
  'zh-CN': {
    shares: {
      nav: '分公司共享', title: '分公司共享',
      intro: '共享规则让一个分公司的经理查看另一个分公司的客户（某一等级或全部等级）。共享的客户在对方经理的客户列表和客户页中标为“共享”，只能查看，不能修改、记录跟进或导出；业务员仍只看到自己的客户。撤销后立即不可见。每条规则的设定和撤销都记入审计日志。',
      from: '共享客户的分公司', to: '获得查看权的分公司', grade: '客户等级', anyGrade: '全部等级', note: '说明', noteHint: '如：华东大客户联合服务',
      add: '添加共享规则', created: '已添加共享规则', revoke: '撤销', revokeConfirm: '撤销后，{to} 的经理将立即看不到 {from} 的这些客户。确定撤销吗？', revoked: '已撤销',
      showRevoked: '显示已撤销的规则', empty: '还没有共享规则：各分公司只看到自己的客户', loadFailed: '无法读取共享规则：{msg}',
      col: { from: '共享方', to: '查看方', grade: '等级', note: '说明', by: '设定人', at: '设定时间', state: '状态' },
      inForce: '生效中', revokedAt: '已于 {at} 撤销',
      err: { required: '必选', same: '不能共享给同一个分公司', tooLong: '不能超过 {n} 个字' },
      badge: '共享', badgeHint: '其他分公司共享给您查看的客户：只能查看，不能修改',
    },
  },
  en: {
    shares: {
      nav: 'Branch sharing', title: 'Sharing between branches',
      intro: 'A sharing rule lets the managers of one branch read the customers of another (one grade, or every grade). Shared customers show in those managers\' lists and pages marked "shared": they can read them, not change, log on or export them; salespeople still see only their own customers. A revoked rule ends the reads at once. Setting and revoking rules is audited.',
      from: 'Branch whose customers are shared', to: 'Branch that reads them', grade: 'Customer grade', anyGrade: 'Every grade', note: 'Note', noteHint: 'e.g. joint service of key accounts in East China',
      add: 'Add a sharing rule', created: 'Sharing rule added', revoke: 'Revoke', revokeConfirm: 'The managers of {to} will no longer see these customers of {from}. Revoke the rule?', revoked: 'Revoked',
      showRevoked: 'Show revoked rules', empty: 'No sharing rules: each branch sees its own customers only', loadFailed: 'Cannot read the sharing rules: {msg}',
      col: { from: 'Shared by', to: 'Read by', grade: 'Grade', note: 'Note', by: 'Set by', at: 'Set on', state: 'State' },
      inForce: 'In force', revokedAt: 'Revoked on {at}',
      err: { required: 'Required', same: 'A branch cannot share with itself', tooLong: 'At most {n} characters' },
      badge: 'Shared', badgeHint: 'Another branch shares this customer with you to read, not to change',
    },
  },
}
