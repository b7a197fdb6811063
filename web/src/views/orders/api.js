// The orders' endpoints (docs/API.md "Orders 订单"): the list, one order, placing, changing,
// delivering and cancelling one.
import { api } from '../../api.js'
import { listOpportunities } from '../opportunities/api.js'

const one = (id) => '/orders/' + encodeURIComponent(id)

/** A page, newest first: {items, next_cursor}; query customer_id, owner_id, department_id, state, q, ordered_from, ordered_to, limit, cursor. */
export const listOrders = (query) => api.get('/orders', query)
/** One order with its lines (404 when not visible). */
export const getOrder = (id) => api.get(one(id))
/** Place an order → 201 the order with its lines and skipped_tasks (the non-buyer calls it skipped). */
export const createOrder = (body) => api.post('/orders', body)
/** Change a confirmed order (ordered_at, delivery_due, notes, lines: all of them) → the order; 409 "state" otherwise. */
export const updateOrder = (id, body) => api.patch(one(id), body)
/** Mark it delivered ({delivered_at}, or {} for now) → the order. */
export const deliverOrder = (id, body) => api.post(one(id) + '/deliver', body)
/** Cancel it with the reason (required) → the order. */
export const cancelOrder = (id, reason) => api.post(one(id) + '/cancel', { reason })

/** A customer's opportunities, open and closed, for the order's opportunity (the first 200). */
export const customerOpportunities = async (customerId) =>
  ((await listOpportunities({ customer_id: customerId, state: 'all', limit: 200 })) || {}).items || []

export { activeProducts } from '../products/api.js'
