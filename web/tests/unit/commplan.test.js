// The communication plans' form decisions (src/views/commplan/commplan.js, R-INT-9): the request body, the
// checks made before sending, the moves a state offers.
import { describe, expect, it } from 'vitest'
import { bodyOf, emptyForm, movesOf, validate } from '../../src/views/commplan/commplan.js'

describe('communication plan form (R-INT-9)', () => {
  it('R-INT-9: leaves empty segment values out and sends no end day as null', () => {
    const f = { ...emptyForm('2026-06-02'), name: ' 计划 ', goal: '目标', content: '内容', segment: { grade: 'A', tag: '' } }
    expect(bodyOf(f)).toMatchObject({ name: '计划', end_day: null, segment: { grade: 'A' } })
  })
  it('R-INT-9: checks the required fields, lengths and the frequency as the server does', () => {
    const f = { ...emptyForm(''), content: '话'.repeat(2001), every: 53 }
    const e = validate(f)
    expect(Object.keys(e).sort()).toEqual(['content', 'every', 'goal', 'name', 'start_day'])
    expect(e.content).toEqual(['commplan.form.tooLong', { n: 2000 }])
    expect(validate({ ...f, unit: 'days', every: 53, name: 'a', goal: 'b', content: 'c', start_day: '2026-06-01' })).toEqual({})
  })
  it('R-INT-9: offers the moves the state allows', () => {
    expect(movesOf('draft')).toEqual(['activate', 'end'])
    expect(movesOf('active')).toEqual(['pause', 'end'])
    expect(movesOf('ended')).toEqual([])
  })
})
