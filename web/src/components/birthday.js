// A birthday as the server keeps it (docs/API.md, birthdays): "YYYY-MM-DD" (solar), or the lunar
// prefix and "YYYY-MM-DD" for a lunar one, with the leap mark before the month for a leap month
// (e.g. the prefix + "2025-" + mark + "06-10"). Plain functions, tested in
// tests/unit/birthday.test.js. The markers are data, not text: written as escapes.
const LUNAR = '\u519c\u5386' // the lunar-calendar prefix
const LEAP = '\u95f0' // the leap-month mark

/** {lunar, year, month, day, leap, solar} of a stored birthday; null for "" or an unknown form. */
export function parseBirthday(v) {
  const s = String(v || '')
  if (!s) return null
  if (s.startsWith(LUNAR)) {
    let rest = s.slice(LUNAR.length)
    const m = /^(\d{4})-(.*)$/.exec(rest)
    if (!m) return null
    rest = m[2]
    const leap = rest.startsWith(LEAP)
    if (leap) rest = rest.slice(LEAP.length)
    const md = /^(\d{2})-(\d{2})$/.exec(rest)
    if (!md) return null
    return { lunar: true, year: Number(m[1]), month: Number(md[1]), day: Number(md[2]), leap, solar: '' }
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m) return { lunar: false, year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), leap: false, solar: s }
  return null
}

const two = (n) => String(n).padStart(2, '0')

/** The stored form of a lunar birthday ("" until year, month and day are all given). */
export function lunarBirthday({ year, month, day, leap }) {
  if (!year || !month || !day) return ''
  return `${LUNAR}${String(year).padStart(4, '0')}-${leap ? LEAP : ''}${two(month)}-${two(day)}`
}

/**
 * How a birthday reads, with the words of the UI's language: names = {lunar, leap, months: [12],
 * days: [30]} (the messages birthday.*, lists separated by commas: a "|" would be read as plural
 * forms). A solar one reads as stored.
 */
export function birthdayText(v, names) {
  const b = parseBirthday(v)
  if (!b) return String(v || '')
  if (!b.lunar) return b.solar
  return `${names.lunar} ${b.year} ${b.leap ? names.leap + ' ' : ''}${names.months[b.month - 1] || b.month} ${names.days[b.day - 1] || b.day}`
}

/** The words birthdayText and the lunar pickers take, from the messages (t: vue-i18n's). */
export function birthdayNames(t) {
  return {
    lunar: t('birthday.lunar'),
    leap: t('birthday.leap'),
    months: t('birthday.monthNames').split(','),
    days: t('birthday.dayNames').split(','),
  }
}
