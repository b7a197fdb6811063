// What the interaction and task views decide on their own, as plain functions (tested in
// tests/unit/followup.test.js): the labels of channels, kinds and states, the checks made before
// an interaction or a task is sent (the server checks again and has the last word), the bodies
// sent, where a refusal shows, the company's clock, the grouping of tasks by overdue / due today,
// and who is offered what on a task.
import { offsetOf, zoned } from '../leaks/leaks.js'

/** Channels of an interaction and a task (docs/API.md "Interactions"), in the order offered. */
export const CHANNELS = ['call', 'visit', 'meeting', 'wechat', 'sms', 'email', 'qq', 'letter', 'event']
export const DEFAULT_CHANNEL = 'call'
/** The Element Plus icon of each channel (the components import them by these names). */
export const CHANNEL_ICONS = {
  call: 'Phone', visit: 'Location', meeting: 'User', wechat: 'ChatDotRound', sms: 'ChatLineRound',
  email: 'Message', qq: 'ChatRound', letter: 'Postcard', event: 'Flag',
}
/** out: we reached them (the default); in: they reached us. */
export const DIRECTIONS = ['out', 'in']
export const KINDS = ['follow_up', 'next_step', 'callback', 'greeting', 'fixup', 'other']
export const DEFAULT_KIND = 'follow_up'
/** The task list's states (GET /tasks state=…); overdue is open and past due. */
export const STATES = ['open', 'overdue', 'done', 'skipped', 'all']
export const DEFAULT_STATE = 'open'
/** The "my tasks" list's filter keys and their defaults, as the URL keeps them. */
export const FILTERS = { state: DEFAULT_STATE, assignee_id: '' }

/** Longest texts the server takes (characters); a next step with a date becomes a task's title. */
export const MAX = { summary: 2000, outcome: 500, next_step: 500, next_step_dated: 200, title: 200, purpose: 500, note: 500, reason: 500 }
/** Most participants on each side (our staff, the customer's contacts). */
export const MAX_PEOPLE = 20

const known = (list, v) => list.includes(v)

/** The message key of a channel's label, '' for none or one this UI does not know. */
export const channelKey = (ch) => (known(CHANNELS, ch) ? 'followup.channels.' + ch : '')
export const kindKey = (kind) => (known(KINDS, kind) ? 'followup.kinds.' + kind : '')
export const stateKey = (state) => (known(STATES, state) ? 'followup.states.' + state : '')
export const directionKey = (d) => (known(DIRECTIONS, d) ? 'followup.directions.' + d : '')

/** A task's status as shown: 'overdue' (open and past due, the server says), 'open', 'done' or 'skipped'. */
export function taskStatus(task) {
  if (!task) return ''
  if (task.state === 'open') return task.overdue ? 'overdue' : 'open'
  return task.state || ''
}

/** The el-tag type of a status. */
export function statusType(status) {
  return ({ overdue: 'danger', open: 'warning', done: 'success', skipped: 'info' })[status] || 'info'
}

const chars = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

function textProblem(v, max, required) {
  const s = text(v)
  if (!s) return required ? 'common.required' : ''
  return chars(s) > max ? 'tooLong' : ''
}

/** An empty "log an interaction" form: a call by default, for a task when taskId is given. */
export function emptyInteraction(channel = DEFAULT_CHANNEL, taskId = null) {
  return {
    channel: known(CHANNELS, channel) ? channel : DEFAULT_CHANNEL, direction: 'out', occurred: '',
    summary: '', outcome: '', nextStep: '', nextAt: '', userIds: [], contactIds: [], taskId,
  }
}

/**
 * The checks before an interaction is sent: {field: problem}, field as the server names it,
 * problem 'common.required' (a message key), 'tooLong', 'nextStepNeeded', 'nextStepDated',
 * 'future', 'nextNotAfter' or 'tooMany' (problemMessage says them); {} when none fails.
 * now, occurred and nextAt are wall times in the company's zone ("YYYY-MM-DD HH:mm:ss"),
 * compared as text; with now unknown ('') the time checks are the server's.
 */
export function validateInteraction(form, now = '') {
  const f = form || {}
  const errs = {}
  if (!known(CHANNELS, f.channel)) errs.channel = 'common.required'
  const s = textProblem(f.summary, MAX.summary, true)
  if (s) errs.summary = s
  const o = textProblem(f.outcome, MAX.outcome, false)
  if (o) errs.outcome = o
  const step = text(f.nextStep)
  if (f.nextAt && !step) errs.next_step = 'nextStepNeeded'
  else if (f.nextAt && chars(step) > MAX.next_step_dated) errs.next_step = 'nextStepDated'
  else if (chars(step) > MAX.next_step) errs.next_step = 'tooLong'
  if (f.occurred && now && f.occurred > now) errs.occurred_at = 'future'
  const from = f.occurred || now
  if (f.nextAt && from && f.nextAt <= from) errs.next_at = 'nextNotAfter'
  if ((f.userIds || []).length > MAX_PEOPLE) errs.user_ids = 'tooMany'
  if ((f.contactIds || []).length > MAX_PEOPLE) errs.contact_ids = 'tooMany'
  return errs
}

const ids = (list) => (list || []).map(Number).filter((n) => Number.isInteger(n) && n > 0)

/** The body of POST /interactions: empty optional fields left out, times with the zone's offset. */
export function interactionBody(form, customerId, offset = '+08:00') {
  const f = form || {}
  const body = { customer_id: Number(customerId), channel: f.channel, direction: known(DIRECTIONS, f.direction) ? f.direction : 'out', summary: text(f.summary) }
  if (f.occurred) body.occurred_at = zoned(f.occurred, offset)
  if (text(f.outcome)) body.outcome = text(f.outcome)
  if (text(f.nextStep)) body.next_step = text(f.nextStep)
  if (f.nextAt) body.next_at = zoned(f.nextAt, offset)
  const task = Number(f.taskId)
  if (Number.isInteger(task) && task > 0) body.task_id = task
  const users = ids(f.userIds)
  if (users.length) body.user_ids = users
  const contacts = ids(f.contactIds)
  if (contacts.length) body.contact_ids = contacts
  return body
}

/** An empty "add a task" form: a follow-up, any channel, following the customer's owner. */
export function emptyTask() {
  return { title: '', kind: DEFAULT_KIND, channel: '', due: '', start: '', purpose: '', assignee: '' }
}

/** The checks before a task is added: as validateInteraction, for title, purpose, due_at and start_at. */
export function validateTask(form) {
  const f = form || {}
  const errs = {}
  const title = textProblem(f.title, MAX.title, true)
  if (title) errs.title = title
  const purpose = textProblem(f.purpose, MAX.purpose, false)
  if (purpose) errs.purpose = purpose
  if (!known(KINDS, f.kind)) errs.kind = 'common.required'
  if (!f.due) errs.due_at = 'common.required'
  else if (f.start && f.start > f.due) errs.start_at = 'startAfterDue'
  return errs
}

/**
 * The body of POST /tasks. An assignee is sent only by those who may give tasks (canAssign);
 * without one the task follows the customer's owner.
 */
export function taskBody(form, customerId, offset = '+08:00', canAssign = false) {
  const f = form || {}
  const body = { customer_id: Number(customerId), title: text(f.title), kind: known(KINDS, f.kind) ? f.kind : DEFAULT_KIND, due_at: zoned(f.due, offset) }
  if (known(CHANNELS, f.channel)) body.channel = f.channel
  if (text(f.purpose)) body.purpose = text(f.purpose)
  if (f.start) body.start_at = zoned(f.start, offset)
  const who = Number(f.assignee)
  if (canAssign && Number.isInteger(who) && who > 0) body.assignee_id = who
  return body
}

/** The checks of a done note (optional) or a skip reason (required). */
export function validateFinish(mode, value) {
  const p = textProblem(value, mode === 'skip' ? MAX.reason : MAX.note, mode === 'skip')
  return p ? { [mode === 'skip' ? 'reason' : 'note']: p } : {}
}

/** The message key and its parameters for a problem the checks above found on field. */
export function problemMessage(problem, field) {
  switch (problem) {
    case 'tooLong': return ['followup.err.tooLong', { n: MAX[field] || 0 }]
    case 'nextStepDated': return ['followup.err.nextStepDated', { n: MAX.next_step_dated }]
    case 'tooMany': return ['followup.err.tooMany', { n: MAX_PEOPLE }]
    case 'nextStepNeeded': case 'future': case 'nextNotAfter': case 'startAfterDue':
      return ['followup.err.' + problem, {}]
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
 * Where the server's refusal shows: {place: error} with the error as the server wrote it
 * ({message, message_zh, message_en}), so that it reads in the language shown when it is
 * shown. place is the field it names when the form has it (fields), else '_' (the form's own
 * line). Every field of a refusal that names several, the first for each place.
 */
export function serverErrors(e, fields) {
  const raw = (e && e.error) || {}
  const list = Array.isArray(raw.errors) && raw.errors.length ? raw.errors
    : [{ field: raw.field ?? (e && e.field), message: (e && e.message) || raw.message, message_zh: raw.message_zh, message_en: raw.message_en }]
  const out = {}
  for (const x of list) {
    const k = x.field && (fields || []).includes(x.field) ? x.field : '_'
    if (!out[k]) out[k] = { message: x.message || '', message_zh: x.message_zh || '', message_en: x.message_en || '' }
  }
  return out
}

/**
 * The text of an error shown at a field, in the language shown: a server's error object
 * (message_zh / message_en), a [messageKey, params] pair of a check made here, or a text.
 */
export function errorText(err, t, lang) {
  if (!err) return ''
  if (typeof err === 'string') return err
  if (Array.isArray(err)) return t(err[0], err[1] || {})
  const en = lang === 'en'
  return (en ? err.message_en : err.message_zh) || err.message || err.message_zh || err.message_en || ''
}

// ---- the company's clock ----

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/

function offsetMinutes(offset) {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(String(offset || ''))
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

/** The wall time ("YYYY-MM-DD HH:mm:ss") at ms in a zone offset ("+08:00"). */
export function wallAt(ms, offset) {
  return new Date(ms + offsetMinutes(offset) * 60000).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The company's wall time now, as a function: from the server's now (RFC 3339, which carries the
 * zone's offset) read when the browser's clock said `at`, moved on by the browser's clock since.
 * '' when the server's time is not known.
 */
export function companyClock(nowIso, at = Date.now(), clock = () => Date.now()) {
  const base = Date.parse(String(nowIso || ''))
  const offset = offsetOf(nowIso)
  if (!Number.isFinite(base) || !offset) return () => ''
  return () => wallAt(base + (clock() - at), offset)
}

/** The day n days after a wall time's, at hh:mm ("YYYY-MM-DD HH:mm:ss"); '' for a bad time. */
export function daysAfter(wall, n, hhmm = '09:00') {
  const m = WALL.exec(String(wall || ''))
  if (!m) return ''
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n))
  return `${d.toISOString().slice(0, 10)} ${hhmm}:00`
}

/** The next-step times offered as one tap, after now: tomorrow, in three days, in a week (09:00). */
export function quickTimes(now) {
  if (!WALL.test(String(now || ''))) return []
  return [['tomorrow', 1], ['in3', 3], ['week', 7]].map(([key, n]) => ({ key, value: daysAfter(now, n) }))
}

/** The date ("YYYY-MM-DD") of a time the server wrote (in the company's zone), '' for none. */
export function dayOf(iso) {
  const m = WALL.exec(String(iso || ''))
  return m ? `${m[1]}-${m[2]}-${m[3]}` : ''
}

// ---- lists of tasks ----

export const GROUPS = ['overdue', 'today', 'later', 'closed']

/** A task's group on a list shown on `today` ("YYYY-MM-DD" in the company's zone). */
export function taskGroup(task, today) {
  const s = taskStatus(task)
  if (s === 'overdue') return 'overdue'
  if (s !== 'open') return 'closed'
  return today && dayOf(task.due_at) === today ? 'today' : 'later'
}

/**
 * Tasks in groups, in the order overdue, due today, later, closed (done or skipped), each in the
 * order given (the server's, by due time); empty groups are left out: [{key, items}].
 */
export function groupTasks(tasks, today) {
  const by = new Map(GROUPS.map((g) => [g, []]))
  for (const task of tasks || []) by.get(taskGroup(task, today)).push(task)
  return GROUPS.filter((g) => by.get(g).length).map((g) => ({ key: g, items: by.get(g) }))
}

/**
 * A customer's tasks as its page lists them: open ones first by due time (the overdue ones are
 * the earliest), then done and skipped ones, the latest finished first.
 */
export function customerTaskOrder(tasks) {
  const list = [...(tasks || [])]
  const due = (x) => Date.parse(x.due_at || '') || 0
  const fin = (x) => Date.parse(x.done_at || '') || 0
  const open = list.filter((x) => x.state === 'open').sort((a, b) => due(a) - due(b) || a.id - b.id)
  const closed = list.filter((x) => x.state !== 'open').sort((a, b) => fin(b) - fin(a) || b.id - a.id)
  return [...open, ...closed]
}

/**
 * The query of the "my tasks" list for its applied filters: a known state (open by default), the
 * person for those who may see others' tasks (canAssign; not oneself), the page.
 */
export function taskQuery(applied, { canAssign = false, me = null } = {}) {
  const a = applied || {}
  const q = { state: known(STATES, a.state) ? a.state : DEFAULT_STATE }
  const who = String(a.assignee_id || '')
  if (canAssign && /^\d+$/.test(who) && who !== String(me)) q.assignee_id = who
  for (const k of ['limit', 'cursor']) if (a[k] !== undefined && a[k] !== null && a[k] !== '') q[k] = a[k]
  return q
}

/** May this user finish (done / skip) the task: open, and theirs to do or they give tasks. */
export function canFinish(task, userId, canAssign) {
  if (!task || task.state !== 'open') return false
  return !!canAssign || (!!userId && !!task.assignee && String(task.assignee.id) === String(userId))
}

/** May this user log an interaction for the task (it then completes it): as canFinish, with interaction.log. */
export function canLogFor(task, userId, canAssign, canLog) {
  return !!canLog && canFinish(task, userId, canAssign)
}

/**
 * May this user add a task on a customer: they log interactions on it (canLog) and the task is
 * theirs — it follows the owner, so they must own the customer — unless they give tasks to others
 * (canAssign). ownerId: the customer's owner (null for none).
 */
export function canAddTask(ownerId, userId, canAssign, canLog) {
  if (!canLog) return false
  return !!canAssign || (!!ownerId && !!userId && String(ownerId) === String(userId))
}

/** May this user give the task to someone else: an open task, for holders of task.assign. */
export function canReassign(task, canAssign) {
  return !!canAssign && !!task && task.state === 'open'
}

/**
 * The staff a manager picks among (whose tasks to see, whom to give one): active users other
 * than the administrator accounts, those of the manager's department when their customer scope is
 * the department's; sorted by name. users: GET /users items.
 */
export function staffFor(users, me) {
  const dept = me && me.scope === 'department' ? me.department_id : null
  return (users || [])
    .filter((u) => u.active !== false && u.role !== 'admin' && (!dept || u.department_id === dept))
    .map((u) => ({ id: u.id, name: u.display_name || u.username, username: u.username }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}

/**
 * What the box says once an interaction is logged: [messageKey, params] lines — it was saved, the
 * task it completed (completed: that task when it could be read, for its title) and the task its
 * next step became, with its due time (fmt formats a time).
 */
export function loggedLines(answer, completed, fmt = (s) => s) {
  const x = answer || {}
  const lines = [['followup.log.saved', {}]]
  if (x.completed_task_id) {
    lines.push(completed && completed.title
      ? ['followup.log.completed', { id: x.completed_task_id, title: completed.title }]
      : ['followup.log.completedId', { id: x.completed_task_id }])
  }
  if (x.task_id) lines.push(['followup.log.nextTask', { id: x.task_id, title: x.next_step || '', at: fmt(x.next_at) }])
  return lines
}

/** A timeline entry's people split by side: { users: [names], contacts: [names] }. */
export function peopleOf(entry) {
  const out = { users: [], contacts: [] }
  for (const p of (entry && entry.people) || []) (p.kind === 'contact' ? out.contacts : out.users).push(p.name)
  return out
}
