// The contract pages' own decisions (src/views/contracts/contracts.js): the state tag, the days
// left, the period, a renewal's default dates, the checks before a contract is sent, the bodies of
// a new contract, a change, a submission, and the messages they name.
import { describe, expect, it } from 'vitest'
import {
  EXPIRING, FILTERS, KINDS, MAX, STATES, addDays, changeBody, contractQuery, createBody, daysBetween, daysLeftText, editable,
  emptyForm, endingSoon, formOf, periodText, problemMessage, problems, renewable, renewalDates, stateType, submitBody, terminable,
  validate, validateReason, yuanInput,
} from '../../src/views/contracts/contracts.js'
import { messages, perms, routes, menu, order } from '../../src/views/contracts/module.js'

const customer = { id: 12, code: 'KH0012', name: '上海某某' }
const good = () => ({
  ...emptyForm(customer), kind: 'quality', title: '2026 年度质量保证协议', amount: '98,000.50',
  startsOn: '2026-06-01', endsOn: '2027-05-31', signedOn: '2026-05-20', ourParty: '某某净水科技有限公司', signatory: '王经理',
})
const contract = {
  id: 4, code: 'HT20260601000004', customer, kind: 'supply', title: '供货', amount_fen: 9800050,
  starts_on: '2026-06-01', ends_on: '2027-05-31', signed_on: '', our_party: '', signatory: '李', notes: 'n',
  order: { id: 7, code: 'DD1' }, state: 'draft', approval: null, renewal_of: null, renewed_by: null, days_left: null,
}

describe('contracts', () => {
  it('R-DEV-4: the module asks contract.read to see and contract.manage to change, after the orders', () => {
    expect(perms.read).toBe('contract.read')
    expect(perms.manage).toBe('contract.manage')
    expect(order).toBe(28)
    expect(routes.map((r) => [r.path, r.meta.perm])).toEqual([['contracts', 'contract.read'], ['contracts/:id(\\d+)', 'contract.read']])
    expect(menu[0]).toMatchObject({ path: '/contracts', test: 'nav-contracts' })
  })

  it('R-DEV-4: each state has its tag type, and only some states allow a change, a termination or a renewal', () => {
    expect(stateType('draft')).toBe('info')
    expect(stateType('pending')).toBe('warning')
    expect(stateType('returned')).toBe('warning')
    expect(stateType('active')).toBe('success')
    expect(stateType('expired')).toBe('danger')
    expect(stateType('terminated')).toBe('info')
    expect(stateType('nonsense')).toBe('info')
    expect(['draft', 'returned', 'pending', 'active'].map((s) => editable({ state: s }))).toEqual([true, true, false, false])
    expect(['draft', 'active', 'expired', 'terminated'].map((s) => terminable({ state: s }))).toEqual([false, true, true, false])
    expect(renewable({ state: 'active', renewed_by: null })).toBe(true)
    expect(renewable({ state: 'expired' })).toBe(true)
    expect(renewable({ state: 'active', renewed_by: { id: 9, code: 'HT9' } })).toBe(false)
    expect(renewable({ state: 'draft' })).toBe(false)
    expect(editable(null) || terminable(null) || renewable(null)).toBe(false)
  })

  it('R-DEV-4: an active contract says how many days it has left', () => {
    expect(daysLeftText({ state: 'active', days_left: 12 })).toEqual(['contracts.days.left', { n: 12 }])
    expect(daysLeftText({ state: 'active', days_left: 1 })).toEqual(['contracts.days.one', {}])
    expect(daysLeftText({ state: 'active', days_left: 0 })).toEqual(['contracts.days.today', {}])
    expect(daysLeftText({ state: 'expired', days_left: null })).toBe(null)
    expect(daysLeftText({ state: 'draft', days_left: 5 })).toBe(null)
    expect(daysLeftText({ state: 'active', days_left: null })).toBe(null)
    expect(endingSoon({ state: 'active', days_left: 30 })).toBe(true)
    expect(endingSoon({ state: 'active', days_left: 31 })).toBe(false)
    expect(endingSoon({ state: 'active', days_left: 45 }, 60)).toBe(true)
  })

  it('R-DEV-4: the period reads start ~ end', () => {
    expect(periodText('2026-06-01', '2027-05-31')).toBe('2026-06-01 ~ 2027-05-31')
    expect(periodText('2026-06-01', '')).toBe('2026-06-01 ~ …')
    expect(periodText('', '')).toBe('')
  })

  it('R-DEV-4: a renewal starts the day after the old contract ends and lasts as long', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-02-30', 1)).toBe('')
    expect(daysBetween('2026-06-01', '2027-05-31')).toBe(364)
    expect(renewalDates({ starts_on: '2026-06-01', ends_on: '2027-05-31' })).toEqual({ starts_on: '2027-06-01', ends_on: '2028-05-30' })
    expect(renewalDates({ starts_on: '2026-01-01', ends_on: '2026-03-31' })).toEqual({ starts_on: '2026-04-01', ends_on: '2026-06-29' })
    expect(renewalDates({ starts_on: '', ends_on: '2026-03-31' })).toEqual({ starts_on: '2026-04-01', ends_on: '' })
    expect(renewalDates(null)).toEqual({ starts_on: '', ends_on: '' })
  })

  it('R-DEV-4: the list sends only the filters set; the choices are the documented ones', () => {
    expect(FILTERS).toEqual({ kind: '', state: 'all', q: '', expiring_within: '' })
    expect(STATES).toEqual(['all', 'draft', 'pending', 'active', 'expired', 'terminated'])
    expect(KINDS).toEqual(['supply', 'quality', 'service'])
    expect(EXPIRING).toEqual([30, 60, 90])
    expect(contractQuery({ kind: '', state: 'active', q: 'HT', expiring_within: '30', cursor: undefined, x: null })).toEqual({ state: 'active', q: 'HT', expiring_within: '30' })
  })

  it('R-DEV-4: a good form passes; each field is checked as the server would', () => {
    expect(validate(good(), '2026-06-01')).toEqual({})
    expect(validate(emptyForm(), '2026-06-01')).toEqual({
      customer_id: 'required', title: 'required', amount_fen: 'required', starts_on: 'required', ends_on: 'required',
    })
    expect(validate({ ...good(), kind: 'other' }).kind).toBe('required')
    expect(validate({ ...good(), title: 'x'.repeat(101) }).title).toBe('tooLong')
    expect(validate({ ...good(), title: '合'.repeat(100) }).title).toBe(undefined)
    expect(validate({ ...good(), amount: '1.001' }).amount_fen).toBe('amountCents')
    expect(validate({ ...good(), amount: '-5' }).amount_fen).toBe('amountNegative')
    expect(validate({ ...good(), amount: 'abc' }).amount_fen).toBe('amountBad')
    expect(validate({ ...good(), amount: '10000000001' }).amount_fen).toBe('amountRange')
    expect(validate({ ...good(), amount: '0' }).amount_fen).toBe(undefined)
    expect(validate({ ...good(), endsOn: '2026-06-01' }).ends_on).toBe('endsBeforeStart')
    expect(validate({ ...good(), endsOn: '2026-05-01' }).ends_on).toBe('endsBeforeStart')
    expect(validate({ ...good(), startsOn: '2026-13-01' }).starts_on).toBe('date')
    expect(validate({ ...good(), signedOn: '2026-06-02' }, '2026-06-01').signed_on).toBe('signedFuture')
    expect(validate({ ...good(), signedOn: '2026-06-02' }, '').signed_on).toBe(undefined)
    expect(validate({ ...good(), ourParty: 'x'.repeat(101), signatory: 'y'.repeat(101), notes: 'z'.repeat(2001) })).toEqual({
      our_party: 'tooLong', signatory: 'tooLong', notes: 'tooLong',
    })
  })

  it('R-DEV-4: a new contract is sent in whole fen with only the optional fields filled in', () => {
    expect(createBody({ ...good(), orderId: 7 })).toEqual({
      customer_id: 12, kind: 'quality', title: '2026 年度质量保证协议', amount_fen: 9800050, starts_on: '2026-06-01', ends_on: '2027-05-31',
      signed_on: '2026-05-20', our_party: '某某净水科技有限公司', signatory: '王经理', order_id: 7,
    })
    const bare = createBody({ ...emptyForm(customer), title: ' t ', amount: '0.29', startsOn: '2026-06-01', endsOn: '2026-06-02' })
    expect(bare).toEqual({ customer_id: 12, kind: 'supply', title: 't', amount_fen: 29, starts_on: '2026-06-01', ends_on: '2026-06-02' })
  })

  it('R-DEV-4: a change sends only what changed', () => {
    const before = formOf(contract)
    expect(before).toMatchObject({ amount: '98000.50', orderId: 7, kind: 'supply', signatory: '李' })
    expect(changeBody(formOf(contract), before)).toEqual({})
    expect(changeBody({ ...before, amount: '98,000.5', title: '供货 ' }, before)).toEqual({})
    expect(changeBody({ ...before, amount: '100000', endsOn: '2027-06-30', signatory: '', signedOn: '2026-05-01' }, before)).toEqual({
      amount_fen: 10000000, ends_on: '2027-06-30', signatory: '', signed_on: '2026-05-01',
    })
    expect(changeBody({ ...before, orderId: '' }, before)).toEqual({ order_id: 0 })
    expect(changeBody({ ...before, orderId: 8 }, before)).toEqual({ order_id: 8 })
    expect(yuanInput(null)).toBe('')
  })

  it('R-DEV-4: a submission\'s reason is optional, a termination\'s required', () => {
    expect(submitBody('  ')).toEqual({})
    expect(submitBody(' 年度续约 ')).toEqual({ reason: '年度续约' })
    expect(validateReason('', false)).toEqual({})
    expect(validateReason(' ', true)).toEqual({ reason: 'required' })
    expect(validateReason('x'.repeat(MAX.reason + 1), false)).toEqual({ reason: 'tooLong' })
    expect(validateReason('客户提前解约', true)).toEqual({})
  })

  it('R-DEV-4: every problem names a message that exists in both languages', () => {
    expect(problemMessage('tooLong', 'title')).toEqual(['contracts.err.tooLong', { n: 100 }])
    expect(problemMessage('tooLong', 'notes')).toEqual(['contracts.err.tooLong', { n: 2000 }])
    expect(problemMessage('common.required', 'amount_fen')).toEqual(['contracts.err.required', {}])
    expect(problemMessage('amountRange')[1].max).toBe('10,000,000,000.00')
    const found = { ...validate(emptyForm()), a: 'amountBad', b: 'amountNegative', c: 'amountCents', d: 'amountRange', e: 'date', f: 'endsBeforeStart', g: 'signedFuture', h: 'tooLong' }
    for (const loc of ['zh-CN', 'en']) {
      for (const [key] of Object.values(problems(found))) {
        const path = key.split('.').slice(1)
        let v = messages[loc].contracts
        for (const p of path) v = v && v[p]
        expect(typeof v, `${key} ${loc}`).toBe('string')
      }
      for (const k of [...KINDS]) expect(messages[loc].contracts.kinds[k]).toBeTruthy()
      for (const s of [...STATES, 'returned']) expect(messages[loc].contracts.states[s]).toBeTruthy()
    }
  })
})
