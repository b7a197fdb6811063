// The lending register (外借登记册): every checkout of customer files and every export,
// its return (注销), and the checkout dialog of the customer pages.
const LoansPage = () => import('./LoansPage.vue')

/** The permission of the register's keepers: everybody's loans, returns and the xlsx export. */
export const perms = { manage: 'loan.manage' }

export const name = 'loans'
export const order = 35

// Every signed-in user has loans of their own: no permission needed.
export const routes = [
  { path: 'loans', name: 'loans', component: LoansPage },
]

export const menu = [
  { path: '/loans', label: 'loans.nav', icon: 'Notebook', test: 'nav-loans', everyone: true },
]

export const messages = {
  'zh-CN': {
    loans: {
      nav: '外借登记册', title: '外借登记册', mine: '我的外借',
      state: '状态', kind: '类型', borrower: '借阅人', lentRange: '外借日期',
      states: { open: '未归还', overdue: '逾期未还', returned: '已归还', all: '全部' },
      kinds: { file: '借阅客户资料', export: '导出' },
      id: '编号', items: '资料', count: '数量', reason: '理由', lentAt: '外借时间', dueAt: '应还时间', returned: '归还',
      overdueDays: '逾期 {n} 天', notReturned: '未归还', returnedBy: '{who} 于 {at} 归还',
      ret: '归还（注销）', retTitle: '归还（注销）外借 #{id}', retNote: '备注（可不填）', retDone: '已登记归还',
      export: '导出 xlsx', exported: '已导出外借登记册',
      checkout: '借出', checkoutTitle: '借出客户资料', checkoutMany: '借出 {n} 位客户的资料',
      customers: '借出的客户', days: '期限（天）',
      confirm: '我确认已领取上述资料并按期归还', confirmRequired: '请勾选确认', reasonRequired: '请填写借出理由',
      checkedOut: '已登记外借 #{id}，请于 {due} 前归还', openRegister: '查看外借登记册',
    },
  },
  en: {
    loans: {
      nav: 'Lending register', title: 'Lending register', mine: 'My loans',
      state: 'State', kind: 'Kind', borrower: 'Borrower', lentRange: 'Lent',
      states: { open: 'Not returned', overdue: 'Overdue', returned: 'Returned', all: 'All' },
      kinds: { file: 'Customer files', export: 'Export' },
      id: 'No.', items: 'Records', count: 'Count', reason: 'Reason', lentAt: 'Lent', dueAt: 'Due', returned: 'Returned',
      overdueDays: '{n} days overdue', notReturned: 'Not returned', returnedBy: 'Returned by {who} at {at}',
      ret: 'Register return', retTitle: 'Register the return of loan #{id}', retNote: 'Note (optional)', retDone: 'Return registered',
      export: 'Export xlsx', exported: 'The lending register was exported',
      checkout: 'Check out', checkoutTitle: 'Check out customer files', checkoutMany: 'Check out the files of {n} customers',
      customers: 'Customers checked out', days: 'Days',
      confirm: 'I confirm I received these records and will return them on time', confirmRequired: 'Please confirm', reasonRequired: 'Give the reason',
      checkedOut: 'Loan #{id} registered: return by {due}', openRegister: 'Open the lending register',
    },
  },
}
