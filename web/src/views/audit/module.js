// Audit: the hash-chained log of who did what.
const AuditLog = () => import('./AuditLog.vue')

export const name = 'audit'
export const order = 30

export const routes = [
  { path: 'audit', name: 'audit', component: AuditLog, meta: { perm: 'audit.read' } },
]

export const menu = [
  { path: '/audit', label: 'audit.nav', icon: 'DocumentChecked', test: 'nav-audit' },
]

export const messages = {
  'zh-CN': {
    audit: {
      nav: '审计',
      title: '审计日志', actorId: '操作人', actorPlaceholder: '选择操作人', export: '导出', exported: '已导出 {n} 条记录',
      batch: '{kind}：{n} 次查看（见详情）', targetType: { customer: '客户', user: '用户', contact: '联系人', setting: '设置', job: '任务', backup: '备份', file: '文件', import: '导入', export: '导出', api_token: 'API 令牌', custom_field: '自定义字段', profile_template: '档案模板', department: '部门', branch: '分公司' }, action: '动作', actionPlaceholder: '选择或输入动作', from: '开始日期', to: '结束日期',
      at: '时间', actor: '操作人', address: '地址', target: '对象', detail: '详情', hash: '哈希',
      verify: '校验哈希链', verifyOk: '哈希链完整，共 {n} 条记录，已与 {c} 个检查点核对', verifyBad: '哈希链在第 {id} 条记录处断裂（共 {n} 条）',
    },
  },
  en: {
    audit: {
      nav: 'Audit',
      title: 'Audit log', actorId: 'Actor', actorPlaceholder: 'Choose a person', export: 'Export', exported: 'Exported {n} entries',
      batch: '{kind}: {n} reads (see detail)', targetType: { customer: 'Customer', user: 'User', contact: 'Contact', setting: 'Setting', job: 'Job', backup: 'Backup', file: 'File', import: 'Import', export: 'Export', api_token: 'API token', custom_field: 'Custom field', profile_template: 'Profile template', department: 'Department', branch: 'Branch' }, action: 'Action', actionPlaceholder: 'Choose or type an action', from: 'From', to: 'To',
      at: 'At', actor: 'Actor', address: 'Address', target: 'Target', detail: 'Detail', hash: 'Hash',
      verify: 'Verify chain', verifyOk: 'The hash chain is intact ({n} entries, compared with {c} checkpoints)', verifyBad: 'The hash chain breaks at entry {id} ({n} entries)',
    },
  },
}
