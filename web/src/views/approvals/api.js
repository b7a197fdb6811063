// The approvals engine's endpoints (docs/API.md "Approvals").
import { api } from '../../api.js'

/** A page of requests: box (mine|todo|done|all), state, kind, limit, cursor. */
export const listApprovals = (query) => api.get('/approvals', query)
/** One request with its steps, history, can_decide and can_withdraw. */
export const getApproval = (id) => api.get('/approvals/' + id)
/** Submit a request: {kind, subject, reason, purpose, amount}. */
export const submitApproval = (body) => api.post('/approvals', body)
/** approve | reject | return | withdraw, with {comment, version}. */
export const decideApproval = (id, action, body) => api.post(`/approvals/${id}/${action}`, body)
/** The requester submits a returned request again: {reason, purpose}. */
export const resubmitApproval = (id, body) => api.post(`/approvals/${id}/resubmit`, body)
/** Every kind with its label, rules (as they apply), defaults and whether rules are configured. */
export const listKinds = () => api.get('/approval-kinds')
/** Replace a kind's rules; [] goes back to its defaults. */
export const saveRules = (name, rules) => api.put(`/approval-kinds/${encodeURIComponent(name)}/rules`, { rules })

/** The inbox: {items, unread, next_cursor}. */
export const listNotifications = (query) => api.get('/notifications', query)
/** {unread} */
export const unreadCount = () => api.get('/notifications/unread')
/** Mark one ({id}) or every one up to an id ({up_to}) read: {unread}. */
export const markRead = (body) => api.post('/notifications/read', body)
