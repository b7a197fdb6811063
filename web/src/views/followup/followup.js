// What the interaction and task views decide on their own, as plain functions (tested in
// tests/unit/followup.test.js and followup_more.test.js): the labels of channels, kinds and
// states, the checks made before an interaction or a task is sent (the server checks again and
// has the last word), the bodies sent, where a refusal shows, the company's clock, the grouping
// of tasks by overdue / due today, and who is offered what on a task; a follow-up rule read as a
// sentence (also one on a date of the customer's), its form and body; amounts in yuan and fen;
// visit plans' states, bodies and who closes one; the "my tasks" tabs; a callback list's draw and
// tasks.
import { offsetOf, zoned } from '../leaks/leaks.js'
import { MAX_FEN, yuanText } from '../../money.js'

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
/** The kinds a task may have: those offered, a visit plan's visit (made by its approval), the minutes a meeting or visit calls for. */
export const TASK_KINDS = [...KINDS, 'visit', 'minutes']
/** The task list's states (GET /tasks state=…); overdue is open and past due. */
export const STATES = ['open', 'overdue', 'done', 'skipped', 'all']
export const DEFAULT_STATE = 'open'
/** The "my tasks" page's tabs: the tasks, one's visit plans, the team (task.assign). */
export const VIEWS = ['tasks', 'plans', 'team']
/** The "my tasks" list's filter keys and their defaults, as the URL keeps them (view: the tab). */
export const FILTERS = { state: DEFAULT_STATE, assignee_id: '', view: 'tasks' }

/** The tab shown for the URL's view: the team only for those who give tasks, else the tasks. */
export function viewOf(view, canAssign = false) {
  if (view === 'team') return canAssign ? 'team' : 'tasks'
  return known(VIEWS, view) ? view : 'tasks'
}

/** Longest texts the server takes (characters); a next step with a date becomes a task's title. */
export const MAX = {
  summary: 2000, outcome: 500, next_step: 500, next_step_dated: 200, title: 200, purpose: 500, note: 500, reason: 500,
  name_zh: 100, name_en: 100, objective: 500,
}
/** Most participants on each side (our staff, the customer's contacts). */
export const MAX_PEOPLE = 20

const known = (list, v) => list.includes(v)

/** The message key of a channel's label, '' for none or one this UI does not know. */
export const channelKey = (ch) => (known(CHANNELS, ch) ? 'followup.channels.' + ch : '')
export const kindKey = (kind) => (known(TASK_KINDS, kind) ? 'followup.kinds.' + kind : '')
export const stateKey = (state) => (known(STATES, state) ? 'followup.states.' + state : '')
export const directionKey = (d) => (known(DIRECTIONS, d) ? 'followup.directions.' + d : '')

/** The six purposes of a follow-up call (a rule's, a callback list's); a task's purpose may also be free text. */
export const PURPOSES = ['explanation', 'promotion', 'emotional', 'mediation', 'advice', 'guidance']
export const purposeKey = (p) => (known(PURPOSES, p) ? 'followup.purposes.' + p : '')

/**
 * Who finished a task and when, as [messageKey, params]: done or skipped by someone, or by the
 * system (no one named: e.g. a non-buyer call skipped by a purchase).
 */
export function finishedLine(task, fmt = (s) => s) {
  const x = task || {}
  const skipped = x.state === 'skipped'
  const who = x.done_by && x.done_by.name
  if (!who) return [skipped ? 'followup.task.skippedAuto' : 'followup.task.doneAuto', { at: fmt(x.done_at) }]
  return [skipped ? 'followup.task.skippedBy' : 'followup.task.doneBy', { who, at: fmt(x.done_at) }]
}

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
/** Satisfaction 满意度: 1 (very unhappy) … 5 (very satisfied) stars; 0 not asked (R-INT-5). */
export const SATISFACTION_MAX = 5

export function emptyInteraction(channel = DEFAULT_CHANNEL, taskId = null) {
  return {
    channel: known(CHANNELS, channel) ? channel : DEFAULT_CHANNEL, direction: 'out', occurred: '',
    summary: '', outcome: '', nextStep: '', nextAt: '', userIds: [], contactIds: [], taskId,
    satisfaction: 0, needsService: false,
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
  if (f.satisfaction && !inRange(f.satisfaction, 1, SATISFACTION_MAX)) errs.satisfaction = 'satisfactionBad'
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
  const stars = Number(f.satisfaction)
  if (Number.isInteger(stars) && stars >= 1 && stars <= SATISFACTION_MAX) body.satisfaction = stars
  if (f.needsService) body.needs_service = true
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
    case 'reasonTooLong': return ['followup.err.tooLong', { n: MAX_PLAN_REASON }]
    case 'amountRange': return ['followup.err.amountRange', { max: yuanText(MAX_FEN) }]
    case 'nextStepNeeded': case 'future': case 'nextNotAfter': case 'startAfterDue': case 'wholeNumber': case 'toBeforeFrom':
    case 'amountBad': case 'amountNegative': case 'amountCents': case 'planPast': case 'noneChosen': case 'dueFuture':
      return ['followup.err.' + problem, {}]
    case 'sizeRange': return ['followup.err.sizeRange', { max: CALLBACK_MAX }]
    case 'sinceRange': return ['followup.err.sinceRange', { min: SINCE_DAYS.min, max: SINCE_DAYS.max }]
    case 'satisfactionRange': return ['followup.err.satisfactionRange', { min: MAX_SATISFACTION.min, max: MAX_SATISFACTION.max }]
    case 'satisfactionBad': return ['followup.err.satisfactionBad', {}]
    case 'dateOffset': return ['followup.err.dateOffset', { min: DATE_OFFSET_MIN }]
    case 'tooManyCustomers': return ['followup.err.tooMany', { n: CALLBACK_MAX }]
    case 'tooManyMembers': return ['followup.err.tooMany', { n: CALLBACK_MAX_TEAM }]
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

// ---- follow-up rules 回访规则 ----

/** The fields of a rule as POST and PUT /followup-rules take them (every one is sent). */
export const RULE_FIELDS = ['name_zh', 'name_en', 'trigger', 'audience', 'unit', 'offset_from', 'offset_to', 'channel', 'assignee_role', 'purpose', 'enabled', 'position', 'date_field', 'yearly']

/**
 * The trigger of a rule on a date of the customer's (a birthday, the day the information was
 * collected, a custom date field): its window may open and fall due before the date (negative
 * offsets, in days or months; working days count from 0), and a yearly date's task comes back
 * each year. Its date is one of the GET answer's choices.date_fields.
 */
export const DATE_TRIGGER = 'date_field'
/** The earliest a date rule's window may open or fall due, in its unit (the inputs' floor). */
export const DATE_OFFSET_MIN = -3650
/** The units in which a date rule may count before the date. */
export const BEFORE_UNITS = ['days', 'months']

/** Is this (a rule or its form) a rule on a date of the customer's? */
export const isDateRule = (rule) => !!rule && rule.trigger === DATE_TRIGGER

/** May the window of a rule with this trigger and unit open or fall due before its date? */
export const negativeAllowed = (trigger, unit) => trigger === DATE_TRIGGER && BEFORE_UNITS.includes(unit)

/**
 * Does a date field come back every year, so that a new rule on it is yearly unless the user says
 * otherwise: the birthday, or a field whose key or English label says birthday or anniversary
 * (custom:spouse_birthday 配偶生日, custom:wedding_anniversary 结婚纪念日). choices: the GET
 * answer's date_fields.
 */
export function yearlyByDefault(dateField, choices) {
  if (!dateField) return false
  if (dateField === 'birthday') return true
  const c = (choices || []).find((x) => x.value === dateField) || {}
  return /birthday|anniversary/i.test([dateField, c.en].filter(Boolean).join(' '))
}

/** A choice's label ({value, zh, en} of the GET answer's `choices`) in the language shown; the value itself for one not listed. */
export function choiceLabel(list, value, lang) {
  const c = (list || []).find((x) => x.value === value)
  if (!c) return value ?? ''
  return (lang === 'en' ? c.en : c.zh) || c.zh || c.en || value
}

/** A rule's window: "0–3", or "7" when it opens and falls due at once. */
export function ruleWindow(rule) {
  const r = rule || {}
  return Number(r.offset_from) === Number(r.offset_to) ? String(r.offset_to ?? '') : `${r.offset_from ?? ''}–${r.offset_to ?? ''}`
}

/**
 * A rule as a sentence, "首次购买后 0–3 天 · 电话 · 指导回访 · 客户负责人": when (the trigger, the
 * window and unit — for a rule on a date, the window around the date: "每年生日前 3 天至当天"),
 * for whom when not all customers, the channel, the purpose, who does it (the owner, or the
 * role's name from roleName). Labels from the GET answer's choices; the sentence's own words from
 * t (followup.rules.when, followup.rules.date.*, followup.rules.owner).
 */
export function ruleSentence(rule, { choices = {}, lang = 'zh-CN', t = (k) => k, roleName = (c) => c } = {}) {
  const r = rule || {}
  const parts = [isDateRule(r) ? dateWhen(r, { choices, lang, t }) : triggerWhen(r, { choices, lang, t })]
  if (r.audience && r.audience !== 'all') parts.push(choiceLabel(choices.audiences, r.audience, lang))
  if (r.channel) parts.push(choiceLabel(choices.channels, r.channel, lang))
  if (r.purpose) parts.push(choiceLabel(choices.purposes, r.purpose, lang))
  parts.push(r.assignee_role ? roleName(r.assignee_role) : t('followup.rules.owner'))
  return parts.join(' · ')
}

const lowerFirst = (s, lang) => (lang === 'en' && s ? s.charAt(0).toLowerCase() + s.slice(1) : s)

/** When a rule on an event (a customer made, a purchase, a complaint) is done: "首次购买后 0–3 天". */
function triggerWhen(r, { choices, lang, t }) {
  const trigger = lowerFirst(choiceLabel(choices.triggers, r.trigger, lang), lang)
  return t('followup.rules.when', { trigger, window: ruleWindow(r), unit: choiceLabel(choices.units, r.unit, lang) })
}

/**
 * When a rule on a date is done, as the window reads around the date: "生日前 3 天至当天" / "from 3
 * days before to the day of the birthday", "生日当天", "生日后 1–3 天", "生日前 30 至 7 天", with
 * "每年" / ", each year" for a yearly date. The words are the messages' (followup.rules.date).
 */
function dateWhen(r, { choices, lang, t }) {
  const field = lowerFirst(choiceLabel(choices.date_fields, r.date_field, lang), lang)
  const unit = choiceLabel(choices.units, r.unit, lang)
  const from = Number(r.offset_from)
  const to = Number(r.offset_to)
  const k = (name) => 'followup.rules.date.' + name
  const edge = (n) => (n < 0 ? t(k('edgeBefore'), { n: -n, unit }) : n === 0 ? t(k('edgeDay')) : t(k('edgeAfter'), { n, unit }))
  let when
  if (from === to) {
    when = from < 0 ? t(k('before'), { field, n: -from, unit }) : from === 0 ? t(k('same'), { field }) : t(k('after'), { field, n: from, unit })
  } else if (to < 0) {
    when = t(k('beforeSpan'), { field, from: -from, to: -to, unit })
  } else if (from > 0) {
    when = t(k('afterSpan'), { field, from, to, unit })
  } else {
    when = t(k('range'), { field, from: edge(from), to: edge(to) })
  }
  return r.yearly ? t(k('yearly'), { when }) : when
}

/** A new rule's form: a call 0–3 days after a customer is made, for the owner, switched on, last in order. */
export function emptyRule(position = 0) {
  return {
    name_zh: '', name_en: '', trigger: 'customer_created', audience: 'all', unit: 'days', offset_from: 0, offset_to: 3,
    channel: DEFAULT_CHANNEL, assignee_role: '', purpose: '', enabled: true, position, date_field: '', yearly: false,
  }
}

/** The form of a rule read from the server (every field, empty ones as ''). */
export function ruleForm(rule) {
  const out = emptyRule()
  for (const k of RULE_FIELDS) if (rule && rule[k] !== undefined && rule[k] !== null) out[k] = rule[k]
  return out
}

/** The next position: after every rule listed. */
export function nextPosition(rules) {
  return (rules || []).reduce((m, r) => Math.max(m, Number(r.position) || 0), 0) + 1
}

const integer = (v) => v !== '' && v !== null && v !== undefined && Number.isInteger(Number(v))
const whole = (v) => integer(v) && Number(v) >= 0

/** The problem of one bound of a rule's window: a whole number from 0, or for a date rule in days or months an integer from DATE_OFFSET_MIN. */
function offsetProblem(v, negative) {
  if (!negative) return whole(v) ? '' : 'wholeNumber'
  return integer(v) && Number(v) >= DATE_OFFSET_MIN ? '' : 'dateOffset'
}

/**
 * The checks before a rule is saved: names, whole numbers of days (or working days, months) from
 * 0 — for a rule on a date in days or months, integers from DATE_OFFSET_MIN (before the date) —,
 * the window opening no later than it falls due, the date of a date rule. The largest window of
 * each unit is the server's (its refusal names the limit, at the field).
 */
export function validateRule(form) {
  const f = form || {}
  const errs = {}
  const zh = textProblem(f.name_zh, MAX.name_zh, true)
  if (zh) errs.name_zh = zh
  const en = textProblem(f.name_en, MAX.name_en, false)
  if (en) errs.name_en = en
  for (const k of ['trigger', 'audience', 'unit', 'channel']) if (!f[k]) errs[k] = 'common.required'
  if (isDateRule(f) && !f.date_field) errs.date_field = 'common.required'
  const negative = negativeAllowed(f.trigger, f.unit)
  const from = offsetProblem(f.offset_from, negative)
  if (from) errs.offset_from = from
  const to = offsetProblem(f.offset_to, negative)
  if (to) errs.offset_to = to
  else if (!errs.offset_from && Number(f.offset_from) > Number(f.offset_to)) errs.offset_to = 'toBeforeFrom'
  return errs
}

/**
 * The body of POST / PUT /followup-rules: every field, texts trimmed, numbers as numbers; the
 * date field and yearly only for a rule on a date ('' and false otherwise).
 */
export function ruleBody(form) {
  const f = ruleForm(form)
  const onDate = isDateRule(f)
  return {
    name_zh: text(f.name_zh), name_en: text(f.name_en), trigger: f.trigger, audience: f.audience || 'all', unit: f.unit,
    offset_from: Number(f.offset_from), offset_to: Number(f.offset_to), channel: f.channel, assignee_role: f.assignee_role || '',
    purpose: f.purpose || '', enabled: !!f.enabled, position: Number(f.position) || 0,
    date_field: onDate ? String(f.date_field || '') : '', yearly: onDate && !!f.yearly,
  }
}

/**
 * The roles a rule's task may go to: those whose holders see customers (GET /roles items), as
 * {code, name} in the language shown.
 */
export function assigneeRoles(roles, lang) {
  return (roles || [])
    .filter((r) => r.code && ((r.scopes && r.scopes.customers) || r.scope || 'none') !== 'none')
    .map((r) => ({ code: r.code, name: (lang === 'en' ? r.name_en : r.name_zh) || r.name_zh || r.name_en || r.code }))
}

// ---- amounts: yuan on screen, whole fen on the wire ----

// The money helpers are shared by every capability with amounts (money.js).
export { MAX_FEN, parseYuan, yuanText } from '../../money.js'

// ---- visit plans 走访单 ----

/** A plan's states: the approval request's until approved, then approved, and done once closed. */
export const PLAN_STATES = ['pending', 'returned', 'rejected', 'withdrawn', 'approved', 'done']
export const MAX_PLAN_REASON = 1000

export const planStateKey = (s) => (known(PLAN_STATES, s) ? 'followup.plan.states.' + s : '')

/** The el-tag type of a plan's state. */
export function planStateType(state) {
  return ({ pending: 'warning', returned: 'warning', rejected: 'danger', withdrawn: 'info', approved: 'primary', done: 'success' })[state] || 'info'
}

/** Is the plan still with the approvers (or back with its requester to change)? */
export const planWaiting = (plan) => !!plan && (plan.state === 'pending' || plan.state === 'returned')

/** May this user close the plan: approved, not closed, and theirs. */
export function canClosePlan(plan, userId) {
  return !!plan && plan.state === 'approved' && !!userId && !!plan.requester && String(plan.requester.id) === String(userId)
}

export function emptyPlan() {
  return { objective: '', planned: '', reason: '' }
}

/** The checks before a plan is filed: its objective, a time to come (now: the company's wall time, '' unknown), the reason's length. */
export function validatePlan(form, now = '') {
  const f = form || {}
  const errs = {}
  const o = textProblem(f.objective, MAX.objective, true)
  if (o) errs.objective = o
  if (!f.planned) errs.planned_at = 'common.required'
  else if (now && f.planned <= now) errs.planned_at = 'planPast'
  if (chars(text(f.reason)) > MAX_PLAN_REASON) errs.reason = 'reasonTooLong'
  return errs
}

/** The body of POST /visit-plans. */
export function planBody(form, customerId, offset = '+08:00') {
  const f = form || {}
  const body = { customer_id: Number(customerId), objective: text(f.objective), planned_at: zoned(f.planned, offset) }
  if (text(f.reason)) body.reason = text(f.reason)
  return body
}

/** An empty "close the plan" form: the visit's result, as an interaction's. */
export function emptyClose() {
  return { summary: '', outcome: '', nextStep: '', nextAt: '', occurred: '' }
}

/** The checks of a plan's closing: an interaction's, on a visit. */
export function validateClose(form, now = '') {
  return validateInteraction({ ...emptyInteraction('visit'), ...(form || {}), channel: 'visit' }, now)
}

/** The body of POST /visit-plans/{id}/close: an interaction's, without the customer, channel and task (the plan's). */
export function closeBody(form, offset = '+08:00') {
  const body = interactionBody({ ...emptyInteraction('visit'), ...(form || {}) }, 0, offset)
  for (const k of ['customer_id', 'channel', 'direction', 'task_id']) delete body[k]
  return body
}

// ---- callback lists 回访名单 (R-INT-5) ----

/**
 * How customers are drawn: a random sample of the segment, or of it the rarely contacted, the
 * unsatisfied (latest rating within the days at most the threshold) or those needing further
 * service (their latest interaction says so).
 */
export const CALLBACK_METHODS = ['random', 'rarely_contacted', 'low_satisfaction', 'needs_service']
/** The methods that look a number of days back. */
export const DAYS_METHODS = ['rarely_contacted', 'low_satisfaction']
/** "Low satisfaction": the latest rating at most this (1 … 4, 2 by default; 5 is very satisfied). */
export const MAX_SATISFACTION = { min: 1, max: 4, default: 2 }
/** The segment's filters offered (the customer list's keys, as GET /customers takes them). */
export const CALLBACK_FILTERS = ['grade', 'category', 'stage', 'value_tier', 'owner_id', 'province_code', 'city_code', 'district_code', 'tag']
/** The most customers drawn and listed at once; the most members a list is spread over. */
export const CALLBACK_MAX = 500
export const CALLBACK_MAX_TEAM = 50
/** "Rarely contacted": no interaction for this many days (7 … 3650, 90 by default). */
export const SINCE_DAYS = { min: 7, max: 3650, default: 90 }

/** An empty draw: a random sample of 20 of every customer one sees. */
export function emptyDraw() {
  const f = { method: 'random', size: 20, since_days: SINCE_DAYS.default, max_satisfaction: MAX_SATISFACTION.default }
  for (const k of CALLBACK_FILTERS) f[k] = ''
  return f
}

const inRange = (v, min, max) => whole(v) && Number(v) >= min && Number(v) <= max

/** The checks of a draw: a known method, 1–500 customers, 7–3650 days for the rarely contacted. */
export function validateDraw(form) {
  const f = form || {}
  const errs = {}
  if (!known(CALLBACK_METHODS, f.method)) errs.method = 'common.required'
  if (!inRange(f.size, 1, CALLBACK_MAX)) errs.size = 'sizeRange'
  if (DAYS_METHODS.includes(f.method) && !inRange(f.since_days, SINCE_DAYS.min, SINCE_DAYS.max)) errs.since_days = 'sinceRange'
  if (f.method === 'low_satisfaction' && !inRange(f.max_satisfaction, MAX_SATISFACTION.min, MAX_SATISFACTION.max)) errs.max_satisfaction = 'satisfactionRange'
  return errs
}

/** The segment as the server takes it: the filters set, as text. */
export function drawFilter(form) {
  const out = {}
  for (const k of CALLBACK_FILTERS) {
    const v = text(form && form[k])
    if (v) out[k] = v
  }
  return out
}

/** The body of POST /callback-lists/preview. */
export function drawBody(form) {
  const f = form || {}
  const body = { method: f.method, filter: drawFilter(f), size: Number(f.size) }
  if (DAYS_METHODS.includes(f.method)) body.since_days = Number(f.since_days)
  if (f.method === 'low_satisfaction') body.max_satisfaction = Number(f.max_satisfaction)
  return body
}

/** An empty "create tasks" form: a call, each customer's owner doing it. */
export function emptyCallback() {
  return { purpose: '', title: '', channel: DEFAULT_CHANNEL, due: '', team: 'owners', assignees: [] }
}

/**
 * The checks before the tasks are made: customers chosen (1–500), a purpose, a title, a due time
 * to come (now: the company's wall time), and members when the team is picked (at most 50).
 */
export function validateCallback(form, chosen, now = '') {
  const f = form || {}
  const errs = {}
  const n = (chosen || []).length
  if (n < 1) errs.customer_ids = 'noneChosen'
  else if (n > CALLBACK_MAX) errs.customer_ids = 'tooManyCustomers'
  if (!known(PURPOSES, f.purpose)) errs.purpose = 'common.required'
  const title = textProblem(f.title, MAX.title, true)
  if (title) errs.title = title
  if (!known(CHANNELS, f.channel)) errs.channel = 'common.required'
  if (!f.due) errs.due_at = 'common.required'
  else if (now && f.due <= now) errs.due_at = 'dueFuture'
  if (f.team === 'members') {
    const people = ids(f.assignees)
    if (!people.length) errs.assignee_ids = 'noneChosen'
    else if (people.length > CALLBACK_MAX_TEAM) errs.assignee_ids = 'tooManyMembers'
  }
  return errs
}

/**
 * The body of POST /callback-lists: the chosen customers, the task, the team (none: each
 * customer's owner), and how they were drawn (kept with the list).
 */
export function callbackBody(form, chosen, draw, offset = '+08:00') {
  const f = form || {}
  const body = {
    customer_ids: ids(chosen), title: text(f.title), purpose: f.purpose, channel: f.channel, due_at: zoned(f.due, offset),
  }
  if (f.team === 'members') body.assignee_ids = ids(f.assignees)
  if (draw) {
    body.method = draw.method
    body.filter = drawFilter(draw)
    if (DAYS_METHODS.includes(draw.method)) body.since_days = Number(draw.since_days)
  }
  return body
}

/**
 * Who got how many tasks, as [messageKey, params] lines: a member by name, the owners (user null:
 * the tasks follow each customer's owner).
 */
export function shareLines(shares) {
  return (shares || []).map((s) => (s && s.user
    ? ['followup.callback.shareTo', { who: s.user.name, n: s.tasks }]
    : ['followup.callback.shareOwners', { n: (s && s.tasks) || 0 }]))
}
