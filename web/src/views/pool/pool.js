// What the pool 公海 (R-OWN-7) and distribution 分配客户 (R-OWN-3) pages decide on their own,
// as plain functions (tested in tests/unit/pool.test.js): the pool list's query, the checks made
// on the reclaim rules and a distribution before sending (the server checks again and has the
// last word), the bodies sent, and the loads a changed proposal leaves.
import { dayAfter } from '../followup/myDay.js'

/** Longest release reason the server takes (characters). */
export const REASON_MAX = 200
/** A member's ability weight: 1–1000, 100 by default (more for the able, less for new staff). */
export const WEIGHT = { min: 1, max: 1000, default: 100 }
/** A rule's days: 0 (off / not asked) or 1–3650; at most 50 rules. */
export const RULE_DAYS_MAX = 3650
export const RULES_MAX = 50
/** "New in the pool": put there within this many days. */
export const NEW_DAYS = 7
/** The fields a rule row has, as the server names them in rules[i].<field>. */
export const RULE_KEYS = ['grade', 'no_followup_days', 'no_deal_days']
/** The fields a distribution's refusal may name. */
export const DIST_FIELDS = ['ids', 'members', 'items', 'reason', 'owner_id']

const chars = (s) => [...String(s ?? '')].length

/** The pool list's query for its filters {grade, recent} on `today` (the company's day). */
export function poolQuery(filters, today) {
  const q = {}
  if (filters && filters.grade) q.grade = filters.grade
  const since = filters && filters.recent ? dayAfter(today, -NEW_DAYS) : ''
  if (since) q.since = since
  return q
}

/** The problem with a release reason, or '' (required, at most REASON_MAX characters). */
export function reasonProblem(reason) {
  const v = String(reason ?? '').trim()
  if (!v) return 'required'
  return chars(v) > REASON_MAX ? 'tooLong' : ''
}

// ---- reclaim rules ----

/** A new rule row (for any grade without its own rule when grade is ''). */
export function emptyRule(grade = '') {
  return { grade, no_followup_days: 30, no_deal_days: 0 }
}

const days = (v) => v !== '' && v !== null && v !== undefined && Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= RULE_DAYS_MAX

/**
 * The problems of the rule rows, keyed as the server names fields (`rules[i].grade`, …):
 * [messageKey, params] each; a grade given twice is named at its second row.
 */
export function validateRules(rows) {
  const out = {}
  const seen = new Set()
  ;(rows || []).forEach((r, i) => {
    const g = String(r.grade || '')
    if (seen.has(g)) out[`rules[${i}].grade`] = ['pool.err.gradeTwice', {}]
    seen.add(g)
    for (const k of ['no_followup_days', 'no_deal_days']) {
      if (!days(r[k])) out[`rules[${i}].${k}`] = ['pool.err.days', { max: RULE_DAYS_MAX }]
    }
  })
  if ((rows || []).length > RULES_MAX) out.rules = ['pool.err.tooMany', { n: RULES_MAX }]
  return out
}

/** Every field a refusal of the rules may name, for serverErrors. */
export function ruleFields(rows) {
  const out = ['rules']
  ;(rows || []).forEach((_, i) => { for (const k of RULE_KEYS) out.push(`rules[${i}].${k}`) })
  return out
}

/** PUT /pool/rules's list: every row, the days as numbers. */
export function rulesBody(rows) {
  return (rows || []).map((r) => ({ grade: String(r.grade || ''), no_followup_days: Number(r.no_followup_days) || 0, no_deal_days: Number(r.no_deal_days) || 0 }))
}

// ---- distribution ----

/** A member row for a user ({id, name}) with the default weight. */
export function member(user) {
  return { user_id: user.id, name: user.name, weight: WEIGHT.default }
}

const weightOk = (w) => Number.isInteger(Number(w)) && Number(w) >= WEIGHT.min && Number(w) <= WEIGHT.max && w !== '' && w !== null

/** The problems of a proposal's input ({ids?, members?}: [messageKey, params]). */
export function validateProposal(customerIds, members) {
  const out = {}
  if (!(customerIds || []).length) out.ids = ['pool.err.noneChosen', {}]
  if (!(members || []).length) out.members = ['pool.err.noMembers', {}]
  else if (members.some((m) => !weightOk(m.weight))) out.members = ['pool.err.weight', { min: WEIGHT.min, max: WEIGHT.max }]
  return out
}

/** POST /distribution/proposal's body. */
export function proposalBody(customerIds, members) {
  return {
    customer_ids: (customerIds || []).map(Number),
    members: (members || []).map((m) => ({ user_id: Number(m.user_id), weight: Number(m.weight) })),
  }
}

/** POST /distribution's body: the (adjusted) items and the reason. */
export function distributionBody(items, reason) {
  return {
    items: (items || []).map((x) => ({ customer_id: Number(x.customer_id), user_id: Number(x.user_id) })),
    reason: String(reason ?? '').trim(),
  }
}

/**
 * The loads after the items as the manager left them: each person of the proposal's loads with
 * `given` counted again from items, `after` = before + given, and `perWeight`, customers per 100
 * of weight after (one decimal) — the measure the proposal balances.
 */
export function currentLoads(loads, items) {
  const given = new Map()
  for (const x of items || []) given.set(Number(x.user_id), (given.get(Number(x.user_id)) || 0) + 1)
  return (loads || []).map((l) => {
    const id = Number(l.user && l.user.id)
    const g = given.get(id) || 0
    const after = (Number(l.before) || 0) + g
    const w = Number(l.weight) || WEIGHT.default
    return { ...l, given: g, after, perWeight: Math.round((after * 1000) / w) / 10 }
  })
}
