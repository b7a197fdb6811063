// What the access-request pages decide on their own, as plain functions (tested in
// tests/unit/accessRequests.test.js): the codes a user typed or pasted, the checks made before
// the request is sent (the server checks again and has the last word, e.g. on the longest
// term), the request's body, how long a grant still runs, and the grant of a given record.

/** Most records one request may name (the server's limit). */
export const MAX_RECORDS = 50
/** Longest customer code the server takes. */
export const MAX_CODE_LENGTH = 40
/** The term a new request proposes, in days (the server's default). */
export const DEFAULT_DAYS = 3

// Codes are separated by white space, commas or semicolons (ASCII or full-width) or the
// enumeration comma.
export const CODE_SEPARATORS = /[\s,\uFF0C;\uFF1B\u3001]+/

/** Codes as typed or pasted (a list or one text of several) → trimmed, non-empty, each once. */
export function normalizeCodes(input) {
  const parts = Array.isArray(input) ? input.flatMap((x) => String(x ?? '').split(CODE_SEPARATORS)) : String(input ?? '').split(CODE_SEPARATORS)
  const out = []
  for (const p of parts) {
    const c = p.trim()
    if (c && !out.includes(c)) out.push(c)
  }
  return out
}

/**
 * The checks made before sending: {field: message key} for each field that fails, {} when
 * none does. Fields are the server's names (subject.codes, subject.days, purpose, reason), so
 * its 422 answers land on the same form items. customerIds are the records named by id (the
 * customer page's offer), codes those typed.
 */
export function validateRequest({ codes = [], customerIds = [], days, purpose = '', reason = '' }) {
  const errs = {}
  const n = codes.length + customerIds.length
  if (n === 0) errs['subject.codes'] = 'access.err.noRecords'
  else if (n > MAX_RECORDS) errs['subject.codes'] = 'access.err.tooMany'
  else if (codes.some((c) => c.length > MAX_CODE_LENGTH)) errs['subject.codes'] = 'access.err.badCode'
  const d = Number(days)
  if (days === null || days === undefined || days === '' || !Number.isInteger(d) || d < 1) errs['subject.days'] = 'access.err.days'
  if (!String(purpose).trim()) errs.purpose = 'common.required'
  if (!String(reason).trim()) errs.reason = 'common.required'
  return errs
}

/** The body of POST /approvals for the request. */
export function requestBody({ codes = [], customerIds = [], days, purpose = '', reason = '', forUserId = null }) {
  const subject = { days: Number(days) }
  if (codes.length) subject.codes = [...codes]
  if (customerIds.length) subject.customer_ids = customerIds.map(Number)
  // On behalf of a registered visitor (R-SEC-4): the grant is theirs.
  if (forUserId) subject.for_user_id = Number(forUserId)
  return { kind: 'access.read', subject, purpose: String(purpose).trim(), reason: String(reason).trim() }
}

/** The form item a server error's field belongs to (the ids of the customer page show on the codes). */
export function formField(field) {
  if (field === 'subject.customer_ids' || field === 'subject.codes' || field === 'subject') return 'subject.codes'
  if (field === 'subject.days' || field === 'subject.for_user_id' || field === 'purpose' || field === 'reason') return field
  return '_'
}

const HOUR = 3600 * 1000

/**
 * How long a grant ending at `endsAt` still runs at `now` (ms or Date): {unit: 'hours', n}
 * below two days (rounded up, so the last minutes still say 1 hour), {unit: 'days', n} (to the
 * nearest day) from then on, null once it has ended or when endsAt cannot be read.
 */
export function remaining(endsAt, now = Date.now()) {
  const end = Date.parse(endsAt)
  if (!Number.isFinite(end)) return null
  const left = end - Number(now)
  if (left <= 0) return null
  const hours = left / HOUR
  if (hours < 48) return { unit: 'hours', n: Math.max(1, Math.ceil(hours)) }
  return { unit: 'days', n: Math.round(hours / 24) }
}

/** The grant in force for customer id among GET /access-grants items, or null. */
export function grantFor(grants, id) {
  const want = Number(id)
  return (grants || []).find((g) => g && g.customer && Number(g.customer.id) === want) || null
}
