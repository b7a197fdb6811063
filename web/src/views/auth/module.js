// Signing in. The login page is outside the main layout, so the router adds it
// itself; this module brings its strings.
export const name = 'auth'
export const order = 95

export const messages = {
  'zh-CN': {
    login: {
      title: '登录', username: '用户名', password: '密码', submit: '登录',
      usernameRequired: '请输入用户名', passwordRequired: '请输入密码', failed: '登录失败',
      restored: '数据库已从备份 {name} 恢复，所有会话均已结束，请重新登录。',
    },
  },
  en: {
    login: {
      title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in',
      usernameRequired: 'Enter your username', passwordRequired: 'Enter your password', failed: 'Sign-in failed',
      restored: 'The database was restored from backup {name} and every session ended; sign in again.',
    },
  },
}
