// The business calendar 工作日历 (R-INT-7): the pure logic of its page. The server lists only a
// year's exceptions (public holidays and swapped working days 调休); every other day follows the
// working week (1 = Monday … 7 = Sunday). Here: the month grids, the working-week text, the CSV
// an administrator pastes or uploads to import days, and the /calendar/add query.

export const KINDS = ['holiday', 'workday']
/** The longest name the server takes (characters). */
export const MAX_NAME = 50
/** The most days one import may hold. */
export const MAX_IMPORT = 2000

// The words a CSV may use for a kind, besides the kind itself: 休 / 放假 (a day off), 班 / 上班
// (a day worked). Written as escapes: no Chinese in the sources outside the message files.
const ALIASES = {
  holiday: ['holiday', '\u4f11', '\u653e\u5047'],
  workday: ['workday', '\u73ed', '\u4e0a\u73ed'],
}

/** The kind a CSV cell names ('holiday' | 'workday'), or '' when it names none. */
export function kindOf(cell) {
  const s = String(cell ?? '').trim().toLowerCase()
  if (!s) return ''
  for (const k of KINDS) if (ALIASES[k].includes(s)) return k
  return ''
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True when s is a real calendar date written YYYY-MM-DD. */
export function isDate(s) {
  const m = DATE.exec(String(s ?? ''))
  if (!m) return false
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  return d <= daysIn(y, mo)
}

/** The number of days of month mo (1–12) of year y. */
export function daysIn(y, mo) {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate()
}

/** The weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday (0 for a bad date). */
export function weekdayOf(date) {
  const m = DATE.exec(String(date ?? ''))
  if (!m) return 0
  const w = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay()
  return w === 0 ? 7 : w
}

const pad = (n) => String(n).padStart(2, '0')
export const dateText = (y, mo, d) => `${y}-${pad(mo)}-${pad(d)}`

/**
 * How a day shows in the grid: 'holiday' (listed day off), 'workday' (listed day worked, a
 * swapped working day), 'weekend' (outside the working week) or 'normal' (a working day).
 */
export function dayKind(date, listed, workWeek) {
  if (listed && KINDS.includes(listed.kind)) return listed.kind
  return (workWeek || []).includes(weekdayOf(date)) ? 'normal' : 'weekend'
}

/**
 * One month (mo 1–12) as weeks of 7 cells, Monday first; the days of other months are null.
 * A cell: { date, day, weekday, kind, listed } where listed is the server's day or null.
 */
export function monthGrid(year, mo, byDate, workWeek) {
  const cells = []
  const first = weekdayOf(dateText(year, mo, 1))
  for (let i = 1; i < first; i++) cells.push(null)
  for (let d = 1; d <= daysIn(year, mo); d++) {
    const date = dateText(year, mo, d)
    const listed = (byDate && byDate.get(date)) || null
    cells.push({ date, day: d, weekday: weekdayOf(date), kind: dayKind(date, listed, workWeek), listed })
  }
  while (cells.length % 7) cells.push(null)
  const weeks = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/** The twelve months of a year: [{ month, weeks }], from the server's listed days. */
export function yearGrid(year, days, workWeek) {
  const byDate = new Map((days || []).map((d) => [d.date, d]))
  return Array.from({ length: 12 }, (_, i) => ({ month: i + 1, weeks: monthGrid(year, i + 1, byDate, workWeek) }))
}

/**
 * The working week in words: runs of three or more days as a range, others one by one.
 * names: the seven weekday names, Monday first; range(from, to) joins a run; sep between parts.
 * [1,2,3,4,5] → range('Mon', 'Fri'); [1,3,5] → 'Mon' + sep + 'Wed' + sep + 'Fri'.
 */
export function weekText(workWeek, names, range, sep) {
  const days = [...new Set((workWeek || []).map(Number))].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b)
  const parts = []
  for (let i = 0; i < days.length;) {
    let j = i
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++
    if (j - i >= 2) parts.push(range(names[days[i] - 1], names[days[j] - 1]))
    else for (let k = i; k <= j; k++) parts.push(names[days[k] - 1])
    i = j + 1
  }
  return parts.join(sep)
}

/** 'official' for a day shipped from a government notice (source set), 'company' for one added here. */
export const sourceOf = (day) => (day && day.source ? 'official' : 'company')

/** The cells of one CSV line, with "quoted, fields" and "" for a quote. */
export function csvCells(line) {
  const out = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++ } else if (c === '"') quoted = false
      else cur += c
    } else if (c === '"') quoted = true
    else if (c === ',' || c === '\t' || c === '\uff0c') { out.push(cur); cur = '' } else cur += c
  }
  out.push(cur)
  return out.map((s) => s.trim())
}

/** True when the cells look like a header line (date,kind,…) rather than a day. */
function isHeader(cells) {
  return !isDate(cells[0]) && /^date$/i.test(cells[0] || '')
}

/**
 * The days of a CSV text (date,kind,name_zh,name_en; the header optional; blank lines skipped):
 * [{ line, date, kind, name_zh, name_en, problems }] where problems maps a field to a problem
 * ('required', 'date', 'kind', 'tooLong', 'twice'); a row without problems has {}.
 */
export function parseCsv(text) {
  const lines = String(text ?? '').replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const rows = []
  const seen = new Set()
  lines.forEach((raw, i) => {
    if (!raw.trim()) return
    const cells = csvCells(raw)
    if (!rows.length && isHeader(cells)) return
    const [date = '', kindCell = '', nameZh = '', nameEn = ''] = cells
    const row = { line: i + 1, date, kind: kindOf(kindCell), kindText: kindCell, name_zh: nameZh, name_en: nameEn, problems: {} }
    if (!date) row.problems.date = 'required'
    else if (!isDate(date)) row.problems.date = 'date'
    else if (seen.has(date)) row.problems.date = 'twice'
    if (!kindCell) row.problems.kind = 'required'
    else if (!row.kind) row.problems.kind = 'kind'
    for (const f of ['name_zh', 'name_en']) if ([...row[f]].length > MAX_NAME) row.problems[f] = 'tooLong'
    if (isDate(date)) seen.add(date)
    rows.push(row)
  })
  return rows
}

/** True when every row may be sent (at least one, none with a problem, not too many). */
export const importable = (rows) => rows.length > 0 && rows.length <= MAX_IMPORT && rows.every((r) => !Object.keys(r.problems).length)

/** The body of POST /calendar/import. */
export function importBody(rows) {
  return { days: rows.map((r) => ({ date: r.date, kind: r.kind, name_zh: r.name_zh, name_en: r.name_en })) }
}

/** Where a server error of the import belongs: 'days[3].date' → { row: 3, field: 'date' }; else row null. */
export function importErrorPlace(field) {
  const m = /^days\[(\d+)\](?:\.(\w+))?$/.exec(String(field || ''))
  return m ? { row: Number(m[1]), field: m[2] || 'date' } : { row: null, field: null }
}

/** The problems of the add-day dialog's form before sending: { field: problem }. */
export function validateDay(form) {
  const p = {}
  if (!form.date) p.date = 'required'
  else if (!isDate(form.date)) p.date = 'date'
  if (!KINDS.includes(form.kind)) p.kind = 'required'
  for (const f of ['name_zh', 'name_en']) if ([...String(form[f] || '')].length > MAX_NAME) p[f] = 'tooLong'
  return p
}

/** The body of PUT /calendar/days/:date. */
export function dayBody(form) {
  return { kind: form.kind, name_zh: String(form.name_zh || '').trim(), name_en: String(form.name_en || '').trim() }
}

/**
 * The query of GET /calendar/add: from (RFC 3339, already in the company's zone) plus n working
 * days, or n hours (sent as minutes); null when n is not a whole number ≥ 0 (hours: ≥ 0 in
 * minutes).
 */
export function addQuery(from, n, unit) {
  const x = Number(n)
  if (!from || !Number.isFinite(x) || x < 0) return null
  if (unit === 'hours') {
    const minutes = Math.round(x * 60)
    return { from, minutes }
  }
  if (!Number.isInteger(x)) return null
  return { from, working_days: x }
}

/** The year of a time the server wrote ("2026-…"), or the browser's year. */
export function yearOf(iso) {
  const m = /^(\d{4})-/.exec(String(iso || ''))
  return m ? Number(m[1]) : new Date().getFullYear()
}

// ---- lunar dates ----

/**
 * The query of the lunar converter's form {mode, date, year, month, leap, day}: toLunar asks
 * for a day's lunar date, toSolar for a lunar date's day, next for a yearly lunar date from date.
 */
export function lunarQuery(f) {
  if (f.mode === 'toLunar') return { date: f.date }
  const q = { month: f.month, day: f.day, leap: !!f.leap }
  return f.mode === 'toSolar' ? { year: f.year, ...q } : { from: f.date, ...q }
}

/** The field the form leaves wrong before asking ('date' or 'from'), or null. */
export function lunarProblem(f) {
  if (f.mode === 'toSolar' || /^\d{4}-\d{2}-\d{2}$/.test(f.date || '')) return null
  return f.mode === 'next' ? 'from' : 'date'
}

/** 0 (rat) … 11 (pig): the zodiac animal of a lunar year, for its translated name (1984 was a rat year). */
export const zodiacIndex = (year) => (((Number(year) - 1984) % 12) + 12) % 12
