// The endpoints of meeting minutes (docs/API.md "Meeting minutes 会谈纪要 (R-INT-3)"); minutes are
// named by their interaction's id.
import { api } from '../../api.js'

export { getApproval } from '../approvals/api.js'

const one = (id) => '/minutes/' + encodeURIComponent(id)

/** Minutes, the latest due first (at most 200): {state?: state | 'late', customer_id?, author_id?} → {items}. */
export const listMinutes = (query) => api.get('/minutes', query)
export const getMinutes = (id) => api.get(one(id))
/** The author submits them for review (due or returned) → the minutes. */
export const submitMinutes = (id, body) => api.post(one(id) + '/submit', { body })
/** Approved minutes sent to the customer → the minutes. */
export const markMinutesSent = (id) => api.post(one(id) + '/sent', {})
/** Sent minutes confirmed received, with a note → the minutes. */
export const confirmMinutes = (id, note) => api.post(one(id) + '/confirmed', { note })
/** Per author since from ("YYYY-MM-DD"): {items: [{author, total, late, overdue}]} (task.assign). */
export const minutesCounts = (from) => api.get('/minutes/counts', { from })
