// The texts of the orders 订单 pages (issue 14 item 4), the `orders` namespace of the module's
// messages: zh-CN first, then English.
export default {
  'zh-CN': {
    orders: {
      nav: '订单', title: '订单', add: '新建订单', loadFailed: '无法读取订单：{msg}', overdue: '逾期未交付',
      states: { all: '全部状态', confirmed: '已确认', delivered: '已交付', cancelled: '已取消' },
      filter: { q: '订单号或客户名称', orderedRange: '下单日期', allOwners: '全部负责人' },
      col: {
        code: '订单号', customer: '客户', orderedAt: '下单时间', amount: '金额（元）', state: '状态',
        deliveryDue: '交付期限', owner: '负责人',
      },
      form: {
        titleNew: '新建订单', titleEdit: '修改订单 {code}', customer: '客户', customerHint: '输入客户名称、编码或电话搜索',
        opportunity: '关联商机', opportunityHint: '可不选', orderedAt: '下单时间', orderedHint: '不填即现在',
        deliveryDue: '交付期限', notes: '备注', lines: '订单明细', addProduct: '添加产品', addText: '添加其他项目',
        kinds: { product: '产品', text: '其他项目' }, product: '产品', productHint: '选择产品',
        description: '项目说明', descriptionHint: '如：安装费、运费', quantity: '数量', price: '单价（元）',
        priceHint: '不填即产品定价', discount: '折扣（元）', lineAmount: '金额', remove: '删除', line: '第 {n} 行',
        total: '订单合计 {amount} 元', incomplete: '有明细未填完整，合计暂不含这些行', save: '保存', cancel: '取消',
        created: '已下单', saved: '已保存', noChange: '没有改动', productsFailed: '无法读取产品目录：{msg}',
      },
      err: {
        required: '请填写', tooLong: '最多 {n} 个字', quantity: '数量为 1 到 {n} 的整数', date: '请选择日期',
        noLines: '订单至少要有一行明细', tooManyLines: '订单明细最多 {n} 行', future: '下单时间不能晚于现在',
        amountBad: '请填写金额，如 1288 或 1288.50', amountNegative: '金额不能为负数',
        amountCents: '金额最多到分（两位小数），不会替您四舍五入', amountRange: '金额不能超过 {max} 元',
        discountTooLarge: '折扣不能超过数量 × 单价',
      },
      placed: {
        title: '已下单 {code}', skipped: '未购买客户的 {n} 项回访已跳过（客户已购买）。',
        rulesNote: '购买后的回访待办将按回访规则生成。', open: '查看订单',
      },
      detail: {
        back: '返回', edit: '修改', deliver: '标记已交付', cancel: '取消订单', notFound: '没有这个订单，或您无权查看',
        fields: '订单信息', lines: '订单明细', customer: '客户', opportunity: '商机', orderedAt: '下单时间',
        deliveryDue: '交付期限', deliveredAt: '交付时间', owner: '负责人', createdBy: '创建人', createdAt: '创建时间',
        updatedAt: '更新时间', notes: '备注', cancelReason: '取消原因', item: '产品 / 项目', quantity: '数量',
        price: '单价（元）', discount: '折扣（元）', amount: '金额（元）', total: '合计', noLines: '没有明细',
      },
      deliver: {
        title: '标记已交付', ask: '订单 {code} 已交付给客户？', at: '交付时间', atHint: '不填即现在',
        submit: '确认交付', done: '已标记为已交付',
      },
      cancel: {
        title: '取消订单', of: '订单：{code}', reason: '取消原因', reasonHint: '如：客户改变计划', submit: '取消订单',
        keep: '不取消', done: '订单已取消', note: '取消后，这笔订单不再算作客户的购买。',
      },
      customer: { tab: '订单', empty: '这个客户还没有订单', more: '加载更多' },
    },
  },
  en: {
    orders: {
      nav: 'Orders', title: 'Orders', add: 'New order', loadFailed: 'The orders could not be read: {msg}', overdue: 'Delivery overdue',
      states: { all: 'All states', confirmed: 'Confirmed', delivered: 'Delivered', cancelled: 'Cancelled' },
      filter: { q: 'Order number or customer name', orderedRange: 'Ordered', allOwners: 'All owners' },
      col: {
        code: 'Order no.', customer: 'Customer', orderedAt: 'Ordered at', amount: 'Amount (yuan)', state: 'State',
        deliveryDue: 'Delivery due', owner: 'Owner',
      },
      form: {
        titleNew: 'New order', titleEdit: 'Change order {code}', customer: 'Customer', customerHint: 'Search by customer name, code or phone',
        opportunity: 'Opportunity', opportunityHint: 'Optional', orderedAt: 'Ordered at', orderedHint: 'Now when empty',
        deliveryDue: 'Delivery due', notes: 'Notes', lines: 'Lines', addProduct: 'Add a product', addText: 'Add another item',
        kinds: { product: 'Product', text: 'Other item' }, product: 'Product', productHint: 'Choose a product',
        description: 'Item', descriptionHint: 'e.g. installation, freight', quantity: 'Quantity', price: 'Unit price (yuan)',
        priceHint: 'The list price when empty', discount: 'Discount (yuan)', lineAmount: 'Amount', remove: 'Remove', line: 'Line {n}',
        total: 'Order total {amount} yuan', incomplete: 'Some lines are not complete: the total leaves them out', save: 'Save', cancel: 'Cancel',
        created: 'Order placed', saved: 'Saved', noChange: 'Nothing changed', productsFailed: 'The product catalogue could not be read: {msg}',
      },
      err: {
        required: 'Required', tooLong: 'At most {n} characters', quantity: 'A whole number from 1 to {n}', date: 'Choose a date',
        noLines: 'An order needs at least one line', tooManyLines: 'At most {n} lines', future: 'The order time cannot be in the future',
        amountBad: 'An amount, e.g. 1288 or 1288.50', amountNegative: 'The amount cannot be negative',
        amountCents: 'At most two decimals (fen): it is not rounded for you', amountRange: 'At most {max} yuan',
        discountTooLarge: 'The discount cannot exceed quantity × unit price',
      },
      placed: {
        title: 'Order {code} placed', skipped: '{n} non-buyer follow-up call(s) skipped: the customer has bought.',
        rulesNote: 'The follow-up rules make the after-purchase calls.', open: 'Open the order',
      },
      detail: {
        back: 'Back', edit: 'Change', deliver: 'Mark delivered', cancel: 'Cancel the order', notFound: 'No such order, or you may not see it',
        fields: 'Order', lines: 'Lines', customer: 'Customer', opportunity: 'Opportunity', orderedAt: 'Ordered at',
        deliveryDue: 'Delivery due', deliveredAt: 'Delivered at', owner: 'Owner', createdBy: 'Created by', createdAt: 'Created at',
        updatedAt: 'Updated at', notes: 'Notes', cancelReason: 'Reason for cancelling', item: 'Product / item', quantity: 'Quantity',
        price: 'Unit price (yuan)', discount: 'Discount (yuan)', amount: 'Amount (yuan)', total: 'Total', noLines: 'No lines',
      },
      deliver: {
        title: 'Mark delivered', ask: 'Has order {code} been delivered to the customer?', at: 'Delivered at', atHint: 'Now when empty',
        submit: 'Delivered', done: 'Marked delivered',
      },
      cancel: {
        title: 'Cancel the order', of: 'Order: {code}', reason: 'Reason', reasonHint: 'e.g. the customer changed plans', submit: 'Cancel the order',
        keep: 'Keep it', done: 'Order cancelled', note: 'Once cancelled, the order no longer counts as the customer\'s purchase.',
      },
      customer: { tab: 'Orders', empty: 'This customer has no orders yet', more: 'Load more' },
    },
  },
}
