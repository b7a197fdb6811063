// What the order pages decide on their own, as plain functions (tests/unit/orders.test.js): the
// list's filters and states, an order's lines as the form edits them (amounts typed in yuan,
// worked and sent in whole fen), a line's amount and the order's total, the checks made before an
// order is sent (the server checks again and has the last word), the bodies of a new order, a
// change, a delivery and a cancellation, and which line a refusal of the lines names.
import { MAX_FEN, parseYuan, yuanText } from '../../money.js'
import { wallTime, zoned } from '../leaks/leaks.js'

/** Longest texts the server takes (characters), the most lines, the largest quantity. */
export const MAX = { notes: 2000, description: 200, reason: 2000, lines: 200, quantity: 1e6 }
/** The list's states (GET /orders state=…). */
export const STATES = ['all', 'confirmed', 'delivered', 'cancelled']
/** The list's filter keys and their defaults, as the URL keeps them. */
export const FILTERS = { state: 'all', q: '', owner_id: '', ordered_from: '', ordered_to: '' }
/** A line names a product of the catalogue, or says in words what is sold (installation, freight). */
export const LINE_KINDS = ['product', 'text']

const len = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The el-tag type of an order's state. */
export function stateType(state) {
  return ({ confirmed: 'primary', delivered: 'success', cancelled: 'info' })[state] || 'info'
}

/** A query without its empty values (the server takes absent for "any"). */
export function orderQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

/** Yuan as the form shows a fen amount ("2560.00", no thousands separators); '' for none. */
export function yuanInput(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  return yuanText(fen).replace(/,/g, '')
}

/**
 * A new line: a product's (quantity 1 at the product's price) or a free-text one. The product's
 * unit and list price ride along for the amount shown while the price is left empty.
 */
export function newLine(kind = 'product', product = null) {
  const line = { kind: kind === 'text' ? 'text' : 'product', productId: '', description: '', quantity: 1, price: '', discount: '', unit: '', listFen: null }
  if (product && line.kind === 'product') pickProduct(line, product)
  return line
}

/** A product chosen on a line: its id, unit and list price, and the price set to it. */
export function pickProduct(line, product) {
  line.productId = product ? product.id : ''
  line.unit = (product && product.unit) || ''
  line.listFen = product && Number.isInteger(product.price_fen) ? product.price_fen : null
  line.price = product ? yuanInput(product.price_fen) : ''
  return line
}

/** A line of an order (as the server answers it) as the form edits it. */
export function lineOf(l) {
  const product = l.product_id !== null && l.product_id !== undefined && l.product_id !== ''
  return {
    kind: product ? 'product' : 'text', productId: product ? l.product_id : '', description: l.description || '',
    quantity: Number(l.quantity ?? 1), price: yuanInput(l.price_fen),
    discount: l.discount_fen ? yuanInput(l.discount_fen) : '', unit: l.unit || '', listFen: null,
  }
}

const quantityOk = (q) => Number.isInteger(q) && q >= 1 && q <= MAX.quantity

/**
 * A line's amount in whole fen: quantity × unit price − discount, or null while it cannot be
 * worked out (a bad quantity or amount; a product line with no price and no list price known).
 * An empty price on a product line is its list price (as the server takes it); an empty discount
 * is none. Integers all the way: no floating-point yuan.
 */
export function lineFen(line) {
  const l = line || {}
  const q = Number(l.quantity)
  if (!quantityOk(q)) return null
  let price
  if (text(l.price) === '') {
    if (l.kind !== 'product' || !Number.isInteger(l.listFen)) return null
    price = l.listFen
  } else {
    const p = parseYuan(l.price)
    if (p.problem) return null
    price = p.fen
  }
  let discount = 0
  if (text(l.discount) !== '') {
    const d = parseYuan(l.discount)
    if (d.problem) return null
    discount = d.fen
  }
  return q * price - discount
}

/** The order's total in fen: the sum of the lines that can be worked out. */
export function orderTotal(lines) {
  let sum = 0
  for (const l of lines || []) {
    const f = lineFen(l)
    if (f !== null) sum += f
  }
  return sum
}

/** Do all the lines have an amount (so that the total shown is the order's)? */
export function totalComplete(lines) {
  return (lines || []).every((l) => lineFen(l) !== null)
}

/** An empty form: a preset customer and opportunity ({id, code, name} / {id, title}), ordered now (orderedAt). */
export function emptyForm(customer = null, opportunity = null, orderedAt = '') {
  return {
    customer: customer ? { id: Number(customer.id), code: customer.code || '', name: customer.name || '' } : null,
    opportunityId: opportunity ? Number(opportunity.id) : '',
    orderedAt: orderedAt || '', deliveryDue: '', notes: '', lines: [newLine('product')],
  }
}

/** An order (as GET /orders/:id answers it) as the form edits it. */
export function formOf(o) {
  if (!o) return emptyForm()
  return {
    customer: o.customer ? { id: o.customer.id, code: o.customer.code || '', name: o.customer.name || '' } : null,
    opportunityId: o.opportunity ? o.opportunity.id : '',
    orderedAt: wallTime(o.ordered_at), deliveryDue: o.delivery_due || '', notes: o.notes || '',
    lines: (o.lines || []).map(lineOf),
  }
}

function amountProblem(value, required) {
  if (text(value) === '') return required ? 'required' : ''
  const p = parseYuan(value)
  return p.problem ? p.problem : ''
}

function lineProblems(l, i, errs) {
  const at = (k) => `lines.${i}.${k}`
  if (l.kind === 'product') {
    if (!l.productId) errs[at('product_id')] = 'required'
  } else if (!text(l.description)) errs[at('description')] = 'required'
  else if (len(text(l.description)) > MAX.description) errs[at('description')] = 'tooLong'
  if (!quantityOk(Number(l.quantity))) errs[at('quantity')] = 'quantity'
  const p = amountProblem(l.price, l.kind === 'text')
  if (p) errs[at('price_fen')] = p
  const d = amountProblem(l.discount, false)
  if (d) errs[at('discount_fen')] = d
  const f = lineFen(l)
  if (f !== null && f < 0) errs[at('discount_fen')] = 'discountTooLarge'
  else if (f !== null && f > MAX_FEN) errs[at('price_fen')] = 'amountRange'
}

/**
 * The checks before an order is sent: {field: problem}, with the field as the server names it
 * (lines.N.quantity for a line's) and problem a message key under orders.err; {} when none fails.
 * now: the company's wall time ("YYYY-MM-DD HH:mm:ss"), '' when not known (then the server checks
 * the time).
 */
export function validate(form, now = '') {
  const f = form || {}
  const errs = {}
  if (!f.customer || !f.customer.id) errs.customer_id = 'required'
  if (f.orderedAt && now && String(f.orderedAt) > String(now)) errs.ordered_at = 'future'
  if (f.deliveryDue && !DAY.test(String(f.deliveryDue))) errs.delivery_due = 'date'
  if (len(text(f.notes)) > MAX.notes) errs.notes = 'tooLong'
  const lines = f.lines || []
  if (!lines.length) errs.lines = 'noLines'
  else if (lines.length > MAX.lines) errs.lines = 'tooManyLines'
  lines.forEach((l, i) => lineProblems(l, i, errs))
  const lineErrors = Object.keys(errs).some((k) => k.startsWith('lines.'))
  if (!errs.lines && !lineErrors && orderTotal(lines) > MAX_FEN) errs.lines = 'amountRange'
  return errs
}

/** The lines as the server takes them: a product or a description, the amounts in fen. */
export function linesBody(lines) {
  return (lines || []).map((l) => {
    const out = l.kind === 'product' ? { product_id: Number(l.productId) } : { description: text(l.description) }
    out.quantity = Number(l.quantity)
    if (text(l.price) !== '') out.price_fen = parseYuan(l.price).fen
    if (text(l.discount) !== '') out.discount_fen = parseYuan(l.discount).fen
    return out
  })
}

/**
 * The body of POST /orders. The time is sent when it was changed from the "now" the form showed
 * (shownNow), in the company's zone (offset); else the server takes its own now, so that a form
 * left open for a while does not place the order in the past, nor a fast browser clock in the future.
 */
export function createBody(form, offset = '+08:00', shownNow = '') {
  const f = form || {}
  const body = { customer_id: Number(f.customer && f.customer.id) }
  if (f.orderedAt && f.orderedAt !== shownNow) body.ordered_at = zoned(f.orderedAt, offset)
  if (f.deliveryDue) body.delivery_due = f.deliveryDue
  if (text(f.notes)) body.notes = text(f.notes)
  if (f.opportunityId !== '' && f.opportunityId !== null && f.opportunityId !== undefined) body.opportunity_id = Number(f.opportunityId)
  body.lines = linesBody(f.lines)
  return body
}

/**
 * The body of PATCH /orders/:id: only what differs from the order as it was read (before: its
 * formOf); the lines, when one of them changed, all of them (they replace the order's). {} when
 * nothing changed.
 */
export function changeBody(form, before, offset = '+08:00') {
  const f = form || {}
  const b = before || {}
  const out = {}
  if ((f.orderedAt || '') !== (b.orderedAt || '') && f.orderedAt) out.ordered_at = zoned(f.orderedAt, offset)
  if ((f.deliveryDue || '') !== (b.deliveryDue || '')) out.delivery_due = f.deliveryDue || ''
  if (text(f.notes) !== text(b.notes)) out.notes = text(f.notes)
  const lines = linesBody(f.lines)
  if (JSON.stringify(lines) !== JSON.stringify(linesBody(b.lines))) out.lines = lines
  return out
}

/** The body of POST /orders/:id/deliver: the time given (company's zone), or {} for now. */
export function deliverBody(wall, offset = '+08:00') {
  return wall ? { delivered_at: zoned(wall, offset) } : {}
}

/** The check of a cancellation's reason (required): {} or {reason: problem}. */
export function validateCancel(reason) {
  const r = text(reason)
  if (!r) return { reason: 'required' }
  if (len(r) > MAX.reason) return { reason: 'tooLong' }
  return {}
}

/**
 * The line a refusal of the lines names ("第 2 行：…" / "line 2: …"), as an index from 0, or -1
 * when it names none. err: the server's error as serverErrors keeps it.
 */
export function refusedLine(err) {
  if (!err || typeof err !== 'object') return -1
  for (const m of [err.message_en, err.message_zh, err.message]) {
    // "line 2:" in English; "第 2 行" (U+7B2C … U+884C) in Chinese.
    const x = /(?:^|\s)line\s+(\d+)\s*:/i.exec(String(m || '')) || /\u7b2c\s*(\d+)\s*\u884c/.exec(String(m || ''))
    if (x && Number(x[1]) >= 1) return Number(x[1]) - 1
  }
  return -1
}

/** The message key and its parameters of a problem validate or validateCancel found on field. */
export function problemMessage(problem, field = '') {
  const key = String(field).split('.').pop()
  switch (problem) {
    case 'tooLong': return ['orders.err.tooLong', { n: MAX[key] || MAX.notes }]
    case 'quantity': return ['orders.err.quantity', { n: MAX.quantity }]
    case 'tooManyLines': return ['orders.err.tooManyLines', { n: MAX.lines }]
    case 'amountRange': return ['orders.err.amountRange', { max: yuanText(MAX_FEN) }]
    default: return ['orders.err.' + problem, {}]
  }
}

/** The problems found as [messageKey, params] per field, for errorText. */
export function problems(found) {
  const out = {}
  for (const [k, p] of Object.entries(found || {})) out[k] = problemMessage(p, k)
  return out
}

export { yuanText }
