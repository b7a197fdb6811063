// What the leak report pages decide on their own, as plain functions (tested in
// tests/unit/leaks.test.js): the list's filter, the checks made before sending (the server checks
// again and has the last word), times entered in the company's zone, and who is offered what.

export const STATES = ['open', 'closed', 'all']
export const DEFAULT_STATE = 'open'
/** The list's filter keys (GET /leak-reports) and their defaults, as the URL keeps them. */
export const FILTERS = { state: DEFAULT_STATE }

/** Longest texts the server takes (characters). */
export const MAX = { summary: 200, details: 4000, action: 500, note: 500, conclusion: 2000 }
/** Most customers one report names. */
export const MAX_CUSTOMERS = 50

/** The query to send for the list's applied filters: a known state (open by default), limit, cursor. */
export function leakQuery(applied) {
  const a = applied || {}
  const q = { state: STATES.includes(a.state) ? a.state : DEFAULT_STATE }
  for (const k of ['limit', 'cursor']) if (a[k] !== undefined && a[k] !== null && a[k] !== '') q[k] = a[k]
  return q
}

const chars = (s) => [...String(s ?? '')].length

/**
 * The checks of a text field: 'common.required' when required and empty, 'tooLong' when longer
 * than max, '' when fine.
 */
function textError(v, max, required) {
  const s = String(v ?? '').trim()
  if (!s) return required ? 'common.required' : ''
  return chars(s) > max ? 'tooLong' : ''
}

/**
 * The checks before a report is sent: {field: problem} with problem 'common.required' (a message
 * key), 'tooLong' (say the limit: MAX[field]) or 'future'; {} when none fails. occurred and now
 * are wall times in the company's zone ("YYYY-MM-DD HH:mm:ss"), compared as text.
 */
export function validateReport({ summary = '', details = '', occurred = '', now = '' } = {}) {
  const errs = {}
  const s = textError(summary, MAX.summary, true)
  if (s) errs.summary = s
  const d = textError(details, MAX.details, false)
  if (d) errs.details = d
  if (occurred && now && occurred > now) errs.occurred_at = 'future'
  return errs
}

/** The checks before an action is set: as validateReport, for action, owner_id and due_at. */
export function validateAction({ action = '', owner = '', due = '', now = '' } = {}) {
  const errs = {}
  const a = textError(action, MAX.action, true)
  if (a) errs.action = a
  if (!owner) errs.owner_id = 'common.required'
  if (!due) errs.due_at = 'common.required'
  else if (now && due <= now) errs.due_at = 'pastDue'
  return errs
}

/** The body of POST /leak-reports: empty optional fields left out. */
export function reportBody({ summary = '', details = '', occurred = '', customerIds = [] } = {}, offset = '+08:00') {
  const body = { summary: String(summary).trim() }
  const d = String(details || '').trim()
  if (d) body.details = d
  if (occurred) body.occurred_at = zoned(occurred, offset)
  const ids = (customerIds || []).map(Number).filter((n) => Number.isInteger(n) && n > 0)
  if (ids.length) body.customer_ids = ids
  return body
}

const WALL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/

/**
 * A wall time in the company's zone ("YYYY-MM-DD HH:mm[:ss]") as RFC 3339 with the zone's offset
 * ("+08:00"); '' for an empty or malformed one.
 */
export function zoned(wall, offset) {
  const m = WALL.exec(String(wall || ''))
  if (!m) return ''
  const off = /^[+-]\d{2}:\d{2}$/.test(String(offset || '')) ? offset : 'Z'
  return `${m[1]}T${m[2]}${m[3] || ':00'}${off}`
}

/** The wall time ("YYYY-MM-DD HH:mm:ss") of a time the server wrote (in the company's zone). */
export function wallTime(iso) {
  const m = WALL.exec(String(iso || ''))
  return m ? `${m[1]} ${m[2]}${m[3] || ':00'}` : ''
}

/** The offset a time the server wrote carries ("+08:00"; "Z" is "+00:00"), or ''. */
export function offsetOf(iso) {
  const m = /([+-]\d{2}:\d{2}|Z)$/.exec(String(iso || ''))
  if (!m) return ''
  return m[1] === 'Z' ? '+00:00' : m[1]
}

/** The next day's date after the server's time now, at hh:mm (wall time in the company's zone). */
export function tomorrowAt(nowIso, hhmm = '18:00') {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(nowIso || ''))
  if (!m) return ''
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1))
  return `${d.toISOString().slice(0, 10)} ${hhmm}:00`
}

/** May this user mark the action done: its owner or a handler, while it is not done. */
export function canComplete(action, userId, handler) {
  if (!action || action.done_at) return false
  return !!handler || (!!userId && !!action.owner && String(action.owner.id) === String(userId))
}

/**
 * What the close form offers: '' (not a handler, or closed: nothing), 'blocked' (actions not done:
 * shown disabled with the reason), 'ready'.
 */
export function closeOffer(report, handler) {
  if (!report || !handler || report.state !== 'open') return ''
  return Number(report.actions_open) > 0 ? 'blocked' : 'ready'
}

/** The el-tag type of a report's state. */
export const stateType = (state) => (state === 'closed' ? 'success' : 'warning')

/** The form item a server error's field belongs to among fields ('_' for the form's own line). */
export function formField(field, fields) {
  return field && fields.includes(field) ? field : '_'
}

/** The message key and its parameters for a problem validateReport or validateAction found. */
export function problemMessage(problem, field) {
  switch (problem) {
    case 'tooLong': return ['leaks.err.tooLong', { n: MAX[field] || 0 }]
    case 'future': return ['leaks.err.future', {}]
    case 'pastDue': return ['leaks.err.pastDue', {}]
    default: return [problem, {}]
  }
}

/** The browser's own offset at date d ("+08:00"): the fallback when the company's is not known. */
export function localOffset(d = new Date()) {
  const m = -d.getTimezoneOffset()
  const a = Math.abs(m)
  return (m < 0 ? '-' : '+') + String(Math.floor(a / 60)).padStart(2, '0') + ':' + String(a % 60).padStart(2, '0')
}

/** A picker's day (a Date in the browser's zone) as "YYYY-MM-DD", to compare with the company's dates. */
export function dayText(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
