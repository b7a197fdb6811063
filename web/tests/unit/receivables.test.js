// The receivables pages' own decisions (src/views/receivables/receivables.js): a payment plan's
// running total and difference in whole fen, the checks and bodies of a plan, a payment, an
// invoice title and an invoice, the amounts a payment and an invoice default to, the unified
// social credit code's check character, and the aging chart.
import { describe, expect, it } from 'vitest'
import {
  BUCKETS, FILTERS, METHODS, STATES, agingOption, agingRows, allocationsOf, cleanQuery, defaultPaymentAmount, emptyInvoice,
  emptyPayment, invoiceBody, isDay, monthAfter, newRow, notInvoiced, paymentBody, planBody, planDifference, planRows, planTotal,
  problemMessage, problems, sortTitles, specialReady, stateType, titleBody, titleChange, titleForm, usccProblem, usccValid,
  validateInvoice, validatePayment, validatePlan, validateTitle,
} from '../../src/views/receivables/receivables.js'
import { messages } from '../../src/views/receivables/module.js'

const rec = {
  order: { id: 7, code: 'SO1', amount_fen: 100000, state: 'confirmed', customer: { id: 3, name: '上海某某' } },
  plan: [
    { id: 1, seq: 1, due_on: '2026-06-15', amount_fen: 30000, paid_fen: 30000, outstanding_fen: 0, state: 'paid', overdue_days: 0 },
    { id: 2, seq: 2, due_on: '2026-07-15', amount_fen: 70000, paid_fen: 15000, outstanding_fen: 55000, state: 'overdue', overdue_days: 3 },
  ],
  payments: [], paid_fen: 45000, outstanding_fen: 55000, overdue_fen: 55000, invoices: [], invoiced_fen: 20000,
}

describe('receivables', () => {
  it('R-DEV-5: a plan\'s running total and its difference to the order\'s amount are whole fen', () => {
    const rows = planRows(rec.plan)
    expect(rows).toEqual([{ due: '2026-06-15', amount: '300.00' }, { due: '2026-07-15', amount: '700.00' }])
    expect(planTotal(rows)).toBe(100000)
    expect(planDifference(rows, 100000)).toBe(0)
    // floating-point yuan would miss: 0.1 + 0.2 yuan is 30 fen exactly
    expect(planTotal([{ amount: '0.10' }, { amount: '0.20' }])).toBe(30)
    expect(planDifference([{ amount: '0.10' }, { amount: '0.20' }], 31)).toBe(1)
    // planned too much: negative; unreadable amounts count as nothing
    expect(planDifference([{ amount: '600' }, { amount: '500' }], 100000)).toBe(-10000)
    expect(planTotal([{ amount: 'abc' }, { amount: '' }, { amount: '1,000.5' }])).toBe(100050)
  })

  it('R-DEV-5: a new installment is due a month after the last one, for what is still to plan', () => {
    expect(newRow([{ due: '2026-01-31', amount: '300' }], 100000)).toEqual({ due: '2026-02-28', amount: '700.00' })
    expect(newRow([], 100000, '2026-06-01')).toEqual({ due: '2026-06-01', amount: '1000.00' })
    expect(newRow([{ due: '2026-12-15', amount: '1000' }], 100000)).toEqual({ due: '2027-01-15', amount: '' })
    expect(monthAfter('2024-01-31')).toBe('2024-02-29')
    expect(monthAfter('')).toBe('')
    expect(isDay('2026-02-30')).toBe(false)
    expect(isDay('2026-02-28')).toBe(true)
  })

  it('R-DEV-5: a plan is checked before it is sent: days ascending, amounts positive, the total equal to the order\'s', () => {
    const ok = [{ due: '2026-06-15', amount: '300' }, { due: '2026-07-15', amount: '700' }]
    expect(validatePlan(ok, 100000)).toEqual({})
    expect(planBody(ok)).toEqual({ installments: [{ due_on: '2026-06-15', amount_fen: 30000 }, { due_on: '2026-07-15', amount_fen: 70000 }] })
    expect(validatePlan([], 100000)).toEqual({ installments: 'noRows' })
    expect(validatePlan(Array.from({ length: 25 }, (_, i) => ({ due: `2027-01-${String(i + 1).padStart(2, '0')}`, amount: '40' })), 100000).installments).toBe('tooMany')
    expect(validatePlan([{ due: '2026-07-15', amount: '300' }, { due: '2026-07-15', amount: '700' }], 100000)).toEqual({ 'installments.1.due_on': 'ascending' })
    expect(validatePlan([{ due: '', amount: '0' }, { due: '2026-13-01', amount: '1.001' }], 100000)).toEqual({
      'installments.0.due_on': 'required', 'installments.0.amount_fen': 'positive',
      'installments.1.due_on': 'date', 'installments.1.amount_fen': 'amountCents',
    })
    expect(validatePlan([{ due: '2026-06-15', amount: '300' }], 100000)).toEqual({ installments: 'sum' })
    expect(problemMessage('tooMany', 'installments')).toEqual(['receivables.err.tooMany', { n: 24 }])
    expect(problems({ 'installments.0.amount_fen': 'common.required' })).toEqual({ 'installments.0.amount_fen': ['receivables.err.required', {}] })
  })

  it('R-DEV-5: a payment defaults to what the order still owes, by bank, today; an overpayment is left to the server', () => {
    expect(defaultPaymentAmount(rec)).toBe('550.00')
    expect(defaultPaymentAmount({ outstanding_fen: 0 })).toBe('')
    expect(emptyPayment(rec, '2026-07-18')).toEqual({ amount: '550.00', method: 'bank', received: '2026-07-18', reference: '', notes: '' })
    const f = { amount: '200.5', method: 'wechat', received: '', reference: ' HK-001 ', notes: '' }
    expect(validatePayment(f, '2026-07-18')).toEqual({})
    expect(paymentBody(f)).toEqual({ amount_fen: 20050, method: 'wechat', reference: 'HK-001' })
    expect(validatePayment({ ...f, amount: '99999' }, '2026-07-18')).toEqual({})
    expect(validatePayment({ ...f, amount: '0', method: 'barter', received: '2026-07-19', reference: 'x'.repeat(101) }, '2026-07-18')).toEqual({
      amount_fen: 'positive', method: 'required', received_on: 'future', reference: 'tooLong',
    })
    expect(paymentBody({ ...f, received: '2026-07-01', notes: '首付' })).toEqual({ amount_fen: 20050, method: 'wechat', received_on: '2026-07-01', reference: 'HK-001', notes: '首付' })
    expect(METHODS).toEqual(['bank', 'cash', 'wechat', 'alipay', 'cheque', 'other'])
  })

  it('R-DEV-5: a payment lists the installments it paid in the plan\'s order', () => {
    expect(allocationsOf({ allocations: [{ plan_id: 2, seq: 2, amount_fen: 15000 }, { plan_id: 1, seq: 1, amount_fen: 30000 }] }))
      .toEqual([{ seq: 1, fen: 30000 }, { seq: 2, fen: 15000 }])
    expect(allocationsOf(null)).toEqual([])
  })

  it('R-DEV-5: a unified social credit code is 18 characters of its alphabet with the right check character', () => {
    for (const ok of ['91350100M000100Y43', '91110000600037341L', '91440300MA5F000007', '12100000400000000W', ' 91350100m000100y43 ']) {
      expect(usccValid(ok), ok).toBe(true)
    }
    expect(usccProblem('91350100M000100Y44')).toBe('usccCheck')
    expect(usccProblem('91350100M000100Y4')).toBe('usccLength')
    expect(usccProblem('')).toBe('usccLength')
    // O, I, S, V and Z are not in the code's alphabet
    expect(usccProblem('9135010OM000100Y43')).toBe('usccChars')
    expect(usccProblem('91350100M000100YZ3')).toBe('usccChars')
    expect(usccProblem('91350100M0001-0Y43')).toBe('usccChars')
  })

  it('R-DEV-5: an invoice title: a company\'s needs a valid code, an individual\'s has none; a change sends what changed', () => {
    const company = { kind: 'company', name: '福州某某有限公司', tax_number: '91350100m000100y43', address: '福州', phone: '0591-1234567', bank: '', account: '', is_default: true }
    expect(validateTitle(company)).toEqual({})
    expect(titleBody(company)).toEqual({ ...company, tax_number: '91350100M000100Y43' })
    expect(validateTitle({ ...company, tax_number: '' })).toEqual({ tax_number: 'required' })
    expect(validateTitle({ ...company, tax_number: '91350100M000100Y44' })).toEqual({ tax_number: 'usccCheck' })
    expect(validateTitle({ ...company, kind: 'individual', name: '', phone: '1'.repeat(41) })).toEqual({ name: 'required', phone: 'tooLong', tax_number: 'individualTax' })
    expect(titleBody({ ...company, kind: 'individual' }).tax_number).toBe('')
    const saved = { id: 4, customer_id: 3, ...company, tax_number: '91350100M000100Y43', created_at: 'x' }
    expect(titleChange(titleForm(saved), saved)).toEqual({})
    expect(titleChange({ ...titleForm(saved), bank: '工行福州分行 ' }, saved)).toEqual({ bank: '工行福州分行' })
    expect(specialReady(saved)).toBe(false)
    expect(specialReady({ ...saved, bank: '工行', account: '123' })).toBe(true)
    expect(specialReady({ ...saved, kind: 'individual', bank: '工行', account: '123' })).toBe(false)
    expect(sortTitles([{ id: 1, name: 'B' }, { id: 2, name: 'A', is_default: true }, { id: 3, name: 'A' }]).map((x) => x.id)).toEqual([2, 3, 1])
  })

  it('R-DEV-5: an invoice defaults to the default title, a normal invoice, what is not yet invoiced, today', () => {
    expect(notInvoiced(rec)).toBe(80000)
    expect(notInvoiced({ order: { amount_fen: 100 }, invoiced_fen: 100 })).toBe(0)
    const titles = [{ id: 5, name: 'B' }, { id: 6, name: 'A', is_default: true }]
    const f = emptyInvoice(rec, titles, '2026-07-18')
    expect(f).toEqual({ titleId: 6, kind: 'normal', number: '', amount: '800.00', issued: '2026-07-18' })
    expect(validateInvoice(f, '2026-07-18')).toEqual({ number: 'required' })
    expect(validateInvoice({ ...f, number: '1234567' }).number).toBe('invoiceNumber')
    expect(validateInvoice({ ...f, titleId: '', kind: 'x', number: '12345678', amount: '-1', issued: '2026-07-19' }, '2026-07-18')).toEqual({
      title_id: 'required', kind: 'required', amount_fen: 'amountNegative', issued_on: 'future',
    })
    expect(invoiceBody({ ...f, number: ' 20260612001 ' })).toEqual({ title_id: 6, kind: 'normal', number: '20260612001', amount_fen: 80000, issued_on: '2026-07-18' })
    expect(invoiceBody({ ...f, number: '12345678', issued: '' })).not.toHaveProperty('issued_on')
  })

  it('R-DEV-5: the aging chart has a bar per bucket, in yuan, missing buckets as zero', () => {
    const summary = { aging: [{ bucket: '90+', amount_fen: 12345, count: 1 }, { bucket: '1-30', amount_fen: 100000, count: 2 }] }
    expect(agingRows(summary)).toEqual([
      { bucket: '1-30', fen: 100000, count: 2 }, { bucket: '31-60', fen: 0, count: 0 },
      { bucket: '61-90', fen: 0, count: 0 }, { bucket: '90+', fen: 12345, count: 1 },
    ])
    const o = agingOption(summary, { label: (b) => 'L' + b, tip: (r) => `${r.bucket}:${r.count}`, name: 'overdue' })
    expect(o.xAxis.data).toEqual(BUCKETS.map((b) => 'L' + b))
    expect(o.series[0].data.map((d) => d.value)).toEqual([1000, 0, 0, 123.45])
    expect(o.tooltip.formatter({ dataIndex: 3 })).toBe('90+:1')
    expect(agingRows(null).every((r) => r.fen === 0)).toBe(true)
  })

  it('R-DEV-5: the list\'s filters, states and queries', () => {
    expect(STATES).toEqual(['open', 'overdue', 'paid', 'all'])
    expect(FILTERS).toEqual({ state: 'open', owner_id: '', due_from: '', due_to: '', order_id: '' })
    expect(cleanQuery({ state: 'open', owner_id: '', order_id: '12', due_to: null })).toEqual({ state: 'open', order_id: '12' })
    expect(stateType('overdue')).toBe('danger')
    expect(stateType('paid')).toBe('success')
    expect(stateType('?')).toBe('info')
  })

  it('R-DEV-5: names every bucket, method, state and check problem in both languages', () => {
    for (const loc of ['zh-CN', 'en']) {
      const m = messages[loc].receivables
      for (const b of BUCKETS) expect(m.overview.buckets[b], `${loc} ${b}`).toBeTruthy()
      for (const x of METHODS) expect(m.methods[x], `${loc} ${x}`).toBeTruthy()
      for (const s of STATES) expect(m.states[s], `${loc} ${s}`).toBeTruthy()
      for (const p of ['required', 'tooLong', 'date', 'future', 'noRows', 'tooMany', 'ascending', 'positive', 'sum', 'amountBad', 'amountNegative',
        'amountCents', 'amountRange', 'usccLength', 'usccChars', 'usccCheck', 'individualTax', 'invoiceNumber']) {
        expect(m.err[p], `${loc} ${p}`).toBeTruthy()
      }
    }
  })
})
