// Labels from the server's capability table (GET /capabilities) through the
// cached loader in store.js, and the fallback for servers without the endpoint.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  auditActionGroups, auditActionLabel, clearSession, invalidate, loadCapabilities, permLabel,
} from '../../src/store.js'
import { setLang } from '../../src/i18n/index.js'

const table = {
  items: [
    {
      name: 'customers', label_zh: '客户', label_en: 'Customers', scopes: ['customers'],
      permissions: [{ name: 'customer.create', label_zh: '新建客户', label_en: 'Create customers' }],
      audit_actions: [
        { action: 'customer.read', label_zh: '查看客户', label_en: 'Viewed a customer' },
        { action: 'customer.create', label_zh: '新建客户', label_en: 'Created a customer' },
      ],
    },
    { name: 'backup', label_zh: '备份', label_en: 'Backups', permissions: [], audit_actions: [] },
  ],
}

let fetchMock
const reply = (status, body) => () =>
  Promise.resolve(new Response(body ? JSON.stringify(body) : '', { status, headers: { 'Content-Type': 'application/json' } }))

beforeEach(() => {
  invalidate('capabilities')
  setLang('zh-CN')
  fetchMock = vi.fn(reply(200, table))
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => vi.unstubAllGlobals())

describe('capability labels', () => {
  it('loads the table once and labels audit actions in the UI language', async () => {
    await Promise.all([loadCapabilities(), loadCapabilities()])
    await loadCapabilities()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/capabilities')
    expect(auditActionLabel('customer.read')).toBe('查看客户')
    setLang('en')
    expect(auditActionLabel('customer.read')).toBe('Viewed a customer')
    expect(permLabel('customer.create')).toBe('Create customers')
  })

  it('keeps an action or permission the table does not know as it is', async () => {
    await loadCapabilities()
    expect(auditActionLabel('report.sent')).toBe('report.sent')
    expect(permLabel('report.send')).toBe('report.send')
    expect(auditActionLabel('')).toBe('')
  })

  it('groups the known actions by capability for the filter, leaving out capabilities without any', async () => {
    await loadCapabilities()
    expect(auditActionGroups()).toEqual([
      { label: '客户', options: [{ value: 'customer.read', label: '查看客户' }, { value: 'customer.create', label: '新建客户' }] },
    ])
  })

  it('falls back to raw names when the server has no /capabilities (404)', async () => {
    fetchMock.mockImplementation(reply(404, { error: { code: 'not_found', message: 'not found' } }))
    expect(await loadCapabilities()).toEqual([])
    expect(auditActionLabel('customer.read')).toBe('customer.read')
    expect(auditActionGroups()).toEqual([])
  })

  it('does not keep a failed load: another error rejects and the next call asks again', async () => {
    fetchMock.mockImplementationOnce(reply(500))
    await expect(loadCapabilities()).rejects.toMatchObject({ status: 500 })
    expect(auditActionLabel('customer.read')).toBe('customer.read')
    await loadCapabilities()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(auditActionLabel('customer.read')).toBe('查看客户')
  })

  it('forgets the table when the session ends', async () => {
    await loadCapabilities()
    clearSession()
    expect(auditActionLabel('customer.read')).toBe('customer.read')
    await loadCapabilities()
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })
})
