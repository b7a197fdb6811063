// The endpoints of interactions and tasks (docs/API.md "Interactions 跟进记录 (R-INT-1) and tasks
// 待办 (R-INT-4)").
import { api } from '../../api.js'

export { companyTime } from '../leaks/api.js'
export { listContacts } from '../customers/api.js'

const task = (id) => '/tasks/' + encodeURIComponent(id)

/**
 * Log an interaction: {customer_id, channel, direction, occurred_at?, summary, outcome?,
 * next_step?, next_at?, task_id?, user_ids?, contact_ids?} → the interaction, with task_id (the
 * task its next step became) and completed_task_id (the task it completed), each null for none.
 */
export const logInteraction = (body) => api.post('/interactions', body)
/** A page of the customer's timeline, newest first. */
export const listInteractions = (customerId, { cursor, limit = 20 } = {}) =>
  api.get('/interactions', { customer_id: customerId, limit, cursor })

/** A page of tasks by due time: {state, customer_id?, assignee_id?, limit, cursor}. */
export const listTasks = (query) => api.get('/tasks', query)
export const getTask = (id) => api.get(task(id))
/** Add a task: {customer_id, title, kind, channel?, purpose?, assignee_id?, start_at?, due_at} → the task. */
export const addTask = (body) => api.post('/tasks', body)
/** Mark a task done with a note (mode 'done') or skip it with the reason ('skip') → the task. */
export const finishTask = (id, mode, value) =>
  api.post(task(id) + (mode === 'skip' ? '/skip' : '/done'), mode === 'skip' ? { reason: value } : { note: value })
/** Give an open task to assigneeId (0: back to following the customer's owner) → the task. */
export const assignTask = (id, assigneeId) => api.post(task(id) + '/assign', { assignee_id: Number(assigneeId) || 0 })

/** A manager's team: {items: [{user: {id, name}, open, due_today, overdue}]}, most overdue first. */
export const teamTasks = () => api.get('/tasks/team')

/** The follow-up rules in order and the choices with their labels: {items, choices}. */
export const listRules = () => api.get('/followup-rules')
/** Save a rule: every field (ruleBody); a new one without id → the rule. */
export const saveRule = (id, body) => (id ? api.put('/followup-rules/' + encodeURIComponent(id), body) : api.post('/followup-rules', body))

/** The caller's visit plans (customerId: the approved plans of that customer): {items}. */
export const listPlans = (customerId) => api.get('/visit-plans', customerId ? { customer_id: customerId } : undefined)
/** File a visit plan for approval: {customer_id, objective, planned_at, reason?} → the plan. */
export const filePlan = (body) => api.post('/visit-plans', body)
/** Close an approved plan with the visit's result (closeBody) → the plan, done. */
export const closePlan = (id, body) => api.post('/visit-plans/' + encodeURIComponent(id) + '/close', body)

/** Draw customers for a callback list: {method, filter, size, since_days?} → {items: [{id, code, name, owner}], count}. */
export const previewCallback = (body) => api.post('/callback-lists/preview', body)
/** Make the callback tasks: {customer_ids, title, purpose, channel, due_at, assignee_ids?, method, filter, since_days?} → {id, tasks, shares}. */
export const createCallbackList = (body) => api.post('/callback-lists', body)
/** The lists made, newest first, and the methods with their labels: {items, methods}. */
export const listCallbackLists = () => api.get('/callback-lists')

/** The private calendar address (docs/API.md "Calendar subscription"): {active, created_at, last_used_at}. */
export const feedStatus = () => api.get('/calendar-feed')
/** A new address, shown once: {…, path, url}; the previous one stops working. */
export const feedCreate = () => api.post('/calendar-feed', {})
export const feedRevoke = () => api.del('/calendar-feed')

/** The holidays greeted (settings.manage): {items, choices}. */
export const listHolidays = () => api.get('/greeting-holidays')
/** Add a holiday (id 0) or change one (the fields given). */
export const saveHoliday = (id, body) => (id ? api.put('/greeting-holidays/' + encodeURIComponent(id), body) : api.post('/greeting-holidays', body))
/** What sending a greeting task's greeting would do: {sendable, channel, to, text, reason_zh, reason_en, field, max}. */
export const greetingOf = (id) => api.get(task(id) + '/greeting')
/** Send it (R-INT-6): {interaction_id, outbox_id, channel, to, task}. */
export const sendGreeting = (id, text) => api.post(task(id) + '/send-greeting', text ? { text } : {})
