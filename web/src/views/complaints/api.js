// The complaints' endpoints (docs/API.md "Complaints 投诉"): the list (all the user sees, or one
// customer's), one complaint, recording one and resolving it.
import { api } from '../../api.js'

const one = (id) => '/complaints/' + encodeURIComponent(id)

/**
 * A page, newest first: {items, next_cursor, choices: {channels, categories, severities}}; query
 * customer_id, state (open | resolved | all), limit, cursor.
 */
export const listComplaints = (query) => api.get('/complaints', query)
/** One complaint (404 when its customer is not visible). */
export const getComplaint = (id) => api.get(one(id))
/**
 * Record a complaint (complaint.record): {customer_id, channel, category, severity, written,
 * summary, received_at?} → 201 the complaint.
 */
export const recordComplaint = (body) => api.post('/complaints', body)
/** Resolve an open complaint: {resolution} → the complaint; 409 "state" when resolved already. */
export const resolveComplaint = (id, body) => api.post(one(id) + '/resolve', body)
