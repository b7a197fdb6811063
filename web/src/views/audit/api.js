// The audit log's endpoints (docs/API.md "Audit").
import { api } from '../../api.js'

/** A page of the log, newest first: actor_id, action, target_type, target_id, from, to, limit, cursor. */
export const listAudit = (query) => api.get('/audit', query)
/** Export the entries a filter selects (the list's keys) as CSV: a background job, {job_id}. */
export const startAuditExport = (query) => api.post('/audit/exports', {}, { query })
/** Walk the hash chain: {ok, entries, first_bad_id?, reason?}. */
export const verifyAudit = () => api.get('/audit/verify')
