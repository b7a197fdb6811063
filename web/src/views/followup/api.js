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
