// Interactions 跟进记录 (R-INT-1) and tasks 待办 (R-INT-4): a call, visit, meeting or message
// logged against a customer with its participants, outcome and next step (which becomes a task);
// the customer's timeline; the tasks on a customer, completed by the interaction logged for them,
// done or skipped with a reason; "my tasks", and for managers their staff's tasks and giving
// them to someone else. The customer page's two tabs come from here (InteractionsPanel,
// TasksPanel, which also lists the customer's visit plans); the "my tasks" page is
// this module's route, with one's visit plans and, for managers, their team's overdue work.
// Follow-up rules 回访规则 (R-INT-4): the tasks made after a customer is created or buys, after a
// written complaint comes in or a complaint is resolved, and around a date of the customer's (a
// birthday), read by those who log interactions, set by holders of followup.rules. Visit plans
// 走访单 (R-INT-2): planned from a customer's page, approved through the approvals engine, closed
// from "my visit plans" with the visit's result. Callback lists 回访名单 (R-INT-5): a manager draws
// customers and turns them into callback tasks for the team.
const TasksPage = () => import('./TasksPage.vue')
const MyDayPage = () => import('./MyDayPage.vue')
const RulesPage = () => import('./RulesPage.vue')
const CallbackListsPage = () => import('./CallbackListsPage.vue')
const GreetingHolidaysPage = () => import('./GreetingHolidaysPage.vue')
const InteractionImportPage = () => import('./InteractionImportPage.vue')

export const perms = {
  /** Logging interactions and adding tasks on one's customers; the "my tasks" page. */
  log: 'interaction.log',
  /** Seeing and giving the tasks of one's staff. */
  assign: 'task.assign',
  /** The users list (participants, the person whose tasks to see): GET /users answers these. */
  listUsers: ['user.manage', 'user.list'],
  /** Setting the follow-up rules 回访规则 (reading them: this or interaction.log). */
  rules: 'followup.rules',
  readRules: ['followup.rules', 'interaction.log'],
  /** The holidays greeted 节日问候 (R-INT-6). */
  holidays: 'settings.manage',
}

export const name = 'followup'
// Right after the customers (10): the salesperson's daily list.
export const order = 20

export const routes = [
  // "My day" 我的一天: the home of those who log interactions (its menu entry's home rank).
  { path: 'my-day', name: 'my-day', component: MyDayPage, meta: { perm: perms.log } },
  { path: 'tasks', name: 'tasks', component: TasksPage, meta: { perm: perms.log } },
  // Importing interactions 跟进记录导入: the upload is a customer import's (customer.create).
  { path: 'interactions/import', name: 'interaction-import', component: InteractionImportPage, meta: { perm: perms.log } },
  { path: 'followup-rules', name: 'followup-rules', component: RulesPage, meta: { perm: perms.readRules } },
  { path: 'callback-lists', name: 'callback-lists', component: CallbackListsPage, meta: { perm: perms.assign } },
  { path: 'greeting-holidays', name: 'greeting-holidays', component: GreetingHolidaysPage, meta: { perm: perms.holidays } },
]

export const menu = [
  { path: '/my-day', label: 'followup.myDay.nav', icon: 'Sunny', test: 'nav-my-day', home: 10 },
  { path: '/tasks', label: 'followup.nav', icon: 'Finished', test: 'nav-tasks' },
  { path: '/interactions/import', label: 'followup.imp.nav', icon: 'Upload', sub: true, test: 'nav-interaction-import' },
  { path: '/followup-rules', label: 'followup.rules.nav', icon: 'SetUp', test: 'nav-followup-rules' },
  { path: '/callback-lists', label: 'followup.callback.nav', icon: 'PhoneFilled', test: 'nav-callback-lists' },
  { path: '/greeting-holidays', label: 'followup.holidays.nav', icon: 'Present', test: 'nav-greeting-holidays' },
]

export const messages = {
  'zh-CN': {
    followup: {
      imp: {
        nav: '导入跟进记录', title: '导入跟进记录',
        intro: '从 Excel（.xlsx）或 CSV 文件导入以往的电话、拜访、会面等跟进记录：每行一条，先预览检查（不写入），再导入正确的行；有问题的行连同原因放进错误文件。同一文件再导入一次不会重复。',
        columns: '列：客户编号（或客户名称）、跟进时间（如 2026-11-02 14:30）、方式（电话、拜访、会面、电子邮件、短信、微信、QQ、信函、活动）、内容；可选：方向（去电/来电）、结果、下一步、下一步日期、参与同事（用户名或姓名，用顿号分隔）、客户联系人、满意度（1 到 5）、需进一步服务（是/否）。',
      },
      nav: '我的待办',
      myDay: {
        nav: '我的一天', title: '我的一天',
        counts: { overdue: '已逾期', today: '今天到期', approvals: '待我审批', pool: '公海新客户' },
        overdue: '已逾期的待办', today: '今天到期的待办', greetings: '{n} 天内的问候', approvals: '待我审批',
        pool: '近 {n} 天新进公海', poolEmpty: '近 {n} 天没有新进公海的客户',
        noneOverdue: '没有逾期的待办', noneToday: '今天没有到期的待办',
        allTasks: '全部待办', allOverdue: '查看全部逾期待办', allApprovals: '全部待审批', allPool: '查看公海',
      },
      tabs: { interactions: '跟进记录', tasks: '待办' },
      feed: {
        open: '订阅到手机日历', title: '日历订阅', active: '已开启', none: '尚未开启',
        explain: '生成一个私人订阅地址，添加到手机日历、Outlook 或企业微信日历后，您未完成的待办（回访、拜访、会谈纪要）会按到期时间显示在日历里，约每 30 分钟更新。',
        lastUsed: '上次读取：{at}', once: '订阅地址只显示这一次，请立即复制并添加到日历；不要分享给他人。',
        copy: '复制地址', copied: '已复制', copyByHand: '请手动选择并复制地址',
        create: '生成订阅地址', renew: '重新生成（旧地址失效）', revoke: '停用', revokeAsk: '停用后，已订阅的日历将不再更新。确定停用？', revoked: '已停用',
      },
      channels: { call: '电话', visit: '拜访', meeting: '会面', wechat: '微信', sms: '短信', email: '电子邮件', qq: 'QQ', letter: '信函', event: '活动' },
      directions: { out: '我方联系客户', in: '客户联系我方' },
      purposes: { explanation: '解释回访', promotion: '宣传回访', emotional: '情感回访', mediation: '调解回访', advice: '提议回访', guidance: '指导回访' },
      kinds: { follow_up: '回访', next_step: '下一步', callback: '回电', greeting: '问候', fixup: '资料补正', other: '其他', visit: '走访', minutes: '会谈纪要', comm_plan: '沟通计划' },
      states: { open: '未完成', overdue: '已逾期', done: '已完成', skipped: '已跳过', all: '全部' },
      log: {
        title: '记录跟进', channel: '方式', summary: '沟通内容', summaryHint: '聊了什么，客户怎么说',
        outcome: '结果', outcomeHint: '如：愿意试用、还要考虑', nextStep: '下一步', nextStepHint: '下一步做什么',
        nextAt: '下一步时间', nextAtPick: '选择日期和时间', nextAtHint: '填了时间，下一步会加入您的待办', quick: { tomorrow: '明天', in3: '3天后', week: '一周后' },
        more: '参与人、时间和方向', less: '收起',
        users: '我方参与人', usersHint: '选择同事', contacts: '客户方参与人', contactsHint: '选择联系人', noContacts: '这位客户还没有联系人',
        direction: '谁联系谁', occurredAt: '发生时间', occurredHint: '不填即现在',
        satisfaction: '客户满意度', stars: '{n} 星', notAsked: '未询问', satisfactionHint: '问了才选：1 星很不满意，5 星很满意；再点一次可取消',
        service: '后续服务', needsService: '客户需要进一步服务', needsServiceHint: '勾选后会出现在“需要进一步服务”的回访名单里，直到之后的跟进不再勾选',
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
        doneBy: '{who} 于 {at} 完成', skippedBy: '{who} 于 {at} 跳过', doneAuto: '{at} 自动完成', skippedAuto: '{at} 自动跳过', byInteraction: '由跟进记录完成', note: '说明', reason: '原因',
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
        wholeNumber: '请填写不小于 0 的整数', toBeforeFrom: '到期不能早于可做的起点',
        amountBad: '请填写金额，如 1288 或 1288.50', amountNegative: '金额不能为负数', amountCents: '金额最多到分（两位小数），不会替您四舍五入', amountRange: '金额不能超过 {max} 元',
        planPast: '走访时间须晚于现在',
        noneChosen: '请至少选择一项', dueFuture: '期限须晚于现在', sizeRange: '请填写 1 到 {max} 之间的整数', sinceRange: '请填写 {min} 到 {max} 之间的天数',
        satisfactionRange: '请填写 {min} 到 {max} 之间的整数', satisfactionBad: '满意度为 1 到 5 星，未询问则不选',
        dateOffset: '请填写不小于 {min} 的整数（负数为日期之前）',
      },
      callback: {
        nav: '回访名单', title: '回访名单',
        intro: '从您能查看的客户中抽取一批，预览后勾选，生成同一目的的回访待办：分给团队成员（每位客户交给能查看它、待办最少的成员），或由各客户的负责人来做。',
        draw: '抽取客户', method: '抽取方法', methods: { random: '随机抽样', rarely_contacted: '联系较少', low_satisfaction: '满意度低', needs_service: '需要进一步服务' },
        ratedSince: '最近多少天的评价', ratedSinceHint: '这么多天内最近一次有满意度的跟进记录', maxSatisfaction: '满意度不高于（星）', maxSatisfactionHint: '最近一次评价在这个星级及以下的客户（5 星为很满意）',
        needsServiceHint: '最近一次跟进记录标记为“需要进一步服务”的客户（之后的跟进未取消标记）', ratedDays: '近 {n} 天的评价',
        since: '多少天未联系', sinceHint: '这么多天内没有跟进记录的客户', days: '天', size: '抽取人数', segment: '客户范围', anyValue: '不限',
        preview: '预览', drawn: '抽到 {n} 位客户', chosen: '已选 {n} 位', none: '没有符合条件的客户', all: '全选',
        code: '编号', customer: '客户', owner: '负责人', noOwner: '无负责人',
        task: '生成回访待办', purpose: '回访目的', titleLabel: '待办标题', titleHint: '如：六月情感回访', channel: '方式', due: '完成期限',
        team: '执行人', owners: '各客户的负责人', members: '指定人员', membersHint: '选择团队成员',
        membersNote: '每位客户交给能查看它、待办最少的成员；成员都看不到的，交给客户负责人。',
        create: '生成待办（{n} 项）', created: '已生成 {n} 项回访待办：', shareTo: '{who} {n} 项', shareOwners: '客户负责人 {n} 项', previewFirst: '请先预览并勾选客户',
        lists: '已生成的名单', listsEmpty: '还没有回访名单', progress: '完成 {done}/{tasks}', sinceDays: '{n} 天未联系', dueAt: '{at} 前完成',
        by: '{who} 于 {at} 生成', loadFailed: '无法读取回访名单：{msg}', usersFailed: '无法读取人员列表：{msg}',
      },
      holidays: {
        nav: '节日问候', title: '节日问候',
        intro: '每天早上，系统会为即将到来的节日（提前天数见系统参数“生日问候提前几天生成待办”）给每位符合条件客户的负责人生成问候待办，附上问候语。农历节日按当年的公历日期计算。',
        add: '添加节日', edit: '编辑', nameZh: '节日名称', nameEn: '英文名称', day: '日期', solar: '公历', lunar: '农历',
        month: '月', dayOfMonth: '日', monthN: '{n} 月', dayN: '{n} 日', solarDay: '公历 {m} 月 {d} 日', lunarDay: '农历 {m} 月 {d} 日',
        audience: '问候对象', audiences: { buyers: '成交客户', all: '全部客户', grades: '指定等级' }, grade: '{g} 级', gradesOf: '{g} 级客户',
        channel: '联络方式', template: '问候语', templateHint: "{'{name}'} 会替换为客户名称，最多 300 字", sample: '示例', sampleName: '王先生',
        active: '启用', saved: '已保存', badDay: '请选择有效的日期', loadFailed: '无法读取节日：{msg}',
      },
      greet: {
        button: '发送问候', title: '发送问候', channel: '客户首选', noChannel: '未设置', text: '问候语',
        send: '发送', sent: '问候已发送至 {to}，已记录跟进并完成待办',
      },
      views: { tasks: '待办', plans: '我的走访单', team: '团队' },
      rules: {
        nav: '回访规则', title: '回访规则',
        intro: '新建客户、客户下单（购买）、收到书面投诉或投诉处理完毕后，以及客户的某个日期（如生日）临近时，系统按这些规则自动给客户负责人（或指定角色）生成回访待办：从第几天起可做、第几天到期。',
        activeNote: '规则只对启用之后发生的触发生效：启用前已新建的客户、已下的订单不会补生成待办；停用后再启用，也从再次启用时算起。',
        readOnly: '您可以查看回访规则；修改需要“设置回访规则”的权限。',
        add: '添加规则', edit: '编辑', addTitle: '添加回访规则', editTitle: '编辑回访规则',
        when: '{trigger}后 {window} {unit}', owner: '客户负责人',
        col: { order: '顺序', name: '名称', rule: '规则', state: '状态' },
        activeFrom: '自 {at} 起生效', activeNext: '自定时任务下次运行起生效', off: '已停用', on: '启用中',
        nameZh: '名称（中文）', nameEn: '名称（英文）', trigger: '触发', audience: '适用客户', unit: '时间单位',
        from: '从第几{unit}起可做', to: '第几{unit}到期', window: '触发后', channel: '方式', assignee: '执行人',
        assigneeOwner: '客户负责人（随客户转移）', purpose: '回访目的', noPurpose: '不指定', enabled: '启用', position: '顺序', preview: '预览',
        onHint: '保存后从现在起生效', saved: '已保存规则「{name}」', added: '已添加规则「{name}」',
        switchedOn: '已启用「{name}」，从现在起生效', switchedOff: '已停用「{name}」', empty: '还没有回访规则', loadFailed: '无法读取回访规则：{msg}',
        dateField: '日期字段', dateFieldHint: '选择客户的日期', yearly: '每年重复', yearlyHint: '如生日：每年的这个日期都生成一次待办',
        fromDate: '从日期的第几{unit}起可做', toDate: '日期的第几{unit}到期', negativeHint: '负数表示日期之前，0 为日期当天：如 -3 至 0 即日期前 3 天至当天。',
        date: {
          same: '{field}当天', before: '{field}前 {n} {unit}', after: '{field}后 {n} {unit}', beforeSpan: '{field}前 {from} 至 {to} {unit}',
          afterSpan: '{field}后 {from}–{to} {unit}', range: '{field}{from}至{to}', edgeBefore: '前 {n} {unit}', edgeDay: '当天', edgeAfter: '后 {n} {unit}', yearly: '每年{when}',
        },
      },
      plan: {
        title: '走访单', add: '计划走访', addTitle: '计划走访', objective: '走访目的', objectiveHint: '去做什么、了解什么', plannedAt: '走访时间',
        reason: '申请理由', reasonHint: '写给审批人；不填即“拜访客户”', submit: '提交审批',
        filed: '走访单 #{id} 已提交审批；批准后列在这里，并加入您的待办。', openRequest: '查看审批单', request: '审批单 #{id}',
        approvedHint: '已批准的走访', empty: '这位客户没有已批准的走访单', mineEmpty: '您还没有走访单', requester: '申请人', customer: '客户',
        task: '待办 #{id}', close: '结案', closeTitle: '走访结案', closeSubmit: '结案', closed: '已结案：走访已记入客户的跟进记录。',
        closedAt: '{at} 结案', occurredAt: '实际走访时间', occurredHint: '不填即现在', loadFailed: '无法读取走访单：{msg}',
        states: { pending: '待审批', returned: '已退回', rejected: '已驳回', withdrawn: '已撤回', approved: '已批准', done: '已结案' },
      },
      team: {
        person: '人员', open: '未完成', dueToday: '今天到期', overdue: '已逾期', empty: '团队成员都没有未完成的待办',
        hint: '点一位成员，查看其待办', loadFailed: '无法读取团队待办：{msg}',
      },
    },
  },
  en: {
    followup: {
      imp: {
        nav: 'Import interactions', title: 'Import interactions',
        intro: 'Import past calls, visits, meetings and other interactions from an Excel (.xlsx) or CSV file, one per row: preview first (every row checked, nothing written), then import the valid rows; the others go to an error file with their reasons. Importing the same file again adds nothing.',
        columns: 'Columns: customer code (or customer name), time (e.g. 2026-11-02 14:30), channel (call, visit, meeting, email, sms, wechat, qq, letter, event), summary; optional: direction (out/in), outcome, next step, next step date, our staff (usernames or names), the customer\'s contacts, satisfaction (1 to 5), needs service (yes/no).',
      },
      nav: 'My tasks',
      myDay: {
        nav: 'My day', title: 'My day',
        counts: { overdue: 'Overdue', today: 'Due today', approvals: 'To approve', pool: 'New in pool' },
        overdue: 'Overdue tasks', today: 'Tasks due today', greetings: 'Greetings in the next {n} days', approvals: 'Waiting for my approval',
        pool: 'New in the pool, last {n} days', poolEmpty: 'No customer came into the pool in the last {n} days',
        noneOverdue: 'No overdue tasks', noneToday: 'No tasks due today',
        allTasks: 'All my tasks', allOverdue: 'All overdue tasks', allApprovals: 'All waiting for me', allPool: 'Open the pool',
      },
      tabs: { interactions: 'Interactions', tasks: 'Tasks' },
      feed: {
        open: 'Subscribe in my calendar', title: 'Calendar subscription', active: 'On', none: 'Not set up',
        explain: 'Make a private address and add it to your phone\'s calendar, Outlook or WeCom\'s calendar: your open tasks (callbacks, visits, meeting minutes) appear at their due time, updated about every 30 minutes.',
        lastUsed: 'Last read: {at}', once: 'The address is shown only now: copy it into your calendar at once, and do not share it.',
        copy: 'Copy the address', copied: 'Copied', copyByHand: 'Select and copy the address by hand',
        create: 'Make the address', renew: 'Make a new one (the old one stops)', revoke: 'Revoke', revokeAsk: 'Calendars subscribed to it will stop updating. Revoke it?', revoked: 'Revoked',
      },
      channels: { call: 'Call', visit: 'Visit', meeting: 'Meeting', wechat: 'WeChat', sms: 'SMS', email: 'E-mail', qq: 'QQ', letter: 'Letter', event: 'Event' },
      directions: { out: 'We reached them', in: 'They reached us' },
      purposes: { explanation: 'Explanation', promotion: 'Promotion', emotional: 'Emotional care', mediation: 'Mediation', advice: 'Advice', guidance: 'Guidance' },
      kinds: { follow_up: 'Follow-up', next_step: 'Next step', callback: 'Callback', greeting: 'Greeting', fixup: 'Record fix-up', other: 'Other', visit: 'Visit', minutes: 'Meeting minutes', comm_plan: 'Communication plan' },
      states: { open: 'Open', overdue: 'Overdue', done: 'Done', skipped: 'Skipped', all: 'All' },
      log: {
        title: 'Log an interaction', channel: 'Channel', summary: 'What was said', summaryHint: 'What you talked about, what the customer said',
        outcome: 'Outcome', outcomeHint: 'e.g. will try it, needs time', nextStep: 'Next step', nextStepHint: 'What comes next',
        nextAt: 'Next step on', nextAtPick: 'Pick a date and time', nextAtHint: 'With a date the next step becomes your task', quick: { tomorrow: 'Tomorrow', in3: 'In 3 days', week: 'In a week' },
        more: 'Participants, time and direction', less: 'Less',
        users: 'Our staff', usersHint: 'Choose colleagues', contacts: 'Customer\'s people', contactsHint: 'Choose contacts', noContacts: 'This customer has no contacts yet',
        direction: 'Who reached whom', occurredAt: 'When', occurredHint: 'Now when empty',
        satisfaction: 'Customer satisfaction', stars: '{n} stars', notAsked: 'Not asked', satisfactionHint: 'Only when asked: 1 star very unhappy, 5 very satisfied; tap again to clear',
        service: 'Further service', needsService: 'The customer needs further service', needsServiceHint: 'Ticked, the customer is drawn by the "needs further service" callback method until a later interaction is logged without it',
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
        doneBy: 'Done by {who} at {at}', skippedBy: 'Skipped by {who} at {at}', doneAuto: 'Done automatically at {at}', skippedAuto: 'Skipped automatically at {at}', byInteraction: 'Completed by an interaction', note: 'Note', reason: 'Reason',
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
        wholeNumber: 'A whole number from 0', toBeforeFrom: 'It cannot fall due before it opens',
        amountBad: 'An amount, e.g. 1288 or 1288.50', amountNegative: 'The amount cannot be negative', amountCents: 'At most two decimals (fen): it is not rounded for you', amountRange: 'At most {max} yuan',
        planPast: 'The visit must be planned for a time to come',
        noneChosen: 'Choose at least one', dueFuture: 'It must be due in the future', sizeRange: 'A whole number from 1 to {max}', sinceRange: 'A number of days from {min} to {max}',
        satisfactionRange: 'A whole number from {min} to {max}', satisfactionBad: 'Satisfaction is 1 to 5 stars; leave it empty when not asked',
        dateOffset: 'A whole number from {min} (negative: before the date)',
      },
      callback: {
        nav: 'Callback lists', title: 'Callback lists',
        intro: 'Draw customers among those you see, preview them, tick those to call, and make callback tasks with one purpose: spread over team members (each customer to the least loaded member who sees it), or done by each customer\'s owner.',
        draw: 'Draw customers', method: 'Method', methods: { random: 'Random sample', rarely_contacted: 'Rarely contacted', low_satisfaction: 'Low satisfaction', needs_service: 'Needs further service' },
        ratedSince: 'Rated within (days)', ratedSinceHint: 'The latest interaction with a satisfaction rating within that many days', maxSatisfaction: 'Satisfaction at most (stars)', maxSatisfactionHint: 'Customers whose latest rating is this many stars or fewer (5 is very satisfied)',
        needsServiceHint: 'Customers whose latest interaction is marked as needing further service (no later interaction cleared it)', ratedDays: 'rated within {n} days',
        since: 'Not contacted for', sinceHint: 'Customers with no interaction logged for that many days', days: 'days', size: 'How many', segment: 'Segment', anyValue: 'Any',
        preview: 'Preview', drawn: '{n} customers drawn', chosen: '{n} chosen', none: 'No customer matches', all: 'All',
        code: 'Code', customer: 'Customer', owner: 'Owner', noOwner: 'No owner',
        task: 'Make callback tasks', purpose: 'Purpose', titleLabel: 'Task title', titleHint: 'e.g. June care calls', channel: 'Channel', due: 'Due',
        team: 'Done by', owners: 'Each customer\'s owner', members: 'Chosen members', membersHint: 'Choose team members',
        membersNote: 'Each customer goes to the least loaded member who sees it; one no member sees goes to its owner.',
        create: 'Make the tasks ({n})', created: '{n} callback tasks made:', shareTo: '{who}: {n}', shareOwners: 'the owners: {n}', previewFirst: 'Preview and tick the customers first',
        lists: 'Lists made', listsEmpty: 'No callback lists yet', progress: 'Done {done}/{tasks}', sinceDays: 'not contacted for {n} days', dueAt: 'due {at}',
        by: 'made by {who} at {at}', loadFailed: 'The callback lists cannot be read: {msg}', usersFailed: 'The staff cannot be listed: {msg}',
      },
      holidays: {
        nav: 'Holiday greetings', title: 'Holiday greetings',
        intro: 'Each morning, for a holiday coming up (as many days ahead as the parameter for greeting tasks says), the owner of each customer it is for gets a greeting task with the message. Lunar holidays fall on this year\'s solar day.',
        add: 'Add a holiday', edit: 'Edit', nameZh: 'Name (Chinese)', nameEn: 'Name (English)', day: 'Day', solar: 'Solar', lunar: 'Lunar',
        month: 'Month', dayOfMonth: 'Day', monthN: 'Month {n}', dayN: 'Day {n}', solarDay: '{m}/{d}', lunarDay: 'Lunar {m}/{d}',
        audience: 'Who is greeted', audiences: { buyers: 'Customers who bought', all: 'Every customer', grades: 'Some grades' }, grade: 'Grade {g}', gradesOf: 'Grades {g}',
        channel: 'Channel', template: 'Message', templateHint: "{'{name}'} becomes the customer's name; at most 300 characters", sample: 'Example', sampleName: 'Mr Wang',
        active: 'Active', saved: 'Saved', badDay: 'Choose a valid day', loadFailed: 'The holidays cannot be read: {msg}',
      },
      greet: {
        button: 'Send greeting', title: 'Send the greeting', channel: 'Customer prefers', noChannel: 'not set', text: 'Message',
        send: 'Send', sent: 'Greeting sent to {to}; logged and the task is done',
      },
      views: { tasks: 'Tasks', plans: 'My visit plans', team: 'Team' },
      rules: {
        nav: 'Follow-up rules', title: 'Follow-up rules',
        intro: 'When a customer is created, places an order (buys), sends a written complaint or has a complaint resolved, and as a date of the customer\'s (a birthday) comes near, these rules give the customer\'s owner (or a role) follow-up tasks: from which day they may be done and when they fall due.',
        activeNote: 'A rule applies to triggers from when it is switched on: customers created and orders placed before are left alone; switched off and on again, it counts from then.',
        readOnly: 'You may read the follow-up rules; changing them needs the permission to set them.',
        add: 'Add a rule', edit: 'Edit', addTitle: 'Add a follow-up rule', editTitle: 'Edit the follow-up rule',
        when: '{window} {unit} after {trigger}', owner: 'The customer\'s owner',
        col: { order: 'Order', name: 'Name', rule: 'Rule', state: 'State' },
        activeFrom: 'Applies from {at}', activeNext: 'Applies from the job\'s next run', off: 'Switched off', on: 'On',
        nameZh: 'Name (Chinese)', nameEn: 'Name (English)', trigger: 'Trigger', audience: 'Customers', unit: 'Unit',
        from: 'May be done from ({unit})', to: 'Due after ({unit})', window: 'After the trigger', channel: 'Channel', assignee: 'Done by',
        assigneeOwner: 'The customer\'s owner (moves with the customer)', purpose: 'Purpose', noPurpose: 'None', enabled: 'On', position: 'Order', preview: 'Reads',
        onHint: 'Applies from now once saved', saved: 'Rule "{name}" saved', added: 'Rule "{name}" added',
        switchedOn: '"{name}" is on, from now', switchedOff: '"{name}" is off', empty: 'No follow-up rules yet', loadFailed: 'The follow-up rules cannot be read: {msg}',
        dateField: 'Date field', dateFieldHint: 'Choose a date of the customer\'s', yearly: 'Every year', yearlyHint: 'Like a birthday: a task for the date each year',
        fromDate: 'May be done from ({unit} from the date)', toDate: 'Due at ({unit} from the date)', negativeHint: 'Negative means before the date, 0 the day itself: -3 to 0 is from 3 days before to the day of the date.',
        date: {
          same: 'on the day of the {field}', before: '{n} {unit} before the {field}', after: '{n} {unit} after the {field}', beforeSpan: 'from {from} to {to} {unit} before the {field}',
          afterSpan: '{from}–{to} {unit} after the {field}', range: 'from {from} to {to} the {field}', edgeBefore: '{n} {unit} before', edgeDay: 'the day of', edgeAfter: '{n} {unit} after', yearly: '{when}, each year',
        },
      },
      plan: {
        title: 'Visit plans', add: 'Plan a visit', addTitle: 'Plan a visit', objective: 'Objective', objectiveHint: 'What the visit is for', plannedAt: 'Visit at',
        reason: 'Reason', reasonHint: 'For the approver; "a customer visit" when empty', submit: 'Submit for approval',
        filed: 'Visit plan #{id} is submitted for approval; once approved it is listed here and becomes your task.', openRequest: 'Open the request', request: 'Request #{id}',
        approvedHint: 'Approved visits', empty: 'This customer has no approved visit plans', mineEmpty: 'You have no visit plans yet', requester: 'Requested by', customer: 'Customer',
        task: 'Task #{id}', close: 'Close', closeTitle: 'Close the visit plan', closeSubmit: 'Close', closed: 'Closed: the visit is on the customer\'s timeline.',
        closedAt: 'Closed {at}', occurredAt: 'Visited at', occurredHint: 'Now when empty', loadFailed: 'The visit plans cannot be read: {msg}',
        states: { pending: 'Pending', returned: 'Returned', rejected: 'Rejected', withdrawn: 'Withdrawn', approved: 'Approved', done: 'Done' },
      },
      team: {
        person: 'Person', open: 'Open', dueToday: 'Due today', overdue: 'Overdue', empty: 'Nobody in the team has open tasks',
        hint: 'Click a person to see their tasks', loadFailed: 'The team\'s tasks cannot be read: {msg}',
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
