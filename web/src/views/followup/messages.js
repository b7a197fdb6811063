// The texts of meeting minutes 会谈纪要 (R-INT-3), the `minutes` namespace of the followup
// module's messages (module.js adds them to its own): zh-CN first, then English.
export default {
  'zh-CN': {
    minutes: {
      nav: '会谈纪要', title: '会谈纪要', of: '{name}的会谈纪要', kind: '会谈纪要',
      states: { due: '待写', submitted: '审阅中', returned: '退回修改', rejected: '已驳回', approved: '已通过', sent: '已发送', confirmed: '已确认' },
      filter: { all: '全部', late: '逾期' },
      late: { overdue: '已逾期', submitted: '逾期提交' },
      act: { write: '写纪要', sent: '标记已发送', confirm: '客户已确认', open: '查看' },
      line: { label: '会谈纪要', due: '{at} 前提交', submittedAt: '{at} 提交', request: '审阅单 #{id}' },
      dialog: {
        title: '会谈纪要', customer: '客户', meeting: '会谈时间', due: '提交期限', dueAt: '请于 {at} 前提交', overdue: '已过提交期限（{at}），现在提交将记为逾期',
        author: '编写人', state: '状态', body: '纪要内容', bodyHint: '会谈时间、地点、双方参加人、商谈的事项、达成的共识与下一步安排',
        returned: '{who} 退回修改', returnedNoName: '审阅人退回修改', submit: '提交审阅', resubmit: '重新提交审阅',
        note: '客户确认情况（可不填）', noteHint: '如：客户邮件回复已收到', sentAt: '{at} 发送客户', confirmedAt: '{at} 客户确认收到',
        submittedAt: '{at} 提交', approvedAt: '{at} 审阅通过', review: '查看审阅单 #{id}', rejected: '审阅人驳回了这份纪要',
        readOnly: '会谈纪要由会谈记录人编写', loadFailed: '无法读取会谈纪要：{msg}',
      },
      done: { write: '已提交审阅', sent: '已标记为已发送客户', confirm: '已记录客户确认收到' },
      sentConfirm: '确认这份纪要已发送给客户？', sentConfirmTitle: '标记已发送',
      list: {
        state: '状态', person: '人员', me: '我自己', customer: '客户', meeting: '会谈时间', due: '提交期限', author: '编写人',
        empty: '没有会谈纪要', loadFailed: '无法读取会谈纪要：{msg}',
      },
      views: { list: '纪要', counts: '按人统计' },
      counts: {
        from: '统计起始日期', person: '人员', total: '应写', late: '逾期提交', overdue: '逾期未交', show: '查看纪要',
        hint: '有逾期的人员标红并排在前面；点一位人员查看其纪要', empty: '这段时间没有需要编写的纪要', loadFailed: '无法读取统计：{msg}',
      },
      review: { title: '会谈纪要', rewrite: '修改纪要并重新提交', open: '在纪要页查看', loadFailed: '无法读取这份会谈纪要：{msg}' },
      err: { tooLong: '不能超过 {n} 个字' },
    },
  },
  en: {
    minutes: {
      nav: 'Minutes', title: 'Meeting minutes', of: 'Minutes of {name}', kind: 'Minutes',
      states: { due: 'To write', submitted: 'In review', returned: 'Returned', rejected: 'Rejected', approved: 'Approved', sent: 'Sent', confirmed: 'Confirmed' },
      filter: { all: 'All', late: 'Late' },
      late: { overdue: 'Overdue', submitted: 'Submitted late' },
      act: { write: 'Write minutes', sent: 'Mark sent', confirm: 'Customer confirmed', open: 'Open' },
      line: { label: 'Minutes', due: 'Due {at}', submittedAt: 'Submitted {at}', request: 'Review #{id}' },
      dialog: {
        title: 'Meeting minutes', customer: 'Customer', meeting: 'Meeting', due: 'Due', dueAt: 'Submit them by {at}', overdue: 'The due time ({at}) has passed: submitted now they count as late',
        author: 'Written by', state: 'State', body: 'Minutes', bodyHint: 'When and where, who took part on each side, what was discussed, what was agreed and what comes next',
        returned: 'Returned by {who}', returnedNoName: 'Returned by the reviewer', submit: 'Submit for review', resubmit: 'Submit again for review',
        note: 'How the customer confirmed (optional)', noteHint: 'e.g. the customer replied by e-mail', sentAt: 'Sent to the customer {at}', confirmedAt: 'Confirmed received {at}',
        submittedAt: 'Submitted {at}', approvedAt: 'Approved {at}', review: 'Open review #{id}', rejected: 'The reviewer rejected these minutes',
        readOnly: 'Minutes are written by the one who logged the meeting', loadFailed: 'The minutes cannot be read: {msg}',
      },
      done: { write: 'Submitted for review', sent: 'Marked sent to the customer', confirm: 'The customer\'s confirmation is recorded' },
      sentConfirm: 'Have these minutes been sent to the customer?', sentConfirmTitle: 'Mark sent',
      list: {
        state: 'State', person: 'Person', me: 'Myself', customer: 'Customer', meeting: 'Meeting', due: 'Due', author: 'Written by',
        empty: 'No minutes', loadFailed: 'The minutes cannot be read: {msg}',
      },
      views: { list: 'Minutes', counts: 'Per person' },
      counts: {
        from: 'Counted from', person: 'Person', total: 'Called for', late: 'Submitted late', overdue: 'Overdue', show: 'Show minutes',
        hint: 'People with late minutes are in red and first; click one to see their minutes', empty: 'No minutes were called for in this period', loadFailed: 'The counts cannot be read: {msg}',
      },
      review: { title: 'Meeting minutes', rewrite: 'Rewrite and submit again', open: 'Open on the minutes page', loadFailed: 'These minutes cannot be read: {msg}' },
      err: { tooLong: 'At most {n} characters' },
    },
  },
}
