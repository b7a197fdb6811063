// Holiday greetings 节日问候 (R-INT-6): the pure parts of the holidays page — the day as the
// server keeps it ("MM-DD" solar, "农历MM-DD" lunar), the form, its checks and its body.

export const LUNAR_PREFIX = '\u519c\u5386' // the lunar prefix, as the server writes it
export const AUDIENCES = ['buyers', 'all', 'grades']
export const GRADES = ['A', 'B', 'C']
export const TEMPLATE_MAX = 300
const SOLAR_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const two = (n) => String(n).padStart(2, '0')

/** {lunar, month, day} of a holiday's day text; null when it is not one. */
export function parseDay(text) {
  const s = String(text || '')
  const lunar = s.startsWith(LUNAR_PREFIX)
  const m = /^(\d{2})-(\d{2})$/.exec(lunar ? s.slice(LUNAR_PREFIX.length) : s)
  if (!m) return null
  const month = Number(m[1])
  const day = Number(m[2])
  if (month < 1 || month > 12 || day < 1) return null
  if (day > (lunar ? 30 : SOLAR_DAYS[month - 1])) return null
  return { lunar, month, day }
}

/** The day text of {lunar, month, day}. */
export function dayText({ lunar, month, day }) {
  return (lunar ? LUNAR_PREFIX : '') + two(month) + '-' + two(day)
}

/** The days a month may have: 30 in a lunar month, the solar month's (no 29 February). */
export const daysIn = (lunar, month) => (lunar ? 30 : SOLAR_DAYS[(Number(month) || 1) - 1])

/** The form of a holiday (null: a new one, for buyers, by call). */
export function holidayForm(h) {
  const d = (h && parseDay(h.day)) || { lunar: false, month: 1, day: 1 }
  return {
    name_zh: (h && h.name_zh) || '', name_en: (h && h.name_en) || '', lunar: d.lunar, month: d.month, day: d.day,
    audience: (h && h.audience) || 'buyers', grades: h && h.grades ? h.grades.split('') : [], channel: (h && h.channel) || 'call',
    template: (h && h.template) || '{name}', active: h ? !!h.active : true,
  }
}

const chars = (s) => [...String(s || '')].length

/** The checks before saving: {field: problem} as the server names the fields. */
export function validateHoliday(f) {
  const errs = {}
  const name = String(f.name_zh || '').trim()
  if (!name) errs.name_zh = 'common.required'
  else if (chars(name) > 50) errs.name_zh = 'tooLong50'
  if (chars(f.name_en) > 100) errs.name_en = 'tooLong100'
  if (!parseDay(dayText(f))) errs.day = 'badDay'
  if (!AUDIENCES.includes(f.audience)) errs.audience = 'common.required'
  if (f.audience === 'grades' && !(f.grades || []).length) errs.grades = 'common.required'
  const tmpl = String(f.template || '').trim()
  if (!tmpl) errs.template = 'common.required'
  else if (chars(tmpl) > TEMPLATE_MAX) errs.template = 'tooLong300'
  return errs
}

/** The body of POST /greeting-holidays and PUT /greeting-holidays/:id. */
export function holidayBody(f) {
  return {
    name_zh: String(f.name_zh || '').trim(), name_en: String(f.name_en || '').trim(), day: dayText(f), audience: f.audience,
    grades: f.audience === 'grades' ? GRADES.filter((g) => (f.grades || []).includes(g)).join('') : '', channel: f.channel,
    template: String(f.template || '').trim(), active: !!f.active,
  }
}

/** A holiday's template filled with a name, as the greeting task's message. */
export const fillTemplate = (tmpl, name) => String(tmpl || '').split('{name}').join(name)
