// The contracts' endpoints (/tmp API contract "Contracts 合同"): the list, one contract, creating,
// changing, submitting, terminating and renewing one.
import { api } from '../../api.js'
import { listOrders } from '../orders/api.js'

const one = (id) => '/contracts/' + encodeURIComponent(id)

/** A page ordered by end date: {items, next_cursor}; query customer_id, owner_id, kind, state, expiring_within, q, limit, cursor. */
export const listContracts = (query) => api.get('/contracts', query)
/** One contract (404 when not visible). */
export const getContract = (id) => api.get(one(id))
/** Create a draft → 201 the contract. */
export const createContract = (body) => api.post('/contracts', body)
/** Change a draft or returned contract → the contract; 409 "state" otherwise. */
export const updateContract = (id, body) => api.patch(one(id), body)
/** Submit it ({reason?}) → the contract, active or pending with its approval request. */
export const submitContract = (id, body) => api.post(one(id) + '/submit', body || {})
/** Terminate an active or expired one with the reason (required) → the contract. */
export const terminateContract = (id, reason) => api.post(one(id) + '/terminate', { reason })
/** Renew it → 201 the new draft. */
export const renewContract = (id) => api.post(one(id) + '/renew', {})

/** A customer's orders, any state, for the contract's order (the first 200). */
export const customerOrders = async (customerId) =>
  ((await listOrders({ customer_id: customerId, state: 'all', limit: 200 })) || {}).items || []
