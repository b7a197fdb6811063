// Communication plans 沟通计划 (R-INT-9): per customer segment (the customer list's filters), a plan
// with a goal, a channel, the content to convey and a frequency; the morning job gives each
// customer's owner a task every period; the plan's page measures the results (tasks done, contacts
// on the plan's channel, responses, purchases after contact) per period. For holders of
// commplan.manage (sales managers, customer service managers, the general manager).
const CommPlansPage = () => import('./CommPlansPage.vue')
const CommPlanPage = () => import('./CommPlanPage.vue')

export const perms = {
  /** Makes, changes, activates, pauses and ends plans, and reads their results. */
  manage: 'commplan.manage',
}

export const name = 'commplan'
// After the follow-up pages (20): planned contact with many customers.
export const order = 22

export const routes = [
  { path: 'comm-plans', name: 'comm-plans', component: CommPlansPage, meta: { perm: perms.manage } },
  { path: 'comm-plans/:id(\\d+)', name: 'comm-plan', component: CommPlanPage, props: true, meta: { perm: perms.manage } },
]

export const menu = [
  { path: '/comm-plans', label: 'commplan.nav', icon: 'Promotion', test: 'nav-comm-plans' },
]

export const messages = {
  'zh-CN': {
    commplan: {
      nav: '沟通计划', title: '沟通计划',
      intro: '为一类客户制定沟通计划：目标、方式、内容和频率。计划启动后，每期第一天早上 6:50 系统给客户群中每位客户的负责人生成一条待办（按计划创建人能看到的客户计算；没有负责人的客户跳过）。',
      capNote: '每个计划每期生成的待办有上限（系统参数 comm_plan_max_tasks，默认 5000 条），超出的客户本期不生成。',
      create: '新建计划', edit: '修改', activate: '启动', pause: '暂停', end: '结束', open: '查看',
      endAsk: '结束后计划不再生成待办，也不能再启动。确定结束？',
      states: { draft: '草稿', active: '执行中', paused: '已暂停', ended: '已结束' },
      units: { days: '天', weeks: '周', months: '个月' },
      every: '每 {n} {unit}一次',
      col: { name: '计划', state: '状态', channel: '方式', frequency: '频率', start: '开始', tasks: '待办', done: '已完成', contacted: '已联系', creator: '创建人' },
      empty: '还没有沟通计划', loadFailed: '无法读取沟通计划：{msg}', more: '加载更多', allStates: '全部状态',
      form: {
        titleNew: '新建沟通计划', titleEdit: '修改沟通计划', name: '计划名称', goal: '目标', goalHint: '如：了解使用情况，推荐以旧换新',
        channel: '沟通方式', content: '沟通内容', contentHint: '要传达的信息或话术要点', unit: '频率单位', everyN: '每隔',
        start: '开始日期', end: '结束日期（可不填）', segment: '客户群', anyValue: '不限', preview: '预览客户群',
        reach: '当前覆盖 {n} 位客户', reachCapped: '当前覆盖超过 {n} 位客户', save: '保存', cancel: '取消', saved: '已保存',
        required: '请填写', tooLong: '不能超过 {n} 个字',
      },
      page: {
        back: '全部计划', goal: '目标', content: '沟通内容', segment: '客户群', everyone: '全部客户', frequency: '频率', period: '起止',
        creator: '创建人', noEnd: '长期', preview: '客户群预览', reach: '当前覆盖 {n} 位客户', hidden: '客户名单只对计划创建人和能看到全部客户的人显示',
        results: '执行效果', periods: '各期明细', noPeriods: '尚未生成待办',
        resultsNote: '已联系：待办生成后在客户身上记录了计划方式的跟进；有回应：之后有客户主动联系或填写了结果的跟进；成交：客户在计划第一次给他派待办之后的购买。',
        capped: '达到上限', unowned: '无负责人 {n}',
        loadFailed: '无法读取这个计划：{msg}',
      },
      r: { tasks: '生成待办', done: '已完成', skipped: '已跳过', open: '未到期', overdue: '已逾期', contacted: '已联系', responded: '有回应', customers: '客户数', purchases: '成交笔数', amount: '成交金额' },
      pcol: { day: '期', reached: '覆盖客户', tasks: '待办', done: '已完成', overdue: '已逾期', contacted: '已联系', responded: '有回应', note: '说明' },
    },
  },
  en: {
    commplan: {
      nav: 'Communication plans', title: 'Communication plans',
      intro: 'Plan contact with a group of customers: a goal, a channel, the content and how often. Once a plan is active, at 06:50 on the first day of each period every customer of the segment gets a task for its owner (customers as the plan\'s creator sees them; customers without an owner are skipped).',
      capNote: 'A plan makes a limited number of tasks per period (setting comm_plan_max_tasks, 5000 by default); customers beyond it get none that period.',
      create: 'New plan', edit: 'Edit', activate: 'Activate', pause: 'Pause', end: 'End', open: 'Open',
      endAsk: 'An ended plan makes no more tasks and cannot be activated again. End it?',
      states: { draft: 'Draft', active: 'Active', paused: 'Paused', ended: 'Ended' },
      units: { days: 'days', weeks: 'weeks', months: 'months' },
      every: 'Every {n} {unit}',
      col: { name: 'Plan', state: 'State', channel: 'Channel', frequency: 'Frequency', start: 'Starts', tasks: 'Tasks', done: 'Done', contacted: 'Contacted', creator: 'Created by' },
      empty: 'No communication plan yet', loadFailed: 'The plans cannot be read: {msg}', more: 'Load more', allStates: 'All states',
      form: {
        titleNew: 'New communication plan', titleEdit: 'Edit the communication plan', name: 'Name', goal: 'Goal', goalHint: 'e.g. learn how the product is used, offer the trade-in',
        channel: 'Channel', content: 'Content', contentHint: 'The message or talking points', unit: 'Unit', everyN: 'Every',
        start: 'Start day', end: 'End day (optional)', segment: 'Customer segment', anyValue: 'Any', preview: 'Preview the segment',
        reach: 'Reaches {n} customers now', reachCapped: 'Reaches more than {n} customers now', save: 'Save', cancel: 'Cancel', saved: 'Saved',
        required: 'Required', tooLong: 'At most {n} characters',
      },
      page: {
        back: 'All plans', goal: 'Goal', content: 'Content', segment: 'Segment', everyone: 'All customers', frequency: 'Frequency', period: 'Runs',
        creator: 'Created by', noEnd: 'open-ended', preview: 'Segment preview', reach: 'Reaches {n} customers now', hidden: 'The customers are listed only to the plan\'s creator and to those who see every customer',
        results: 'Results', periods: 'Per period', noPeriods: 'No task made yet',
        resultsNote: 'Contacted: an interaction on the plan\'s channel logged on the customer after the task was made; responded: after it, the customer reached us or an outcome was written; purchases: the customer\'s purchases after the plan\'s first task for them.',
        capped: 'cap reached', unowned: '{n} without owner',
        loadFailed: 'This plan cannot be read: {msg}',
      },
      r: { tasks: 'Tasks made', done: 'Done', skipped: 'Skipped', open: 'Open', overdue: 'Overdue', contacted: 'Contacted', responded: 'Responded', customers: 'Customers', purchases: 'Purchases', amount: 'Amount' },
      pcol: { day: 'Period', reached: 'Reached', tasks: 'Tasks', done: 'Done', overdue: 'Overdue', contacted: 'Contacted', responded: 'Responded', note: 'Note' },
    },
  },
}
