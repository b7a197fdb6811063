// The business calendar's logic (src/views/calendar/calendar.js, R-INT-7): dates and weekdays,
// the month grids (Monday first, holidays, swapped working days and weekends), the working week in
// words, the import CSV (header optional, kinds as holiday/休/放假 and workday/班/上班) with its
// problems, where a server error of the import belongs, the add-day checks and the /calendar/add query.
import { describe, expect, it } from 'vitest'
import {
  MAX_IMPORT, addQuery, csvCells, dayBody, dayKind, daysIn, importBody, importErrorPlace, importable, isDate, kindOf,
  monthGrid, parseCsv, sourceOf, validateDay, weekText, weekdayOf, yearGrid, yearOf, lunarProblem, lunarQuery, zodiacIndex,
} from '../../src/views/calendar/calendar.js'

const WEEK = [1, 2, 3, 4, 5]

describe('dates', () => {
  it('knows real dates and their weekdays (1 = Monday … 7 = Sunday)', () => {
    expect(isDate('2026-10-01')).toBe(true)
    expect(isDate('2028-02-29')).toBe(true)
    expect(isDate('2026-02-29')).toBe(false)
    expect(isDate('2026-02-30')).toBe(false)
    expect(isDate('2026-13-01')).toBe(false)
    expect(isDate('2026-1-01')).toBe(false)
    expect(isDate('')).toBe(false)
    expect(daysIn(2026, 2)).toBe(28)
    expect(weekdayOf('2026-10-01')).toBe(4)
    expect(weekdayOf('2026-10-10')).toBe(6)
    expect(weekdayOf('2026-10-11')).toBe(7)
    expect(weekdayOf('nope')).toBe(0)
    expect(yearOf('2027-01-01T00:00:00+08:00')).toBe(2027)
  })
})

describe('the month grid', () => {
  const days = [
    { date: '2026-10-01', kind: 'holiday', name_zh: '国庆节', name_en: 'National Day', source: 'gov2026' },
    { date: '2026-10-10', kind: 'workday', name_zh: '国庆节调休', name_en: 'Worked for National Day', source: 'gov2026' },
  ]
  it('starts on Monday, pads with null and marks every day', () => {
    const byDate = new Map(days.map((d) => [d.date, d]))
    const weeks = monthGrid(2026, 10, byDate, WEEK)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    // 2026-10-01 is a Thursday: three empty cells first
    expect(weeks[0].slice(0, 3)).toEqual([null, null, null])
    const cells = weeks.flat().filter(Boolean)
    expect(cells).toHaveLength(31)
    const at = (d) => cells.find((c) => c.date === d)
    expect(at('2026-10-01')).toMatchObject({ day: 1, weekday: 4, kind: 'holiday' })
    expect(at('2026-10-01').listed.name_zh).toBe('国庆节')
    expect(at('2026-10-10')).toMatchObject({ weekday: 6, kind: 'workday' })
    expect(at('2026-10-11').kind).toBe('weekend')
    expect(at('2026-10-12').kind).toBe('normal')
  })
  it('follows the working week', () => {
    expect(dayKind('2026-10-17', null, [1, 2, 3, 4, 5, 6])).toBe('normal')
    expect(dayKind('2026-10-17', null, WEEK)).toBe('weekend')
    expect(dayKind('2026-10-17', { kind: 'workday' }, WEEK)).toBe('workday')
  })
  it('gives twelve months', () => {
    const y = yearGrid(2026, days, WEEK)
    expect(y.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(y[1].weeks.flat().filter(Boolean)).toHaveLength(28)
    // 2026-06-01 is a Monday: no padding
    expect(y[5].weeks[0][0].date).toBe('2026-06-01')
  })
})

describe('weekText', () => {
  const names = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
  const range = (a, b) => `${a}至${b}`
  it('says runs of three or more as a range', () => {
    expect(weekText([1, 2, 3, 4, 5], names, range, '、')).toBe('周一至周五')
    expect(weekText([6, 1, 2, 3, 4, 5], names, range, '、')).toBe('周一至周六')
    expect(weekText([1, 3, 5], names, range, '、')).toBe('周一、周三、周五')
    expect(weekText([1, 2, 4, 5, 6, 7], names, range, '、')).toBe('周一、周二、周四至周日')
    expect(weekText([], names, range, '、')).toBe('')
  })
})

describe('sources and kinds', () => {
  it('tells official from company days', () => {
    expect(sourceOf({ source: 'gov2026' })).toBe('official')
    expect(sourceOf({ source: '' })).toBe('company')
  })
  it('reads a kind and its Chinese words', () => {
    for (const s of ['holiday', 'Holiday', '休', '放假', ' 休 ']) expect(kindOf(s)).toBe('holiday')
    for (const s of ['workday', 'WORKDAY', '班', '上班']) expect(kindOf(s)).toBe('workday')
    for (const s of ['', 'vacation', '假']) expect(kindOf(s)).toBe('')
  })
})

describe('parseCsv', () => {
  it('reads quoted cells and tabs', () => {
    expect(csvCells('2027-01-01,holiday,"元旦, 新年","New Year""s Day"')).toEqual(['2027-01-01', 'holiday', '元旦, 新年', 'New Year"s Day'])
    expect(csvCells('2027-01-01\t休\t元旦')).toEqual(['2027-01-01', '休', '元旦'])
  })
  it('skips the header and blank lines, maps the kinds', () => {
    const rows = parseCsv('\uFEFFdate,kind,name_zh,name_en\r\n2027-01-01,休,元旦,New Year\'s Day\n\n2027-02-06,班,春节调休\n')
    expect(rows.map((r) => [r.line, r.date, r.kind, r.name_zh, r.name_en])).toEqual([
      [2, '2027-01-01', 'holiday', '元旦', "New Year's Day"],
      [4, '2027-02-06', 'workday', '春节调休', ''],
    ])
    expect(rows.every((r) => !Object.keys(r.problems).length)).toBe(true)
    expect(importable(rows)).toBe(true)
    expect(importBody(rows)).toEqual({ days: [
      { date: '2027-01-01', kind: 'holiday', name_zh: '元旦', name_en: "New Year's Day" },
      { date: '2027-02-06', kind: 'workday', name_zh: '春节调休', name_en: '' },
    ] })
  })
  it('works without a header', () => {
    expect(parseCsv('2027-01-01,放假').map((r) => r.kind)).toEqual(['holiday'])
  })
  it('marks the problems of each row', () => {
    const rows = parseCsv(['2027-02-31,holiday', '2027-01-01,vacation', ',holiday', '2027-01-02', '2027-01-01,上班', `2027-03-01,休,${'年'.repeat(51)}`].join('\n'))
    expect(rows.map((r) => r.problems)).toEqual([
      { date: 'date' }, { kind: 'kind' }, { date: 'required' }, { kind: 'required' }, { date: 'twice' }, { name_zh: 'tooLong' },
    ])
    expect(importable(rows)).toBe(false)
    expect(importable([])).toBe(false)
    expect(importable(parseCsv(Array.from({ length: MAX_IMPORT + 1 }, (_, i) => `${2030 + Math.floor(i / 365)}-01-01,休`).join('\n')).map((r) => ({ ...r, problems: {} })))).toBe(false)
  })
  it('places the server errors on their row', () => {
    expect(importErrorPlace('days[2].date')).toEqual({ row: 2, field: 'date' })
    expect(importErrorPlace('days[0].name_en')).toEqual({ row: 0, field: 'name_en' })
    expect(importErrorPlace('days')).toEqual({ row: null, field: null })
    expect(importErrorPlace(null)).toEqual({ row: null, field: null })
  })
})

describe('the add-day dialog', () => {
  it('checks the form and builds the body', () => {
    expect(validateDay({ date: '', kind: 'holiday' })).toEqual({ date: 'required' })
    expect(validateDay({ date: '2026-12-32', kind: 'x' })).toEqual({ date: 'date', kind: 'required' })
    expect(validateDay({ date: '2026-12-31', kind: 'holiday', name_en: 'x'.repeat(51) })).toEqual({ name_en: 'tooLong' })
    expect(validateDay({ date: '2026-12-31', kind: 'holiday', name_zh: '公司年会' })).toEqual({})
    expect(dayBody({ date: '2026-12-31', kind: 'holiday', name_zh: ' 公司年会 ', name_en: undefined })).toEqual({ kind: 'holiday', name_zh: '公司年会', name_en: '' })
  })
})

describe('addQuery', () => {
  const from = '2026-09-30T17:00:00+08:00'
  it('asks for working days or minutes', () => {
    expect(addQuery(from, 2, 'days')).toEqual({ from, working_days: 2 })
    expect(addQuery(from, 2, 'hours')).toEqual({ from, minutes: 120 })
    expect(addQuery(from, 1.5, 'hours')).toEqual({ from, minutes: 90 })
    expect(addQuery(from, 0, 'days')).toEqual({ from, working_days: 0 })
  })
  it('refuses what it cannot ask', () => {
    expect(addQuery('', 2, 'days')).toBe(null)
    expect(addQuery(from, -1, 'days')).toBe(null)
    expect(addQuery(from, 1.5, 'days')).toBe(null)
    expect(addQuery(from, 'x', 'hours')).toBe(null)
  })
})

describe('the lunar converter (R-INT-7, issue 13 item 1)', () => {
  const f = { date: '2026-02-17', year: 2025, month: 6, leap: true, day: 10 }
  it('asks for a day\'s lunar date, a lunar date\'s day, or a yearly lunar date\'s next day', () => {
    expect(lunarQuery({ ...f, mode: 'toLunar' })).toEqual({ date: '2026-02-17' })
    expect(lunarQuery({ ...f, mode: 'toSolar' })).toEqual({ year: 2025, month: 6, day: 10, leap: true })
    expect(lunarQuery({ ...f, mode: 'next', leap: undefined })).toEqual({ from: '2026-02-17', month: 6, day: 10, leap: false })
  })
  it('refuses a missing or malformed day before asking, on the field the mode uses', () => {
    expect(lunarProblem({ ...f, mode: 'toLunar' })).toBe(null)
    expect(lunarProblem({ ...f, mode: 'toLunar', date: '' })).toBe('date')
    expect(lunarProblem({ ...f, mode: 'next', date: '2026-2-1' })).toBe('from')
    expect(lunarProblem({ ...f, mode: 'toSolar', date: '' })).toBe(null)
  })
  it('knows the zodiac animal of a lunar year by its place in the twelve-year cycle', () => {
    expect(zodiacIndex(1984)).toBe(0) // rat
    expect(zodiacIndex(2026)).toBe(6) // horse
    expect(zodiacIndex(2031)).toBe(11) // pig
    expect(zodiacIndex(1900)).toBe(0) // rat
  })
})
