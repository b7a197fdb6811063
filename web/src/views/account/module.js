// The signed-in user's own account: password, signed-in devices, API tokens and notification settings (dialogs opened from
// the account menu of the main layout). No pages of its own.
export const name = 'account'
export const order = 90

export const messages = {
  'zh-CN': {
    account: {
      menu: '账户', changePassword: '修改密码', tokens: 'API 令牌', logout: '退出登录',
      oldPassword: '原密码', newPassword: '新密码', newPassword2: '确认新密码',
      passwordMismatch: '两次输入的新密码不一致', passwordChanged: '密码已修改',
      mustChange: '管理员为您设置了初始密码，请先设置您自己的密码。', mustChangeHint: '设置新密码后才能使用系统。',
      passwordChangedLogin: '密码已修改，请用新密码重新登录',
      tokenName: '名称', tokenCreated: '创建时间', tokenLastUsed: '最近使用', tokenNever: '从未使用',
      createToken: '创建令牌', revoke: '吊销', revokeConfirm: '确定吊销该令牌吗？', revoked: '已吊销',
      tokenOnce: '请立即复制此令牌，它只显示这一次：', tokenNameRequired: '请输入名称',
      noticesTitle: '您的账号有变动', noticesOk: '知道了',
      noticesHint: '这些变动不是您本人做的。如果您事先不知情，请立即告诉您的主管和系统管理员。',
      sessions: '登录设备', sessionsHint: '您的账号当前在这些浏览器或设备上保持登录。不认识的请结束它并修改密码。',
      sessionAddress: '地址', sessionStarted: '登录时间', sessionLastSeen: '最近活动',
      sessionCurrent: '当前', sessionEnd: '结束', sessionEndConfirm: '确定结束该登录会话吗？该设备需要重新登录。',
      sessionEnded: '已结束', sessionUnknown: '未知浏览器',
      sessionEndOthers: '结束其他所有登录', sessionEndOthersConfirm: '确定结束除当前以外的所有登录会话吗？',
      notify: {
        menu: '通知设置', title: '通知设置',
        hint: '通知总会出现在右上角的站内通知中；也可以同时发到您的邮箱。',
        email: '邮箱地址', emailKinds: '通过邮件接收',
        kinds: { off: '不发邮件', all: '每条通知', digest: '仅每日摘要' },
        digest: '每日待办摘要',
        digestHint: '每天 07:40（公司时间）在站内通知中列出您今天到期和已逾期的待办；没有待办的日子不发。',
      },
    },
  },
  en: {
    account: {
      menu: 'Account', changePassword: 'Change password', tokens: 'API tokens', logout: 'Sign out',
      oldPassword: 'Current password', newPassword: 'New password', newPassword2: 'Confirm new password',
      passwordMismatch: 'The new passwords do not match', passwordChanged: 'Password changed',
      mustChange: 'An administrator set your initial password. Choose your own password first.', mustChangeHint: 'You can use Kehu once you have set a new password.',
      passwordChangedLogin: 'Password changed. Sign in with your new password.',
      tokenName: 'Name', tokenCreated: 'Created', tokenLastUsed: 'Last used', tokenNever: 'Never',
      createToken: 'Create token', revoke: 'Revoke', revokeConfirm: 'Revoke this token?', revoked: 'Revoked',
      tokenOnce: 'Copy this token now; it is shown only once:', tokenNameRequired: 'Enter a name',
      noticesTitle: 'Changes to your account', noticesOk: 'OK',
      noticesHint: 'Someone other than you made these changes. If you did not expect them, tell your manager and the system administrator at once.',
      sessions: 'Signed-in devices', sessionsHint: 'Your account is signed in on these browsers and devices. End any you do not recognise and change your password.',
      sessionAddress: 'Address', sessionStarted: 'Signed in', sessionLastSeen: 'Last active',
      sessionCurrent: 'This one', sessionEnd: 'End', sessionEndConfirm: 'End this session? That device will have to sign in again.',
      sessionEnded: 'Ended', sessionUnknown: 'Unknown browser',
      sessionEndOthers: 'Sign out everywhere else', sessionEndOthersConfirm: 'End every session except this one?',
      notify: {
        menu: 'Notifications', title: 'Notification settings',
        hint: 'Notifications always appear in the in-app inbox (top right); they can also go to your e-mail.',
        email: 'E-mail address', emailKinds: 'By e-mail',
        kinds: { off: 'Nothing', all: 'Every notification', digest: 'Only the daily digest' },
        digest: 'Daily task digest',
        digestHint: 'Every day at 07:40 (company time) the inbox lists your tasks due today and overdue; on a day without any, nothing is sent.',
      },
    },
  },
}
