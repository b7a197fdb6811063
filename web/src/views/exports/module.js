// Approved exports (R-SEC-6): exporting customer records needs the permission export.approve
// (the general manager, the customer-information supervisor) or an approved request. The
// page 我的导出申请 lists the user's requests and produces an approved one; the dialog that
// files a request opens from the customer list's export menu and a customer's page.
const ExportsPage = () => import('./ExportsPage.vue')

/** Who exports directly, without requests. */
export const perms = { direct: 'export.approve' }

export const name = 'exports'
export const order = 36

// Anyone who sees customers may ask to export them.
export const routes = [
  { path: 'exports', name: 'exports', component: ExportsPage, meta: { scope: 'customers' } },
]

export const menu = [
  { path: '/exports', label: 'exports.nav', icon: 'Download', test: 'nav-exports' },
]

export const messages = {
  'zh-CN': {
    exports: {
      nav: '我的导出申请', title: '我的导出申请',
      direct: '您可以直接导出客户资料，无需申请。', directLink: '去客户列表导出',
      empty: '还没有导出申请。在客户列表或客户页面点“申请导出”提交申请。',
      id: '编号', summary: '导出内容', state: '状态', createdAt: '申请时间', decidedAt: '审批时间', producedAt: '生成时间',
      produce: '生成并下载', producing: '正在生成…', producedDone: '导出文件已生成，已开始下载',
      produced: '已生成', producedOn: '已于 {at} 生成', running: '正在生成', downloadAgain: '再次下载',
      request: '申请导出', csvGb18030: 'CSV（GB18030）', pdfFile: '打印客户档案（PDF）',
      err: { tooLong: '不能超过 1000 个字符' },
      dialog: {
        title: '申请导出客户资料',
        why: '导出客户资料须经总经理或客户信息主管批准。提交申请后由客户信息主管审批；批准后，您可在“我的导出申请”中生成并下载文件，仅限一次，内容以批准的为准。',
        what: '导出内容', list: '客户列表，按以下筛选条件', all: '客户列表：您能看到的全部客户（未设筛选条件）', format: '格式',
        customer: '客户档案', reasonHint: '为什么需要导出', purposeHint: '导出后做什么用，例如：电话回访',
        submit: '提交申请', decider: '由客户信息主管审批', after: '批准后，请在“我的导出申请”中生成并下载文件。', mine: '查看我的导出申请',
      },
      approval: {
        ready: '申请已批准：可以生成导出文件，仅限一次。', produce: '生成导出文件',
      },
    },
  },
  en: {
    exports: {
      nav: 'My export requests', title: 'My export requests',
      direct: 'You export customer records directly, without requests.', directLink: 'Export from the customer list',
      empty: 'No export requests yet. Use "Request export" on the customer list or a customer\'s page.',
      id: 'No.', summary: 'Export', state: 'State', createdAt: 'Asked', decidedAt: 'Decided', producedAt: 'Produced',
      produce: 'Produce and download', producing: 'Producing…', producedDone: 'The export was produced; the download has started',
      produced: 'Produced', producedOn: 'Produced at {at}', running: 'Being produced', downloadAgain: 'Download again',
      request: 'Request export', csvGb18030: 'CSV (GB18030)', pdfFile: 'Print the customer file (PDF)',
      err: { tooLong: 'At most 1000 characters' },
      dialog: {
        title: 'Request an export of customer records',
        why: 'Exporting customer records needs the approval of the general manager or the customer-information supervisor. The supervisor decides your request; once it is approved, produce and download the file from "My export requests", once, with what was approved.',
        what: 'What is exported', list: 'The customer list, filtered by', all: 'The customer list: every customer you can see (no filter)', format: 'Format',
        customer: 'Customer file', reasonHint: 'Why the export is needed', purposeHint: 'What it is for, e.g. follow-up calls',
        submit: 'Submit request', decider: 'The customer-information supervisor decides', after: 'Once approved, produce and download the file from "My export requests".', mine: 'Open my export requests',
      },
      approval: {
        ready: 'Approved: the export can be produced, once.', produce: 'Produce the export',
      },
    },
  },
}
