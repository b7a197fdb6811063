// The endpoints of approved exports (docs/API.md "Export", R-SEC-6).
import { api } from '../../api.js'

/** The signed-in user's export requests: {items, direct} (direct: they export without requests). */
export const listExportRequests = () => api.get('/export-requests')
/** Ask for an export: {filter, format, encoding} or {customer_id}, with reason and purpose → {id, state, summary}. */
export const requestExport = (body) => api.post('/export-requests', body)
/** Start the export an approved request allows (the list or the customer it names): {job_id}. */
export const produceExport = (approvalId) => api.post('/exports', { approval_id: Number(approvalId) })
/** A job's state and file (only its starter sees it). */
export const getJob = (id) => api.get('/jobs/' + encodeURIComponent(id))
