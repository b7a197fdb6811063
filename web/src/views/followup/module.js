// Interactions 跟进记录 (R-INT-1) and tasks 待办 (R-INT-4): a call, visit, meeting or message
// logged against a customer with its participants, outcome and next step (which becomes a task);
// the customer's timeline; the tasks on a customer, completed by the interaction logged for them,
// done or skipped with a reason; "my tasks", and for managers their staff's tasks and giving
// them to someone else. The customer page's two tabs come from here (InteractionsPanel,
// TasksPanel); the "my tasks" page is this module's route.
const TasksPage = () => import('./TasksPage.vue')

export const perms = {
  /** Logging interactions and adding tasks on one's customers; the "my tasks" page. */
  log: 'interaction.log',
  /** Seeing and giving the tasks of one's staff. */
  assign: 'task.assign',
  /** The users list (participants, the person whose tasks to see): GET /users answers these. */
  listUsers: ['user.manage', 'user.list'],
}

export const name = 'followup'
// Right after the customers (10): the salesperson's daily list.
export const order = 20

export const routes = [
  { path: 'tasks', name: 'tasks', component: TasksPage, meta: { perm: perms.log } },
]

export const menu = [
  { path: '/tasks', label: 'followup.nav', icon: 'Finished', test: 'nav-tasks' },
]

export const messages = {
  'zh-CN': {
    followup: {
      nav: '我的待办',
      tabs: { interactions: '跟进记录', tasks: '待办' },
      channels: { call: '电话', visit: '拜访', meeting: '会面', wechat: '微信', sms: '短信', email: '电子邮件', qq: 'QQ', letter: '信函', event: '活动' },
      directions: { out: '我方联系客户', in: '客户联系我方' },
      kinds: { follow_up: '回访', next_step: '下一步', callback: '回电', greeting: '问候', fixup: '资料补正', other: '其他' },
      states: { open: '未完成', overdue: '已逾期', done: '已完成', skipped: '已跳过', all: '全部' },
      log: {
        title: '记录跟进', channel: '方式', summary: '沟通内容', summaryHint: '聊了什么，客户怎么说',
        outcome: '结果', outcomeHint: '如：愿意试用、还要考虑', nextStep: '下一步', nextStepHint: '下一步做什么',
        nextAt: '下一步时间', nextAtPick: '选择日期和时间', nextAtHint: '填了时间，下一步会加入您的待办', quick: { tomorrow: '明天', in3: '3天后', week: '一周后' },
        more: '参与人、时间和方向', less: '收起',
        users: '我方参与人', usersHint: '选择同事', contacts: '客户方参与人', contactsHint: '选择联系人', noContacts: '这位客户还没有联系人',
        direction: '谁联系谁', occurredAt: '发生时间', occurredHint: '不填即现在',
        submit: '记录跟进', saved: '已记录跟进。', completed: '已完成待办 #{id}「{title}」。', completedId: '已完成待办 #{id}。',
        nextTask: '下一步已加入待办 #{id}「{title}」，{at} 到期。',
        forTask: '本次跟进针对待办「{title}」，记录后该待办即完成', forTaskId: '本次跟进针对待办 #{id}，记录后该待办即完成', forTaskClear: '不针对这项待办',
        usersFailed: '无法读取同事列表：{msg}',
      },
      timeline: {
        empty: '还没有跟进记录', more: '加载更多', by: '记录人', people: '参与人', outcome: '结果', next: '下一步',
        completed: '完成了待办 #{id}', nextTask: '已加入待办 #{id}', loadFailed: '无法读取跟进记录：{msg}',
      },
      task: {
        title: '要做什么', kind: '类型', channel: '方式', anyChannel: '不限', due: '到期时间', start: '开始时间',
        startHint: '不填即现在；从这时起记录的跟进才会完成它', purpose: '目的', assignee: '执行人', customer: '客户',
        followsOwner: '客户负责人（随客户转移）', followsOwnerTag: '随负责人',
        add: '添加待办', addSubmit: '添加', added: '已添加待办 #{id}', empty: '这位客户没有待办', more: '加载更多',
        overdue: '已逾期', dueToday: '今天到期', dueAt: '{at} 到期',
        doneBy: '{who} 于 {at} 完成', skippedBy: '{who} 于 {at} 跳过', byInteraction: '由跟进记录完成', note: '说明', reason: '原因',
        logFor: '记录跟进', done: '完成', skip: '跳过', assign: '改派',
        doneTitle: '完成待办', doneNote: '完成情况（可不填）', doneSaved: '已标记完成',
        skipTitle: '跳过待办', skipReason: '为什么跳过', skipSaved: '已跳过',
        assignTitle: '改派待办', assignHint: '选择执行人', backToOwner: '交回客户负责人', assignSaved: '已改派给 {who}', assignOwnerSaved: '已交回客户负责人',
        loadFailed: '无法读取待办：{msg}',
      },
      mine: {
        title: '我的待办', of: '{name}的待办', person: '人员', me: '我自己', state: '状态',
        focus: '通知中的待办', focusMissing: '没有这项待办，或您无权查看',
        groups: { overdue: '已逾期', today: '今天到期', later: '以后到期', closed: '已结束' },
        empty: '没有待办', emptyOpen: '没有未完成的待办', staffFailed: '无法读取人员列表：{msg}',
      },
      err: {
        tooLong: '不能超过 {n} 个字', nextStepNeeded: '填了下一步时间，请写明下一步做什么', nextStepDated: '有时间的下一步不能超过 {n} 个字',
        future: '发生时间不能晚于现在', nextNotAfter: '下一步时间须晚于本次跟进的时间', startAfterDue: '开始时间不能晚于到期时间', tooMany: '最多 {n} 位',
      },
    },
  },
  en: {
    followup: {
      nav: 'My tasks',
      tabs: { interactions: 'Interactions', tasks: 'Tasks' },
      channels: { call: 'Call', visit: 'Visit', meeting: 'Meeting', wechat: 'WeChat', sms: 'SMS', email: 'E-mail', qq: 'QQ', letter: 'Letter', event: 'Event' },
      directions: { out: 'We reached them', in: 'They reached us' },
      kinds: { follow_up: 'Follow-up', next_step: 'Next step', callback: 'Callback', greeting: 'Greeting', fixup: 'Record fix-up', other: 'Other' },
      states: { open: 'Open', overdue: 'Overdue', done: 'Done', skipped: 'Skipped', all: 'All' },
      log: {
        title: 'Log an interaction', channel: 'Channel', summary: 'What was said', summaryHint: 'What you talked about, what the customer said',
        outcome: 'Outcome', outcomeHint: 'e.g. will try it, needs time', nextStep: 'Next step', nextStepHint: 'What comes next',
        nextAt: 'Next step on', nextAtPick: 'Pick a date and time', nextAtHint: 'With a date the next step becomes your task', quick: { tomorrow: 'Tomorrow', in3: 'In 3 days', week: 'In a week' },
        more: 'Participants, time and direction', less: 'Less',
        users: 'Our staff', usersHint: 'Choose colleagues', contacts: 'Customer\'s people', contactsHint: 'Choose contacts', noContacts: 'This customer has no contacts yet',
        direction: 'Who reached whom', occurredAt: 'When', occurredHint: 'Now when empty',
        submit: 'Log it', saved: 'Interaction logged.', completed: 'Task #{id} "{title}" is done.', completedId: 'Task #{id} is done.',
        nextTask: 'The next step is task #{id} "{title}", due {at}.',
        forTask: 'For the task "{title}": logging this completes it', forTaskId: 'For task #{id}: logging this completes it', forTaskClear: 'Not for this task',
        usersFailed: 'The colleagues cannot be listed: {msg}',
      },
      timeline: {
        empty: 'No interactions yet', more: 'Load more', by: 'Logged by', people: 'People', outcome: 'Outcome', next: 'Next step',
        completed: 'Completed task #{id}', nextTask: 'Became task #{id}', loadFailed: 'The interactions cannot be read: {msg}',
      },
      task: {
        title: 'What to do', kind: 'Kind', channel: 'Channel', anyChannel: 'Any', due: 'Due', start: 'Start',
        startHint: 'Now when empty; interactions logged from then complete it', purpose: 'Purpose', assignee: 'Assignee', customer: 'Customer',
        followsOwner: 'The customer\'s owner (moves with the customer)', followsOwnerTag: 'Follows owner',
        add: 'Add a task', addSubmit: 'Add', added: 'Task #{id} added', empty: 'This customer has no tasks', more: 'Load more',
        overdue: 'Overdue', dueToday: 'Due today', dueAt: 'Due {at}',
        doneBy: 'Done by {who} at {at}', skippedBy: 'Skipped by {who} at {at}', byInteraction: 'Completed by an interaction', note: 'Note', reason: 'Reason',
        logFor: 'Log interaction', done: 'Done', skip: 'Skip', assign: 'Reassign',
        doneTitle: 'Complete the task', doneNote: 'What was done (optional)', doneSaved: 'Marked done',
        skipTitle: 'Skip the task', skipReason: 'Why is it skipped', skipSaved: 'Skipped',
        assignTitle: 'Reassign the task', assignHint: 'Choose the assignee', backToOwner: 'Back to the customer\'s owner', assignSaved: 'Given to {who}', assignOwnerSaved: 'Back with the customer\'s owner',
        loadFailed: 'The tasks cannot be read: {msg}',
      },
      mine: {
        title: 'My tasks', of: 'Tasks of {name}', person: 'Person', me: 'Myself', state: 'State',
        focus: 'The task from your notification', focusMissing: 'No such task, or not yours to see',
        groups: { overdue: 'Overdue', today: 'Due today', later: 'Later', closed: 'Finished' },
        empty: 'No tasks', emptyOpen: 'No open tasks', staffFailed: 'The staff cannot be listed: {msg}',
      },
      err: {
        tooLong: 'At most {n} characters', nextStepNeeded: 'Say what the next step is when it has a date', nextStepDated: 'A next step with a date is at most {n} characters',
        future: 'It cannot be in the future', nextNotAfter: 'The next step must come after this interaction', startAfterDue: 'The start cannot be after the due time', tooMany: 'At most {n}',
      },
    },
  },
}

// Meeting minutes 会谈纪要 (R-INT-3): a meeting or visit calls for minutes from its author, who
// writes them from the timeline, the task of kind minutes or their page; the department head
// reviews them on the approvals page; the page lists one's minutes and, for task.assign holders,
// the per-person counts. Their texts are the `minutes` namespace of ./messages.js.
import minutesMessages from './messages.js'

const MinutesPage = () => import('./MinutesPage.vue')
routes.push({ path: 'minutes', name: 'minutes', component: MinutesPage, meta: { perm: [perms.log, perms.assign] } })
menu.push({ path: '/minutes', label: 'minutes.nav', icon: 'Memo', test: 'nav-minutes' })
for (const lang of Object.keys(messages)) Object.assign(messages[lang], minutesMessages[lang])
