// Strings shared by every page. Each capability keeps its own in its module.js
// (src/views/<area>/); see src/modules.js.
export default {
  attach: { title: '附件', none: '无附件', add: '添加附件', uploading: '正在上传…', remove: '删除', removeConfirm: '删除附件“{name}”吗？', removed: '已删除附件', added: '已添加附件“{name}”', hint: 'PDF、图片、Office 文档、录音或文本（大小上限由管理员设定）', loadFailed: '无法读取附件：{msg}' },
  app: { name: '客户 Kehu', short: '客户' },
  birthday: { solar: '公历', lunar: '农历', year: '年', month: '月', day: '日', leap: '闰月',
    monthNames: '正月,二月,三月,四月,五月,六月,七月,八月,九月,十月,冬月,腊月',
    dayNames: '初一,初二,初三,初四,初五,初六,初七,初八,初九,初十,十一,十二,十三,十四,十五,十六,十七,十八,十九,二十,廿一,廿二,廿三,廿四,廿五,廿六,廿七,廿八,廿九,三十' },
  common: {
    listSep: '、', labelSep: '：', clauseSep: '；', save: '保存', cancel: '取消', confirm: '确定', close: '关闭', edit: '编辑', delete: '删除', add: '新增',
    create: '创建', search: '搜索', reset: '重置', yes: '是', no: '否', loading: '加载中…', none: '无',
    next: '下一页', prev: '上一页', actions: '操作', reload: '重新加载', back: '返回', all: '全部',
    empty: '暂无数据', saved: '已保存', deleted: '已删除', required: '必填', refresh: '刷新',
    filters: '筛选', moreFilters: '更多筛选', lessFilters: '收起筛选', apply: '应用', clear: '清空',
    copy: '复制', copied: '已复制', active: '启用', inactive: '停用', unknown: '未知', to: '至',
    startDate: '开始日期', endDate: '结束日期', confirmDelete: '确定删除吗？', menu: '菜单', other: '其他',
    yuan: '元', region: '省市区', passwordMin: '新密码至少 12 个字符',
  },
  // The sheet import of a capability (components/SheetImport.vue): interactions, products ...
  sheetImport: {
    choose: '选择文件', preview: '预览检查', import: '导入', previewTitle: '预览结果（未写入）', doneTitle: '导入结果',
    rows: '行数', valid: '正确', invalid: '有误', skipped: '已存在（跳过）', created: '新增', updated: '更新', errorFile: '下载错误文件', rowN: '第 {n} 行',
  },
  list: { rangeOf: '第 {range} 条，共 {total} 条', perPage: '{n} 条/页', none: '共 0 条' },
  lang: { label: '语言', zh: '中文', en: 'English' },
  role: { label: '角色' },
  err: {
    network: '无法连接服务器', unknown: '操作失败', forbidden: '没有权限', loadFailed: '加载失败',
  },
  secrecy: {
    field: '密级', level: { normal: '普通', confidential: '机密', top_secret: '绝密' },
    byRole: '按角色', custodian: '专人', noCustodian: '未指定',
  },
  mask: {
    keepHint: '号码已脱敏显示：不改动则保留原号码；要更换请清空后输入完整号码', reveal: '显示', revealTitle: '显示完整号码（将记入使用记录）', revealed: '已显示完整号码，本次查看已记录',
  },
  notFound: { title: '页面不存在', back: '返回首页' },
  home: {
    nothing: '您的账号暂时没有可用的功能。如需使用，请联系管理员分配角色。',
    welcome: '{name}，您好', role: '您的角色：{role}', canDo: '您在这里可以使用',
    notYetTitle: '您的角色的功能尚未开通',
    notYet: '“{role}”所需的功能（如服务工单、维修、收款、投诉处理）在 Kehu 中还没有上线，所以目前没有可以打开的页面，也看不到客户档案。功能上线后会出现在菜单中；如需现在查看客户，请联系管理员调整角色。',
    noCustomersTitle: '您看不到客户资料',
    noCustomers: '按设计，“{role}”不能查看客户档案；下面是您的角色可以使用的功能。',
    noCustomersAdmin: '按设计，系统管理员看不到任何客户资料：管理账号、角色和系统设置的人与查看客户的人分开（职责分离）。您可以使用下面的管理功能。',
  },
}
