// Session and cached reference data shared by the views.
import { reactive, ref } from 'vue'
import { api, getAll, setCsrfToken } from './api.js'
import { i18n } from './i18n/index.js'
import { hasPermission, homePath } from './access.js'
import { menu } from './modules.js'

export const session = reactive({ user: null, loaded: false })

export function setSession(data) {
  session.user = (data && data.user) || null
  setCsrfToken(data && data.csrf_token)
  session.loaded = true
}

export function clearSession() {
  session.user = null
  setCsrfToken(null)
  session.loaded = true
  cache.users = null
  cache.capabilities = null
  cache.secrecyLevels = null
}

export async function loadMe() {
  try {
    const data = await api.get('/auth/me', undefined, { noRedirect: true })
    setSession(data)
  } catch (e) {
    if (e.status === 401) clearSession()
    else { session.loaded = true; throw e }
  }
  return session.user
}

/** Does the signed-in user hold `p` (a permission name, or an array meaning any-of)? */
export function hasPerm(p) {
  return hasPermission(session.user, p)
}

/**
 * Landing page for the current user: the first menu entry marked as a home that
 * they may open — "my day" for those who log interactions (salespeople, their
 * managers), else the customer list; otherwise "/", the home page saying what
 * their role can do here and why they see no customers.
 */
export function homeRoute() {
  return homePath(menu, session.user) || '/'
}

// ---- reference data caches ----
const cache = reactive({ meta: null, regions: null, templates: null, customFields: null, users: null, roles: null, branches: null, departments: null, capabilities: null, secrecyLevels: null })
const pending = {}

function cached(name, loader) {
  return async (force = false) => {
    if (cache[name] && !force) return cache[name]
    if (pending[name] && !force) return pending[name]
    pending[name] = loader().then((v) => { cache[name] = v; return v }).finally(() => { delete pending[name] })
    return pending[name]
  }
}

export const refs = cache
export const loadMeta = cached('meta', () => api.get('/meta'))
export const loadRegions = cached('regions', async () => (await api.get('/regions')).items || [])
export const loadTemplates = cached('templates', async () => (await api.get('/profile-templates')).items || [])
export const loadCustomFields = cached('customFields', () => getAll('/custom-fields'))
export const loadUsers = cached('users', () => getAll('/users'))
export const loadRoles = cached('roles', async () => (await api.get('/roles')).items || [])
export const loadBranches = cached('branches', () => getAll('/branches'))
export const loadDepartments = cached('departments', () => getAll('/departments'))
/** The secrecy levels, lowest first, each with its custodian (GET /secrecy-levels). */
export const loadSecrecyLevels = cached('secrecyLevels', async () => (await api.get('/secrecy-levels')).items || [])
/**
 * The server's capability table (GET /capabilities): labels of permissions and
 * audit actions. A server without the endpoint (404) yields an empty list, and
 * the labels below fall back to the raw names.
 */
export const loadCapabilities = cached('capabilities', async () => {
  try {
    return (await api.get('/capabilities')).items || []
  } catch (e) {
    if (e.status === 404) return []
    throw e
  }
})

export function invalidate(name) { cache[name] = null }

/** Localised label from a {zh,en} / {name_zh,name_en} / {label_zh,label_en} object. */
export function loc(obj, base = '') {
  if (!obj) return ''
  const en = i18n.global.locale.value === 'en'
  if (base) return (en ? obj[base + '_en'] : obj[base + '_zh']) || obj[base + '_zh'] || obj[base + '_en'] || ''
  if ('zh' in obj || 'en' in obj) return (en ? obj.en : obj.zh) || obj.zh || obj.en || ''
  if ('name_zh' in obj) return loc(obj, 'name')
  if ('label_zh' in obj) return loc(obj, 'label')
  return obj.name || ''
}

/** Label of a meta value, e.g. metaLabel('grades', 'A'). Falls back to the raw value. */
export function metaLabel(list, value) {
  if (value === null || value === undefined || value === '') return ''
  const items = (cache.meta && cache.meta[list]) || []
  const it = items.find((x) => x.value === value)
  return it ? loc(it) : String(value)
}

export function metaOptions(list) {
  return ((cache.meta && cache.meta[list]) || []).map((x) => ({ value: x.value, label: loc(x) }))
}

/** The capability table's entry for an audit action ({ action, label_zh, label_en }), or null. */
export function auditActionInfo(action) {
  for (const c of cache.capabilities || []) {
    const a = (c.audit_actions || []).find((x) => x.action === action)
    if (a) return a
  }
  return null
}

/** Localised label of an audit action; the raw action when the server names none. */
export function auditActionLabel(action) {
  const a = auditActionInfo(action)
  return (a && loc(a, 'label')) || action || ''
}

/** Known audit actions grouped by capability: [{ label, options: [{ value, label }] }]. */
export function auditActionGroups() {
  return (cache.capabilities || [])
    .filter((c) => (c.audit_actions || []).length)
    .map((c) => ({
      label: loc(c, 'label') || c.name,
      options: c.audit_actions.map((a) => ({ value: a.action, label: loc(a, 'label') || a.action })),
    }))
}

/** Localised label of a permission name; the name itself when the server names none. */
export function permLabel(name) {
  for (const c of cache.capabilities || []) {
    const p = (c.permissions || []).find((x) => x.name === name)
    if (p) return loc(p, 'label') || name
  }
  return name
}

export function roleLabel(code) {
  const r = (cache.roles || []).find((x) => x.code === code)
  return r ? loc(r, 'name') : code
}

/** Region name path for codes, using the cached tree. */
export function regionPath(codes) {
  const out = []
  let nodes = cache.regions || []
  for (const c of codes) {
    if (!c) break
    const n = nodes.find((x) => x.code === c)
    if (!n) break
    out.push(n.name)
    nodes = n.children || []
  }
  return out.join(' / ')
}

// ---- responsive ----
const canMatchMedia = typeof window !== 'undefined' && typeof window.matchMedia === 'function'
export const isMobile = ref(canMatchMedia && window.matchMedia('(max-width: 768px)').matches)
if (canMatchMedia) {
  const mq = window.matchMedia('(max-width: 768px)')
  const upd = () => { isMobile.value = mq.matches }
  if (mq.addEventListener) mq.addEventListener('change', upd)
  else mq.addListener(upd)
}

export function fmtTime(s) {
  if (!s) return ''
  // "2026-01-05T09:00:00+08:00" -> "2026-01-05 09:00"
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(s)
  return m ? `${m[1]} ${m[2]}` : s
}
