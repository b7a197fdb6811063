// What the new-customer development pages decide on their own, as plain functions
// (tests/unit/develop.test.js), mirroring docs/API.md "New-customer development 客户开发": the
// stages in order, which fields each stage fills, what each stage's checklist asks before moving
// on, which stages a candidate has reached, what may still be changed, the path shown in the
// steps bar, the checks made before a form is sent (the server checks again and has the last
// word) and the bodies of a new candidate, a change, the scores and the weights.

/** The path of a candidate, in order; `dropped` ends it from any stage before `admitted`. */
export const STAGES = ['candidate', 'general', 'site', 'application', 'approved', 'contracted', 'admitted']
/** The list's stage filter ('' is every stage). */
export const FILTER_STAGES = ['', ...STAGES, 'dropped']

/** The fields filled from each stage on (a later stage's field is refused by the server). */
export const STAGE_FIELDS = {
  candidate: ['name', 'uscc', 'contact', 'phone'],
  general: ['history', 'profile', 'annual_accounts', 'catalogue', 'talks'],
  site: ['site_visited_on', 'site_team', 'site_findings'],
  application: ['reason', 'trading_policy', 'goods_amounts', 'findings'],
  approved: ['supply_signed_on', 'quality_signed_on', 'payment_terms'],
}
/** The stages that have fields of their own, in order (one form section each). */
export const SECTIONS = Object.keys(STAGE_FIELDS)

/** What moving on from a stage asks for ("scores": every criterion scored). */
export const CHECKLIST = {
  candidate: [],
  general: ['history', 'profile', 'annual_accounts', 'catalogue'],
  site: ['site_visited_on', 'site_findings'],
  application: ['reason', 'trading_policy', 'goods_amounts', 'findings', 'scores'],
  approved: ['supply_signed_on', 'quality_signed_on'],
  contracted: [],
}

/** Fields that are days (YYYY-MM-DD, not after today). */
export const DATE_FIELDS = ['site_visited_on', 'supply_signed_on', 'quality_signed_on']
/** Longest texts the server takes (characters); a field not named here takes 2000 (a textarea). */
export const MAX = { name: 100, uscc: 18, contact: 100, phone: 40, site_team: 100, payment_terms: 100, text: 2000, reason: 2000 }
/** Scores are whole numbers 0–10; weights 0–100. */
export const SCORE_MAX = 10
export const WEIGHT_MAX = 100

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const len = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

/** A stage's place on the path (0 candidate … 6 admitted); -1 for dropped or unknown. */
export const stageIndex = (stage) => STAGES.indexOf(stage)

/** The stage whose fields a field belongs to ('' for none). */
export function fieldStage(field) {
  return SECTIONS.find((s) => STAGE_FIELDS[s].includes(field)) || ''
}

/** Is the field a date? a long text (a textarea)? */
export const isDate = (field) => DATE_FIELDS.includes(field)
export const isLong = (field) => !DATE_FIELDS.includes(field) && !(field in MAX)
/** The longest text of a field. */
export const maxOf = (field) => MAX[field] || MAX.text

/**
 * The furthest stage a candidate reached: its stage, or for a dropped one the last stage on its
 * path before it was dropped.
 */
export function reachedStage(c) {
  if (!c) return 'candidate'
  if (stageIndex(c.stage) >= 0) return c.stage
  const seen = (c.steps || []).map((s) => s.stage).filter((s) => stageIndex(s) >= 0)
  return seen.length ? seen[seen.length - 1] : 'candidate'
}

/** The form sections shown: those of the stages reached (a later stage's fields stay hidden). */
export function visibleSections(c) {
  const at = stageIndex(reachedStage(c))
  return SECTIONS.filter((s) => stageIndex(s) <= at)
}

/** Does the application await its decision (nothing may change meanwhile)? */
export const pendingApproval = (c) => !!c && c.stage === 'application' && !!c.approval && c.approval.state === 'pending'

/** May the fields still be changed: not admitted, not dropped, not awaiting the decision. */
export function editable(c) {
  if (!c) return false
  const at = stageIndex(c.stage)
  return at >= 0 && at < stageIndex('admitted') && !pendingApproval(c)
}

/** Are the scores shown (from the on-site investigation on)? */
export const scoresShown = (c) => stageIndex(reachedStage(c)) >= stageIndex('site')
/** May the scores be changed: at the site and application stages, not awaiting the decision. */
export const scoresEditable = (c) => !!c && (c.stage === 'site' || c.stage === 'application') && !pendingApproval(c)

/** Is moving on offered: a next stage, not dropped, not awaiting the decision. */
export const canAdvance = (c) => !!c && !!c.next_stage && stageIndex(c.stage) >= 0 && !pendingApproval(c)
/** Is dropping offered: neither admitted nor dropped. */
export const canDrop = (c) => !!c && stageIndex(c.stage) >= 0 && c.stage !== 'admitted'

/** The el-tag type of a stage. */
export function stageType(stage) {
  if (stage === 'admitted') return 'success'
  if (stage === 'dropped') return 'info'
  if (stage === 'application' || stage === 'approved' || stage === 'contracted') return 'warning'
  return ''
}

function stepStatus(i, at, dropped) {
  if (i > at) return 'wait'
  if (i < at || at === stageIndex('admitted')) return 'success'
  return dropped ? 'error' : 'process'
}

/**
 * The steps bar: every stage in order with when and by whom it was reached (the last time),
 * `active` the number of stages done (el-steps' active), and whether it ended dropped.
 */
export function pathSteps(c) {
  const last = {}
  for (const s of (c && c.steps) || []) last[s.stage] = s
  const at = stageIndex(reachedStage(c))
  const dropped = !!c && c.stage === 'dropped'
  return {
    steps: STAGES.map((stage, i) => ({
      stage,
      at: last[stage] ? last[stage].at : '',
      by: last[stage] && last[stage].by ? last[stage].by.name || '' : '',
      status: stepStatus(i, at, dropped),
    })),
    active: at,
    dropped,
    droppedAt: dropped && last.dropped ? last.dropped.at : '',
  }
}

/** A section's fields as its form edits them. */
export function formOf(c, stage) {
  const out = {}
  for (const f of STAGE_FIELDS[stage] || []) out[f] = (c && c[f]) || ''
  return out
}

function dayOk(day) {
  const m = DAY.exec(String(day || ''))
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === m[0]
}

/**
 * The checks before a section (or a new candidate) is sent: {field: problem} with problem a key
 * under develop.err; {} when none fails. today: the company's date ('' when unknown: the server
 * checks the dates then).
 */
export function validate(form, stage, today = '') {
  const errs = {}
  for (const f of STAGE_FIELDS[stage] || []) {
    if (!(f in (form || {}))) continue
    const v = text(form[f])
    if (f === 'name' && !v) errs.name = 'required'
    else if (isDate(f) && v) {
      if (!dayOk(v)) errs[f] = 'date'
      else if (today && v > today) errs[f] = 'future'
    } else if (f === 'uscc' && v && !/^[0-9A-Za-z]{18}$/.test(v)) errs.uscc = 'uscc'
    else if (len(v) > maxOf(f)) errs[f] = 'tooLong'
  }
  return errs
}

/** The body of POST /candidates: the name and the other basic fields given. */
export function createBody(form) {
  const body = { name: text(form && form.name) }
  for (const f of ['uscc', 'contact', 'phone']) if (text(form && form[f])) body[f] = text(form[f])
  return body
}

/** The body of PATCH /candidates/:id for one section: the fields that differ from the candidate's. */
export function changeBody(form, stage, c) {
  const out = {}
  for (const f of STAGE_FIELDS[stage] || []) {
    if (!(f in (form || {}))) continue
    const v = text(form[f])
    if (v !== text(c && c[f])) out[f] = v
  }
  return out
}

/** The scores as the table edits them: {code: number|null}. */
export function scoresOf(c) {
  const out = {}
  for (const x of (c && c.criteria) || []) out[x.code] = x.score === null || x.score === undefined ? null : x.score
  return out
}

/** Is a score a whole number 0–10? */
export const scoreOk = (v) => Number.isInteger(v) && v >= 0 && v <= SCORE_MAX

/** The body of PUT /candidates/:id/scores: the criteria scored, or null when a score is not 0–10. */
export function scoresBody(scores) {
  const out = {}
  for (const [k, v] of Object.entries(scores || {})) {
    if (v === null || v === undefined || v === '') continue
    if (!scoreOk(v)) return null
    out[k] = v
  }
  return { scores: out }
}

/**
 * The score the weights give (Σ score × weight / Σ weight, one decimal), as the server computes
 * it: null until every criterion is scored or when every weight is 0. Shown while typing; the
 * server's score is the one kept.
 */
export function weightedScore(criteria, scores) {
  let sum = 0
  let w = 0
  for (const x of criteria || []) {
    const s = scores ? scores[x.code] : x.score
    if (!scoreOk(s)) return null
    sum += s * x.weight
    w += x.weight
  }
  return w ? Math.round((sum * 10) / w) / 10 : null
}

/** The checks of the weights: 'weights' problem key, or '' when they may be sent. */
export function weightsProblem(weights) {
  const vals = Object.values(weights || {})
  if (!vals.length) return 'weightsNone'
  if (vals.some((v) => !Number.isInteger(v) || v < 0 || v > WEIGHT_MAX)) return 'weightRange'
  if (vals.every((v) => v === 0)) return 'weightsZero'
  return ''
}

/** The body of PUT /candidate-criteria: the weights that changed ({} when none). */
export function weightsBody(weights, criteria) {
  const out = {}
  for (const x of criteria || []) if (x.code in (weights || {}) && weights[x.code] !== x.weight) out[x.code] = weights[x.code]
  return { weights: out }
}

/**
 * The checklist gaps named by a 409 "stage" refusal of moving on ("…: history,profile,scores"),
 * the known names only, in their order; [] when it names none.
 */
export function checklistGaps(e) {
  const raw = (e && e.error) || e || {}
  if (raw.field && raw.field !== 'stage') return []
  const msg = String(raw.message_en || raw.message || '')
  const i = msg.lastIndexOf(':')
  if (i < 0) return []
  const known = new Set([...Object.values(STAGE_FIELDS).flat(), 'scores'])
  return msg.slice(i + 1).split(',').map((s) => s.trim()).filter((s) => known.has(s))
}

/** The message key and its parameters of a problem found on field. */
export function problemMessage(problem, field = '') {
  if (problem === 'tooLong') return ['develop.err.tooLong', { n: maxOf(field) }]
  return ['develop.err.' + problem, {}]
}

/** The problems found as [messageKey, params] per field, for errorText. */
export function problems(found) {
  const out = {}
  for (const [k, p] of Object.entries(found || {})) out[k] = problemMessage(p, k)
  return out
}

/** A criterion's name in the language shown (English falls back to the Chinese name). */
export function criterionName(x, lang) {
  if (!x) return ''
  return (lang === 'en' ? x.name_en || x.name : x.name || x.name_en) || x.code || ''
}
