// The customer archive's endpoints (docs/API.md "Customers", "Export"): the pages
// of this folder call these instead of building URLs themselves.
import { api } from '../../api.js'

const one = (id) => '/customers/' + encodeURIComponent(id)

/** A page of the list: filter keys of GET /customers plus limit and cursor. */
export const listCustomers = (query) => api.get('/customers', query)
export const getCustomer = (id) => api.get(one(id))
export const createCustomer = (body) => api.post('/customers', body)
export const updateCustomer = (id, body) => api.patch(one(id), body)
export const setArchived = (id, archived) => api.post(one(id) + (archived ? '/archive' : '/unarchive'), {})
export const transferCustomer = (id, body) => api.post(one(id) + '/transfer', body)
/** Several customers to one owner, all or none: {ids, owner_id, reason} → {transferred, unchanged}. */
export const transferCustomers = (body) => api.post('/customers/transfer', body)
/** The users the customers ids may be transferred to (the server's rule). */
export const transferTargets = async (ids) => (await api.get('/customers/transfer-targets', { ids: ids.join(',') })).items || []
export const ownerHistory = async (id) => (await api.get(one(id) + '/owner-history')).items || []
export const fieldHistory = async (id) => (await api.get(one(id) + '/field-history')).items || []
/** Who saw the customer: a page of its trail (and its grants on the first page). */
export const accessLogPage = async (id, cursor) =>
  api.get(one(id) + '/access-log' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''))

export const listContacts = async (id) => (await api.get(one(id) + '/contacts')).items || []
export const saveContact = (id, contactId, body) => (contactId
  ? api.patch(one(id) + '/contacts/' + encodeURIComponent(contactId), body)
  : api.post(one(id) + '/contacts', body))
export const deleteContact = (id, contactId) => api.del(one(id) + '/contacts/' + encodeURIComponent(contactId))

/** Start an export of the list (a job): {format, encoding?, filter} with the list's filter keys. */
export const startExport = (body) => api.post('/exports', body)
/**
 * Start the export of one customer's full file (a job): xlsx by default, or format 'pdf' — the
 * file printed (R-PLT-7). The body names the format only when it is not the default.
 */
export const startCustomerExport = (id, format = 'xlsx') =>
  api.post(one(id) + '/export', format && format !== 'xlsx' ? { format } : {})

/** Merge a duplicate into this customer: {duplicate_id, reason, take, version} → the survivor as GET answers it. */
export const mergeCustomer = (id, body) => api.post(one(id) + '/merge', body)
