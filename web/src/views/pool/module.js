// The public pool 公海 (R-OWN-7) and the distribution of unowned customers 分配客户 (R-OWN-3).
// The pool page lists the customers of one's branch without an owner (a grade filter, "new in the
// last 7 days"), with a claim button for holders of pool.claim, and a tab with the reclaim rules
// (read by whoever opens the page, set by holders of pool.rules — the administrator sees only
// that tab). The customer page's "release to the pool" (ReleaseDialog) comes from here. The
// distribution screen lets a manager (customer.transfer) give the unowned customers they see to
// members of their team, balanced by ability weight, adjusted, then confirmed with a reason.
const PoolPage = () => import('./PoolPage.vue')
const DistributionPage = () => import('./DistributionPage.vue')

export const perms = {
  /** Claiming from the pool (salespeople, sales managers). */
  claim: 'pool.claim',
  /** Releasing another's customer, listing the pool, distributing (managers). */
  transfer: 'customer.transfer',
  /** Setting the reclaim rules (GM, CS manager, administrator). */
  rules: 'pool.rules',
  /** The pool's customers: GET /pool answers these. */
  list: ['pool.claim', 'customer.transfer'],
  /** The pool page: its list, or its rules tab alone. */
  page: ['pool.claim', 'customer.transfer', 'pool.rules'],
  /** The users list (the members of a distribution): GET /users answers these. */
  listUsers: ['user.manage', 'user.list'],
}

export const name = 'pool'
// Between the customers (10) and the follow-up (20): where customers come from and go back to.
export const order = 15

export const routes = [
  { path: 'pool', name: 'pool', component: PoolPage, meta: { perm: perms.page } },
  { path: 'distribution', name: 'distribution', component: DistributionPage, meta: { perm: perms.transfer } },
]

export const menu = [
  { path: '/pool', label: 'pool.nav', icon: 'Box', test: 'nav-pool' },
  { path: '/distribution', label: 'pool.dist.nav', icon: 'Share', test: 'nav-distribution' },
]

export const messages = {
  'zh-CN': {
    pool: {
      nav: '公海', title: '公海',
      tabs: { list: '公海客户', rules: '收回规则' },
      grade: '等级', anyGrade: '全部等级', recent: '近 {n} 天新进',
      col: { code: '编号', name: '客户', grade: '等级', category: '类别', region: '地区', since: '进入公海', reason: '原因', lastContact: '最近联系' },
      never: '从未联系', claim: '领取', claimed: '已领取「{name}」，现在由您负责', open: '查看客户',
      empty: '公海里没有客户', emptyRecent: '近 {n} 天没有新进公海的客户', more: '加载更多', loadFailed: '无法读取公海：{msg}',
      release: {
        button: '放入公海', title: '放入公海', reason: '原因', reasonHint: '如：客户暂无需求，长期联系不上',
        note: '放入后客户不再有负责人，本分公司的销售人员都可以领取。', submit: '放入公海', done: '已将「{name}」放入公海',
      },
      rules: {
        intro: '负责人在规定天数内没有跟进（还可要求同样天数内没有成交）的客户，每天凌晨自动收回公海。每个等级一条规则；“其他等级”适用于没有单独规则的等级。',
        readOnly: '您可以查看收回规则；修改需要“设置公海收回规则”的权限。',
        grade: '客户等级', anyGrade: '其他等级', noFollowup: '未跟进天数', noDeal: '未成交天数', off: '0 为不按此条件收回',
        add: '添加规则', remove: '删除', save: '保存规则', saved: '已保存收回规则', empty: '还没有收回规则：不会自动收回任何客户', loadFailed: '无法读取收回规则：{msg}',
      },
      err: {
        required: '必填', tooLong: '不能超过 {n} 个字', gradeTwice: '每个等级只能有一条规则', days: '请填写 0 到 {max} 之间的整数', tooMany: '最多 {n} 条',
        noneChosen: '请至少选择一位客户', noMembers: '请至少选择一位接收人', weight: '权重应为 {min} 到 {max} 之间的整数',
      },
      dist: {
        nav: '分配客户', title: '分配客户',
        intro: '把您能看到的无负责人客户（市场线索、旧档案、公海客户）均衡地分给团队：每位客户交给按能力权重算来负担最轻的人。先生成方案，逐个调整，再写明原因确认。',
        customers: '待分配的客户', selected: '已选 {n} 位', selectPage: '全选本页', none: '没有待分配的客户', more: '加载更多', loadFailed: '无法读取客户：{msg}',
        members: '接收人', membersHint: '选择接收人', weight: '能力权重', weightHint: '默认 100：能力强的多分，新人少分', usersFailed: '无法读取人员列表：{msg}', remove: '移除',
        propose: '生成方案', proposal: '分配方案', person: '接收人', customer: '客户',
        loads: '分配后的负担', col: { person: '人员', weight: '权重', before: '原有客户', given: '本次分配', after: '分配后', perWeight: '每 100 权重' },
        reason: '分配原因', reasonHint: '如：六月市场线索分配', confirm: '确认分配（{n} 位）', done: '已分配 {n} 位客户', discard: '放弃方案',
      },
    },
  },
  en: {
    pool: {
      nav: 'Public pool', title: 'Public pool',
      tabs: { list: 'Pool customers', rules: 'Reclaim rules' },
      grade: 'Grade', anyGrade: 'All grades', recent: 'New in the last {n} days',
      col: { code: 'Code', name: 'Customer', grade: 'Grade', category: 'Category', region: 'Region', since: 'In the pool since', reason: 'Reason', lastContact: 'Last contact' },
      never: 'Never contacted', claim: 'Claim', claimed: '"{name}" is yours now', open: 'Open the customer',
      empty: 'The pool is empty', emptyRecent: 'No customer came into the pool in the last {n} days', more: 'Load more', loadFailed: 'The pool cannot be read: {msg}',
      release: {
        button: 'Release to the pool', title: 'Release to the pool', reason: 'Reason', reasonHint: 'e.g. no need for now, cannot be reached',
        note: 'Released, the customer has no owner; any salesperson of the branch may claim it.', submit: 'Release', done: '"{name}" is in the pool',
      },
      rules: {
        intro: 'A customer whose owner logged no follow-up for the days set (and, when asked, recorded no purchase for as long) goes back to the pool every night. One rule per grade; "other grades" applies to the grades without their own rule.',
        readOnly: 'You may read the reclaim rules; changing them needs the permission to set them.',
        grade: 'Grade', anyGrade: 'Other grades', noFollowup: 'Days without follow-up', noDeal: 'Days without a purchase', off: '0: not a condition',
        add: 'Add a rule', remove: 'Remove', save: 'Save the rules', saved: 'Reclaim rules saved', empty: 'No reclaim rules yet: no customer is reclaimed', loadFailed: 'The reclaim rules cannot be read: {msg}',
      },
      err: {
        required: 'Required', tooLong: 'At most {n} characters', gradeTwice: 'One rule per grade', days: 'A whole number from 0 to {max}', tooMany: 'At most {n}',
        noneChosen: 'Choose at least one customer', noMembers: 'Choose at least one person', weight: 'A weight is a whole number from {min} to {max}',
      },
      dist: {
        nav: 'Distribute customers', title: 'Distribute customers',
        intro: 'Give the customers without an owner that you see (marketing leads, old records, the pool\'s) to your team, balanced: each customer goes to whom it leaves least loaded for their ability weight. Make a proposal, adjust it, then confirm it with a reason.',
        customers: 'Customers without an owner', selected: '{n} chosen', selectPage: 'All on this page', none: 'No customer waits for an owner', more: 'Load more', loadFailed: 'The customers cannot be read: {msg}',
        members: 'Members', membersHint: 'Choose the members', weight: 'Ability weight', weightHint: '100 by default: more for the able, less for new staff', usersFailed: 'The staff cannot be listed: {msg}', remove: 'Remove',
        propose: 'Propose', proposal: 'Proposal', person: 'Goes to', customer: 'Customer',
        loads: 'Loads afterwards', col: { person: 'Person', weight: 'Weight', before: 'Owned', given: 'Given now', after: 'Afterwards', perWeight: 'Per 100 weight' },
        reason: 'Reason', reasonHint: 'e.g. June marketing leads', confirm: 'Confirm ({n})', done: '{n} customers distributed', discard: 'Discard',
      },
    },
  },
}
