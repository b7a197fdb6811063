// Approvals: requests that need a second person's decision (one engine for every kind),
// the inbox in the header, and the approval rules of the settings page.
const List = () => import('./ApprovalsPage.vue')
const Detail = () => import('./ApprovalPage.vue')

export const name = 'approvals'
export const order = 40

// Every signed-in user has requests and may be asked to decide one: no permission needed.
export const routes = [
  { path: 'approvals', name: 'approvals', component: List },
  { path: 'approvals/:id(\\d+)', name: 'approval', component: Detail },
]

// everyone: not a function of the role (the home page tells a role whose functions are missing so).
export const menu = [
  { path: '/approvals', label: 'approvals.nav', icon: 'Stamp', test: 'nav-approvals', everyone: true },
]

export const messages = {
  'zh-CN': {
    approvals: {
      nav: '审批', title: '审批', request: '审批申请 #{id}',
      inbox: '通知', bellLabel: '通知，{n} 条未读', markAllRead: '全部标为已读', inboxEmpty: '没有通知', viewAll: '查看全部审批',
      box: { todo: '待我审批', mine: '我的申请', done: '我已审批', all: '全部' },
      kind: '类型', summary: '内容', requester: '申请人', state: '状态', created: '提交时间', updated: '更新时间', decidedAt: '办结时间',
      amount: '金额', secrecy: '密级', reason: '申请理由', purpose: '用途', chain: '审批流程', history: '处理记录',
      states: { pending: '审批中', returned: '已退回', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回' },
      stepStates: { waiting: '未轮到', pending: '待审批', approved: '已同意', rejected: '已驳回', returned: '已退回', withdrawn: '已撤回' },
      waitingFor: '等待 {who} 审批', due: '期限 {at}', hours: '时限 {n} 小时', decidedBy: '{who} 于 {at} 处理', atStep: '（第 {n} 步）',
      events: { submit: '提交了申请', approve: '同意', reject: '驳回', return: '退回修改', withdraw: '撤回了申请', resubmit: '重新提交', remind: '催办', handover: '转交接手人' },
      act: { approve: '同意', return: '退回修改', reject: '驳回', withdraw: '撤回', resubmit: '重新提交' },
      done: { approve: '已同意', return: '已退回申请人修改', reject: '已驳回', withdraw: '已撤回', resubmit: '已重新提交' },
      comment: '意见（可不填）', commentRequired: '意见（必填）',
      changed: '该申请已被他人处理或已更新，已重新加载',
      second: {
        title: '需要另一人审批', submit: '提交审批申请',
        whyRole: '把 {user} 的角色改为“{role}”会让其看到更多客户资料。为防止一个人独自扩大查看范围，这一修改需要另一人审批：提交申请后，审批人同意时修改才生效。',
        whyClearance: '把 {user} 的密级权限提高到“{level}”会让其看到更多客户资料。为防止一个人独自扩大查看范围，这一修改需要另一人审批：提交申请后，审批人同意时修改才生效。',
        whyCreate: '新建用户 {user} 并授予“{role}”角色会让其看到客户资料。为防止一个人独自扩大查看范围，这需要另一人审批：提交申请后，审批人同意时用户才会建立，初始密码须在首次登录时修改。',
        whyPassword: '为 {user} 设置密码后，设置的人就能以其身份登录、查看其客户资料。为防止冒用，这一修改需要另一人审批：提交申请后，审批人同意时新密码才生效，{user} 下次登录时须改为自己的密码。',
        command: '另一种办法：请运行服务器的人在服务器上执行 {cmd}',
        submitted: '已提交，申请 #{id}', waiting: '等待 {who} 审批', open: '查看申请 #{id}',
      },
      rules: {
        title: '审批流程', hint: '每类申请按这里的规则逐级审批：每条适用的规则（金额范围、密级）是一个审批步骤。修改只影响此后提交的申请。',
        configured: '已自定义', defaults: '默认规则', approver: '审批人', byRole: '某角色', deptHead: '申请人的部门负责人', role: '角色',
        minAmount: '金额自（元）', maxAmount: '金额至（元，0 为不限）', minSecrecy: '密级至少', hours: '时限（小时）',
        none: '没有规则：保存即恢复默认规则', amountHint: '规则适用于金额不低于“金额自”、低于“金额至”的申请；没有任何规则适用的申请不能提交。',
        add: '添加规则', restore: '恢复默认', restoreConfirm: '将“{kind}”恢复为默认规则？',
      },
    },
  },
  en: {
    approvals: {
      nav: 'Approvals', title: 'Approvals', request: 'Request #{id}',
      inbox: 'Notifications', bellLabel: 'Notifications, {n} unread', markAllRead: 'Mark all read', inboxEmpty: 'No notifications', viewAll: 'All approvals',
      box: { todo: 'Waiting for me', mine: 'My requests', done: 'Decided by me', all: 'All' },
      kind: 'Kind', summary: 'Summary', requester: 'Requester', state: 'State', created: 'Submitted', updated: 'Updated', decidedAt: 'Closed',
      amount: 'Amount', secrecy: 'Secrecy', reason: 'Reason', purpose: 'Purpose', chain: 'Approval chain', history: 'History',
      states: { pending: 'Pending', returned: 'Returned', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' },
      stepStates: { waiting: 'Not yet', pending: 'To decide', approved: 'Approved', rejected: 'Rejected', returned: 'Returned', withdrawn: 'Withdrawn' },
      waitingFor: 'Waiting for {who}', due: 'Due {at}', hours: 'Within {n} hours', decidedBy: '{who} at {at}', atStep: ' (step {n})',
      events: { submit: 'submitted the request', approve: 'approved', reject: 'rejected', return: 'returned it for changes', withdraw: 'withdrew the request', resubmit: 'submitted it again', remind: 'reminder', handover: 'Passed to the successor' },
      act: { approve: 'Approve', return: 'Return', reject: 'Reject', withdraw: 'Withdraw', resubmit: 'Resubmit' },
      done: { approve: 'Approved', return: 'Returned to the requester', reject: 'Rejected', withdraw: 'Withdrawn', resubmit: 'Submitted again' },
      comment: 'Comment (optional)', commentRequired: 'Comment (required)',
      changed: 'Someone else acted on this request or it changed; it has been reloaded',
      second: {
        title: 'Needs a second person\'s approval', submit: 'Submit for approval',
        whyRole: 'Giving {user} the role "{role}" lets them read more customer records. So that nobody widens access alone, this change needs a second person\'s approval: submit a request, and the change is made when it is approved.',
        whyClearance: 'Raising the clearance of {user} to "{level}" lets them read more customer records. So that nobody widens access alone, this change needs a second person\'s approval: submit a request, and the change is made when it is approved.',
        whyCreate: 'Creating {user} with the role "{role}" lets them read customer records. So that nobody widens access alone, this needs a second person\'s approval: submit a request, and the user is created when it is approved; the first password must be changed at the first sign-in.',
        whyPassword: 'Whoever sets {user}\'s password could sign in as them and read their customers. So that nobody does this alone, it needs a second person\'s approval: submit a request; the new password works once approved, and {user} must choose their own at the next sign-in.',
        command: 'Alternatively, whoever runs the server can run: {cmd}',
        submitted: 'Submitted: request #{id}', waiting: 'Waiting for {who}', open: 'Open request #{id}',
      },
      rules: {
        title: 'Approval rules', hint: 'Each kind of request is decided step by step by these rules: every rule that applies (amount range, secrecy) is one step. A change affects only requests submitted afterwards.',
        configured: 'Customised', defaults: 'Defaults', approver: 'Approver', byRole: 'A role', deptHead: 'The requester\'s department head', role: 'Role',
        minAmount: 'Amount from (yuan)', maxAmount: 'Amount below (yuan, 0 = no limit)', minSecrecy: 'Secrecy at least', hours: 'Time limit (hours)',
        none: 'No rules: saving goes back to the defaults', amountHint: 'A rule applies to amounts from "Amount from" up to, not including, "Amount below"; a request no rule applies to cannot be submitted.',
        add: 'Add rule', restore: 'Restore defaults', restoreConfirm: 'Restore the default rules of "{kind}"?',
      },
    },
  },
}
