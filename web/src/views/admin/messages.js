// The administration pages' strings: zh-CN first, then English.
export default {
  'zh-CN': {
    users: {
      nav: '用户管理',
      title: '用户管理', tabUsers: '用户', tabDepartments: '部门', tabBranches: '分公司',
      username: '用户名', displayName: '姓名', role: '角色', department: '部门', branch: '分公司', active: '状态',
      createdAt: '创建时间', create: '新建用户', edit: '编辑用户', password: '初始密码', resetPassword: '重置密码',
      newPassword: '新密码', passwordReset: '密码已重置', deptName: '部门名称', branchCode: '代码', branchName: '名称',
      branchCodeHint: '1–8 位大写字母或数字', addDepartment: '添加部门', addBranch: '添加分公司',
      rolePerms: '该角色的权限：', noPerms: '无', listSep: '、',
    },
    settings: {
      nav: '设置',
      title: '设置', numbering: '客户编号规则', prefix: '前缀', datePart: '日期部分', digits: '序号位数',
      perBranch: '按分公司编号', example: '示例', datePartOpt: { none: '无', yyyy: '年 (yyyy)', yyyymm: '年月 (yyyymm)', yyyymmdd: '年月日 (yyyymmdd)' },
      customFields: '自定义字段', addField: '添加字段', key: '键', labelZh: '中文名称', labelEn: '英文名称', type: '类型',
      options: '选项', optionsHint: '输入后回车添加', required: '必填', template: '模板', position: '顺序',
      types: { text: '文本', number: '数字', date: '日期', choice: '单选', multi_choice: '多选', bool: '是/否', phone: '电话', money: '金额' },
      templates: '档案模板', addTemplate: '添加模板', templateCode: '代码', templateNameZh: '中文名称', templateNameEn: '英文名称',
      timezone: '公司时区', timezoneName: '时区（IANA 名称）', timezoneNow: '当前公司时间',
      timezoneHint: '所有时间按此时区显示和输入，每日备份等定时任务也按此时区执行（含夏令时）；已保存的时间不会改变。',
    },
    backup: {
      nav: '数据备份',
      title: '数据备份', now: '立即备份', running: '正在备份…', name: '文件名', size: '大小', time: '时间',
      dir: '备份目录', retention: '保留数量', retentionValue: '最近 {n} 个', done: '备份完成：{name}（{size}）',
      verified: '已校验', notVerified: '未通过校验', empty: '还没有备份',
    },
  },
  en: {
    users: {
      nav: 'Users',
      title: 'Users', tabUsers: 'Users', tabDepartments: 'Departments', tabBranches: 'Branches',
      username: 'Username', displayName: 'Display name', role: 'Role', department: 'Department', branch: 'Branch', active: 'Status',
      createdAt: 'Created', create: 'New user', edit: 'Edit user', password: 'Initial password', resetPassword: 'Reset password',
      newPassword: 'New password', passwordReset: 'Password reset', deptName: 'Department name', branchCode: 'Code', branchName: 'Name',
      branchCodeHint: '1–8 upper-case letters or digits', addDepartment: 'Add department', addBranch: 'Add branch',
      rolePerms: 'Permissions of this role: ', noPerms: 'none', listSep: ', ',
    },
    settings: {
      nav: 'Settings',
      title: 'Settings', numbering: 'Customer code rule', prefix: 'Prefix', datePart: 'Date part', digits: 'Digits',
      perBranch: 'Number per branch', example: 'Example', datePartOpt: { none: 'None', yyyy: 'Year (yyyy)', yyyymm: 'Year and month (yyyymm)', yyyymmdd: 'Full date (yyyymmdd)' },
      customFields: 'Custom fields', addField: 'Add field', key: 'Key', labelZh: 'Label (Chinese)', labelEn: 'Label (English)', type: 'Type',
      options: 'Options', optionsHint: 'Type and press Enter to add', required: 'Required', template: 'Template', position: 'Position',
      types: { text: 'Text', number: 'Number', date: 'Date', choice: 'Choice', multi_choice: 'Multiple choice', bool: 'Yes/no', phone: 'Phone', money: 'Money' },
      templates: 'Profile templates', addTemplate: 'Add template', templateCode: 'Code', templateNameZh: 'Name (Chinese)', templateNameEn: 'Name (English)',
      timezone: 'Company time zone', timezoneName: 'Time zone (IANA name)', timezoneNow: 'Company time now',
      timezoneHint: 'All times are shown and entered in this zone, and scheduled tasks such as the daily backup run in it (daylight saving included); stored times do not change.',
    },
    backup: {
      nav: 'Backups',
      title: 'Backups', now: 'Back up now', running: 'Backing up…', name: 'File', size: 'Size', time: 'Time',
      dir: 'Directory', retention: 'Retention', retentionValue: 'last {n}', done: 'Backup finished: {name} ({size})',
      verified: 'verified', notVerified: 'verification failed', empty: 'No backups yet',
    },
  },
}
