// Printing's own decisions (src/views/print/print.js, R-PLT-7): which records print, the print
// view's URL and its route, the endpoints of a document and of its PDF, where "back" leads, the
// PDF's file name; and the customer file printed through the export (format pdf, R-SEC-6).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import {
  PRINT_KINDS, isPrintKind, pdfApiPath, pdfFileName, printApiPath, printPath, sourcePath,
} from '../../src/views/print/print.js'
import { messages, routes } from '../../src/views/print/module.js'
import { formatLabelKey, requestBody } from '../../src/views/exports/exports.js'
import { messages as exportMessages } from '../../src/views/exports/module.js'
import { startCustomerExport } from '../../src/views/customers/api.js'
import { getPrintDoc } from '../../src/views/print/api.js'
import { setCsrfToken } from '../../src/api.js'

const Page = { render: () => null }

describe('print', () => {
  it('R-PLT-7: prints an order, a contract and a customer\'s statement, nothing else', () => {
    expect(PRINT_KINDS).toEqual(['order', 'contract', 'statement'])
    for (const k of PRINT_KINDS) expect(isPrintKind(k)).toBe(true)
    for (const k of ['customer', 'Order', '', undefined, 'order/1']) expect(isPrintKind(k)).toBe(false)
  })

  it('R-PLT-7: the print view\'s URL and the document\'s and PDF\'s endpoints', () => {
    expect(printPath('order', 12)).toBe('/print/order/12')
    expect(printPath('statement', '7')).toBe('/print/statement/7')
    expect(printApiPath('contract', 3)).toBe('/print/contract/3')
    expect(pdfApiPath('contract', 3)).toBe('/print/contract/3/pdf')
    expect(printPath('order', '1/../2')).toBe('/print/order/1%2F..%2F2')
  })

  it('R-PLT-7: "back" without history leads to the record\'s page (a statement: the customer\'s receivables tab)', () => {
    expect(sourcePath('order', 12)).toBe('/orders/12')
    expect(sourcePath('contract', '5')).toBe('/contracts/5')
    expect(sourcePath('statement', 9)).toBe('/customers/9?tab=receivables')
    expect(sourcePath('other', 1)).toBe('/')
  })

  it('R-PLT-7: the PDF is named after the document, without characters file systems refuse', () => {
    expect(pdfFileName({ title: '订单 SO-20261204-0001' }, 'order', 12)).toBe('订单 SO-20261204-0001.pdf')
    expect(pdfFileName({ title: '合同 a/b:c*?' }, 'contract', 3)).toBe('合同 a b c.pdf')
    expect(pdfFileName({ title: 'x.PDF' }, 'order', 1)).toBe('x.PDF')
    expect(pdfFileName(null, 'statement', 9)).toBe('statement-9.pdf')
    expect(pdfFileName({ title: '  ' }, 'order', 2)).toBe('order-2.pdf')
  })

  it('R-PLT-7: the route takes the three kinds and a numeric id, for any signed-in user', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [
      { path: '/', component: Page, children: [...routes, { path: ':pathMatch(.*)*', name: 'not-found', component: Page }] },
    ] })
    const r = router.resolve('/print/order/12')
    expect(r.name).toBe('print')
    expect(r.params).toEqual({ kind: 'order', id: '12' })
    expect(router.resolve(printPath('statement', 4)).name).toBe('print')
    expect(router.resolve(printPath('contract', 4)).name).toBe('print')
    expect(router.resolve('/print/customer/4').name).toBe('not-found')
    expect(router.resolve('/print/order/abc').name).toBe('not-found')
    const meta = routes[0].meta || {}
    expect(meta.perm).toBeUndefined()
    expect(meta.scope).toBeUndefined()
  })

  it('R-PLT-7: names every button and the view in both languages', () => {
    for (const loc of ['zh-CN', 'en']) {
      const p = messages[loc].print
      for (const k of ['order', 'contract', 'statement', 'customer']) expect(p.button[k]).toBeTruthy()
      for (const k of ['back', 'print', 'pdf', 'notFound']) expect(p[k]).toBeTruthy()
    }
    expect(messages['zh-CN'].print.button.statement).toBe('打印对账单')
    expect(messages['zh-CN'].print.button.customer).toBe('打印档案')
  })
})

describe('the customer file printed (R-PLT-7, R-SEC-6)', () => {
  let fetchMock
  beforeEach(() => {
    fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify({ job_id: 5 }), { status: 202 })))
    vi.stubGlobal('fetch', fetchMock)
    setCsrfToken('tok')
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    setCsrfToken(null)
  })

  it('starts the export with format pdf, and the workbook as before without a format', async () => {
    await startCustomerExport(7, 'pdf')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/customers/7/export')
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ format: 'pdf' })
    await startCustomerExport(7)
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({})
    await startCustomerExport(7, 'xlsx')
    expect(JSON.parse(fetchMock.mock.calls[2][1].body)).toEqual({})
  })

  it('reads the printed document from GET /print/{kind}/{id}', async () => {
    await getPrintDoc('statement', 9)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/print/statement/9')
    expect(fetchMock.mock.calls[0][1].method).toBe('GET')
  })

  it('asks for the PDF in the export request, and labels it', () => {
    const customer = { id: '7', code: 'C0007', name: '甲' }
    expect(requestBody({ customer, format: 'pdf' }, { reason: ' r ', purpose: 'p' }))
      .toEqual({ customer_id: 7, format: 'pdf', reason: 'r', purpose: 'p' })
    expect(requestBody({ customer, format: 'xlsx' }, { reason: 'r', purpose: 'p' })).toEqual({ customer_id: 7, reason: 'r', purpose: 'p' })
    // a list format is no customer-file format
    expect(requestBody({ customer, format: 'vcf' }, { reason: 'r', purpose: 'p' })).toEqual({ customer_id: 7, reason: 'r', purpose: 'p' })
    expect(formatLabelKey({ format: 'pdf' })).toBe('exports.pdfFile')
    expect(exportMessages['zh-CN'].exports.pdfFile).toBe('打印客户档案（PDF）')
    expect(exportMessages.en.exports.pdfFile).toBe('Print the customer file (PDF)')
  })
})
