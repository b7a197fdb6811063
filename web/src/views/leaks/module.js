// Leak reports 泄露报告 (R-SEC-9): anyone reports a suspected leak of customer records; the
// customer-information supervisor and the CS manager are told, set remedial actions (each with
// an owner, told by the inbox, and a due time) and close the report with a conclusion once every
// action is done. The list, a report's page, and the dialog that files a report (from the list
// and a customer's page).
const LeaksPage = () => import('./LeaksPage.vue')
const LeakPage = () => import('./LeakPage.vue')

/** The handlers' permission: every report, remedial actions, closing. */
export const perms = { manage: 'leak.manage' }

export const name = 'leaks'
export const order = 37

// Anyone signed in reports a leak and sees their own reports: no permission needed.
export const routes = [
  { path: 'leaks', name: 'leaks', component: LeaksPage },
  { path: 'leaks/:id(\\d+)', name: 'leak', component: LeakPage, props: true },
]

export const menu = [
  { path: '/leaks', label: 'leaks.nav', icon: 'WarningFilled', test: 'nav-leaks', everyone: true },
]

export const messages = {
  'zh-CN': {
    leaks: {
      nav: '泄露报告', title: '泄露报告', mine: '我的泄露报告', report: '报告泄露', number: '泄露报告 #{id}',
      state: '状态', states: { open: '处理中', closed: '已结案', all: '全部' },
      id: '编号', summary: '发生了什么', details: '详细经过', occurredAt: '发生时间', occurredUnknown: '未填写',
      reporter: '报告人', reportedAt: '报告时间', customers: '涉及的客户', noCustomers: '未列出客户',
      actionsOpen: '未完成措施',
      empty: '还没有泄露报告。发现客户资料可能外泄时，请点“报告泄露”。',
      handlerHint: '您负责处理泄露报告：可以布置整改措施，全部完成后结案。',
      notFound: '没有这份泄露报告，或您无权查看',
      actions: {
        title: '整改措施', none: '还没有整改措施', what: '措施', owner: '负责人', due: '完成期限', createdAt: '布置时间',
        overdue: '已逾期', open: '未完成', doneTag: '已完成', doneBy: '{who} 于 {at} 完成', note: '说明',
        add: '布置整改措施', addSubmit: '布置措施', added: '已布置整改措施，已通知 {who}',
        ownerHint: '选择负责人', usersFailed: '无法读取用户列表：{msg}',
        done: '完成', doneTitle: '完成整改措施', doneNote: '完成情况说明（可不填）', doneSaved: '已标记完成',
      },
      close: {
        title: '结案', conclusion: '结论', submit: '结案', closed: '已结案',
        blocked: '还有 {n} 项整改措施未完成，全部完成后才能结案。',
        closedBy: '{who} 于 {at} 结案',
      },
      dialog: {
        title: '报告疑似泄露',
        why: '发现客户资料可能被泄露（例如被拍照、外传、遗失）时请立即报告。报告提交后，客户信息主管和客户服务部经理会马上收到通知并跟进处理。',
        summaryHint: '简述发生了什么', detailsHint: '时间、地点、经过、涉及哪些资料', occurredHint: '大致时间，不清楚可不填',
        customersHint: '输入客户名称或编号搜索', customersNone: '您看不到客户资料，可在详细经过中说明',
        submit: '提交报告', done: '已提交泄露报告 #{id}', told: '已通知客户信息主管和客户服务部经理，他们会跟进处理。',
        open: '查看这份报告',
      },
      err: { tooLong: '不能超过 {n} 个字符', future: '发生时间不能晚于现在', pastDue: '完成期限须晚于现在' },
    },
  },
  en: {
    leaks: {
      nav: 'Leak reports', title: 'Leak reports', mine: 'My leak reports', report: 'Report a leak', number: 'Leak report #{id}',
      state: 'State', states: { open: 'Open', closed: 'Closed', all: 'All' },
      id: 'No.', summary: 'What happened', details: 'Details', occurredAt: 'When it happened', occurredUnknown: 'Not given',
      reporter: 'Reported by', reportedAt: 'Reported', customers: 'Customers concerned', noCustomers: 'No customers named',
      actionsOpen: 'Open actions',
      empty: 'No leak reports yet. When customer records may have leaked, use "Report a leak".',
      handlerHint: 'You handle leak reports: set remedial actions, and close a report once they are all done.',
      notFound: 'No such leak report, or it is not yours to see',
      actions: {
        title: 'Remedial actions', none: 'No remedial actions yet', what: 'Action', owner: 'Owner', due: 'Due', createdAt: 'Set',
        overdue: 'Overdue', open: 'Not done', doneTag: 'Done', doneBy: 'Done by {who} at {at}', note: 'Note',
        add: 'Set a remedial action', addSubmit: 'Set action', added: 'Action set; {who} was told',
        ownerHint: 'Choose the owner', usersFailed: 'The users cannot be listed: {msg}',
        done: 'Done', doneTitle: 'Complete the remedial action', doneNote: 'What was done (optional)', doneSaved: 'Marked done',
      },
      close: {
        title: 'Close', conclusion: 'Conclusion', submit: 'Close the report', closed: 'Closed',
        blocked: '{n} remedial action(s) not done yet: the report closes once all are done.',
        closedBy: 'Closed by {who} at {at}',
      },
      dialog: {
        title: 'Report a suspected leak',
        why: 'Report at once when customer records may have leaked (photographed, passed on, lost). The customer-information supervisor and the customer-service manager are told as soon as you submit, and follow it up.',
        summaryHint: 'Say briefly what happened', detailsHint: 'When, where, how, which records', occurredHint: 'Roughly when; leave empty if unknown',
        customersHint: 'Search customers by name or code', customersNone: 'You see no customer records; describe them in the details',
        submit: 'Submit report', done: 'Leak report #{id} submitted', told: 'The customer-information supervisor and the customer-service manager were told and will follow it up.',
        open: 'Open the report',
      },
      err: { tooLong: 'At most {n} characters', future: 'It cannot have happened in the future', pastDue: 'The due time must be in the future' },
    },
  },
}
