// Secrecy levels in the UI: the badge beside a customer's name (nothing for normal records,
// 机密 / Confidential and 绝密 / Top secret otherwise) and the levels a classifier is offered,
// which never go above their own clearance.
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h } from 'vue'
import { createI18n } from 'vue-i18n'
import { ElTag } from 'element-plus'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'
import SecrecyBadge from '../../src/components/SecrecyBadge.vue'
import { SECRECY_LEVELS, levelsUpTo, secrecyLabelKey, secrecyRank, secrecyTagType } from '../../src/components/secrecy.js'

describe('levelsUpTo', () => {
  it('offers every level up to the clearance, lowest first', () => {
    expect(levelsUpTo('normal')).toEqual(['normal'])
    expect(levelsUpTo('confidential')).toEqual(['normal', 'confidential'])
    expect(levelsUpTo('top_secret')).toEqual(SECRECY_LEVELS)
  })
  it('offers normal only when the clearance is missing, and nothing for an unknown one', () => {
    expect(levelsUpTo(undefined)).toEqual(['normal'])
    expect(levelsUpTo(null)).toEqual(['normal'])
    expect(levelsUpTo('cosmic')).toEqual([])
  })
  it('ranks and colours levels', () => {
    expect(SECRECY_LEVELS.map(secrecyRank)).toEqual([0, 1, 2])
    expect(secrecyRank('')).toBe(0)
    expect(secrecyTagType('normal')).toBe('')
    expect(secrecyTagType('confidential')).toBe('warning')
    expect(secrecyTagType('top_secret')).toBe('danger')
  })
  it('names a level given by its rank, as approval rules and requests give it', () => {
    expect([0, 1, 2].map(secrecyLabelKey)).toEqual(['secrecy.level.normal', 'secrecy.level.confidential', 'secrecy.level.top_secret'])
  })
})

describe('SecrecyBadge', () => {
  let app = null
  let el = null
  afterEach(() => { if (app) app.unmount(); if (el) el.remove(); app = null; el = null })

  function render(level, locale = 'zh-CN') {
    const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
    el = document.createElement('div')
    document.body.appendChild(el)
    app = createApp({ render: () => h(SecrecyBadge, { level }) })
    app.use(i18n)
    app.component('ElTag', ElTag)
    app.mount(el)
    return el.querySelector('[data-test="secrecy-badge"]')
  }

  it('shows nothing for a normal record or one without a level', () => {
    expect(render('normal')).toBeNull()
    app.unmount(); el.remove()
    expect(render('')).toBeNull()
  })
  it('shows 机密 in the warning colour and 绝密 in the danger colour', () => {
    const c = render('confidential')
    expect(c.textContent.trim()).toBe('机密')
    expect(c.className).toContain('el-tag--warning')
    app.unmount(); el.remove()
    const ts = render('top_secret')
    expect(ts.textContent.trim()).toBe('绝密')
    expect(ts.className).toContain('el-tag--danger')
  })
  it('speaks English', () => {
    expect(render('top_secret', 'en').textContent.trim()).toBe('Top secret')
  })
})
