// The API client (src/api.js) against a mocked fetch: headers it sends, the
// error object it throws, and when it calls the 401 handler.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, request, setCsrfToken, onUnauthorized, getAll } from '../../src/api.js'
import { setLang } from '../../src/i18n/index.js'

function answer(status, body) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return Promise.resolve(new Response(text, { status, headers: { 'Content-Type': 'application/json' } }))
}

let fetchMock
/** The n-th call's [url, init]. */
const call = (n = 0) => fetchMock.mock.calls[n]

beforeEach(() => {
  fetchMock = vi.fn(() => answer(200, { ok: true }))
  vi.stubGlobal('fetch', fetchMock)
  setCsrfToken('tok-123')
  onUnauthorized(null)
  setLang('zh-CN')
})

afterEach(() => {
  vi.unstubAllGlobals()
  setCsrfToken(null)
  onUnauthorized(null)
})

describe('requests', () => {
  it('prefixes /api/v1 and builds the query, leaving out empty values and repeating arrays', async () => {
    await api.get('/customers', { q: '张', grade: ['A', 'B'], owner_id: '', cursor: null, limit: 50 })
    expect(call()[0]).toBe('/api/v1/customers?q=%E5%BC%A0&grade=A&grade=B&limit=50')
    expect(call()[1].method).toBe('GET')
  })

  it('sends the CSRF token on every write and never on a read', async () => {
    await api.get('/customers')
    expect(call(0)[1].headers['X-CSRF-Token']).toBeUndefined()
    await api.post('/customers', { name: 'x' })
    await api.put('/settings', {})
    await api.patch('/customers/1', {})
    await api.del('/customers/1/contacts/2')
    for (let i = 1; i <= 4; i++) expect(call(i)[1].headers['X-CSRF-Token']).toBe('tok-123')
    expect(call(1)[1].headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(call(1)[1].body)).toEqual({ name: 'x' })
  })

  it('sends no CSRF header once the session is cleared', async () => {
    setCsrfToken(null)
    await api.post('/auth/logout', {})
    expect('X-CSRF-Token' in call()[1].headers).toBe(false)
  })

  it('asks for answers in the UI language', async () => {
    await api.get('/meta')
    setLang('en')
    await api.get('/meta')
    expect(call(0)[1].headers['Accept-Language']).toBe('zh-CN')
    expect(call(1)[1].headers['Accept-Language']).toBe('en')
  })

  it('uploads a raw body with its own content type', async () => {
    const blob = new Blob(['a,b\n'])
    await api.upload('/imports', { encoding: 'gbk' }, blob, { contentType: 'text/csv' })
    expect(call()[0]).toBe('/api/v1/imports?encoding=gbk')
    expect(call()[1].body).toBe(blob)
    expect(call()[1].headers['Content-Type']).toBe('text/csv')
  })

  it('getAll follows next_cursor until the last page', async () => {
    fetchMock
      .mockImplementationOnce(() => answer(200, { items: [1, 2], next_cursor: 'c2' }))
      .mockImplementationOnce(() => answer(200, { items: [3] }))
    expect(await getAll('/users')).toEqual([1, 2, 3])
    expect(call(1)[0]).toBe('/api/v1/users?limit=200&cursor=c2')
  })
})

describe('errors', () => {
  it('carries status, code, field, message and existing from the server answer', async () => {
    const existing = { id: 7, code: 'C7' }
    fetchMock.mockImplementation(() =>
      answer(409, { error: { code: 'duplicate', field: 'mobile', message: '手机号已存在', existing } }))
    const err = await api.post('/customers', {}).catch((e) => e)
    expect(err).toMatchObject({ status: 409, code: 'duplicate', field: 'mobile', message: '手机号已存在', existing })
  })

  it('makes up a code and a message when the answer has no error body', async () => {
    fetchMock.mockImplementation(() => answer(502, 'Bad Gateway'))
    const err = await api.get('/customers').catch((e) => e)
    expect(err.status).toBe(502)
    expect(err.code).toBe('http_502')
    expect(err.field).toBeNull()
    expect(err.message).toContain('(502)')
  })

  it('says "not permitted" for a bare 403', async () => {
    fetchMock.mockImplementation(() => answer(403))
    const err = await api.get('/audit').catch((e) => e)
    expect(err.code).toBe('http_403')
    expect(err.message).toBe('没有权限 (403)')
  })

  it('reports a network failure as status 0', async () => {
    fetchMock.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')))
    const err = await api.get('/customers').catch((e) => e)
    expect(err).toMatchObject({ status: 0, code: 'network', message: '无法连接服务器' })
  })

  it('resolves with the parsed body on success and null on an empty one', async () => {
    fetchMock.mockImplementationOnce(() => answer(200, { id: 3 })).mockImplementationOnce(() => answer(204))
    expect(await api.get('/customers/3')).toEqual({ id: 3 })
    expect(await api.del('/customers/3/contacts/1')).toBeNull()
  })
})

describe('the 401 handler', () => {
  it('is called with the error on a 401', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    fetchMock.mockImplementation(() => answer(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    const err = await api.get('/customers').catch((e) => e)
    expect(handler).toHaveBeenCalledTimes(1)
    expect(handler).toHaveBeenCalledWith(err)
    expect(err.status).toBe(401)
  })

  it('is not called when the request says noRedirect, nor for other statuses', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    fetchMock.mockImplementation(() => answer(401))
    await request('GET', '/auth/me', { noRedirect: true }).catch(() => {})
    fetchMock.mockImplementation(() => answer(403))
    await api.get('/audit').catch(() => {})
    fetchMock.mockImplementation(() => answer(500))
    await api.get('/audit').catch(() => {})
    expect(handler).not.toHaveBeenCalled()
  })
})
