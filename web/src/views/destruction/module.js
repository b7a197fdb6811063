// Retention and destruction 销毁 (R-SEC-7): the archived customers whose retention period has
// passed, the destruction request (an approval of kind customer.destroy), the destruction
// register, the request dialog of a customer's page and the retention periods card of Settings.
const DestructionPage = () => import('./DestructionPage.vue')

export const perms = {
  /** Asking for a destruction; sees the due list, the rules and the register. */
  destroy: 'customer.destroy',
  /** The register only. */
  audit: 'audit.read',
  /** Changing the retention periods. */
  settings: 'settings.manage',
}

export const name = 'destruction'
export const order = 38

export const routes = [
  { path: 'destruction', name: 'destruction', component: DestructionPage, meta: { perm: [perms.destroy, perms.audit] } },
]

export const menu = [
  { path: '/destruction', label: 'destruction.nav', icon: 'DeleteFilled', test: 'nav-destruction' },
]

export const messages = {
  'zh-CN': {
    destruction: {
      nav: '销毁管理', title: '销毁管理', tabs: { due: '到期待销毁', register: '销毁登记' },
      dueHint: '以下已归档客户的保管期限已满，可申请销毁；总经理同意后档案即被彻底删除，只在销毁登记中留下编号。',
      code: '客户编号', name: '客户名称', category: '类别', stage: '阶段', secrecy: '密级',
      archivedAt: '归档时间', dueSince: '到期时间', emptyDue: '目前没有保管期满、待销毁的客户。',
      selected: '已选 {n} 位', clear: '清除选择', request: '申请销毁',
      register: {
        hint: '销毁后只保留编号、类别、阶段和审批经过，不含任何个人信息。',
        id: '登记号', destroyedAt: '销毁时间', requestId: '审批申请', reason: '理由',
        requestedBy: '申请人', approvedBy: '批准人', wiped: '数据清除', wiping: '清除中',
        more: '加载更多', empty: '还没有销毁记录。',
      },
      customer: {
        archived: '归档于 {at}', keptUntil: '保管至 {at}', kept: '永久保存',
      },
      dialog: {
        title: '申请销毁客户档案', titleMany: '申请销毁 {n} 位客户的档案',
        why: '销毁后客户档案及其联系人、修改记录等全部删除，无法恢复。申请须经总经理审批，同意后立即执行。',
        customers: '销毁的客户', reasonHint: '例如：保管期满，按档案管理规定销毁。请勿填写客户姓名。',
        purposeHint: '可不填', submit: '提交申请',
        after: '审批同意后，这些档案会被销毁，并记入销毁登记。',
      },
      rules: {
        title: '保管期限', hint: '客户归档后按类别和阶段保管一定月数，期满后列入“到期待销毁”。最具体的规则优先；* 表示任意；0 个月为永久保存。',
        category: '类别', stage: '阶段', months: '保管月数', any: '* 任意', add: '添加规则', remove: '删除',
        empty: '没有规则：归档客户永久保存。', monthsUnit: '个月', keptForGood: '永久保存',
        changed: '有修改尚未保存',
      },
      err: {
        noCustomers: '请选择要销毁的客户', tooMany: '一次最多申请销毁 200 位客户', tooLong: '不能超过 1000 个字符',
        months: '须为 0 到 1200 的整数（0 为永久保存）', twice: '已有相同类别和阶段的规则', tooManyRules: '最多 100 条规则',
      },
    },
  },
  en: {
    destruction: {
      nav: 'Destruction', title: 'Destruction', tabs: { due: 'Due', register: 'Register' },
      dueHint: 'These archived customers are past their retention period and may be destroyed. Once the general manager approves, the records are deleted for good; the register keeps only their codes.',
      code: 'Code', name: 'Name', category: 'Category', stage: 'Stage', secrecy: 'Secrecy',
      archivedAt: 'Archived on', dueSince: 'Due since', emptyDue: 'No customer is past its retention period.',
      selected: '{n} selected', clear: 'Clear selection', request: 'Request destruction',
      register: {
        hint: 'A destroyed record leaves its code, category, stage and the approval behind, and no personal data.',
        id: 'No.', destroyedAt: 'Destroyed', requestId: 'Request', reason: 'Reason',
        requestedBy: 'Requested by', approvedBy: 'Approved by', wiped: 'Data wiped', wiping: 'wiping',
        more: 'Load more', empty: 'No records destroyed yet.',
      },
      customer: {
        archived: 'Archived on {at}', keptUntil: 'kept until {at}', kept: 'kept',
      },
      dialog: {
        title: 'Request the destruction of a customer record', titleMany: 'Request the destruction of {n} customer records',
        why: 'Destroying deletes the record with its contacts, history and everything else for good. The general manager approves the request; the destruction follows at once.',
        customers: 'Customers to destroy', reasonHint: 'E.g. retention period over, destroyed under the records policy. Do not write the customer\'s name.',
        purposeHint: 'Optional', submit: 'Submit request',
        after: 'Once approved, these records are destroyed and entered in the destruction register.',
      },
      rules: {
        title: 'Retention periods', hint: 'An archived customer is kept for a number of months by category and stage, then listed as due for destruction. The most specific rule wins; * means any; 0 months keeps it for good.',
        category: 'Category', stage: 'Stage', months: 'Months', any: '* any', add: 'Add rule', remove: 'Remove',
        empty: 'No rules: archived customers are kept for good.', monthsUnit: 'months', keptForGood: 'kept for good',
        changed: 'Changes not saved yet',
      },
      err: {
        noCustomers: 'Choose the customers to destroy', tooMany: 'At most 200 customers per request', tooLong: 'At most 1000 characters',
        months: 'A whole number from 0 to 1200 (0: kept for good)', twice: 'Another rule has this category and stage', tooManyRules: 'At most 100 rules',
      },
    },
  },
}
