// The lending register's logic (src/views/loans/loans.js): how many days a loan is overdue,
// the state and kind filters sent to GET /loans, who may register a return; and where an
// inbox item leads (its link, else its request).
import { describe, expect, it } from 'vitest'
import { FILTERS, canReturn, loanQuery, overdueDays } from '../../src/views/loans/loans.js'
import { inboxTarget } from '../../src/views/approvals/useInbox.js'

const at = (s) => Date.parse(s)

describe('overdueDays', () => {
  const loan = { due_at: '2026-06-04T09:00:00+08:00', returned_at: null, overdue: false }

  it('is 0 before the due time and for a returned loan', () => {
    expect(overdueDays(loan, at('2026-06-04T08:59:59+08:00'))).toBe(0)
    expect(overdueDays({ ...loan, returned_at: '2026-06-09T10:00:00+08:00', overdue: false }, at('2026-06-10T09:00:00+08:00'))).toBe(0)
    expect(overdueDays(null)).toBe(0)
  })

  it('counts 1 from the due time and one more each 24 hours, as the overdue alerts do', () => {
    const od = { ...loan, overdue: true }
    expect(overdueDays(od, at('2026-06-04T09:00:00+08:00'))).toBe(1)
    expect(overdueDays(od, at('2026-06-05T08:59:59+08:00'))).toBe(1)
    expect(overdueDays(od, at('2026-06-05T09:00:00+08:00'))).toBe(2)
    expect(overdueDays(od, at('2026-06-09T10:00:00+08:00'))).toBe(6)
  })

  it('follows the server: at least 1 when it says overdue, 0 when it says not (clocks may differ)', () => {
    expect(overdueDays({ ...loan, overdue: true }, at('2026-06-01T09:00:00+08:00'))).toBe(1)
    expect(overdueDays({ ...loan, overdue: false }, at('2026-06-08T09:00:00+08:00'))).toBe(0)
    expect(overdueDays({ due_at: 'x', overdue: true })).toBe(1)
  })
})

describe('loanQuery', () => {
  it('sends open by default and keeps a known state and kind', () => {
    expect(loanQuery({ ...FILTERS })).toEqual({ state: 'open' })
    expect(loanQuery({ ...FILTERS, state: 'returned', kind: 'export' })).toEqual({ state: 'returned', kind: 'export' })
    expect(loanQuery({ ...FILTERS, state: 'all', kind: 'file', limit: 50, cursor: 'abc' })).toEqual({ state: 'all', kind: 'file', limit: 50, cursor: 'abc' })
  })

  it('falls back to the defaults for an unknown state or kind (a hand-edited URL)', () => {
    expect(loanQuery({ state: 'lost', kind: 'paper' })).toEqual({ state: 'open' })
    expect(loanQuery({ state: '' })).toEqual({ state: 'open' })
    expect(loanQuery(null)).toEqual({ state: 'open' })
  })

  it('sends the borrower only for a keeper, and whole dates only', () => {
    const a = { ...FILTERS, borrower_id: '7', lent_from: '2026-06-01', lent_to: 'tomorrow' }
    expect(loanQuery(a)).toEqual({ state: 'open', lent_from: '2026-06-01' })
    expect(loanQuery(a, { keeper: true })).toEqual({ state: 'open', borrower_id: '7', lent_from: '2026-06-01' })
  })

  it('looks for a loan named by id among every state, and drops the count request', () => {
    expect(loanQuery({ ...FILTERS, state: 'open', total: 1 }, { focusId: '3' })).toEqual({ state: 'all' })
  })
})

describe('canReturn', () => {
  const open = { id: 1, borrower: { id: 7 }, returned_at: null }
  it('lets the borrower and a keeper register the return of an open loan', () => {
    expect(canReturn(open, 7, false)).toBe(true)
    expect(canReturn(open, '7', false)).toBe(true)
    expect(canReturn(open, 8, false)).toBe(false)
    expect(canReturn(open, 8, true)).toBe(true)
    expect(canReturn({ ...open, returned_at: '2026-06-02T10:00:00+08:00' }, 7, true)).toBe(false)
  })
})

describe('inboxTarget', () => {
  it('opens the link when there is one, else the request', () => {
    expect(inboxTarget({ link: '/loans?id=3', request_id: null })).toBe('/loans?id=3')
    expect(inboxTarget({ link: '', request_id: 12 })).toBe('/approvals/12')
    expect(inboxTarget({ request_id: 12 })).toBe('/approvals/12')
    expect(inboxTarget({ link: '//evil.example/x', request_id: 5 })).toBe('/approvals/5')
    expect(inboxTarget({ link: '' })).toBe(null)
  })
})
