// Access requests 查阅申请: asking to read customers one may not see (filed and decided as an
// approval of kind access.read), and the grants in force — read-only, until their term ends.
const Grants = () => import('./GrantsPage.vue')

export const name = 'access'
// After the approvals: a role that sees no customers lands on the approvals page, as before.
export const order = 45

// Anyone signed in may ask and hold grants: no permission, no record scope.
export const routes = [
  { path: 'access-grants', name: 'access-grants', component: Grants },
]

export const menu = [
  { path: '/access-grants', label: 'access.nav', icon: 'Key', test: 'nav-access-grants', everyone: true },
]

export const messages = {
  'zh-CN': {
    access: {
      nav: '我的查阅授权',
      request: {
        open: '申请查阅', openThis: '申请查阅此客户', title: '申请查阅客户资料',
        why: '查阅您无权查看的客户资料须经审批：部门负责人、客服部门（信息主管）依次审批，机密或绝密客户还须客服经理审批。获批后在期限内只读查看，每次查看都会记录。',
        customer: '客户', customerId: '客户 #{id}', codes: '客户编号', codesHint: '输入或粘贴客户编号，回车、空格或逗号分隔',
        days: '查阅期限', daysUnit: '天（自批准时起）', purposeHint: '例如：客户回访、核对回款', submit: '提交申请',
        forVisitor: '为外部查阅人申请', forSelf: '本人查阅（不选）', visitorLabel: '{name}（{org}）',
      },
      grants: {
        title: '我的查阅授权', hint: '经批准可以只读查看的客户，到期后自动失效。这些客户不会出现在客户列表和搜索中，请从这里打开。',
        empty: '没有生效中的查阅授权', code: '客户编号', name: '客户名称', until: '有效至', untilAt: '有效至 {at}', request: '查阅申请',
        left: { hours: '剩余 {n} 小时', days: '剩余 {n} 天' }, ended: '已到期',
      },
      readOnly: '凭查阅申请 #{id} 只读查看，至 {at}', openRequest: '查看申请',
      err: { noRecords: '请填写要查阅的客户编号', tooMany: '一次最多申请查阅 {max} 位客户', badCode: '客户编号过长', days: '期限应为至少 1 天的整数' },
    },
  },
  en: {
    access: {
      nav: 'My access grants',
      request: {
        open: 'Request access', openThis: 'Request access to this customer', title: 'Request access to customer records',
        why: 'Reading customer records you may not see needs approval: your department head, then customer service (the information supervisor), and for a confidential or top-secret record also the CS manager. Once approved you read them, without changing them, until the term ends; every read is logged.',
        customer: 'Customer', customerId: 'Customer #{id}', codes: 'Customer codes', codesHint: 'Type or paste codes, separated by Enter, spaces or commas',
        days: 'Term', daysUnit: 'days (from the approval)', purposeHint: 'e.g. a follow-up call, checking payments', submit: 'Submit request',
        forVisitor: 'On behalf of a visitor', forSelf: 'For myself (leave empty)', visitorLabel: '{name} ({org})',
      },
      grants: {
        title: 'My access grants', hint: 'Customers you may read, without changing them, through approved requests; each grant ends by itself. They are not in the customer list or search: open them here.',
        empty: 'No access grants in force', code: 'Code', name: 'Name', until: 'Until', untilAt: 'Until {at}', request: 'Request',
        left: { hours: '{n} h left', days: '{n} days left' }, ended: 'Ended',
      },
      readOnly: 'Read-only through access request #{id} until {at}', openRequest: 'Open request',
      err: { noRecords: 'Enter the codes of the customers to read', tooMany: 'At most {max} customers in one request', badCode: 'A customer code is too long', days: 'The term is a whole number of days, at least 1' },
    },
  },
}
