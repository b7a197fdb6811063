// Collecting capability modules (src/modules.js): made-up modules for the rules,
// then the modules of this build for what the browser tests and users rely on.
import { describe, expect, it } from 'vitest'
import * as Icons from '@element-plus/icons-vue'
import { buildMenu, buildRoutes, collectModules, mergeMessages, modules, menu, layoutRoutes } from '../../src/modules.js'
import { visibleMenu } from '../../src/access.js'
import zhCN from '../../src/i18n/zh-CN.js'
import en from '../../src/i18n/en.js'
import { i18n } from '../../src/i18n/index.js'

const Page = () => Promise.resolve({})

function fakeGlob() {
  return {
    './views/zeta/module.js': {
      name: 'zeta', order: 20,
      routes: [{ path: 'zeta', name: 'zeta', component: Page, meta: { perm: ['zeta.read', 'zeta.manage'] } }],
      menu: [{ path: '/zeta', label: 'zeta.nav', icon: 'Star', test: 'nav-zeta' }],
      messages: { 'zh-CN': { zeta: { nav: '泽塔' } }, en: { zeta: { nav: 'Zeta' } } },
    },
    './views/alpha/module.js': {
      name: 'alpha', order: 10,
      routes: [
        { path: 'alpha', name: 'alpha', component: Page },
        { path: 'alpha/admin', name: 'alpha-admin', component: Page, meta: { perm: 'alpha.manage' } },
      ],
      menu: [
        { path: '/alpha/admin', label: 'alpha.admin', order: 20, sub: true, test: 'nav-alpha-admin' },
        { path: '/alpha', label: 'alpha.nav', order: 10, test: 'nav-alpha' },
      ],
      messages: { 'zh-CN': { alpha: { nav: '甲' } }, en: { alpha: { nav: 'Alpha' } } },
    },
    // a module with a default export and no order goes last
    './views/beta/module.js': { default: { name: 'beta', menu: [{ path: '/beta', label: 'beta.nav', perm: 'beta.read' }] } },
  }
}

describe('collecting modules', () => {
  it('sorts modules by order, then name, and accepts a default export', () => {
    expect(collectModules(fakeGlob()).map((m) => m.name)).toEqual(['alpha', 'zeta', 'beta'])
  })

  it('refuses a repeated module name, a nameless module and a menu entry without a path or label', () => {
    const g = fakeGlob()
    g['./views/zeta2/module.js'] = { ...g['./views/zeta/module.js'] }
    expect(() => collectModules(g)).toThrow(/name "zeta" is also used/)
    expect(() => collectModules({ './views/x/module.js': { routes: [] } })).toThrow(/needs a name/)
    expect(() => collectModules({ './views/x/module.js': { name: 'x', menu: [{ label: 'x' }] } })).toThrow(/absolute path/)
    expect(() => collectModules({ './views/x/module.js': { name: 'x', menu: [{ path: '/x' }] } })).toThrow(/label/)
  })

  it('puts every module route under the layout and refuses a route name used twice', () => {
    const mods = collectModules(fakeGlob())
    expect(buildRoutes(mods).map((r) => r.name)).toEqual(['alpha', 'alpha-admin', 'zeta'])
    mods[1].routes.push({ path: 'other', name: 'alpha', component: Page })
    expect(() => buildRoutes(mods)).toThrow(/route name "alpha" is used twice/)
  })

  it('orders the menu by module order, then entry order, and takes perms from the routes', () => {
    const m = buildMenu(collectModules(fakeGlob()))
    expect(m.map((e) => e.path)).toEqual(['/alpha', '/alpha/admin', '/zeta', '/beta'])
    expect(m.map((e) => e.perm)).toEqual([undefined, 'alpha.manage', ['zeta.read', 'zeta.manage'], 'beta.read'])
    expect(m[1].sub).toBe(true)
    expect(m[0].sub).toBe(false)
  })

  it('shows an any-of entry to a holder of any one of its permissions, and to nobody else', () => {
    const m = buildMenu(collectModules(fakeGlob()))
    const paths = (perms) => visibleMenu(m, { permissions: perms }).map((e) => e.path)
    expect(paths(['zeta.manage'])).toEqual(['/alpha', '/zeta'])
    expect(paths(['zeta.read', 'beta.read'])).toEqual(['/alpha', '/zeta', '/beta'])
    expect(paths(['alpha.read'])).toEqual(['/alpha'])
  })

  it('refuses a menu entry that asks for another permission than its route', () => {
    const g = fakeGlob()
    g['./views/zeta/module.js'].menu[0].perm = 'zeta.read'
    expect(() => buildMenu(collectModules(g))).toThrow(/menu entry \/zeta needs perm/)
  })

  it('merges messages by namespace and refuses a namespace claimed twice', () => {
    const mods = collectModules(fakeGlob())
    const msgs = mergeMessages({ 'zh-CN': { common: { ok: '好' } }, en: { common: { ok: 'OK' } } }, mods)
    expect(Object.keys(msgs['zh-CN']).sort()).toEqual(['alpha', 'common', 'zeta'])
    expect(msgs.en.zeta.nav).toBe('Zeta')
    expect(() => mergeMessages({ 'zh-CN': { alpha: {} }, en: {} }, mods)).toThrow(/"alpha" \(zh-CN\) also comes from the central/)
    const g = fakeGlob()
    g['./views/zeta/module.js'].messages.en.alpha = {}
    expect(() => mergeMessages({}, collectModules(g))).toThrow(/"alpha" \(en\) also comes from .*alpha/)
  })
})

/** Sorted dotted key paths of a messages object. */
function keyPaths(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keyPaths(v, prefix + k + '.') : [prefix + k]).sort()
}

describe('the modules of this build', () => {
  it('keeps the menu entries, their data-test ids and their URLs', () => {
    expect(menu.map((e) => [e.test, e.path, e.sub])).toEqual([
      ['nav-customers', '/customers', false],
      ['nav-import', '/customers/import', true],
      ['nav-pool', '/pool', false],
      ['nav-distribution', '/distribution', false],
      ['nav-branch-shares', '/branch-shares', false],
      ['nav-my-day', '/my-day', false],
      ['nav-tasks', '/tasks', false],
      ['nav-interaction-import', '/interactions/import', true],
      ['nav-followup-rules', '/followup-rules', false],
      ['nav-callback-lists', '/callback-lists', false],
      ['nav-greeting-holidays', '/greeting-holidays', false],
      ['nav-minutes', '/minutes', false],
      ['nav-complaints', '/complaints', false],
      ['nav-comm-plans', '/comm-plans', false],
      ['nav-candidates', '/candidates', false],
      ['nav-opportunities', '/opportunities', false],
      ['nav-opportunity-list', '/opportunities/list', true],
      ['nav-opportunity-funnel', '/opportunities/funnel', true],
      ['nav-opportunity-stages', '/opportunities/stages', true],
      ['nav-products', '/products', false],
      ['nav-product-import', '/products/import', true],
      ['nav-orders', '/orders', false],
      ['nav-receivables', '/receivables', false],
      ['nav-contracts', '/contracts', false],
      ['nav-audit', '/audit', false],
      ['nav-loans', '/loans', false],
      ['nav-exports', '/exports', false],
      ['nav-leaks', '/leaks', false],
      ['nav-destruction', '/destruction', false],
      ['nav-inspections', '/inspections', false],
      ['nav-approvals', '/approvals', false],
      ['nav-access-grants', '/access-grants', false],
      ['nav-users', '/admin/users', false],
      ['nav-settings', '/admin/settings', false],
      ['nav-backups', '/admin/backups', false],
      ['nav-notify', '/admin/notify', false],
      ['nav-calendar', '/admin/calendar', false],
    ])
  })

  it('has a route for every menu entry and unique route names', () => {
    const paths = new Set(layoutRoutes.map((r) => '/' + r.path))
    for (const e of menu) expect(paths.has(e.path), e.path).toBe(true)
    const names = layoutRoutes.map((r) => r.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('names Element Plus icons and labels that exist in both languages', () => {
    for (const e of menu) {
      expect(Icons[e.icon], e.icon).toBeTruthy()
      for (const loc of ['zh-CN', 'en']) expect(i18n.global.te(e.label, loc), `${e.label} ${loc}`).toBe(true)
    }
  })

  it('has the same message keys in Chinese and English, centrally and in every module', () => {
    expect(keyPaths(en)).toEqual(keyPaths(zhCN))
    for (const m of modules) expect(keyPaths(m.messages.en || {}), m.name).toEqual(keyPaths(m.messages['zh-CN'] || {}))
  })
})
