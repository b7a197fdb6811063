// What the inspection pages (R-ARC-11) decide on their own, as plain functions (tested in
// tests/unit/inspection.test.js): a run's period and state in words, the missing key fields in
// words, the tone of a score, and the check of a review's outcome before it is sent (the server
// checks again and has the last word).

/** The key fields a run checks, in the order the server lists them. */
export const FIELDS = ['phone', 'region', 'address', 'gender', 'birthday', 'uscc', 'industry', 'contact']
/** A review's outcome: 1–2000 characters. */
export const OUTCOME_MAX = 2000
/** The fields a review's refusal may name. */
export const REVIEW_FIELDS = ['outcome', 'state']
/** The score below which a customer is flagged by default (the server's inspection_min_score). */
export const MIN_SCORE = 80

const chars = (s) => [...String(s ?? '')].length

/**
 * A run's period as [messageKey, params]: "2026-H2" is the second half of 2026, "manual-20261005-
 * 100000" a run started by hand at 2026-10-05 10:00:00; anything else as it is.
 */
export function periodLabel(period) {
  const p = String(period ?? '')
  let m = /^(\d{4})-H([12])$/.exec(p)
  if (m) return [`inspection.period.h${m[2]}`, { year: m[1] }]
  m = /^manual-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(p)
  if (m) return ['inspection.period.manual', { at: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` }]
  return ['inspection.period.other', { period: p }]
}

/** A run's state: 'running' (not finished), 'toReview' (finished) or 'reviewed'. */
export function runState(run) {
  if (!run) return ''
  if (!run.finished_at) return 'running'
  return run.reviewed ? 'reviewed' : 'toReview'
}

/** The el-tag type of a run's state. */
export function stateType(state) {
  return ({ running: 'primary', toReview: 'warning', reviewed: 'success' })[state] || 'info'
}

/** The missing fields of an item ("address,birthday") as a list of field keys, unknown ones kept. */
export function missingKeys(missing) {
  return String(missing ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}

/** The missing fields in words: t('inspection.field.<key>') joined by sep; '' when none. */
export function missingText(missing, t, sep) {
  return missingKeys(missing).map((k) => (FIELDS.includes(k) ? t('inspection.field.' + k) : k)).join(sep)
}

/** The tone of a score (0–100): danger below 60, warning below the flag line, else success. */
export function scoreTone(score) {
  const s = Number(score)
  if (!Number.isFinite(s) || s < 60) return 'danger'
  return s < MIN_SCORE ? 'warning' : 'success'
}

/** The problem with an outcome as [messageKey, params], or null (required, at most OUTCOME_MAX). */
export function outcomeProblem(outcome) {
  const v = String(outcome ?? '').trim()
  if (!v) return ['common.required', {}]
  return chars(v) > OUTCOME_MAX ? ['inspection.err.tooLong', { n: OUTCOME_MAX }] : null
}

/** The id of the run a finished job made (its summary's inspection), or 0. */
export function jobInspection(job) {
  return Number((job && job.summary && job.summary.inspection) || 0)
}
