// What the contract pages decide on their own, as plain functions (tests/unit/contracts.test.js):
// the list's filters, the el-tag type of a state, the "days left" of an active contract, the period
// as shown, the dates a renewal gets by default, the form (amount typed in yuan, sent in whole fen),
// the checks made before a contract is sent (the server checks again and has the last word) and
// the bodies of a new contract, a change, a submission and a termination.
import { MAX_FEN, parseYuan, yuanText } from '../../money.js'

/** Longest texts the server takes (characters). */
export const MAX = { title: 100, our_party: 100, signatory: 100, notes: 2000, reason: 2000 }
/** A contract's kinds: 供货合同, 质量保证协议, 维修服务合同. */
export const KINDS = ['supply', 'quality', 'service']
/** The list's states (GET /contracts state=…). */
export const STATES = ['all', 'draft', 'pending', 'active', 'expired', 'terminated']
/** The "expiring within N days" choices of the list. */
export const EXPIRING = [30, 60, 90]
/** The list's filter keys and their defaults, as the URL keeps them. */
export const FILTERS = { kind: '', state: 'all', q: '', expiring_within: '' }

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86400000
const len = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

/** The el-tag type of a contract's state. */
export function stateType(state) {
  return ({
    draft: 'info', pending: 'warning', returned: 'warning', active: 'success', expired: 'danger', terminated: 'info',
  })[state] || 'info'
}

/** Can a contract in this state be changed (PATCH) and submitted? */
export const editable = (c) => !!c && (c.state === 'draft' || c.state === 'returned')
/** Can it be terminated? */
export const terminable = (c) => !!c && (c.state === 'active' || c.state === 'expired')
/** Is a renewal offered: an active or expired contract not renewed yet. */
export const renewable = (c) => !!c && (c.state === 'active' || c.state === 'expired') && !c.renewed_by

/**
 * The "days left" of an active contract as [messageKey, params] under contracts.days, or null
 * when there is nothing to say (not active, or days_left unknown).
 */
export function daysLeftText(c) {
  if (!c || c.state !== 'active' || !Number.isInteger(c.days_left)) return null
  const n = c.days_left
  if (n <= 0) return ['contracts.days.today', {}]
  if (n === 1) return ['contracts.days.one', {}]
  return ['contracts.days.left', { n }]
}

/** Is an active contract close to its end (within `within` days)? */
export function endingSoon(c, within = 30) {
  return !!c && c.state === 'active' && Number.isInteger(c.days_left) && c.days_left <= within
}

/** The period as shown: "2026-06-01 ~ 2027-05-31" ('' when neither date is known). */
export function periodText(startsOn, endsOn) {
  const a = text(startsOn)
  const b = text(endsOn)
  if (!a && !b) return ''
  return `${a || '…'} ~ ${b || '…'}`
}

function dayMs(day) {
  const m = DAY.exec(String(day || ''))
  if (!m) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  // 2026-02-30 is not a day: Date.UTC would roll it over into March.
  return new Date(ms).toISOString().slice(0, 10) === m[0] ? ms : null
}

const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10)

/** A day ("YYYY-MM-DD") n days later (earlier for n < 0); '' for a day that is not one. */
export function addDays(day, n) {
  const ms = dayMs(day)
  return ms === null ? '' : dayOf(ms + n * DAY_MS)
}

/** Days from a to b ("YYYY-MM-DD"), null when one is not a day. */
export function daysBetween(a, b) {
  const x = dayMs(a)
  const y = dayMs(b)
  return x === null || y === null ? null : Math.round((y - x) / DAY_MS)
}

/**
 * The dates a renewal of a contract gets by default: it starts the day after the old one ends and
 * lasts as long (the same number of days from start to end). {starts_on, ends_on}, '' each when the
 * old dates are not known.
 */
export function renewalDates(c) {
  const span = daysBetween(c && c.starts_on, c && c.ends_on)
  if (span === null || span < 0) return { starts_on: addDays(c && c.ends_on, 1), ends_on: '' }
  const start = addDays(c.ends_on, 1)
  return { starts_on: start, ends_on: addDays(start, span) }
}

/** A query without its empty values (the server takes absent for "any"). */
export function contractQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

/** Yuan as the form shows a fen amount ("2560.00", no separators); '' for none. */
export function yuanInput(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  return yuanText(fen).replace(/,/g, '')
}

/** An empty form, for a preset customer ({id, code, name}) or none. */
export function emptyForm(customer = null) {
  return {
    customer: customer ? { id: Number(customer.id), code: customer.code || '', name: customer.name || '' } : null,
    kind: 'supply', title: '', amount: '', startsOn: '', endsOn: '', signedOn: '', ourParty: '', signatory: '', notes: '',
    orderId: '',
  }
}

/** A contract (as GET /contracts/:id answers it) as the form edits it. */
export function formOf(c) {
  if (!c) return emptyForm()
  return {
    customer: c.customer ? { id: c.customer.id, code: c.customer.code || '', name: c.customer.name || '' } : null,
    kind: c.kind || 'supply', title: c.title || '', amount: yuanInput(c.amount_fen),
    startsOn: c.starts_on || '', endsOn: c.ends_on || '', signedOn: c.signed_on || '',
    ourParty: c.our_party || '', signatory: c.signatory || '', notes: c.notes || '',
    orderId: c.order ? c.order.id : '',
  }
}

function textProblem(errs, field, value, required) {
  const v = text(value)
  if (!v) {
    if (required) errs[field] = 'required'
  } else if (len(v) > MAX[field]) errs[field] = 'tooLong'
}

/**
 * The checks before a contract is sent: {field: problem} with the field as the server names it and
 * problem a message key under contracts.err; {} when none fails. today: the company's date
 * ("YYYY-MM-DD"), '' when not known (then the server checks the signing date).
 */
export function validate(form, today = '') {
  const f = form || {}
  const errs = {}
  if (!f.customer || !f.customer.id) errs.customer_id = 'required'
  if (!KINDS.includes(f.kind)) errs.kind = 'required'
  textProblem(errs, 'title', f.title, true)
  if (text(f.amount) === '') errs.amount_fen = 'required'
  else {
    const p = parseYuan(f.amount)
    if (p.problem) errs.amount_fen = p.problem
  }
  if (!f.startsOn) errs.starts_on = 'required'
  else if (dayMs(f.startsOn) === null) errs.starts_on = 'date'
  if (!f.endsOn) errs.ends_on = 'required'
  else if (dayMs(f.endsOn) === null) errs.ends_on = 'date'
  else if (!errs.starts_on && f.endsOn <= f.startsOn) errs.ends_on = 'endsBeforeStart'
  if (f.signedOn) {
    if (dayMs(f.signedOn) === null) errs.signed_on = 'date'
    else if (today && f.signedOn > today) errs.signed_on = 'signedFuture'
  }
  textProblem(errs, 'our_party', f.ourParty, false)
  textProblem(errs, 'signatory', f.signatory, false)
  textProblem(errs, 'notes', f.notes, false)
  return errs
}

const hasOrder = (v) => v !== '' && v !== null && v !== undefined

/** The body of POST /contracts. */
export function createBody(form) {
  const f = form || {}
  const body = {
    customer_id: Number(f.customer && f.customer.id), kind: f.kind, title: text(f.title),
    amount_fen: parseYuan(f.amount).fen, starts_on: f.startsOn, ends_on: f.endsOn,
  }
  if (f.signedOn) body.signed_on = f.signedOn
  if (text(f.ourParty)) body.our_party = text(f.ourParty)
  if (text(f.signatory)) body.signatory = text(f.signatory)
  if (text(f.notes)) body.notes = text(f.notes)
  if (hasOrder(f.orderId)) body.order_id = Number(f.orderId)
  return body
}

/**
 * The body of PATCH /contracts/:id: only what differs from the contract as it was read (before:
 * its formOf); {} when nothing changed. The customer is not changed. A cleared order is sent as 0
 * (null is "not given" to the server: the order would stay).
 */
export function changeBody(form, before) {
  const now = createBody(form)
  const was = createBody(before)
  const out = {}
  for (const k of ['kind', 'title', 'amount_fen', 'starts_on', 'ends_on']) if (now[k] !== was[k]) out[k] = now[k]
  for (const k of ['signed_on', 'our_party', 'signatory', 'notes']) if ((now[k] || '') !== (was[k] || '')) out[k] = now[k] || ''
  if ((now.order_id ?? 0) !== (was.order_id ?? 0)) out.order_id = now.order_id ?? 0
  return out
}

/** The body of POST /contracts/:id/submit: the reason when one is given. */
export function submitBody(reason) {
  return text(reason) ? { reason: text(reason) } : {}
}

/** The check of a submission's optional reason or a termination's required one: {} or {reason: problem}. */
export function validateReason(reason, required) {
  const r = text(reason)
  if (!r) return required ? { reason: 'required' } : {}
  if (len(r) > MAX.reason) return { reason: 'tooLong' }
  return {}
}

/** The message key and its parameters of a problem found on field. */
export function problemMessage(problem, field = '') {
  switch (problem) {
    case 'tooLong': return ['contracts.err.tooLong', { n: MAX[field] || MAX.notes }]
    case 'amountRange': return ['contracts.err.amountRange', { max: yuanText(MAX_FEN) }]
    case 'common.required': return ['contracts.err.required', {}]
    default: return ['contracts.err.' + problem, {}]
  }
}

/** The problems found as [messageKey, params] per field, for errorText. */
export function problems(found) {
  const out = {}
  for (const [k, p] of Object.entries(found || {})) out[k] = problemMessage(p, k)
  return out
}

export { yuanText }
