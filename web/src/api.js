// Thin fetch wrapper around the Kehu HTTP API (docs/API.md).
import { currentLang, t } from './i18n/index.js'

let csrfToken = null
let unauthorizedHandler = null

export function setCsrfToken(tok) { csrfToken = tok || null }
export function onUnauthorized(fn) { unauthorizedHandler = fn }

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function buildQuery(query) {
  if (!query) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, x))
    else sp.append(k, String(v))
  }
  const s = sp.toString()
  return s ? '?' + s : ''
}

/**
 * request(method, path, {query, body, noRedirect})
 * Throws {status, code, field, message, existing, error} on failure.
 */
export async function request(method, path, opts = {}) {
  const url = (path.startsWith('/api/') || path === '/healthz' ? path : '/api/v1' + path) + buildQuery(opts.query)
  const headers = {
    Accept: 'application/json',
    'Accept-Language': currentLang() === 'en' ? 'en' : 'zh-CN',
  }
  let body
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin' })
  } catch (e) {
    throw { status: 0, code: 'network', field: null, message: t('err.network'), existing: null }
  }
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch (e) { data = null }
  }
  if (!res.ok) {
    const e = (data && data.error) || {}
    const err = {
      status: res.status,
      code: e.code || 'http_' + res.status,
      field: e.field || null,
      message: e.message || (res.status === 403 ? t('err.forbidden') : t('err.unknown')) + ` (${res.status})`,
      existing: e.existing || null,
      error: e,
    }
    if (res.status === 401 && !opts.noRedirect && unauthorizedHandler) unauthorizedHandler(err)
    throw err
  }
  return data
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body = {}, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body = {}, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body = {}, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
}

/** Fetch every page of a list endpoint (for small reference lists). */
export async function getAll(path, query = {}, max = 20) {
  let items = []
  let cursor = null
  for (let i = 0; i < max; i++) {
    const r = await api.get(path, { ...query, limit: 200, cursor })
    items = items.concat((r && r.items) || [])
    cursor = r && r.next_cursor
    if (!cursor) break
  }
  return items
}
