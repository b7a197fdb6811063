// What the receivables 回款 and invoice pages decide on their own, as plain functions
// (tests/unit/receivables.test.js): the list's filters and states, a payment plan as the dialog
// edits it (amounts typed in yuan, worked and sent in whole fen) with its running total and the
// difference to the order's amount, the amount a payment and an invoice default to, the checks
// made before a plan, a payment, an invoice title or an invoice is sent (the server checks again
// and has the last word), the unified social credit code's check digit, and the aging chart.
import { MAX_FEN, parseYuan, yuanText } from '../../money.js'

/** The list's states (GET /receivables state=…): open is "not fully paid". */
export const STATES = ['open', 'overdue', 'paid', 'all']
/** The list's filter keys and their defaults, as the URL keeps them. */
export const FILTERS = { state: 'open', owner_id: '', due_from: '', due_to: '', order_id: '' }
/** How a payment was received. */
export const METHODS = ['bank', 'cash', 'wechat', 'alipay', 'cheque', 'other']
/** The aging buckets of the overview, oldest last. */
export const BUCKETS = ['1-30', '31-60', '61-90', '90+']
/** Invoice kinds: 增值税普通发票 and 增值税专用发票. */
export const INVOICE_KINDS = ['normal', 'special']
/** Invoice title kinds. */
export const TITLE_KINDS = ['company', 'individual']
/** The most installments, the longest texts the server takes (characters). */
export const MAX = {
  installments: 24, reference: 100, notes: 500,
  name: 100, address: 200, phone: 40, bank: 100, account: 40,
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const INVOICE_NUMBER = /^\d{8,20}$/
const len = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

/** Is s a real calendar day "YYYY-MM-DD"? */
export function isDay(s) {
  if (!DAY.test(String(s ?? ''))) return false
  const [y, m, d] = String(s).split('-').map(Number)
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

/** The same day one month later ("2026-01-31" → "2026-02-28"); '' for no day. */
export function monthAfter(day) {
  if (!isDay(day)) return ''
  const [y, m, d] = day.split('-').map(Number)
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const dt = new Date(Date.UTC(y, m, Math.min(d, last)))
  return dt.toISOString().slice(0, 10)
}

/** A query without its empty values (the server takes absent for "any"). */
export function cleanQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

/** The el-tag type of an installment's state. */
export function stateType(state) {
  return ({ open: 'primary', overdue: 'danger', paid: 'success' })[state] || 'info'
}

/** Yuan as a form shows a fen amount ("2560.00", no thousands separators); '' for none. */
export function yuanInput(fen) {
  if (fen === null || fen === undefined || fen === '' || !Number.isFinite(Number(fen))) return ''
  return yuanText(fen).replace(/,/g, '')
}

// ---- the payment plan ----

/** The installments of a plan (as the server answers them) as the dialog edits them. */
export function planRows(plan) {
  return (plan || []).map((x) => ({ due: x.due_on || '', amount: yuanInput(x.amount_fen) }))
}

/** A row's amount in fen, or null while it is not an amount. */
export function rowFen(row) {
  const p = parseYuan(row && row.amount)
  return p.problem ? null : p.fen
}

/** The plan's running total in fen: the rows whose amount can be read. */
export function planTotal(rows) {
  let sum = 0
  for (const r of rows || []) {
    const f = rowFen(r)
    if (f !== null) sum += f
  }
  return sum
}

/** What is still to plan in fen: the order's amount less the total (negative: planned too much). */
export function planDifference(rows, orderFen) {
  return Number(orderFen || 0) - planTotal(rows)
}

/**
 * A row added to the plan: due a month after the last one (or on `today`), for what is still to
 * plan (or empty when nothing is).
 */
export function newRow(rows, orderFen, today = '') {
  const list = rows || []
  const last = list.length ? list[list.length - 1].due : ''
  const diff = planDifference(list, orderFen)
  return { due: monthAfter(last) || today || '', amount: diff > 0 ? yuanInput(diff) : '' }
}

/**
 * The checks of a plan before it is sent: {field: problem} with the fields as the server names
 * them (installments, installments.N.due_on, installments.N.amount_fen) and problem a key under
 * receivables.err; {} when none fails.
 */
export function validatePlan(rows, orderFen) {
  const list = rows || []
  const errs = {}
  if (!list.length) errs.installments = 'noRows'
  else if (list.length > MAX.installments) errs.installments = 'tooMany'
  let prev = ''
  list.forEach((r, i) => {
    if (!text(r.due)) errs[`installments.${i}.due_on`] = 'required'
    else if (!isDay(r.due)) errs[`installments.${i}.due_on`] = 'date'
    else if (prev && r.due <= prev) errs[`installments.${i}.due_on`] = 'ascending'
    if (isDay(r.due)) prev = r.due
    const p = parseYuan(r.amount)
    if (p.problem) errs[`installments.${i}.amount_fen`] = p.problem
    else if (p.fen <= 0) errs[`installments.${i}.amount_fen`] = 'positive'
  })
  if (!Object.keys(errs).length && planDifference(list, orderFen) !== 0) errs.installments = 'sum'
  return errs
}

/** The body of PUT /orders/:id/plan. */
export function planBody(rows) {
  return { installments: (rows || []).map((r) => ({ due_on: text(r.due), amount_fen: parseYuan(r.amount).fen })) }
}

// ---- payments ----

/** The amount a new payment defaults to: what the order still owes, in yuan ('' when nothing). */
export function defaultPaymentAmount(receivable) {
  const f = Number(receivable && receivable.outstanding_fen)
  return f > 0 ? yuanInput(f) : ''
}

/** An empty payment form: what is owed, by bank transfer, received today. */
export function emptyPayment(receivable, today = '') {
  return { amount: defaultPaymentAmount(receivable), method: 'bank', received: today || '', reference: '', notes: '' }
}

/**
 * The checks of a payment before it is sent ({field: problem}). An amount larger than what is
 * owed is left to the server, whose refusal says how much is owed.
 */
export function validatePayment(form, today = '') {
  const f = form || {}
  const errs = {}
  const p = parseYuan(f.amount)
  if (p.problem) errs.amount_fen = p.problem
  else if (p.fen <= 0) errs.amount_fen = 'positive'
  if (!METHODS.includes(f.method)) errs.method = 'required'
  if (text(f.received)) {
    if (!isDay(f.received)) errs.received_on = 'date'
    else if (today && f.received > today) errs.received_on = 'future'
  }
  if (len(text(f.reference)) > MAX.reference) errs.reference = 'tooLong'
  if (len(text(f.notes)) > MAX.notes) errs.notes = 'tooLong'
  return errs
}

/** The body of POST /orders/:id/payments (the day left out: today on the server). */
export function paymentBody(form) {
  const f = form || {}
  const body = { amount_fen: parseYuan(f.amount).fen, method: f.method }
  if (text(f.received)) body.received_on = text(f.received)
  if (text(f.reference)) body.reference = text(f.reference)
  if (text(f.notes)) body.notes = text(f.notes)
  return body
}

/** Which installments a payment paid: [{seq, fen}] in the order of the plan. */
export function allocationsOf(payment) {
  return ((payment && payment.allocations) || [])
    .map((a) => ({ seq: Number(a.seq), fen: Number(a.amount_fen) || 0 }))
    .sort((a, b) => a.seq - b.seq)
}

// ---- the unified social credit code 统一社会信用代码 (GB 32100-2015) ----

// The 31 characters of the code (no I, O, S, V, Z) in the order of their values.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/**
 * What is wrong with a unified social credit code: '' when it is valid, 'usccLength' when it is
 * not 18 characters, 'usccChars' for a character the code does not use, 'usccCheck' when the
 * last character is not the check character of the first 17. Case and spaces around are
 * forgiven (titleBody sends it upper-case).
 */
export function usccProblem(code) {
  const s = text(code).toUpperCase()
  if (s.length !== 18) return 'usccLength'
  const values = [...s].map((c) => USCC_CHARS.indexOf(c))
  if (values.some((v) => v < 0)) return 'usccChars'
  // Weight of position i is 3^i mod 31; the check value makes the weighted sum a multiple of 31.
  let sum = 0
  let weight = 1
  for (let i = 0; i < 17; i++) {
    sum += values[i] * weight
    weight = (weight * 3) % 31
  }
  const check = (31 - (sum % 31)) % 31
  return values[17] === check ? '' : 'usccCheck'
}

/** Is code a valid unified social credit code? */
export function usccValid(code) {
  return usccProblem(code) === ''
}

// ---- invoice titles ----

const TITLE_TEXTS = ['name', 'address', 'phone', 'bank', 'account']

/** An empty title: a company's, the default when the customer has none yet. */
export function emptyTitle(first = false) {
  return { kind: 'company', name: '', tax_number: '', address: '', phone: '', bank: '', account: '', is_default: !!first }
}

/** A title (as the server answers it) as the dialog edits it. */
export function titleForm(x) {
  if (!x) return emptyTitle()
  const out = { kind: x.kind === 'individual' ? 'individual' : 'company', tax_number: x.tax_number || '', is_default: !!x.is_default }
  for (const k of TITLE_TEXTS) out[k] = x[k] || ''
  return out
}

/** The checks of a title before it is sent: {field: problem}. */
export function validateTitle(form) {
  const f = form || {}
  const errs = {}
  if (!TITLE_KINDS.includes(f.kind)) errs.kind = 'required'
  if (!text(f.name)) errs.name = 'required'
  for (const k of TITLE_TEXTS) if (!errs[k] && len(text(f[k])) > MAX[k]) errs[k] = 'tooLong'
  const tax = text(f.tax_number)
  if (f.kind === 'company') {
    if (!tax) errs.tax_number = 'required'
    else if (usccProblem(tax)) errs.tax_number = usccProblem(tax)
  } else if (tax) errs.tax_number = 'individualTax'
  return errs
}

/** The body of POST …/invoice-titles: every field (an individual's tax number empty). */
export function titleBody(form) {
  const f = form || {}
  const body = { kind: f.kind }
  for (const k of TITLE_TEXTS) body[k] = text(f[k])
  body.tax_number = f.kind === 'company' ? text(f.tax_number).toUpperCase() : ''
  body.is_default = !!f.is_default
  return body
}

/** The body of PATCH /invoice-titles/:id: what differs from the title as it was read ({} for nothing). */
export function titleChange(form, before) {
  const now = titleBody(form)
  const was = titleBody(titleForm(before))
  const out = {}
  for (const [k, v] of Object.entries(now)) if (v !== was[k]) out[k] = v
  return out
}

/** The customer's titles as the invoice dialog offers them: the default first, then by name. */
export function sortTitles(titles) {
  return [...(titles || [])].sort((a, b) => Number(!!b.is_default) - Number(!!a.is_default) || String(a.name).localeCompare(String(b.name), 'zh-CN'))
}

/** Can a title carry a special VAT invoice (a company's with address, phone, bank and account)? */
export function specialReady(title) {
  return !!title && title.kind === 'company' && ['address', 'phone', 'bank', 'account'].every((k) => text(title[k]))
}

// ---- invoices ----

/** What is not yet invoiced on the order, in fen (0 when everything is). */
export function notInvoiced(receivable) {
  const r = receivable || {}
  const amount = Number(r.order && r.order.amount_fen) || 0
  return Math.max(0, amount - (Number(r.invoiced_fen) || 0))
}

/** An empty invoice form: the default title, a normal invoice, what is not yet invoiced, today. */
export function emptyInvoice(receivable, titles, today = '') {
  const first = sortTitles(titles)[0]
  const rest = notInvoiced(receivable)
  return { titleId: first ? first.id : '', kind: 'normal', number: '', amount: rest > 0 ? yuanInput(rest) : '', issued: today || '' }
}

/** The checks of an invoice before it is sent: {field: problem}. */
export function validateInvoice(form, today = '') {
  const f = form || {}
  const errs = {}
  if (!f.titleId) errs.title_id = 'required'
  if (!INVOICE_KINDS.includes(f.kind)) errs.kind = 'required'
  if (!text(f.number)) errs.number = 'required'
  else if (!INVOICE_NUMBER.test(text(f.number))) errs.number = 'invoiceNumber'
  const p = parseYuan(f.amount)
  if (p.problem) errs.amount_fen = p.problem
  else if (p.fen <= 0) errs.amount_fen = 'positive'
  if (text(f.issued)) {
    if (!isDay(f.issued)) errs.issued_on = 'date'
    else if (today && f.issued > today) errs.issued_on = 'future'
  }
  return errs
}

/** The body of POST /orders/:id/invoices. */
export function invoiceBody(form) {
  const f = form || {}
  const body = { title_id: Number(f.titleId), kind: f.kind, number: text(f.number), amount_fen: parseYuan(f.amount).fen }
  if (text(f.issued)) body.issued_on = text(f.issued)
  return body
}

// ---- messages of the checks ----

/** The message key and parameters of a problem found on field. */
export function problemMessage(problem, field = '') {
  const key = String(field).split('.').pop()
  switch (problem) {
    case 'common.required': return ['receivables.err.required', {}]
    case 'tooLong': return ['receivables.err.tooLong', { n: MAX[key] || MAX.notes }]
    case 'tooMany': return ['receivables.err.tooMany', { n: MAX.installments }]
    case 'amountRange': return ['receivables.err.amountRange', { max: yuanText(MAX_FEN) }]
    default: return ['receivables.err.' + problem, {}]
  }
}

/** The problems found as [messageKey, params] per field, for errorText. */
export function problems(found) {
  const out = {}
  for (const [k, p] of Object.entries(found || {})) out[k] = problemMessage(p, k)
  return out
}

// ---- the overview ----

/** The aging buckets of a summary in the order of BUCKETS, missing ones as zero. */
export function agingRows(summary) {
  const got = new Map(((summary && summary.aging) || []).map((a) => [a.bucket, a]))
  return BUCKETS.map((b) => {
    const a = got.get(b) || {}
    return { bucket: b, fen: Number(a.amount_fen) || 0, count: Number(a.count) || 0 }
  })
}

/**
 * The ECharts option of the aging bar chart: one bar per bucket, its height the overdue amount in
 * yuan. label(bucket) names a bucket, tip(row) is a bar's tooltip, axis(yuan) an axis label,
 * narrow for a phone.
 */
export function agingOption(summary, { label = (b) => b, tip = (r) => r.bucket, axis = (v) => String(v), name = '', narrow = false } = {}) {
  const rows = agingRows(summary)
  const COLORS = ['#e6a23c', '#f89898', '#f56c6c', '#c45656']
  return {
    tooltip: { trigger: 'item', confine: true, formatter: (p) => tip(rows[p.dataIndex]) },
    grid: { left: narrow ? 4 : 12, right: narrow ? 8 : 16, top: 16, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => label(r.bucket)), axisLabel: { fontSize: narrow ? 10 : 12, interval: 0 } },
    yAxis: { type: 'value', axisLabel: { fontSize: narrow ? 10 : 12, formatter: (v) => axis(v) } },
    series: [{
      type: 'bar', name, barMaxWidth: 48,
      data: rows.map((r, i) => ({ value: r.fen / 100, itemStyle: { color: COLORS[i] } })),
    }],
  }
}

export { yuanText }
