// The shared form of the request dialogs (src/components/requestForm.js): the checks of the text
// fields, where a server's refusal shows, and the submit flow (checks, busy, the answer kept,
// the refusal placed).
import { describe, expect, it } from 'vitest'
import { placeErrors, textErrors, useRequestForm } from '../../src/components/requestForm.js'

const fields = [
  { key: 'reason', label: 'approvals.reason', required: true, max: 5, tooLongKey: 'x.tooLong' },
  { key: 'purpose', label: 'approvals.purpose', max: 5 },
]
const t = (key, params) => key + (params && Object.keys(params).length ? JSON.stringify(params) : '')

describe('textErrors', () => {
  it('asks a required field, blank or only spaces, with its own key when it names one', () => {
    expect(textErrors({ reason: '', purpose: '' }, fields)).toEqual({ reason: ['common.required', {}] })
    expect(textErrors({ reason: '   ' }, fields)).toEqual({ reason: ['common.required', {}] })
    expect(textErrors({}, [{ key: 'reason', required: true, requiredKey: 'loans.reasonRequired' }])).toEqual({ reason: ['loans.reasonRequired', {}] })
    expect(textErrors({ reason: 'ok' }, fields)).toEqual({})
    expect(textErrors(null, null)).toEqual({})
  })

  it('counts characters, not code units, against max only where the field names its message', () => {
    expect(textErrors({ reason: '保管期满了' }, fields)).toEqual({})
    expect(textErrors({ reason: ' 保管期满了 ' }, fields)).toEqual({})
    expect(textErrors({ reason: '😀😀😀😀😀' }, fields)).toEqual({})
    expect(textErrors({ reason: '保管期满了吧' }, fields)).toEqual({ reason: ['x.tooLong', { max: 5, n: 5 }] })
    expect(textErrors({ reason: 'ok', purpose: 'longer than five' }, fields)).toEqual({})
  })
})

describe('placeErrors', () => {
  it('places each field error by the list of the form\'s places, the rest on the general line', () => {
    const e = { field: 'reason', message: 'm1', errors: [{ field: 'reason', message: 'm1' }, { field: 'kind', message: 'm2' }, { field: 'purpose', message: 'm3' }] }
    expect(placeErrors(e, ['reason', 'purpose'])).toEqual({ reason: 'm1', _: 'm2', purpose: 'm3' })
  })

  it('keeps the first message for a place', () => {
    const e = { errors: [{ field: 'subject', message: 'a' }, { field: 'subject.codes', message: 'b' }, { field: null, message: 'c' }, { field: 'x', message: 'd' }] }
    const fieldOf = (f) => (f === 'subject' || f === 'subject.codes' ? 'subject.codes' : '_')
    expect(placeErrors(e, fieldOf)).toEqual({ 'subject.codes': 'a', _: 'c' })
  })

  it('takes the error itself when it lists none (a network error, a single field)', () => {
    expect(placeErrors({ field: null, message: 'offline', errors: [] }, ['reason'])).toEqual({ _: 'offline' })
    expect(placeErrors({ field: 'reason', message: 'too long' }, ['reason'])).toEqual({ reason: 'too long' })
    expect(placeErrors({ field: 'reason', message: 'no' }, [])).toEqual({ _: 'no' })
    expect(placeErrors(undefined, ['reason'])).toEqual({ _: undefined })
  })
})

describe('useRequestForm', () => {
  function make(opts = {}) {
    const sent = []
    const state = useRequestForm({
      fields,
      initial: () => ({ reason: '', purpose: '', days: 7 }),
      t,
      send: async (form) => { sent.push({ ...form }); return { id: 9 } },
      ...opts,
    })
    return { state, sent }
  }

  it('opens with the initial values, no errors and no answer', () => {
    let opened = 0
    const { state } = make({ onOpen: () => { opened++ } })
    state.form.reason = 'x'
    state.errs._ = 'old'
    state.done = { id: 1 }
    state.reset()
    expect(state.form).toEqual({ reason: '', purpose: '', days: 7 })
    expect(state.errs).toEqual({})
    expect(state.done).toBe(null)
    expect(opened).toBe(1)
  })

  it('does not send what fails the checks; the dialog\'s own checks win, keys translated', async () => {
    const { state, sent } = make({ validate: (f) => (f.days > 5 ? { days: 'x.days', reason: ['x.reason', { n: 1 }] } : {}), params: { max: 3 } })
    state.reset()
    await state.submit()
    expect(sent).toEqual([])
    expect(state.errs).toEqual({ days: 'x.days{"max":3}', reason: 'x.reason{"n":1}' })
    state.set('days', 1)
    await state.submit()
    expect(state.errs).toEqual({ reason: 'common.required' })
  })

  it('sends a valid form and keeps the answer for the end view', async () => {
    const { state, sent } = make()
    state.reset()
    state.set('reason', 'why')
    const p = state.submit()
    expect(state.busy).toBe(true)
    await p
    expect(state.busy).toBe(false)
    expect(sent).toEqual([{ reason: 'why', purpose: '', days: 7 }])
    expect(state.done).toEqual({ id: 9 })
    expect(state.errs).toEqual({})
  })

  it('places a refusal by the fields\' keys, or by fieldOf', async () => {
    const refuse = async () => { throw { field: 'purpose', message: 'no', errors: [{ field: 'purpose', message: 'no' }, { field: 'subject', message: 'gone' }] } }
    const { state } = make({ send: refuse })
    state.reset()
    state.set('reason', 'why')
    await state.submit()
    expect(state.errs).toEqual({ purpose: 'no', _: 'gone' })
    expect(state.done).toBe(null)
    expect(state.busy).toBe(false)
    const other = make({ send: refuse, fieldOf: (f) => (f === 'subject' ? 'subject.codes' : '_') }).state
    other.reset()
    other.set('reason', 'why')
    await other.submit()
    expect(other.errs).toEqual({ _: 'no', 'subject.codes': 'gone' })
  })

  it('sends once while a submit is under way', async () => {
    let release
    const { state, sent } = make({ send: (form) => new Promise((r) => { sent.push({ ...form }); release = () => r({ id: 1 }) }) })
    state.reset()
    state.set('reason', 'why')
    const p = state.submit()
    await state.submit()
    release()
    await p
    expect(sent.length).toBe(1)
  })
})
