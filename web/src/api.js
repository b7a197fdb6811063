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
 * request(method, path, {query, body, raw, contentType, noRedirect})
 * Throws {status, code, field, message, existing, errors, error} on failure; errors
 * lists every field's error [{field, message}] when the server checked several.
 */
export async function request(method, path, opts = {}) {
  const url = (path.startsWith('/api/') || path === '/healthz' ? path : '/api/v1' + path) + buildQuery(opts.query)
  const headers = {
    Accept: 'application/json',
    'Accept-Language': currentLang() === 'en' ? 'en' : 'zh-CN',
  }
  let body
  if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/octet-stream'
    body = opts.raw
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin' })
  } catch (e) {
    throw { status: 0, code: 'network', field: null, message: t('err.network'), existing: null, errors: [] }
  }
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch (e) { data = null }
  }
  if (!res.ok) throw httpError(res, data, opts)
  return data
}

function httpError(res, data, opts = {}) {
  const e = (data && data.error) || {}
  const err = {
    status: res.status,
    code: e.code || 'http_' + res.status,
    field: e.field || null,
    message: e.message || (res.status === 403 ? t('err.forbidden') : t('err.unknown')) + ` (${res.status})`,
    existing: e.existing || null,
    errors: Array.isArray(e.errors) && e.errors.length ? e.errors : (e.field ? [{ field: e.field, message: e.message }] : []),
    error: e,
  }
  if (res.status === 401 && !opts.noRedirect && unauthorizedHandler) unauthorizedHandler(err)
  return err
}

/** File name from a Content-Disposition header (RFC 6266 filename* first). */
function dispositionName(h) {
  if (!h) return ''
  let m = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(h)
  if (m) { try { return decodeURIComponent(m[1].trim().replace(/^"|"$/g, '')) } catch (e) { /* fall through */ } }
  m = /filename\s*=\s*"([^"]*)"/.exec(h) || /filename\s*=\s*([^;]+)/.exec(h)
  return m ? m[1].trim() : ''
}

/**
 * Download a file answer (e.g. GET /jobs/{id}/file) and hand it to the browser:
 * fetch as a blob, then click a temporary <a download> on an object URL.
 * Resolves the file name; throws like request() on failure.
 */
export async function download(path, fallbackName = 'download') {
  const url = path.startsWith('/api/') ? path : '/api/v1' + path
  let res
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': currentLang() === 'en' ? 'en' : 'zh-CN' } })
  } catch (e) {
    throw { status: 0, code: 'network', field: null, message: t('err.network'), existing: null, errors: [] }
  }
  if (!res.ok) {
    let data = null
    try { data = JSON.parse(await res.text()) } catch (e) { /* not JSON: keep null */ }
    throw httpError(res, data)
  }
  const blob = await res.blob()
  const name = dispositionName(res.headers.get('Content-Disposition')) || fallbackName
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60000)
  return name
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body = {}, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body = {}, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body = {}, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
  /** POST a raw body (a File or Blob), e.g. an import upload. */
  upload: (path, query, blob, opts = {}) => request('POST', path, { ...opts, query, raw: blob, contentType: opts.contentType }),
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
