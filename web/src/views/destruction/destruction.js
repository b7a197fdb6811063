// What the destruction pages decide on their own, as plain functions (tested in
// tests/unit/destruction.test.js): how long an archived customer is kept, the destruction
// request's checks and body, the retention rules' checks before saving (the server checks again
// and has the last word), where a server error on a rule belongs, and the register's wipe state.

/** Most customers one destruction request names (the server's limit). */
export const MAX_RECORDS = 200
/** Most retention rules (the server's limit). */
export const MAX_RULES = 100
/** Longest retention period in months; 0 keeps a record for good. */
export const MAX_MONTHS = 1200
/** Longest reason or purpose the approvals engine takes (characters). */
export const MAX_TEXT = 1000
/** "Any" category or stage in a rule. */
export const ANY = '*'

/**
 * How long an archived customer is kept: null for a live one; {kind: 'kept'} when no rule makes
 * it due (kept for good); {kind: 'until', at} with its due time (the server's, ISO text).
 */
export function keptUntil(customer) {
  if (!customer || !customer.archived) return null
  return customer.destroy_due_at ? { kind: 'until', at: customer.destroy_due_at } : { kind: 'kept' }
}

/** The customers a request names: [{id, code}] with a positive id, each once, ids as numbers. */
export function requestCustomers(list) {
  const out = []
  for (const c of list || []) {
    const id = Number(c && c.id)
    if (!Number.isInteger(id) || id <= 0 || out.some((x) => x.id === id)) continue
    out.push({ id, code: String((c && c.code) || '') })
  }
  return out
}

/**
 * The checks before a request is sent: {field: message key}, {} when none fails. Fields are the
 * server's (subject.customer_ids, reason, purpose), so its 422 answers land on the same items.
 */
export function validateRequest({ customerIds = [], reason = '', purpose = '' } = {}) {
  const errs = {}
  if (!customerIds.length) errs['subject.customer_ids'] = 'destruction.err.noCustomers'
  else if (customerIds.length > MAX_RECORDS) errs['subject.customer_ids'] = 'destruction.err.tooMany'
  const r = String(reason ?? '').trim()
  if (!r) errs.reason = 'common.required'
  else if ([...r].length > MAX_TEXT) errs.reason = 'destruction.err.tooLong'
  if ([...String(purpose ?? '').trim()].length > MAX_TEXT) errs.purpose = 'destruction.err.tooLong'
  return errs
}

/** The body of POST /approvals for a destruction request (an empty purpose left out). */
export function requestBody({ customerIds = [], reason = '', purpose = '' } = {}) {
  const body = {
    kind: 'customer.destroy',
    subject: { customer_ids: customerIds.map(Number) },
    reason: String(reason).trim(),
  }
  const p = String(purpose || '').trim()
  if (p) body.purpose = p
  return body
}

/** The form item a server error's field belongs to ('_' for the form's own line). */
export function requestField(field) {
  if (field === 'subject' || field === 'subject.customer_ids') return 'subject.customer_ids'
  if (field === 'reason' || field === 'purpose') return field
  return '_'
}

/** A rule as the editor holds it (months a number, or null while the box is empty). */
export function editableRules(rules) {
  return (rules || []).map((r) => ({ category: r.category || ANY, stage: r.stage || ANY, months: r.months ?? null }))
}

/** A new row for the editor: the first pair of category and stage no rule has yet, else any/any. */
export function newRule(rules, categories = [], stages = []) {
  const used = new Set((rules || []).map((r) => r.category + '/' + r.stage))
  for (const c of [ANY, ...categories]) {
    for (const s of [ANY, ...stages]) if (!used.has(c + '/' + s)) return { category: c, stage: s, months: 60 }
  }
  return { category: ANY, stage: ANY, months: 60 }
}

/**
 * The checks before the rules are saved: {rows: {i: {field: problem}}, list: problem} with
 * problems 'required', 'months' (not a whole number 0..MAX_MONTHS), 'twice' (the pair of an
 * earlier row: on the later row's category) and list 'tooMany'; ok when none fails.
 */
export function validateRules(rules) {
  const rows = {}
  let list = ''
  const set = (i, f, p) => { (rows[i] = rows[i] || {})[f] = p }
  const seen = new Set()
  ;(rules || []).forEach((r, i) => {
    if (!r.category) set(i, 'category', 'required')
    if (!r.stage) set(i, 'stage', 'required')
    const m = r.months
    if (m === null || m === undefined || m === '') set(i, 'months', 'required')
    else if (!Number.isInteger(Number(m)) || Number(m) < 0 || Number(m) > MAX_MONTHS) set(i, 'months', 'months')
    if (r.category && r.stage) {
      const k = r.category + '/' + r.stage
      if (seen.has(k)) set(i, 'category', 'twice')
      seen.add(k)
    }
  })
  if ((rules || []).length > MAX_RULES) list = 'tooMany'
  return { rows, list, ok: !list && !Object.keys(rows).length }
}

/** The body of PUT /retention-rules. */
export function rulesBody(rules) {
  return { rules: (rules || []).map((r) => ({ category: r.category, stage: r.stage, months: Number(r.months) })) }
}

/**
 * Where a server error on the rules belongs: {row, field} for "rules[i].category|stage|months",
 * {row: null, field: 'rules'} for the list ("rules", a pair twice) or anything else.
 */
export function ruleErrorPlace(field) {
  const m = /^rules\[(\d+)\]\.(category|stage|months)$/.exec(String(field || ''))
  if (m) return { row: Number(m[1]), field: m[2] }
  const r = /^rules\[(\d+)\]$/.exec(String(field || ''))
  if (r) return { row: Number(r[1]), field: 'category' }
  return { row: null, field: 'rules' }
}

/** A register entry's wipe state: 'wiping' until the job wiped its bytes from the files, else 'wiped'. */
export const wipeState = (entry) => (entry && entry.wiped_at ? 'wiped' : 'wiping')

/** The query of a register page: limit, and before (the previous page's next_before) when going on. */
export function registerQuery(before, limit = 50) {
  const q = { limit }
  if (before) q.before = before
  return q
}

/** The selection ([{id, code}]) after rows are ticked (on) or unticked; rows of other pages stay chosen. */
export function toggleSelected(selected, rows, on) {
  const map = new Map((selected || []).map((c) => [c.id, c]))
  for (const r of rows || []) {
    const id = Number(r.id)
    if (on) map.set(id, { id, code: r.code })
    else map.delete(id)
  }
  return [...map.values()]
}
