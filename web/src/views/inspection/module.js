// The half-yearly inspection of the customer archive 每半年检查 (R-ARC-11, issue 13 item 9): the
// runs (the half-yearly ones and those started by hand), a run's counts, its owners and its
// flagged customers with their missing key fields and fix-up tasks, and the manager's review.
// For holders of inspection.manage (GM, CS manager, customer-information supervisor).
const InspectionsPage = () => import('./InspectionsPage.vue')
const InspectionRunPage = () => import('./InspectionRunPage.vue')

export const perms = {
  /** Runs, reads and reviews inspections. */
  manage: 'inspection.manage',
}

export const name = 'inspection'
// With the archive's other keeping duties: loans, exports, leaks, destruction (35–38).
export const order = 39

export const routes = [
  { path: 'inspections', name: 'inspections', component: InspectionsPage, meta: { perm: perms.manage } },
  { path: 'inspections/:id(\\d+)', name: 'inspection', component: InspectionRunPage, props: true, meta: { perm: perms.manage } },
]

export const menu = [
  { path: '/inspections', label: 'inspection.nav', icon: 'DocumentChecked', test: 'nav-inspections' },
]

export const messages = {
  'zh-CN': {
    inspection: {
      nav: '资料检查', title: '客户资料检查',
      intro: '每年 1 月 1 日和 7 月 1 日自动检查所有客户资料：关键信息不全或长期未更新、未联系的客户列出来，并给负责人派补全任务。',
      runNow: '立即检查', running: '正在检查…',
      period: { h1: '{year} 上半年', h2: '{year} 下半年', manual: '手动检查 {at}', other: '{period}' },
      states: { running: '进行中', toReview: '待评审', reviewed: '已评审' },
      col: { period: '检查期', startedBy: '发起人', createdAt: '开始时间', customers: '检查客户', flagged: '需补全', tasks: '任务', state: '状态' },
      system: '系统', empty: '还没有检查记录', loadFailed: '无法读取检查记录：{msg}',
      run: {
        back: '全部检查', startedBy: '发起人', createdAt: '开始时间', finishedAt: '完成时间', customers: '检查客户数', flagged: '需补全客户数', tasks: '补全任务数',
        notFinished: '检查进行中，完成后即可查看结果', loadFailed: '无法读取这次检查：{msg}',
      },
      owners: {
        title: '按负责人', hint: '点选一位负责人，只看他的客户', col: { owner: '负责人', flagged: '需补全', stale: '长期未更新', avg: '平均完整度' },
        empty: '没有需要补全的客户', all: '全部负责人',
      },
      items: {
        title: '需补全的客户', col: { customer: '客户', owner: '负责人', score: '完整度', missing: '缺少', stale: '未更新', task: '补全任务' },
        none: '无', recent: '近期有更新', days: '{n} 天', noTask: '无任务', empty: '没有需要补全的客户', more: '加载更多', loadFailed: '无法读取客户：{msg}',
      },
      field: { phone: '电话', region: '地区', address: '地址', gender: '性别', birthday: '生日', uscc: '统一社会信用代码', industry: '行业', contact: '联系人' },
      review: {
        title: '评审', outcome: '评审结论', hint: '如：已督促业务员两周内补全资料', submit: '记录评审', done: '已记录评审',
        by: '{who} 于 {at} 评审', waiting: '检查完成后才能记录评审',
      },
      err: { tooLong: '不能超过 {n} 个字' },
    },
  },
  en: {
    inspection: {
      nav: 'Archive inspection', title: 'Customer archive inspection',
      intro: 'Every 1 January and 1 July all customers are inspected: those missing key details, or not updated or contacted for long, are listed, and their owners get a task to complete them.',
      runNow: 'Run now', running: 'Inspecting…',
      period: { h1: '{year} H1', h2: '{year} H2', manual: 'Manual run {at}', other: '{period}' },
      states: { running: 'Running', toReview: 'To review', reviewed: 'Reviewed' },
      col: { period: 'Period', startedBy: 'Started by', createdAt: 'Started', customers: 'Customers checked', flagged: 'Flagged', tasks: 'Tasks', state: 'State' },
      system: 'System', empty: 'No inspection yet', loadFailed: 'The inspections cannot be read: {msg}',
      run: {
        back: 'All inspections', startedBy: 'Started by', createdAt: 'Started', finishedAt: 'Finished', customers: 'Customers checked', flagged: 'Customers flagged', tasks: 'Fix-up tasks',
        notFinished: 'The inspection is running; its results follow when it is done', loadFailed: 'This inspection cannot be read: {msg}',
      },
      owners: {
        title: 'By owner', hint: 'Choose an owner to see only their customers', col: { owner: 'Owner', flagged: 'Flagged', stale: 'Stale', avg: 'Average score' },
        empty: 'No customer to complete', all: 'All owners',
      },
      items: {
        title: 'Customers to complete', col: { customer: 'Customer', owner: 'Owner', score: 'Score', missing: 'Missing', stale: 'Not updated', task: 'Fix-up task' },
        none: 'Nothing', recent: 'Recently updated', days: '{n} days', noTask: 'No task', empty: 'No customer to complete', more: 'Load more', loadFailed: 'The customers cannot be read: {msg}',
      },
      field: { phone: 'phone', region: 'region', address: 'address', gender: 'gender', birthday: 'birthday', uscc: 'USCC', industry: 'industry', contact: 'contact person' },
      review: {
        title: 'Review', outcome: 'Outcome', hint: 'e.g. the salespeople were asked to complete the records within two weeks', submit: 'Record the review', done: 'Review recorded',
        by: 'Reviewed by {who} on {at}', waiting: 'The review can be recorded once the inspection is done',
      },
      err: { tooLong: 'At most {n} characters' },
    },
  },
}
