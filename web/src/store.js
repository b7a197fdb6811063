// Session and cached reference data shared by the views.
import { reactive, ref } from 'vue'
import { api, getAll, setCsrfToken } from './api.js'
import { i18n } from './i18n/index.js'

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

export function hasPerm(p) {
  const perms = (session.user && session.user.permissions) || []
  return perms.includes(p)
}

export function canListUsers() {
  return hasPerm('user.manage') || hasPerm('customer.transfer')
}

/** Landing page for the current user. */
export function homeRoute() {
  const perms = (session.user && session.user.permissions) || []
  if (perms.some((p) => p.startsWith('customer.')) || perms.length === 0) return '/customers'
  if (perms.includes('audit.read') && !perms.includes('user.manage') && !perms.includes('settings.manage')) return '/audit'
  if (perms.includes('user.manage')) return '/admin/users'
  if (perms.includes('settings.manage')) return '/admin/settings'
  return '/customers'
}

// ---- reference data caches ----
const cache = reactive({ meta: null, regions: null, templates: null, customFields: null, users: null, roles: null, branches: null, departments: null })
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
export const isMobile = ref(typeof window !== 'undefined' && window.matchMedia('(max-width: 768px)').matches)
if (typeof window !== 'undefined') {
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
