// What the complaint views decide on their own, as plain functions (tests/unit/complaints.test.js):
// the channels, categories and severities with their labels (the server's choices, these when it
// sends none), whether a channel's complaint is in writing by default, the list's filter, the
// checks made before a complaint is recorded or resolved (the server checks again and has the
// last word), the bodies sent, the messages of the problems found, and who may resolve one.
import { zoned } from '../leaks/leaks.js'
import { choiceLabel } from '../followup/followup.js'
import { DEFAULT_CHOICES } from './messages.js'

export { choiceLabel, DEFAULT_CHOICES }

/** How a complaint came in (docs/API.md "Complaints 投诉"), in the order offered. */
export const CHANNELS = ['phone', 'store', 'web', 'email', 'letter', 'call_center', 'survey']
export const DEFAULT_CHANNEL = 'phone'
/** The channels whose complaints are in writing 书面投诉 unless the user says otherwise. */
export const WRITTEN_CHANNELS = ['letter', 'email', 'web']
export const CATEGORIES = ['attitude', 'service', 'product', 'price', 'communication']
export const SEVERITIES = ['general', 'major']
export const DEFAULT_SEVERITY = 'general'
/** The list's states (GET /complaints state=…). */
export const STATES = ['open', 'resolved', 'all']
export const DEFAULT_STATE = 'open'
/** The list's filter keys and their defaults, as the URL keeps them. */
export const FILTERS = { state: DEFAULT_STATE }
/** Longest texts the server takes (characters). */
export const MAX = { summary: 2000, resolution: 2000 }
/** The earliest a complaint may have come in (the server refuses before). */
export const EARLIEST = '2000-01-01 00:00:00'

const KINDS = Object.keys(DEFAULT_CHOICES)

/** The choices to offer: each list the server sent, else the default one. */
export function choicesOf(answer) {
  const out = {}
  for (const k of KINDS) {
    const list = answer && answer[k]
    out[k] = Array.isArray(list) && list.length ? list : DEFAULT_CHOICES[k]
  }
  return out
}

/** A value's label among the choices of kind (channels, categories, severities), in the language shown. */
export function labelOf(choices, kind, value, lang) {
  return choiceLabel(choicesOf(choices)[kind], value, lang)
}

/** Is a complaint that came in by this channel in writing unless the user says otherwise? */
export const writtenByDefault = (channel) => WRITTEN_CHANNELS.includes(channel)

/** The message key of a state's label, '' for one this UI does not know. */
export const stateKey = (state) => (STATES.includes(state) ? 'complaints.states.' + state : '')

/** The el-tag type of a complaint's state. */
export function stateType(state) {
  return ({ open: 'warning', resolved: 'success' })[state] || 'info'
}

/** The query to send for the list's applied filters: a known state (open by default), and paging. */
export function complaintQuery(applied) {
  const a = applied || {}
  const q = { state: STATES.includes(a.state) ? a.state : DEFAULT_STATE }
  for (const k of ['customer_id', 'limit', 'cursor', 'total']) if (a[k] !== undefined && a[k] !== null && a[k] !== '') q[k] = a[k]
  return q
}

/** May this user resolve the complaint: an open one, for holders of complaint.record. */
export function canResolve(complaint, canRecord) {
  return !!canRecord && !!complaint && complaint.state === 'open'
}

const chars = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

function textProblem(v, max) {
  const s = text(v)
  if (!s) return 'common.required'
  return chars(s) > max ? 'tooLong' : ''
}

/**
 * An empty "record a complaint" form: for the customer given ({id, code, name}, or null to pick
 * one), by phone, general, in writing as the channel says, received now (received empty).
 */
export function emptyComplaint(customer = null, channel = DEFAULT_CHANNEL) {
  const ch = CHANNELS.includes(channel) ? channel : DEFAULT_CHANNEL
  return { customer, channel: ch, category: '', severity: DEFAULT_SEVERITY, written: writtenByDefault(ch), received: '', summary: '' }
}

const offered = (choices, kind, v) => !!v && choicesOf(choices)[kind].some((c) => c.value === v)

/**
 * The checks before a complaint is recorded: {field: problem}, field as the server names it,
 * problem 'common.required' (a message key), 'tooLong', 'future' or 'tooEarly' (problemMessage
 * says them); {} when none fails. now and received are wall times in the company's zone
 * ("YYYY-MM-DD HH:mm:ss"), compared as text; with now unknown ('') "not in the future" is the
 * server's. choices: the server's (channel, category and severity must be among them).
 */
export function validateComplaint(form, now = '', choices = null) {
  const f = form || {}
  const errs = {}
  const id = Number(f.customer && f.customer.id)
  if (!Number.isInteger(id) || id <= 0) errs.customer_id = 'common.required'
  if (!offered(choices, 'channels', f.channel)) errs.channel = 'common.required'
  if (!offered(choices, 'categories', f.category)) errs.category = 'common.required'
  if (!offered(choices, 'severities', f.severity)) errs.severity = 'common.required'
  const s = textProblem(f.summary, MAX.summary)
  if (s) errs.summary = s
  if (f.received && now && f.received > now) errs.received_at = 'future'
  else if (f.received && f.received < EARLIEST) errs.received_at = 'tooEarly'
  return errs
}

/** The body of POST /complaints: received_at left out for now, with the zone's offset otherwise. */
export function complaintBody(form, offset = '+08:00') {
  const f = form || {}
  const body = {
    customer_id: Number(f.customer && f.customer.id), channel: f.channel, category: f.category,
    severity: f.severity || DEFAULT_SEVERITY, written: !!f.written, summary: text(f.summary),
  }
  if (f.received) body.received_at = zoned(f.received, offset)
  return body
}

/** The checks of a resolution: required, at most MAX.resolution characters. */
export function validateResolution(value) {
  const p = textProblem(value, MAX.resolution)
  return p ? { resolution: p } : {}
}

/** The body of POST /complaints/{id}/resolve. */
export const resolveBody = (value) => ({ resolution: text(value) })

/** The message key and its parameters for a problem the checks above found on field. */
export function problemMessage(problem, field) {
  switch (problem) {
    case 'tooLong': return ['complaints.err.tooLong', { n: MAX[field] || 0 }]
    case 'future': case 'tooEarly': return ['complaints.err.' + problem, {}]
    default: return [problem, {}]
  }
}

/** The problems found as [messageKey, params] per field, for errorText. */
export function problems(found) {
  const out = {}
  for (const [k, p] of Object.entries(found || {})) out[k] = problemMessage(p, k)
  return out
}

/**
 * Who resolved a complaint and when, as [messageKey, params] ({who} may be missing: the
 * resolution without its author).
 */
export function resolvedLine(complaint, fmt = (s) => s) {
  const x = complaint || {}
  const who = x.resolved_by && x.resolved_by.name
  return who ? ['complaints.resolvedBy', { who, at: fmt(x.resolved_at) }] : ['complaints.resolvedAt', { at: fmt(x.resolved_at) }]
}
