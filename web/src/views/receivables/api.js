// The receivables' and invoices' endpoints (docs/API.md "Receivables 回款"): an order's plan,
// payments and invoices, the receivables list and overview, a customer's invoice titles.
import { api } from '../../api.js'

const order = (id) => '/orders/' + encodeURIComponent(id)

/** An order's receivable: {order, plan, payments, paid_fen, outstanding_fen, overdue_fen, invoices, invoiced_fen}. */
export const getReceivable = (orderId) => api.get(order(orderId) + '/receivable')
/** Replace the order's plan ({installments: [{due_on, amount_fen}]}) → the receivable. */
export const putPlan = (orderId, body) => api.put(order(orderId) + '/plan', body)
/** Record a payment ({amount_fen, method, received_on?, reference?, notes?}) → 201 the receivable. */
export const recordPayment = (orderId, body) => api.post(order(orderId) + '/payments', body)
/** Issue an invoice ({title_id, kind, number, amount_fen, issued_on?}) → 201 the invoice. */
export const issueInvoice = (orderId, body) => api.post(order(orderId) + '/invoices', body)

/** A page of installments by due day: query state, owner_id, customer_id, order_id, due_from, due_to, limit, cursor. */
export const listReceivables = (query) => api.get('/receivables', query)
/** The overview: outstanding, overdue, due in 30 days, aging by bucket; query owner_id. */
export const receivablesSummary = (query) => api.get('/receivables/summary', query)

/** A customer's invoice titles: {items}. */
export const listTitles = async (customerId) =>
  ((await api.get('/customers/' + encodeURIComponent(customerId) + '/invoice-titles')) || {}).items || []
/** Add a title to a customer → 201 the title. */
export const createTitle = (customerId, body) => api.post('/customers/' + encodeURIComponent(customerId) + '/invoice-titles', body)
/** Change a title (any field) → the title. */
export const updateTitle = (id, body) => api.patch('/invoice-titles/' + encodeURIComponent(id), body)
/** Delete a title (409 "id" while an invoice names it). */
export const deleteTitle = (id) => api.del('/invoice-titles/' + encodeURIComponent(id))
