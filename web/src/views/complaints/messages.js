// The texts of the complaints 投诉 pages, the `complaints` namespace of the module's messages:
// zh-CN first, then English. The labels of channels, categories and severities are the server's
// (GET /complaints choices; DEFAULT_CHOICES at the end has the same, for before the first answer).
export default {
  'zh-CN': {
    complaints: {
      nav: '投诉', title: '投诉', tab: '投诉',
      intro: '登记客户的投诉（电话、到店、信函、电子邮件等），处理完毕后填写处理结果。收到书面投诉会生成立即电话回访的待办，投诉处理完毕会生成回访待办（按回访规则，由定时任务生成）。',
      add: '登记投诉', state: '状态', states: { open: '待处理', resolved: '已处理', all: '全部' },
      written: '书面', major: '重大', number: '投诉 #{id}',
      col: { id: '编号', receivedAt: '收到时间', customer: '客户', channel: '渠道', category: '类别', severity: '严重程度', summary: '投诉内容', state: '状态' },
      receivedAt: '{at} 收到', createdBy: '{who} 登记', resolvedBy: '{who} 于 {at} 处理完毕', resolvedAt: '{at} 处理完毕', resolution: '处理结果',
      form: {
        title: '登记投诉', customer: '客户', customerHint: '输入客户名称、编码或电话搜索', channel: '投诉渠道', category: '投诉类别', categoryHint: '请选择类别',
        severity: '严重程度', written: '书面投诉', writtenHint: '信函、电子邮件、网页表单默认为书面投诉；收到书面投诉会生成立即电话回访的待办',
        receivedAt: '收到时间', receivedHint: '不填即现在', summary: '投诉内容', summaryHint: '客户投诉了什么，有什么要求', submit: '登记',
      },
      recorded: '已登记投诉 #{id}', recordedWritten: '已登记书面投诉 #{id}，立即电话回访的待办稍后自动生成',
      resolve: '处理完毕', resolveTitle: '投诉处理完毕', resolutionHint: '怎样处理的，客户是否接受', resolveSubmit: '处理完毕',
      resolved: '投诉 #{id} 已处理完毕，回访待办稍后自动生成',
      empty: '没有投诉', customerEmpty: '这位客户没有投诉', more: '加载更多', loadFailed: '无法读取投诉：{msg}',
      err: { tooLong: '不能超过 {n} 个字', future: '收到时间不能晚于现在', tooEarly: '收到时间不能早于 2000 年' },
    },
  },
  en: {
    complaints: {
      nav: 'Complaints', title: 'Complaints', tab: 'Complaints',
      intro: 'Record customers\' complaints (by phone, in store, by letter, email …) and, once dealt with, how they were resolved. A written complaint brings a task to call the customer at once, a resolved complaint a callback task (by the follow-up rules, made by the scheduled job).',
      add: 'Record a complaint', state: 'State', states: { open: 'Open', resolved: 'Resolved', all: 'All' },
      written: 'Written', major: 'Major', number: 'Complaint #{id}',
      col: { id: 'No.', receivedAt: 'Received', customer: 'Customer', channel: 'Channel', category: 'Category', severity: 'Severity', summary: 'Complaint', state: 'State' },
      receivedAt: 'Received {at}', createdBy: 'Recorded by {who}', resolvedBy: 'Resolved by {who} at {at}', resolvedAt: 'Resolved at {at}', resolution: 'Resolution',
      form: {
        title: 'Record a complaint', customer: 'Customer', customerHint: 'Search by customer name, code or phone', channel: 'Channel', category: 'Category', categoryHint: 'Choose a category',
        severity: 'Severity', written: 'Written complaint', writtenHint: 'Letters, emails and web forms are written unless you say otherwise; a written complaint brings a task to call at once',
        receivedAt: 'Received', receivedHint: 'Now when empty', summary: 'Complaint', summaryHint: 'What the customer complains about and asks for', submit: 'Record',
      },
      recorded: 'Complaint #{id} recorded', recordedWritten: 'Written complaint #{id} recorded; the task to call at once follows shortly',
      resolve: 'Resolve', resolveTitle: 'Resolve the complaint', resolutionHint: 'How it was resolved, and whether the customer accepts it', resolveSubmit: 'Resolve',
      resolved: 'Complaint #{id} resolved; the callback task follows shortly',
      empty: 'No complaints', customerEmpty: 'This customer has no complaints', more: 'Load more', loadFailed: 'The complaints cannot be read: {msg}',
      err: { tooLong: 'At most {n} characters', future: 'It cannot be in the future', tooEarly: 'It cannot be before 2000' },
    },
  },
}

const choice = (value, zh, en) => ({ value, zh, en })

/**
 * The labels when the server's answer has no choices (a list not read yet): the same values and
 * words as the server's GET /complaints choices.
 */
export const DEFAULT_CHOICES = {
  channels: [
    choice('phone', '电话', 'Phone'), choice('store', '到店', 'In store'), choice('web', '网页表单', 'Web form'),
    choice('email', '电子邮件', 'E-mail'), choice('letter', '信函', 'Letter'), choice('call_center', '呼叫中心', 'Call center'),
    choice('survey', '意见卡', 'Survey card'),
  ],
  categories: [
    choice('attitude', '服务态度', 'Service attitude'), choice('service', '服务质量', 'Service quality'),
    choice('product', '产品质量', 'Product quality'), choice('price', '价格与收费', 'Price and billing'),
    choice('communication', '沟通', 'Communication'),
  ],
  severities: [choice('general', '一般', 'General'), choice('major', '重大', 'Major')],
}
