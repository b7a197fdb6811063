// The texts of the contracts 合同 pages (R-DEV-4), the `contracts` namespace of the module's
// messages: zh-CN first, then English.
export default {
  'zh-CN': {
    contracts: {
      nav: '合同', title: '合同', add: '新建合同', loadFailed: '无法读取合同：{msg}',
      kinds: { supply: '供货合同', quality: '质量保证协议', service: '维修服务合同' },
      states: {
        all: '全部状态', draft: '草稿', pending: '审批中', returned: '已退回', active: '生效中', expired: '已到期', terminated: '已终止',
      },
      approvalRejected: '审批已驳回', approvalWithdrawn: '审批已撤回',
      days: { left: '剩 {n} 天', one: '明天到期', today: '今天到期' },
      filter: { q: '合同编号、标题或客户名称', allKinds: '全部类型', expiring: '到期时间', expiringIn: '{n} 天内到期' },
      col: {
        code: '合同编号', customer: '客户', kind: '类型', title: '标题', amount: '金额（元）', period: '有效期',
        state: '状态', owner: '负责人',
      },
      form: {
        titleNew: '新建合同', titleEdit: '修改合同 {code}', customer: '客户', customerHint: '输入客户名称、编码或电话搜索',
        kind: '合同类型', title: '合同标题', amount: '合同金额（元）', startsOn: '开始日期', endsOn: '结束日期',
        signedOn: '签订日期', signedHint: '未签订可不填', ourParty: '我方签约主体', signatory: '客户签约人', notes: '备注',
        order: '关联订单', orderHint: '可不选', ordersFailed: '无法读取这个客户的订单：{msg}',
        save: '保存', cancel: '取消', created: '合同已创建（草稿）', saved: '已保存', noChange: '没有改动',
      },
      err: {
        required: '请填写', tooLong: '最多 {n} 个字', date: '请选择日期', endsBeforeStart: '结束日期要晚于开始日期',
        signedFuture: '签订日期不能晚于今天', amountBad: '请填写金额，如 128000 或 128000.50',
        amountNegative: '金额不能为负数', amountCents: '金额最多到分（两位小数），不会替您四舍五入',
        amountRange: '金额不能超过 {max} 元',
      },
      detail: {
        back: '返回', edit: '修改', submit: '提交', terminate: '终止合同', renew: '续签', notFound: '没有这个合同，或您无权查看',
        fields: '合同信息', customer: '客户', kind: '合同类型', amount: '合同金额', period: '有效期', startsOn: '开始日期',
        endsOn: '结束日期', signedOn: '签订日期', ourParty: '我方签约主体', signatory: '客户签约人', order: '关联订单',
        owner: '负责人', createdBy: '创建人', createdAt: '创建时间', updatedAt: '更新时间', notes: '备注',
        terminateReason: '终止原因', approval: '审批', openApproval: '查看审批申请', renewalOf: '续签自',
        renewedBy: '已续签为', needsApproval: '金额达到审批门槛，提交后需审批通过才生效。',
        noApproval: '金额低于审批门槛，提交后立即生效。', returnedNote: '审批退回：请修改后重新提交。',
        rejectedNote: '上次提交的审批已驳回，合同退回为草稿。', withdrawnNote: '上次提交的审批已撤回，合同退回为草稿。',
        pendingNote: '合同正在审批中。', files: '合同附件（签字盖章件）',
        planTitle: '回款计划', noOrder: '合同的回款计划按关联订单制定：请在“修改”中关联该客户的订单（或先下单），再在这里制定分期并登记回款。',
      },
      approvalStates: { pending: '审批中', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回', returned: '已退回' },
      submit: {
        title: '提交合同', of: '合同：{code}', reason: '说明', reasonHint: '可不填，审批人可见', submit: '提交',
        cancel: '取消', activated: '合同已生效', pending: '已提交审批',
      },
      terminate: {
        title: '终止合同', of: '合同：{code}', reason: '终止原因', reasonHint: '如：客户提前解约', submit: '终止合同',
        keep: '不终止', done: '合同已终止', note: '终止后合同不再有效，也不再提醒到期。',
      },
      renew: {
        title: '续签合同', ask: '为合同 {code} 创建续签草稿？', dates: '新合同有效期：{period}（可在草稿中修改）',
        submit: '创建续签草稿', cancel: '取消', done: '续签草稿已创建',
      },
      customer: { tab: '合同', empty: '这个客户还没有合同', more: '加载更多' },
    },
  },
  en: {
    contracts: {
      nav: 'Contracts', title: 'Contracts', add: 'New contract', loadFailed: 'The contracts could not be read: {msg}',
      kinds: { supply: 'Supply contract', quality: 'Quality assurance agreement', service: 'Repair service contract' },
      states: {
        all: 'All states', draft: 'Draft', pending: 'Awaiting approval', returned: 'Returned', active: 'Active', expired: 'Expired',
        terminated: 'Terminated',
      },
      approvalRejected: 'Approval rejected', approvalWithdrawn: 'Approval withdrawn',
      days: { left: '{n} days left', one: 'Ends tomorrow', today: 'Ends today' },
      filter: { q: 'Contract no., title or customer name', allKinds: 'All kinds', expiring: 'Ending', expiringIn: 'Ending within {n} days' },
      col: {
        code: 'Contract no.', customer: 'Customer', kind: 'Kind', title: 'Title', amount: 'Amount (yuan)', period: 'Period',
        state: 'State', owner: 'Owner',
      },
      form: {
        titleNew: 'New contract', titleEdit: 'Change contract {code}', customer: 'Customer', customerHint: 'Search by customer name, code or phone',
        kind: 'Kind', title: 'Title', amount: 'Amount (yuan)', startsOn: 'Starts on', endsOn: 'Ends on',
        signedOn: 'Signed on', signedHint: 'Empty while not signed', ourParty: 'Our signing company', signatory: 'Customer\'s signatory', notes: 'Notes',
        order: 'Order', orderHint: 'Optional', ordersFailed: 'The customer\'s orders could not be read: {msg}',
        save: 'Save', cancel: 'Cancel', created: 'Contract created (draft)', saved: 'Saved', noChange: 'Nothing changed',
      },
      err: {
        required: 'Required', tooLong: 'At most {n} characters', date: 'Choose a date', endsBeforeStart: 'The end must be after the start',
        signedFuture: 'The signing date cannot be after today', amountBad: 'An amount, e.g. 128000 or 128000.50',
        amountNegative: 'The amount cannot be negative', amountCents: 'At most two decimals (fen): it is not rounded for you',
        amountRange: 'At most {max} yuan',
      },
      detail: {
        back: 'Back', edit: 'Change', submit: 'Submit', terminate: 'Terminate', renew: 'Renew', notFound: 'No such contract, or you may not see it',
        fields: 'Contract', customer: 'Customer', kind: 'Kind', amount: 'Amount', period: 'Period', startsOn: 'Starts on',
        endsOn: 'Ends on', signedOn: 'Signed on', ourParty: 'Our signing company', signatory: 'Customer\'s signatory', order: 'Order',
        owner: 'Owner', createdBy: 'Created by', createdAt: 'Created at', updatedAt: 'Updated at', notes: 'Notes',
        terminateReason: 'Reason for terminating', approval: 'Approval', openApproval: 'Open the approval request', renewalOf: 'Renews',
        renewedBy: 'Renewed by', needsApproval: 'The amount reaches the approval threshold: once submitted it takes effect when approved.',
        planTitle: 'Payment plan', noOrder: 'A contract\'s payment plan is its order\'s: link one of the customer\'s orders under Change (or place one first), then plan the installments and record payments here.',
        noApproval: 'The amount is below the approval threshold: once submitted it takes effect at once.',
        returnedNote: 'Returned by the approver: change it and submit it again.',
        rejectedNote: 'The approval was rejected: the contract is a draft again.', withdrawnNote: 'The approval request was withdrawn: the contract is a draft again.',
        pendingNote: 'The contract awaits approval.', files: 'Files (signed copies)',
      },
      approvalStates: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn', returned: 'Returned' },
      submit: {
        title: 'Submit the contract', of: 'Contract: {code}', reason: 'Note', reasonHint: 'Optional; the approvers see it', submit: 'Submit',
        cancel: 'Cancel', activated: 'The contract is active', pending: 'Submitted for approval',
      },
      terminate: {
        title: 'Terminate the contract', of: 'Contract: {code}', reason: 'Reason', reasonHint: 'e.g. the customer ended it early', submit: 'Terminate',
        keep: 'Keep it', done: 'Contract terminated', note: 'Once terminated the contract is no longer in force and no expiry reminder is sent.',
      },
      renew: {
        title: 'Renew the contract', ask: 'Create a renewal draft of contract {code}?', dates: 'The new period: {period} (you can change it in the draft)',
        submit: 'Create the renewal draft', cancel: 'Cancel', done: 'Renewal draft created',
      },
      customer: { tab: 'Contracts', empty: 'This customer has no contracts yet', more: 'Load more' },
    },
  },
}
