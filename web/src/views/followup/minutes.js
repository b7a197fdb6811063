// Meeting minutes 会谈纪要 (R-INT-3), what their views decide on their own, as plain functions
// (tested in tests/unit/minutes.test.js): the label and tag of each state, late minutes (past due
// not written, or written after the due time), the next thing their author does with them, which
// minutes belong to which timeline entry or task, the checks made before the body or the note is
// sent (the server checks again and has the last word), the list's filters, and the per-person
// counts with the late ones highlighted.

/** The states the server gives minutes, in their order (docs/API.md "Meeting minutes"). */
export const STATES = ['due', 'submitted', 'returned', 'rejected', 'approved', 'sent', 'confirmed']
/** The list's state filter: every one (''), late ones, or a state. */
export const FILTER_STATES = ['', 'late', ...STATES]
/** The channels of a face-to-face interaction, which calls for minutes. */
export const FACE_TO_FACE = ['meeting', 'visit']
/** Longest texts the server takes (characters). */
export const MAX = { body: 10000, note: 500 }

const known = (list, v) => list.includes(v)
const chars = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

/** Does an interaction of this channel call for minutes? */
export const needsMinutes = (channel) => known(FACE_TO_FACE, channel)

/** The message key of a state's label ('minutes.states.due' …), '' for one this UI does not know. */
export const stateKey = (state) => (known(STATES, state) ? 'minutes.states.' + state : '')

/** The el-tag type of a state. */
export function stateType(state) {
  return ({
    due: 'warning', submitted: 'primary', returned: 'danger', rejected: 'info',
    approved: 'success', sent: 'success', confirmed: 'success',
  })[state] || 'info'
}

/**
 * How minutes are late, '' when they are not: 'overdue' (not submitted and past due) or
 * 'submitted' (submitted after the due time). The server says whether they are late.
 */
export function lateKind(m) {
  if (!m || !m.late) return ''
  return m.submitted_at ? 'submitted' : 'overdue'
}

/** The message key of the late tag ('minutes.late.overdue' or 'minutes.late.submitted'), '' for none. */
export const lateKey = (m) => (lateKind(m) ? 'minutes.late.' + lateKind(m) : '')

const isAuthor = (m, userId) => !!m && !!m.author && !!userId && String(m.author.id) === String(userId)

/**
 * What the user does next with the minutes: 'write' (due or returned: write and submit them),
 * 'sent' (approved: mark them sent to the customer), 'confirm' (sent: the customer confirmed
 * receiving them), or '' (nothing: under review, rejected, confirmed, or not the author's).
 * Only their author acts on them.
 */
export function nextAction(m, userId) {
  if (!isAuthor(m, userId)) return ''
  return ({ due: 'write', returned: 'write', approved: 'sent', sent: 'confirm' })[m.state] || ''
}

/** The message key of an action's button. */
export const actionKey = (action) => (action ? 'minutes.act.' + action : '')

/** Minutes by their interaction's id (a Map), from GET /minutes items. */
export function byInteraction(items) {
  const map = new Map()
  for (const m of items || []) map.set(String(m.interaction_id), m)
  return map
}

/** Is the task the one minutes call for (kind minutes)? */
export const isMinutesTask = (task) => !!task && task.kind === 'minutes'

/** The message key of a task's kind with that of minutes (taskKindKey: followup.js kindKey), '' for none. */
export const kindKeyWithMinutes = (kind, taskKindKey) => (kind === 'minutes' ? 'minutes.kind' : taskKindKey(kind))

/** The interaction whose minutes a task of kind minutes calls for (its source "minutes:ID"), 0 for none. */
export function minutesIdOfTask(task) {
  if (!isMinutesTask(task)) return 0
  const m = /^minutes:(\d+)$/.exec(String(task.source || ''))
  return m ? Number(m[1]) : 0
}

/**
 * Is "write minutes" offered on a task: an open task of kind minutes, to its assignee (the
 * meeting's author, who alone writes them). It takes the place of "done": submitting completes it.
 */
export function canWriteFor(task, userId) {
  return isMinutesTask(task) && task.state === 'open' && !!task.assignee && !!userId && String(task.assignee.id) === String(userId)
}

/**
 * The checks before the minutes are submitted: {body: problem} with problem 'common.required'
 * (a message key) or 'tooLong'; {} when they pass.
 */
export function validateBody(body) {
  const s = text(body)
  if (!s) return { body: 'common.required' }
  return chars(s) > MAX.body ? { body: 'tooLong' } : {}
}

/** The checks of the customer's confirmation note (optional, at most 500 characters). */
export function validateNote(note) {
  return chars(text(note)) > MAX.note ? { note: 'tooLong' } : {}
}

/** The [messageKey, params] of a problem the checks above found on field. */
export function problemMessage(problem, field) {
  return problem === 'tooLong' ? ['minutes.err.tooLong', { n: MAX[field] || 0 }] : [problem, {}]
}

/** The problems found as [messageKey, params] per field (followup.js errorText shows them). */
export function problems(found) {
  const out = {}
  for (const [k, p] of Object.entries(found || {})) out[k] = problemMessage(p, k)
  return out
}

/** The views of the minutes page: the minutes listed, and the per-person counts (task.assign). */
export const VIEWS = ['list', 'counts']

/**
 * The minutes page's filters as its URL holds them, checked: {view, state, author_id, from}.
 * The counts and someone else's minutes are for holders of task.assign only (canAssign); me: the
 * user's id (their own minutes need no author_id).
 */
export function pageFilters(query, { canAssign = false, me = null } = {}) {
  const q = query || {}
  const state = known(FILTER_STATES, q.state) ? q.state : ''
  const who = String(q.author_id || '')
  const author = canAssign && /^\d+$/.test(who) && who !== String(me) ? who : ''
  const view = canAssign && q.view === 'counts' ? 'counts' : 'list'
  const from = /^\d{4}-\d{2}-\d{2}$/.test(String(q.from || '')) ? q.from : ''
  return { view, state, author_id: author, from }
}

/** The query of GET /minutes for the page's filters (nothing empty sent). */
export function listQuery(filters) {
  const f = filters || {}
  const q = {}
  if (f.state) q.state = f.state
  if (f.author_id) q.author_id = f.author_id
  return q
}

/** The first day of the year of a date ("YYYY-MM-DD"), the counts' default start; '' for none. */
export function yearStart(today) {
  const m = /^(\d{4})-\d{2}-\d{2}/.exec(String(today || ''))
  return m ? `${m[1]}-01-01` : ''
}

/**
 * Is a person's count row to be highlighted: some of their minutes were submitted late or are
 * past due and not written.
 */
export const countsLate = (row) => !!row && (Number(row.late) > 0 || Number(row.overdue) > 0)

/** The per-person counts as shown: those with late minutes first, then as the server ordered them. */
export function countRows(items) {
  const list = (items || []).map((x) => ({ ...x, highlight: countsLate(x) }))
  return [...list.filter((x) => x.highlight), ...list.filter((x) => !x.highlight)]
}
