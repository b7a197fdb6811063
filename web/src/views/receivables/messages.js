// The texts of the receivables 回款 and invoice 发票 pages (R-DEV-5), the `receivables` namespace
// of the module's messages: zh-CN first, then English.
export default {
  'zh-CN': {
    receivables: {
      nav: '回款', title: '回款', loadFailed: '无法读取回款：{msg}', record: '登记回款', recordShort: '登记回款',
      states: { open: '未收清', overdue: '已逾期', paid: '已收清', all: '全部' },
      state: { open: '待收', overdue: '逾期 {n} 天', overdueShort: '逾期', paid: '已收清' },
      filter: { allOwners: '全部负责人', dueRange: '到期日', order: '只看订单 {code}', orderId: '只看订单 #{id}' },
      col: {
        order: '订单号', customer: '客户', seq: '期次', due: '到期日', amount: '应收（元）', paid: '已收（元）',
        outstanding: '未收（元）', state: '状态', owner: '负责人', actions: '操作',
      },
      seq: '第 {n} 期',
      overview: {
        outstanding: '未收合计', overdue: '逾期未收', overdueCount: '{n} 期逾期', dueSoon: '30 天内到期',
        dueSoonHint: '今后 30 天内到期的未收金额', yuan: '{amount} 元', aging: '逾期账龄', agingHint: '逾期分期按逾期天数分组',
        agingEmpty: '没有逾期的分期', buckets: { '1-30': '1–30 天', '31-60': '31–60 天', '61-90': '61–90 天', '90+': '90 天以上' },
        tip: '{bucket}：{amount} 元，{count} 期', series: '逾期金额', axisDiv: '10000', axisShort: '{n}万',
      },
      panel: {
        title: '回款', plan: '回款计划', payments: '回款记录', invoices: '发票', editPlan: '修改计划', issue: '开具发票',
        amount: '订单金额', paid: '已收', outstanding: '未收', overdue: '逾期', invoiced: '已开票', notInvoiced: '未开票',
        noPlan: '没有回款计划', noPayments: '还没有回款', noInvoices: '还没有开具发票', cancelled: '订单已取消，不再登记回款或开票',
        matchHint: '回款按到期日先后冲抵各期：先冲最早未收清的一期。', allocation: '第 {seq} 期 {amount}',
      },
      pcol: {
        received: '收款日期', amount: '金额（元）', method: '方式', reference: '凭证号', notes: '备注', allocations: '冲抵分期',
        by: '登记人',
      },
      methods: { bank: '银行转账', cash: '现金', wechat: '微信', alipay: '支付宝', cheque: '支票', other: '其他' },
      plan: {
        title: '回款计划 {code}', hint: '各期到期日须逐期递增，金额合计须等于订单金额。已收的款项按新计划重新冲抵。',
        due: '到期日', amount: '金额（元）', add: '增加一期', remove: '删除', row: '第 {n} 期', total: '各期合计 {amount} 元',
        orderAmount: '订单金额 {amount} 元', short: '还差 {amount} 元', over: '多了 {amount} 元', even: '与订单金额一致',
        save: '保存', cancel: '取消', saved: '回款计划已保存',
      },
      pay: {
        title: '登记回款 {code}', owed: '订单未收 {amount} 元', amount: '金额（元）', method: '收款方式', received: '收款日期',
        receivedHint: '不填即今天', reference: '凭证号', referenceHint: '如：银行流水号、支票号', notes: '备注', save: '登记',
        cancel: '取消', done: '已登记回款', loading: '正在读取订单的回款…', nothingOwed: '这笔订单已收清',
      },
      inv: {
        title: '开具发票 {code}', titleId: '发票抬头', titleHint: '选择客户的发票抬头', noTitles: '这个客户还没有发票抬头，请先新增。',
        addTitle: '新增抬头', kind: '发票种类', kinds: { normal: '增值税普通发票', special: '增值税专用发票' },
        specialHint: '专用发票须开给单位抬头，且地址、电话、开户行、账号齐全。', number: '发票号码', numberHint: '8 到 20 位数字',
        amount: '金额（元）', issued: '开票日期', issuedHint: '不填即今天', rest: '订单未开票 {amount} 元', save: '开具', cancel: '取消',
        done: '已开具发票', col: { issued: '开票日期', kind: '种类', number: '发票号码', title: '抬头', amount: '金额（元）', by: '开票人' },
      },
      customer: { tab: '回款', outstanding: '未收合计（元）', overdue: '其中逾期（元）', empty: '这位客户没有未收清的应收款', more: '加载更多' },
      titles: {
        tab: '发票抬头', add: '新增抬头', edit: '修改', delete: '删除', setDefault: '设为默认', default: '默认',
        kinds: { company: '单位', individual: '个人' }, empty: '还没有发票抬头',
        deleteAsk: '删除发票抬头“{name}”？', deleted: '已删除', saved: '已保存', defaultSet: '已设为默认抬头',
        col: { name: '名称', kind: '类型', taxNumber: '税号', address: '地址', phone: '电话', bank: '开户行', account: '账号' },
        form: {
          titleNew: '新增发票抬头', titleEdit: '修改发票抬头', kind: '抬头类型', name: '名称', nameHint: '单位全称或个人姓名',
          taxNumber: '税号（统一社会信用代码）', taxHint: '18 位，如 91350100M000100Y43', address: '地址', phone: '电话',
          bank: '开户行', account: '账号', isDefault: '设为默认抬头', save: '保存', cancel: '取消', noChange: '没有改动',
        },
      },
      err: {
        required: '请填写', tooLong: '最多 {n} 个字', date: '日期格式为 YYYY-MM-DD', future: '不能晚于今天',
        noRows: '回款计划至少要有一期', tooMany: '回款计划最多 {n} 期', ascending: '到期日须晚于上一期',
        positive: '金额须大于 0', sum: '各期合计须等于订单金额',
        amountBad: '请填写金额，如 1288 或 1288.50', amountNegative: '金额不能为负数',
        amountCents: '金额最多到分（两位小数），不会替您四舍五入', amountRange: '金额不能超过 {max} 元',
        usccLength: '统一社会信用代码为 18 位', usccChars: '统一社会信用代码只用数字和大写字母（不用 I、O、S、V、Z）',
        usccCheck: '统一社会信用代码的校验位不对，请核对', individualTax: '个人抬头不填税号', invoiceNumber: '发票号码为 8 到 20 位数字',
      },
    },
  },
  en: {
    receivables: {
      nav: 'Receivables', title: 'Receivables', loadFailed: 'The receivables could not be read: {msg}', record: 'Record payment', recordShort: 'Record',
      states: { open: 'Not fully paid', overdue: 'Overdue', paid: 'Paid', all: 'All' },
      state: { open: 'Open', overdue: '{n}d overdue', overdueShort: 'Overdue', paid: 'Paid' },
      filter: { allOwners: 'All owners', dueRange: 'Due', order: 'Order {code} only', orderId: 'Order #{id} only' },
      col: {
        order: 'Order no.', customer: 'Customer', seq: 'No.', due: 'Due', amount: 'Due amount (yuan)', paid: 'Paid (yuan)',
        outstanding: 'Outstanding (yuan)', state: 'State', owner: 'Owner', actions: 'Actions',
      },
      seq: 'Installment {n}',
      overview: {
        outstanding: 'Outstanding', overdue: 'Overdue', overdueCount: '{n} installment(s) overdue', dueSoon: 'Due in 30 days',
        dueSoonHint: 'Outstanding amounts due in the next 30 days', yuan: '{amount} yuan', aging: 'Aging', agingHint: 'Overdue installments by days past due',
        agingEmpty: 'No installment is overdue', buckets: { '1-30': '1–30 days', '31-60': '31–60 days', '61-90': '61–90 days', '90+': 'Over 90 days' },
        tip: '{bucket}: {amount} yuan, {count} installment(s)', series: 'Overdue amount', axisDiv: '1000', axisShort: '{n}k',
      },
      panel: {
        title: 'Receivable', plan: 'Payment plan', payments: 'Payments', invoices: 'Invoices', editPlan: 'Edit the plan', issue: 'Issue an invoice',
        amount: 'Order amount', paid: 'Paid', outstanding: 'Outstanding', overdue: 'Overdue', invoiced: 'Invoiced', notInvoiced: 'Not invoiced',
        noPlan: 'No payment plan', noPayments: 'No payment yet', noInvoices: 'No invoice yet', cancelled: 'The order is cancelled: no more payments or invoices',
        matchHint: 'Payments pay the installments earliest due first: the oldest unpaid one, then the next.', allocation: 'No. {seq}: {amount}',
      },
      pcol: {
        received: 'Received', amount: 'Amount (yuan)', method: 'Method', reference: 'Reference', notes: 'Notes', allocations: 'Paid installments',
        by: 'Recorded by',
      },
      methods: { bank: 'Bank transfer', cash: 'Cash', wechat: 'WeChat Pay', alipay: 'Alipay', cheque: 'Cheque', other: 'Other' },
      plan: {
        title: 'Payment plan of {code}', hint: 'Due days strictly ascending; the amounts add up to the order\'s amount. Payments received are matched to the new plan again.',
        due: 'Due', amount: 'Amount (yuan)', add: 'Add an installment', remove: 'Remove', row: 'Installment {n}', total: 'Installments total {amount} yuan',
        orderAmount: 'Order amount {amount} yuan', short: '{amount} yuan still to plan', over: '{amount} yuan too much', even: 'Equal to the order\'s amount',
        save: 'Save', cancel: 'Cancel', saved: 'Payment plan saved',
      },
      pay: {
        title: 'Record a payment for {code}', owed: 'The order still owes {amount} yuan', amount: 'Amount (yuan)', method: 'Method', received: 'Received on',
        receivedHint: 'Today when empty', reference: 'Reference', referenceHint: 'e.g. bank transaction or cheque number', notes: 'Notes', save: 'Record',
        cancel: 'Cancel', done: 'Payment recorded', loading: 'Reading the order\'s receivable…', nothingOwed: 'This order is fully paid',
      },
      inv: {
        title: 'Issue an invoice for {code}', titleId: 'Invoice title', titleHint: 'Choose one of the customer\'s invoice titles', noTitles: 'The customer has no invoice title yet: add one first.',
        addTitle: 'Add a title', kind: 'Kind', kinds: { normal: 'Normal VAT invoice', special: 'Special VAT invoice' },
        specialHint: 'A special VAT invoice goes to a company title with its address, phone, bank and account.', number: 'Invoice number', numberHint: '8 to 20 digits',
        amount: 'Amount (yuan)', issued: 'Issued on', issuedHint: 'Today when empty', rest: '{amount} yuan of the order not yet invoiced', save: 'Issue', cancel: 'Cancel',
        done: 'Invoice issued', col: { issued: 'Issued', kind: 'Kind', number: 'Number', title: 'Title', amount: 'Amount (yuan)', by: 'Issued by' },
      },
      customer: { tab: 'Receivables', outstanding: 'Owed (yuan)', overdue: 'Of which overdue (yuan)', empty: 'This customer owes nothing', more: 'Load more' },
      titles: {
        tab: 'Invoice titles', add: 'Add a title', edit: 'Edit', delete: 'Delete', setDefault: 'Make default', default: 'Default',
        kinds: { company: 'Company', individual: 'Individual' }, empty: 'No invoice title yet',
        deleteAsk: 'Delete the invoice title "{name}"?', deleted: 'Deleted', saved: 'Saved', defaultSet: 'Now the default title',
        col: { name: 'Name', kind: 'Kind', taxNumber: 'Tax number', address: 'Address', phone: 'Phone', bank: 'Bank', account: 'Account' },
        form: {
          titleNew: 'New invoice title', titleEdit: 'Edit the invoice title', kind: 'Kind', name: 'Name', nameHint: 'The company\'s full name or the person\'s name',
          taxNumber: 'Tax number (unified social credit code)', taxHint: '18 characters, e.g. 91350100M000100Y43', address: 'Address', phone: 'Phone',
          bank: 'Bank', account: 'Account', isDefault: 'The default title', save: 'Save', cancel: 'Cancel', noChange: 'Nothing changed',
        },
      },
      err: {
        required: 'Required', tooLong: 'At most {n} characters', date: 'A day as YYYY-MM-DD', future: 'Not after today',
        noRows: 'A plan needs at least one installment', tooMany: 'At most {n} installments', ascending: 'Due after the installment before',
        positive: 'The amount must be more than 0', sum: 'The installments must add up to the order\'s amount',
        amountBad: 'An amount, e.g. 1288 or 1288.50', amountNegative: 'The amount cannot be negative',
        amountCents: 'At most two decimals (fen): it is not rounded for you', amountRange: 'At most {max} yuan',
        usccLength: 'A unified social credit code has 18 characters', usccChars: 'Only digits and capital letters (no I, O, S, V or Z)',
        usccCheck: 'The check character does not match: please check the code', individualTax: 'An individual\'s title has no tax number', invoiceNumber: 'The invoice number is 8 to 20 digits',
      },
    },
  },
}
