// Retention and destruction's logic (src/views/destruction/destruction.js, R-SEC-7): how long an
// archived customer is kept, the destruction request's checks and body, the retention rules'
// checks before saving and where a server error on them belongs, and the register's paging.
import { describe, expect, it } from 'vitest'
import {
  ANY, MAX_MONTHS, editableRules, keptUntil, newRule, registerQuery, requestBody, requestCustomers, requestField,
  ruleErrorPlace, rulesBody, toggleSelected, validateRequest, validateRules, wipeState,
} from '../../src/views/destruction/destruction.js'

describe('keptUntil', () => {
  it('says nothing for a live customer', () => {
    expect(keptUntil({ archived: false, destroy_due_at: '2031-06-01T10:00:00+08:00' })).toBe(null)
    expect(keptUntil(null)).toBe(null)
  })
  it('gives the due time of an archived one, or kept for good without one', () => {
    expect(keptUntil({ archived: true, archived_at: '2026-06-01T10:00:00+08:00', destroy_due_at: '2031-06-01T10:00:00+08:00' }))
      .toEqual({ kind: 'until', at: '2031-06-01T10:00:00+08:00' })
    expect(keptUntil({ archived: true, archived_at: '2026-06-01T10:00:00+08:00' })).toEqual({ kind: 'kept' })
  })
})

describe('the destruction request', () => {
  it('names each customer once, by id and code', () => {
    expect(requestCustomers([{ id: '3', code: 'KH-3', name: 'x' }, { id: 3, code: 'KH-3' }, { id: 0 }, null, { id: 5 }]))
      .toEqual([{ id: 3, code: 'KH-3' }, { id: 5, code: '' }])
  })
  it('needs customers and a reason; purpose is optional', () => {
    expect(validateRequest({ customerIds: [], reason: ' ' })).toEqual({ 'subject.customer_ids': 'destruction.err.noCustomers', reason: 'common.required' })
    expect(validateRequest({ customerIds: [1], reason: '保管期满' })).toEqual({})
    expect(validateRequest({ customerIds: Array.from({ length: 201 }, (_, i) => i + 1), reason: 'x' })).toEqual({ 'subject.customer_ids': 'destruction.err.tooMany' })
    expect(validateRequest({ customerIds: [1], reason: 'x', purpose: 'y'.repeat(1001) })).toEqual({ purpose: 'destruction.err.tooLong' })
  })
  it('builds the approval body, trimmed, without an empty purpose', () => {
    expect(requestBody({ customerIds: ['4', 7], reason: ' 保管期满 ', purpose: '' }))
      .toEqual({ kind: 'customer.destroy', subject: { customer_ids: [4, 7] }, reason: '保管期满' })
    expect(requestBody({ customerIds: [4], reason: 'r', purpose: ' 档案管理 ' }).purpose).toBe('档案管理')
  })
  it('puts the server\'s errors on their form items', () => {
    expect(requestField('subject.customer_ids')).toBe('subject.customer_ids')
    expect(requestField('subject')).toBe('subject.customer_ids')
    expect(requestField('reason')).toBe('reason')
    expect(requestField('purpose')).toBe('purpose')
    expect(requestField('')).toBe('_')
    expect(requestField(null)).toBe('_')
  })
  it('keeps the selection across pages', () => {
    let sel = toggleSelected([], [{ id: 1, code: 'A', name: 'n' }, { id: 2, code: 'B' }], true)
    expect(sel).toEqual([{ id: 1, code: 'A' }, { id: 2, code: 'B' }])
    sel = toggleSelected(sel, [{ id: '3', code: 'C' }], true)
    sel = toggleSelected(sel, [{ id: 1 }], false)
    expect(sel).toEqual([{ id: 2, code: 'B' }, { id: 3, code: 'C' }])
  })
})

describe('the retention rules', () => {
  const rules = [{ category: 'general', stage: ANY, months: 24 }, { category: ANY, stage: ANY, months: 60 }]
  it('are edited as they come and saved as whole numbers', () => {
    expect(editableRules([{ category: 'general', stage: 'lost', months: 36 }, {}])).toEqual([
      { category: 'general', stage: 'lost', months: 36 }, { category: ANY, stage: ANY, months: null },
    ])
    expect(rulesBody([{ category: 'general', stage: ANY, months: '24', key: 3 }])).toEqual({ rules: [{ category: 'general', stage: ANY, months: 24 }] })
  })
  it('pass when complete and each pair is once', () => {
    expect(validateRules(rules)).toEqual({ rows: {}, list: '', ok: true })
    expect(validateRules([]).ok).toBe(true)
    expect(validateRules([{ category: ANY, stage: ANY, months: 0 }]).ok).toBe(true)
    expect(validateRules([{ category: ANY, stage: ANY, months: MAX_MONTHS }]).ok).toBe(true)
  })
  it('flag months out of 0..1200, missing values and a pair twice on its row', () => {
    const v = validateRules([
      { category: ANY, stage: ANY, months: 1201 },
      { category: 'general', stage: ANY, months: -1 },
      { category: 'general', stage: ANY, months: 12 },
      { category: '', stage: ANY, months: null },
      { category: 'vip', stage: 'lost', months: 1.5 },
    ])
    expect(v.ok).toBe(false)
    expect(v.rows).toEqual({
      0: { months: 'months' }, 1: { months: 'months' }, 2: { category: 'twice' },
      3: { category: 'required', months: 'required' }, 4: { months: 'months' },
    })
  })
  it('flag more than 100 rules', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ category: 'c' + i, stage: ANY, months: 1 }))
    expect(validateRules(many)).toMatchObject({ list: 'tooMany', ok: false })
  })
  it('place the server\'s 422 on its row and field, or on the list', () => {
    expect(ruleErrorPlace('rules[2].months')).toEqual({ row: 2, field: 'months' })
    expect(ruleErrorPlace('rules[0].category')).toEqual({ row: 0, field: 'category' })
    expect(ruleErrorPlace('rules[11].stage')).toEqual({ row: 11, field: 'stage' })
    expect(ruleErrorPlace('rules[1]')).toEqual({ row: 1, field: 'category' })
    expect(ruleErrorPlace('rules')).toEqual({ row: null, field: 'rules' })
    expect(ruleErrorPlace(null)).toEqual({ row: null, field: 'rules' })
  })
  it('add a row for a pair not yet used', () => {
    expect(newRule([], ['general', 'vip'], ['lost'])).toEqual({ category: ANY, stage: ANY, months: 60 })
    expect(newRule([{ category: ANY, stage: ANY }], ['general'], ['lost'])).toEqual({ category: ANY, stage: 'lost', months: 60 })
    expect(newRule([{ category: ANY, stage: ANY }, { category: ANY, stage: 'lost' }], ['general'], ['lost']))
      .toEqual({ category: 'general', stage: ANY, months: 60 })
  })
})

describe('the register', () => {
  it('pages by next_before', () => {
    expect(registerQuery(null)).toEqual({ limit: 50 })
    expect(registerQuery(17, 20)).toEqual({ limit: 20, before: 17 })
  })
  it('says wiping until the files are wiped', () => {
    expect(wipeState({ wiped_at: null })).toBe('wiping')
    expect(wipeState({ wiped_at: '2026-08-01T10:00:00+08:00' })).toBe('wiped')
  })
})
