// Who may open what: access.js on its own, then the router's guard and the
// landing page (homeRoute) with the real capability modules and users shaped like
// the demo roles' GET /auth/me answers.
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { allows, hasPermission, homePath, landingPath, scopeOf, visibleMenu } from '../../src/access.js'
import { session, homeRoute } from '../../src/store.js'
import { guard, buildRouteTable } from '../../src/router.js'
import { layoutRoutes, menu } from '../../src/modules.js'

const salesperson = { id: 2, role: 'salesperson', scope: 'own', permissions: ['customer.create', 'customer.update', 'interaction.log', 'pool.claim'] }
const gm = {
  id: 3, role: 'gm', scope: 'all',
  permissions: ['customer.create', 'customer.update', 'customer.grade', 'customer.transfer', 'customer.archive', 'audit.read', 'user.list', 'interaction.log', 'task.assign', 'pool.rules', 'inspection.manage', 'customer.share'],
}
// A role that sees customers and logs no interactions (an auditor of the archive, say).
const reader = { id: 6, role: 'reader', scope: 'all', permissions: ['customer.update'] }
const auditor = { id: 4, role: 'auditor', scope: 'none', permissions: ['audit.read'] }
const admin = { id: 1, role: 'admin', scope: 'none', permissions: ['user.manage', 'user.list', 'settings.manage', 'profile.manage', 'pool.rules'] }
const technician = { id: 5, role: 'technician', scope: 'none', permissions: [] }

describe('access.js', () => {
  it('hasPermission: a name must be held; a list needs any one; an empty list refuses', () => {
    expect(hasPermission(salesperson, 'customer.create')).toBe(true)
    expect(hasPermission(salesperson, 'customer.transfer')).toBe(false)
    expect(hasPermission(salesperson, ['user.manage', 'customer.update'])).toBe(true)
    expect(hasPermission(salesperson, ['user.manage', 'user.list'])).toBe(false)
    expect(hasPermission(salesperson, [])).toBe(false)
    expect(hasPermission(salesperson, undefined)).toBe(true)
    expect(hasPermission(null, 'customer.create')).toBe(false)
    expect(hasPermission({ id: 9 }, 'customer.create')).toBe(false)
  })

  it('scopeOf: the scopes map when the server sends one, else the single scope', () => {
    expect(scopeOf({ scope: 'own' }, 'customers')).toBe('own')
    expect(scopeOf({ scope: 'all', scopes: { customers: 'department' } }, 'customers')).toBe('department')
    // a map without the name means no records of that kind, whatever the old field says
    expect(scopeOf({ scope: 'all', scopes: {} }, 'customers')).toBe('none')
    expect(scopeOf({}, 'customers')).toBe('none')
    expect(scopeOf(null, 'customers')).toBe('none')
  })

  it('allows: needs a user, the permission and a scope other than none', () => {
    expect(allows(null, undefined)).toBe(false)
    expect(allows(technician, undefined)).toBe(true)
    expect(allows(salesperson, { scope: 'customers' })).toBe(true)
    expect(allows(admin, { scope: 'customers' })).toBe(false)
    expect(allows({ ...gm, scopes: { customers: 'none' } }, { scope: 'customers' })).toBe(false)
    expect(allows(gm, { perm: 'audit.read', scope: 'customers' })).toBe(true)
    expect(allows(auditor, { perm: 'audit.read', scope: 'customers' })).toBe(false)
  })

  it('landingPath and visibleMenu follow the menu order and skip what the user may not see', () => {
    const m = [
      { path: '/a', perm: 'x.read' },
      { path: '/b', perm: ['y.read', 'z.read'] },
      { path: '/c' },
    ]
    expect(landingPath(m, { permissions: ['x.read'] })).toBe('/a')
    expect(landingPath(m, { permissions: ['z.read'] })).toBe('/b')
    expect(landingPath(m, { permissions: [] })).toBe('/c')
    expect(landingPath(m.slice(0, 2), { permissions: [] })).toBeNull()
    expect(landingPath(m, null)).toBeNull()
    expect(visibleMenu(m, { permissions: ['z.read'] }).map((e) => e.path)).toEqual(['/b', '/c'])
  })

  it('homePath: the home entry of the smallest rank the user may open, whatever the menu order', () => {
    const m = [
      { path: '/a', perm: 'x.read', home: 20 },
      { path: '/b', perm: 'y.read' },
      { path: '/c', perm: 'z.read', home: 10 },
    ]
    expect(homePath(m, { permissions: ['x.read', 'z.read'] })).toBe('/c')
    expect(homePath(m, { permissions: ['x.read'] })).toBe('/a')
    expect(homePath(m, { permissions: ['y.read'] })).toBeNull()
    expect(homePath(m, null)).toBeNull()
  })
})

describe('menu, landing page and route guard with the real modules', () => {
  const router = createRouter({ history: createMemoryHistory(), routes: buildRouteTable(layoutRoutes) })
  const signIn = (user) => { session.user = user; session.loaded = true }
  const go = (path) => guard(router.resolve(path))
  const menuFor = (user) => visibleMenu(menu, user).map((e) => e.test)

  afterEach(() => { session.user = null; session.loaded = false })

  it('shows each role its menu', () => {
    // approvals and access grants: every signed-in user has requests, may be asked to decide
    // one, and may hold grants to read customers; loans: everyone has their own; export
    // requests: whoever sees customers may ask to export them; leak reports: anyone reports one;
    // my tasks and meeting minutes: those who log interactions; the follow-up rules: they read
    // them, followup.rules sets them; callback lists: those who give tasks (task.assign); the
    // pool: those who claim from it or transfer customers, and the rules' setters (its rules tab);
    // the distribution: those who transfer customers; my day: those who log interactions;
    // the archive inspection: holders of inspection.manage; importing interactions: those who
    // log them; branch sharing: customer.share (the general manager); the holiday greetings:
    // settings.manage
    expect(menuFor(salesperson)).toEqual(['nav-customers', 'nav-import', 'nav-pool', 'nav-my-day', 'nav-tasks', 'nav-interaction-import', 'nav-followup-rules', 'nav-minutes', 'nav-loans', 'nav-exports', 'nav-leaks', 'nav-approvals', 'nav-access-grants'])
    // destruction: those who ask for it (customer.destroy) and those who read the audit log
    expect(menuFor(gm)).toEqual(['nav-customers', 'nav-import', 'nav-pool', 'nav-distribution', 'nav-branch-shares', 'nav-my-day', 'nav-tasks', 'nav-interaction-import', 'nav-followup-rules', 'nav-callback-lists', 'nav-minutes', 'nav-audit', 'nav-loans', 'nav-exports', 'nav-leaks', 'nav-destruction', 'nav-inspections', 'nav-approvals', 'nav-access-grants'])
    expect(menuFor(auditor)).toEqual(['nav-audit', 'nav-loans', 'nav-leaks', 'nav-destruction', 'nav-approvals', 'nav-access-grants'])
    expect(menuFor({ ...salesperson, permissions: [...salesperson.permissions, 'customer.destroy'] })).toContain('nav-destruction')
    expect(menuFor(admin)).toEqual(['nav-pool', 'nav-greeting-holidays', 'nav-loans', 'nav-leaks', 'nav-approvals', 'nav-access-grants', 'nav-users', 'nav-settings', 'nav-backups', 'nav-calendar'])
    expect(menuFor(reader)).toEqual(['nav-customers', 'nav-loans', 'nav-exports', 'nav-leaks', 'nav-approvals', 'nav-access-grants'])
    expect(menuFor({ ...admin, permissions: [...admin.permissions, 'followup.rules'] })).toContain('nav-followup-rules')
    expect(menuFor(technician)).toEqual(['nav-loans', 'nav-leaks', 'nav-approvals', 'nav-access-grants'])
  })

  it('R-SEC-1: issue 9 item 13: lands a role that sees customers on the list, every other role on "/", the page saying what it can do', () => {
    const cases = [[reader, '/customers'], [auditor, '/'], [admin, '/'],
      [{ ...technician, permissions: ['settings.manage'] }, '/'], [technician, '/']]
    for (const [user, path] of cases) {
      signIn(user)
      expect(homeRoute(), user.role).toBe(path)
    }
  })

  it('R-INT-4: issue 13 item 12: lands those who log interactions (salespeople, their managers) on "my day"', () => {
    for (const user of [salesperson, gm, { ...salesperson, scopes: { customers: 'none' } }]) {
      signIn(user)
      expect(homeRoute(), user.role).toBe('/my-day')
    }
  })

  it('lets a user into the pages their permissions and scope allow', async () => {
    signIn(salesperson)
    expect(await go('/customers')).toBe(true)
    expect(await go('/customers/12')).toBe(true)
    expect(await go('/customers/new')).toBe(true)
    expect(await go('/customers/import')).toBe(true)
    expect(await go('/exports')).toBe(true)
    expect(await go('/minutes?state=late')).toBe(true)
    expect(await go('/tasks?id=5')).toBe(true)
    expect(await go('/followup-rules')).toBe(true)
    expect(await go('/my-day')).toBe(true)
    expect(await go('/pool')).toBe(true)
    signIn(gm)
    expect(await go('/callback-lists')).toBe(true)
    expect(await go('/distribution')).toBe(true)
    expect(await go('/pool?tab=rules')).toBe(true)
    signIn(admin)
    expect(await go('/pool?tab=rules')).toBe(true)
    signIn(auditor)
    expect(await go('/audit')).toBe(true)
    expect(await go('/approvals')).toBe(true)
    expect(await go('/approvals/7')).toBe(true)
    signIn(admin)
    expect(await go('/admin/backups')).toBe(true)
    // a record's page and the grants are open to a role that sees no customers: the server
    // answers the record through a grant, or not found (where the page offers a request)
    signIn(technician)
    expect(await go('/customers/12')).toBe(true)
    expect(await go('/access-grants')).toBe(true)
  })

  it('sends a user away from a page they may not open, to their landing page', async () => {
    signIn(salesperson)
    expect(await go('/audit')).toBe('/my-day')
    expect(await go('/admin/users')).toBe('/my-day')
    expect(await go('/callback-lists')).toBe('/my-day')
    expect(await go('/distribution')).toBe('/my-day')
    signIn(reader)
    expect(await go('/my-day')).toBe('/customers')
    expect(await go('/pool')).toBe('/customers')
    signIn(auditor)
    expect(await go('/customers')).toBe('/')
    expect(await go('/customers/import')).toBe('/')
    expect(await go('/minutes')).toBe('/')
    expect(await go('/tasks')).toBe('/')
    expect(await go('/followup-rules')).toBe('/')
    expect(await go('/my-day')).toBe('/')
    expect(await go('/')).toBe(true)
    signIn(admin)
    expect(await go('/customers/5/edit')).toBe('/')
    expect(await go('/audit')).toBe('/')
    expect(await go('/')).toBe(true)
    signIn({ ...salesperson, scopes: { customers: 'none' } })
    expect(await go('/customers')).toBe('/my-day')
    signIn(technician)
    expect(await go('/customers')).toBe('/')
    expect(await go('/exports')).toBe('/')
    expect(await go('/')).toBe(true)
  })

  it('sends a signed-out visitor to the login page, remembering where they were going', async () => {
    signIn(null)
    expect(await go('/audit')).toEqual({ name: 'login', query: { redirect: '/audit' } })
    expect(await go('/')).toEqual({ name: 'login', query: {} })
    expect(await go('/login')).toBe(true)
  })

  it('sends a signed-in user from the login page to their landing page', async () => {
    signIn(auditor)
    expect(await go('/login')).toBe('/')
  })

  it('never offers a menu entry whose page the guard refuses', async () => {
    for (const user of [salesperson, gm, reader, auditor, admin, technician]) {
      signIn(user)
      for (const e of visibleMenu(menu, user)) expect(await go(e.path), `${user.role} ${e.path}`).toBe(true)
    }
  })
})
