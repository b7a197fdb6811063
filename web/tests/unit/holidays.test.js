// Holiday greetings (R-INT-6): the day as the server keeps it, the form's checks and its body.
import { describe, expect, it } from 'vitest'
import { dayText, daysIn, fillTemplate, holidayBody, holidayForm, parseDay, validateHoliday } from '../../src/views/followup/holidays.js'
import { messages } from '../../src/views/followup/module.js'

describe('holiday greetings', () => {
  it('R-INT-6: reads and writes solar MM-DD and lunar 农历MM-DD days, refusing those that cannot be', () => {
    expect(parseDay('农历08-15')).toEqual({ lunar: true, month: 8, day: 15 })
    expect(parseDay('10-01')).toEqual({ lunar: false, month: 10, day: 1 })
    for (const bad of ['02-29', '02-30', '13-01', '农历08-31', '农历00-01', '8-15', 'mid-autumn', '']) expect(parseDay(bad)).toBeNull()
    expect(dayText({ lunar: true, month: 1, day: 1 })).toBe('农历01-01')
    expect(daysIn(true, 2)).toBe(30)
    expect(daysIn(false, 2)).toBe(28)
  })

  it('R-INT-6: a new holiday is for buyers by call; the body sends grades only for grades', () => {
    const f = holidayForm(null)
    expect(f).toMatchObject({ audience: 'buyers', channel: 'call', active: true, lunar: false })
    expect(validateHoliday(f)).toEqual({ name_zh: 'common.required' })
    const ok = { ...f, name_zh: ' 中秋节 ', lunar: true, month: 8, day: 15, grades: ['B', 'A'], template: '{name}您好' }
    expect(holidayBody(ok)).toEqual({ name_zh: '中秋节', name_en: '', day: '农历08-15', audience: 'buyers', grades: '', channel: 'call', template: '{name}您好', active: true })
    expect(holidayBody({ ...ok, audience: 'grades' }).grades).toBe('AB')
    expect(validateHoliday({ ...ok, audience: 'grades', grades: [] })).toEqual({ grades: 'common.required' })
    expect(validateHoliday({ ...ok, template: '祝'.repeat(301) })).toEqual({ template: 'tooLong300' })
    expect(validateHoliday({ ...ok, lunar: false, month: 2, day: 30 })).toEqual({ day: 'badDay' })
    const back = holidayForm({ id: 3, name_zh: '周年庆', day: '11-18', audience: 'grades', grades: 'AC', channel: 'sms', template: 't', active: false })
    expect(back).toMatchObject({ lunar: false, month: 11, day: 18, grades: ['A', 'C'], active: false })
    expect(fillTemplate('{name}您好，{name}', '王总')).toBe('王总您好，王总')
  })

  it('R-INT-6 R-INT-5: says everything in both languages (holidays, sending a greeting, the rating)', () => {
    for (const loc of ['zh-CN', 'en']) {
      const h = messages[loc].followup.holidays
      for (const k of ['nav', 'title', 'intro', 'add', 'day', 'audience', 'template', 'templateHint', 'badDay']) expect(h[k]).toBeTruthy()
      for (const a of ['buyers', 'all', 'grades']) expect(h.audiences[a]).toBeTruthy()
      expect(JSON.stringify(h)).not.toContain('|')
      const g = messages[loc].followup.greet
      for (const k of ['button', 'title', 'channel', 'noChannel', 'text', 'send', 'sent']) expect(g[k]).toBeTruthy()
      expect(g.sent).toContain('{to}')
      const log = messages[loc].followup.log
      for (const k of ['satisfaction', 'stars', 'notAsked', 'needsService', 'needsServiceHint']) expect(log[k]).toBeTruthy()
    }
  })
})
