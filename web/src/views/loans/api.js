// The lending register's endpoints (docs/API.md "Lending register").
import { api } from '../../api.js'

/** A page of loans: state, kind, borrower_id, lent_from, lent_to, limit, cursor. */
export const listLoans = (query) => api.get('/loans', query)
/** Check out customer files: {customer_ids, reason, days, confirm} → the loan. */
export const checkoutLoan = (body) => api.post('/loans', body)
/** Register a loan's return (注销) with an optional note → the loan. */
export const returnLoan = (id, note) => api.post('/loans/' + encodeURIComponent(id) + '/return', { note })
/** The register (state, kind, … as the list) as an xlsx file: a background job, {job_id}. */
export const startLoansExport = (query) => api.post('/loans/export', {}, { query })
