import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'
import { mergeMessages, modules } from '../modules.js'

const KEY = 'kehu.lang'

function initialLocale() {
  try {
    const v = localStorage.getItem(KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch (e) { /* storage unavailable */ }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  // shared strings here, each capability's from its module.js
  messages: mergeMessages({ 'zh-CN': zhCN, en }, modules),
})

document.documentElement.lang = i18n.global.locale.value

export function currentLang() {
  return i18n.global.locale.value
}

export function setLang(lang) {
  if (lang !== 'en' && lang !== 'zh-CN') return
  i18n.global.locale.value = lang
  document.documentElement.lang = lang
  try { localStorage.setItem(KEY, lang) } catch (e) { /* ignore */ }
}

export const t = (...args) => i18n.global.t(...args)
