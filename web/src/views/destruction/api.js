// Retention and destruction endpoints (docs/API.md "Retention and destruction", R-SEC-7).
import { api } from '../../api.js'
import { submitApproval } from '../approvals/api.js'
import { registerQuery, requestBody } from './destruction.js'

/** A page of the archived customers whose retention has passed (the reader's scope): limit, cursor. */
export const listDue = (query) => api.get('/customers', { ...query, retention: 'due' })
/** The retention rules, most specific first: [{category, stage, months}]. */
export const getRules = async () => ((await api.get('/retention-rules')) || {}).rules || []
/** Replace every rule (administrators) → the rules as saved. */
export const putRules = async (body) => ((await api.put('/retention-rules', body)) || {}).rules || []
/** A page of the register, newest first: {items, next_before}. */
export const listRegister = (before, limit) => api.get('/destructions', registerQuery(before, limit))
/** File a destruction request: {customerIds, reason, purpose} → the request (pending). */
export const requestDestruction = (form) => submitApproval(requestBody(form))
