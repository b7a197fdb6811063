// Access requests' own logic (src/views/access/access.js): the codes typed or pasted into the
// request dialog, the checks before it is sent (codes, term in days, purpose, reason), the body
// sent, where a server error shows, and the "N hours / N days left" hint of a grant.
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_DAYS, MAX_RECORDS, formField, grantFor, normalizeCodes, remaining, requestBody, validateRequest,
} from '../../src/views/access/access.js'

const ok = { codes: ['KH-HQ-202606-00002'], customerIds: [], days: 3, purpose: '客户回访', reason: '核对回款信息' }

describe('codes', () => {
  it('splits a pasted text on spaces, new lines, commas (also full-width), semicolons and 、, trims, drops repeats', () => {
    expect(normalizeCodes('KH-1 KH-2\nKH-3,KH-4，KH-5;KH-6；KH-7、KH-1  ')).toEqual(['KH-1', 'KH-2', 'KH-3', 'KH-4', 'KH-5', 'KH-6', 'KH-7'])
    expect(normalizeCodes(['KH-1', ' KH-2 ', 'KH-1', 'KH-3 KH-4', ''])).toEqual(['KH-1', 'KH-2', 'KH-3', 'KH-4'])
    expect(normalizeCodes('')).toEqual([])
    expect(normalizeCodes(undefined)).toEqual([])
    expect(normalizeCodes([])).toEqual([])
  })

  it('needs at least one record and at most 50, each code at most 40 characters', () => {
    expect(validateRequest(ok)).toEqual({})
    expect(validateRequest({ ...ok, codes: [] })).toEqual({ 'subject.codes': 'access.err.noRecords' })
    // a record named by id (the customer page's offer) needs no code
    expect(validateRequest({ ...ok, codes: [], customerIds: [7] })).toEqual({})
    const many = Array.from({ length: MAX_RECORDS }, (_, i) => 'KH-' + i)
    expect(validateRequest({ ...ok, codes: many })).toEqual({})
    expect(validateRequest({ ...ok, codes: many, customerIds: [7] })).toEqual({ 'subject.codes': 'access.err.tooMany' })
    expect(validateRequest({ ...ok, codes: ['K'.repeat(40)] })).toEqual({})
    expect(validateRequest({ ...ok, codes: ['K'.repeat(41)] })).toEqual({ 'subject.codes': 'access.err.badCode' })
  })
})

describe('days, purpose and reason', () => {
  it('takes a whole number of days from 1 (the longest term is the server\'s setting)', () => {
    for (const days of [1, 3, 7, 30, '2']) expect(validateRequest({ ...ok, days })).toEqual({})
    for (const days of [0, -1, 1.5, '', null, undefined, 'x', NaN]) {
      expect(validateRequest({ ...ok, days })).toEqual({ 'subject.days': 'access.err.days' })
    }
    expect(DEFAULT_DAYS).toBe(3)
  })

  it('needs a purpose and a reason, blanks counting as none', () => {
    expect(validateRequest({ ...ok, purpose: '  ' })).toEqual({ purpose: 'common.required' })
    expect(validateRequest({ ...ok, reason: '' })).toEqual({ reason: 'common.required' })
    expect(Object.keys(validateRequest({ codes: [], days: 0 })).sort()).toEqual(['purpose', 'reason', 'subject.codes', 'subject.days'])
  })

  it('sends kind access.read with the codes and/or ids and the days as a number', () => {
    expect(requestBody({ ...ok, days: '2', purpose: ' 回访 ', reason: ' 核对 ' })).toEqual({
      kind: 'access.read', subject: { codes: ['KH-HQ-202606-00002'], days: 2 }, purpose: '回访', reason: '核对',
    })
    expect(requestBody({ ...ok, codes: [], customerIds: ['7'] }).subject).toEqual({ customer_ids: [7], days: 3 })
  })

  it('R-SEC-4: files for a visitor when one is chosen, for oneself otherwise', () => {
    expect(requestBody({ ...ok, forUserId: '12' }).subject.for_user_id).toBe(12)
    expect('for_user_id' in requestBody({ ...ok, forUserId: null }).subject).toBe(false)
    expect(formField('subject.for_user_id')).toBe('subject.for_user_id')
  })

  it('shows a server error on its field (ids on the codes), anything else below the form', () => {
    expect(formField('subject.customer_ids')).toBe('subject.codes')
    expect(formField('subject.codes')).toBe('subject.codes')
    expect(formField('subject.days')).toBe('subject.days')
    expect(formField('purpose')).toBe('purpose')
    expect(formField('reason')).toBe('reason')
    expect(formField(null)).toBe('_')
    expect(formField('kind')).toBe('_')
  })
})

describe('remaining time', () => {
  const end = '2026-06-03T09:00:00+08:00'
  const at = (iso) => Date.parse(iso)

  it('counts hours, rounded up, below two days', () => {
    expect(remaining(end, at('2026-06-03T08:59:59+08:00'))).toEqual({ unit: 'hours', n: 1 })
    expect(remaining(end, at('2026-06-03T08:00:00+08:00'))).toEqual({ unit: 'hours', n: 1 })
    expect(remaining(end, at('2026-06-03T07:30:00+08:00'))).toEqual({ unit: 'hours', n: 2 })
    expect(remaining(end, at('2026-06-02T09:00:00+08:00'))).toEqual({ unit: 'hours', n: 24 })
    expect(remaining(end, at('2026-06-01T09:00:01+08:00'))).toEqual({ unit: 'hours', n: 48 })
  })

  it('counts days to the nearest from two days on', () => {
    expect(remaining(end, at('2026-06-01T09:00:00+08:00'))).toEqual({ unit: 'days', n: 2 })
    // a 3-day grant just approved says 3 days
    expect(remaining(end, at('2026-05-31T09:00:05+08:00'))).toEqual({ unit: 'days', n: 3 })
    expect(remaining(end, at('2026-05-27T09:00:00+08:00'))).toEqual({ unit: 'days', n: 7 })
  })

  it('is null once the grant has ended, or for a time it cannot read', () => {
    expect(remaining(end, at(end))).toBeNull()
    expect(remaining(end, at('2026-06-04T09:00:00+08:00'))).toBeNull()
    expect(remaining('', at(end))).toBeNull()
    expect(remaining(undefined)).toBeNull()
  })
})

describe('grants', () => {
  const grants = [
    { request_id: 4, customer: { id: 7, code: 'KH-7', name: 'A', secrecy: 'confidential' }, ends_at: '2026-06-03T09:00:00+08:00' },
    { request_id: 5, customer: { id: 9, code: 'KH-9', name: 'B', secrecy: 'normal' }, ends_at: '2026-06-04T09:00:00+08:00' },
  ]
  it('finds the grant of a record by id (a route parameter is text)', () => {
    expect(grantFor(grants, '7').request_id).toBe(4)
    expect(grantFor(grants, 9).request_id).toBe(5)
    expect(grantFor(grants, 8)).toBeNull()
    expect(grantFor(null, 7)).toBeNull()
  })
})
