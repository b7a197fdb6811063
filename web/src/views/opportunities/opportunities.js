// What the opportunity pages decide on their own, as plain functions (tests/unit/opportunities.test.js):
// a stage's name in the language shown, the probability a stage move brings, the form of an
// opportunity with its product lines (amounts typed in yuan, sent in whole fen) and the checks
// made before it is sent (the server checks again and has the last word), the body of a change
// (only what changed), a stage's time as "3 天 5 小时", the board's moves, and the funnel's and
// the forecast's figures as the charts and tables show them.
import { parseYuan, yuanText } from '../../money.js'

/** Longest texts the server takes (characters), the most product lines, the largest quantity. */
export const MAX = { title: 100, competitor: 100, next_step: 200, notes: 2000, reason: 2000, stageName: 30, stageNameEn: 60, lines: 50, quantity: 1e6 }
/** The list's states (GET /opportunities state=…). */
export const STATES = ['open', 'won', 'lost', 'all']
/** The list's filter keys and their defaults, as the URL keeps them. */
export const FILTERS = { state: 'open', stage_id: '', owner_id: '', department_id: '', q: '', close_from: '', close_to: '' }
/** The forecast's groupings (GET /opportunities/forecast by=…). */
export const FORECAST_BY = ['month', 'owner', 'department']
/** The roles that reopen a closed opportunity (the server decides; this only offers the button). */
export const REOPEN_ROLES = ['gm', 'sales_manager']

const len = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A stage's name in the language shown (English: name_en, else the Chinese name). */
export function stageName(stage, lang) {
  if (!stage) return ''
  return (lang === 'en' && stage.name_en) || stage.name || ''
}

/** The stage of id in a list of stages, or null. */
export function stageOf(stages, id) {
  if (id === '' || id === null || id === undefined) return null
  return (stages || []).find((s) => String(s.id) === String(id)) || null
}

/**
 * The probability after a move to stage id: the stage's own (the server does the same when a
 * move comes without a probability); the current one when the stage is not known.
 */
export function probabilityFor(stages, id, current = 0) {
  const s = stageOf(stages, id)
  return s && Number.isFinite(Number(s.probability)) ? Number(s.probability) : current
}

/** The stage a new opportunity starts in: the first active one by position. */
export function firstStage(stages) {
  const act = (stages || []).filter((s) => s.active !== false)
  act.sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
  return act[0] || null
}

/** Yuan as the form shows a fen amount ("25600.00", no thousands separators); '' for none. */
export function yuanInput(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  return yuanText(fen).replace(/,/g, '')
}

/** An empty form: the stage and probability of the first active stage, a preset customer. */
export function emptyForm(stages = [], customer = null) {
  const s = firstStage(stages)
  return {
    customer: customer ? { id: Number(customer.id), code: customer.code || '', name: customer.name || '' } : null,
    title: '', amount: '', stageId: s ? s.id : '', probability: s ? Number(s.probability) : 0,
    expectedClose: '', competitor: '', nextStep: '', nextStepAt: '', notes: '', lines: [],
  }
}

/** An opportunity as the form edits it. */
export function formOf(o, stages = []) {
  if (!o) return emptyForm(stages)
  return {
    customer: o.customer ? { id: o.customer.id, code: o.customer.code || '', name: o.customer.name || '' } : null,
    title: o.title || '', amount: yuanInput(o.amount_fen), stageId: o.stage ? o.stage.id : '',
    probability: Number(o.probability ?? 0), expectedClose: o.expected_close || '', competitor: o.competitor || '',
    nextStep: o.next_step || '', nextStepAt: o.next_step_at || '', notes: o.notes || '',
    lines: (o.products || []).map((p) => lineOf(p)),
  }
}

/** A product line as the form edits it (price in yuan). */
export function lineOf(p) {
  return { productId: p.product_id ?? p.id ?? '', quantity: Number(p.quantity ?? 1), price: yuanInput(p.price_fen) }
}

/** A new product line for a product of the catalogue: quantity 1 at the product's price. */
export function newLine(product) {
  return { productId: product ? product.id : '', quantity: 1, price: product ? yuanInput(product.price_fen) : '' }
}

/** The sum of the lines in fen (lines with a bad price left out). */
export function linesTotal(lines) {
  let sum = 0
  for (const l of lines || []) {
    const p = parseYuan(l.price)
    const q = Number(l.quantity)
    if (p.fen !== undefined && Number.isInteger(q) && q > 0) sum += p.fen * q
  }
  return sum
}

/**
 * The checks before an opportunity is sent: {field: problem} with the field as the server names
 * it (products.N.quantity for a line) and problem a message key under opportunities.err;
 * {} when none fails.
 */
export function validate(form) {
  const f = form || {}
  const errs = {}
  if (!f.customer || !f.customer.id) errs.customer_id = 'required'
  const title = text(f.title)
  if (!title) errs.title = 'required'
  else if (len(title) > MAX.title) errs.title = 'tooLong'
  const a = parseYuan(f.amount)
  if (a.problem) errs.amount_fen = a.problem === 'common.required' ? 'required' : 'amount'
  if (!DAY.test(String(f.expectedClose || ''))) errs.expected_close = 'required'
  const p = Number(f.probability)
  if (!Number.isInteger(p) || p < 0 || p > 100) errs.probability = 'probability'
  if (len(text(f.competitor)) > MAX.competitor) errs.competitor = 'tooLong'
  if (len(text(f.nextStep)) > MAX.next_step) errs.next_step = 'tooLong'
  if (f.nextStepAt && !text(f.nextStep)) errs.next_step = 'nextStepNeeded'
  if (len(text(f.notes)) > MAX.notes) errs.notes = 'tooLong'
  const lines = f.lines || []
  if (lines.length > MAX.lines) errs.products = 'tooManyLines'
  lines.forEach((l, i) => {
    if (!l.productId) errs[`products.${i}.product_id`] = 'required'
    const q = Number(l.quantity)
    if (!Number.isInteger(q) || q < 1 || q > MAX.quantity) errs[`products.${i}.quantity`] = 'quantity'
    if (text(l.price) !== '' && parseYuan(l.price).problem) errs[`products.${i}.price_fen`] = 'amount'
  })
  return errs
}

function linesBody(lines) {
  return (lines || []).map((l) => {
    const out = { product_id: Number(l.productId), quantity: Number(l.quantity) }
    if (text(l.price) !== '') out.price_fen = parseYuan(l.price).fen
    return out
  })
}

/** Every field of the form as the server names them: texts trimmed, the amount and prices in fen. */
function fullBody(form) {
  const f = form || {}
  const body = {
    customer_id: Number(f.customer && f.customer.id), title: text(f.title), amount_fen: parseYuan(f.amount).fen ?? 0,
    expected_close: f.expectedClose || '', probability: Number(f.probability),
    competitor: text(f.competitor), next_step: text(f.nextStep), next_step_at: f.nextStepAt || '', notes: text(f.notes),
    products: linesBody(f.lines),
  }
  if (f.stageId !== '' && f.stageId !== null && f.stageId !== undefined) body.stage_id = Number(f.stageId)
  return body
}

/** The body of POST /opportunities (no next step date when none is given). */
export function createBody(form) {
  const body = fullBody(form)
  if (!body.next_step_at) delete body.next_step_at
  return body
}

/**
 * The body of PATCH /opportunities/:id: only what differs from the opportunity as it was read
 * (before: its formOf), so that a change of one field does not overwrite another's made meanwhile;
 * {} when nothing changed.
 */
export function changeBody(form, before) {
  const now = fullBody(form)
  const was = fullBody(before)
  delete now.customer_id
  const out = {}
  for (const [k, v] of Object.entries(now)) {
    if (JSON.stringify(v) !== JSON.stringify(was[k])) out[k] = v
  }
  return out
}

/**
 * A stay in a stage as [unit, n] pairs, at most the two largest units from days, hours and
 * minutes: 277200 s → [['d', 3], ['h', 5]]; under a minute → [['lt', 1]].
 */
export function durationParts(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0))
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (d) return h ? [['d', d], ['h', h]] : [['d', d]]
  if (h) return m ? [['h', h], ['m', m]] : [['h', h]]
  if (m) return [['m', m]]
  return [['lt', 1]]
}

/** A stay in a stage as read: "3 天 5 小时" / "3 d 5 h" (t: vue-i18n's t). */
export function durationText(seconds, t) {
  return durationParts(seconds).map(([u, n]) => t('opportunities.dur.' + u, { n })).join(' ')
}

/** May the user reopen closed opportunities? (The server refuses others with 403.) */
export function canReopen(user) {
  return !!user && REOPEN_ROLES.includes(user.role)
}

/**
 * Where a card may go from its stage on the board: the other stages (in board order), then won
 * and lost: [{kind: 'stage'|'won'|'lost', stage}].
 */
export function moveTargets(stages, fromId) {
  const out = (stages || []).filter((s) => String(s.id) !== String(fromId)).map((s) => ({ kind: 'stage', stage: s }))
  return out.concat([{ kind: 'won', stage: null }, { kind: 'lost', stage: null }])
}

/** Take an opportunity from one column of the board (the server's answer) to another, the sums following. */
export function moveOnBoard(board, id, toStageId) {
  const cols = (board && board.stages) || []
  let card = null
  for (const c of cols) {
    const i = (c.items || []).findIndex((x) => String(x.id) === String(id))
    if (i < 0) continue
    card = c.items[i]
    c.items.splice(i, 1)
    c.count = Math.max(0, (c.count || 0) - 1)
    c.amount_fen = (c.amount_fen || 0) - (card.amount_fen || 0)
    c.weighted_fen = (c.weighted_fen || 0) - (card.weighted_fen || 0)
    break
  }
  if (!card) return false
  const to = cols.find((c) => String(c.stage.id) === String(toStageId))
  if (!to) return true
  const p = Number(to.stage.probability ?? card.probability)
  const moved = { ...card, stage: { ...to.stage }, probability: p, weighted_fen: Math.round(((card.amount_fen || 0) * p) / 100) }
  to.items = [...(to.items || []), moved].sort(byClose)
  to.count = (to.count || 0) + 1
  to.amount_fen = (to.amount_fen || 0) + (moved.amount_fen || 0)
  to.weighted_fen = (to.weighted_fen || 0) + moved.weighted_fen
  return true
}

function byClose(a, b) {
  return String(a.expected_close || '').localeCompare(String(b.expected_close || '')) || (a.id - b.id)
}

/** The check of a close (won / lost): a lost one needs a reason. {} or {reason: problem}. */
export function validateClose(result, reason) {
  const r = text(reason)
  if (result === 'lost' && !r) return { reason: 'required' }
  if (len(r) > MAX.reason) return { reason: 'tooLong' }
  return {}
}

/** A query without its empty values (the server takes absent for "any"). */
export function cleanQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

/**
 * The funnel's layers for the chart, one per stage in order: the shape narrows stage by stage
 * (value: its rank, as the funnel charts of sales systems draw it), the figures ride along.
 */
export function funnelData(funnel, lang) {
  const stages = (funnel && funnel.stages) || []
  return stages.map((s, i) => ({
    name: stageName(s.stage, lang), value: stages.length - i,
    count: s.count || 0, amount_fen: s.amount_fen || 0, weighted_fen: s.weighted_fen || 0,
  }))
}

const monthNo = (m) => {
  const x = /^(\d{4})-(\d{2})$/.exec(String(m || ''))
  return x ? Number(x[1]) * 12 + Number(x[2]) - 1 : null
}
const monthText = (n) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`

/** "YYYY-MM" of a date (the browser's clock: the forecast's default range starts this month). */
export function monthOf(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/**
 * The forecast's months as the chart's axis: every month from the first to the last asked for
 * (from, to: "YYYY-MM" or ''; by default this month and the 5 after, as the server counts), with
 * no gap where a month has nothing, widened to any month the answer names outside them.
 */
export function forecastMonths(forecast, from = '', to = '', thisMonth = monthOf()) {
  const named = [...((forecast && forecast.months) || []), ...((forecast && forecast.rows) || []).map((r) => r.month)]
    .map(monthNo).filter((n) => n !== null)
  let lo = monthNo(from) ?? monthNo(thisMonth)
  let hi = monthNo(to) ?? (lo !== null ? lo + 5 : null)
  for (const n of named) {
    if (lo === null || n < lo) lo = n
    if (hi === null || n > hi) hi = n
  }
  if (lo === null || hi === null || hi < lo) return []
  const out = []
  for (let n = lo; n <= hi && out.length < 120; n++) out.push(monthText(n))
  return out
}

/**
 * The forecast (GET /forecast) for its chart: the months (those given, else the answer's), and one
 * series per group (owner or department; one "" series when by month) with the weighted amount in
 * yuan for each month (0 for a month the group has nothing in), groups in order of their total,
 * largest first.
 */
export function forecastSeries(forecast, axis = null) {
  const months = axis || (forecast && forecast.months) || []
  const groups = new Map()
  for (const r of (forecast && forecast.rows) || []) {
    const key = String(r.id ?? 0)
    if (!groups.has(key)) groups.set(key, { id: r.id ?? 0, name: r.name || '', byMonth: {}, total: 0 })
    const g = groups.get(key)
    g.byMonth[r.month] = (g.byMonth[r.month] || 0) + (r.weighted_fen || 0)
    g.total += r.weighted_fen || 0
  }
  const series = [...groups.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'))
    .map((g) => ({ id: g.id, name: g.name, data: months.map((m) => (g.byMonth[m] || 0) / 100) }))
  return { months, series }
}

/** The won amounts per month in yuan (the bar beside the weighted forecast); axis as forecastSeries. */
export function forecastWon(forecast, axis = null) {
  const months = axis || (forecast && forecast.months) || []
  const won = {}
  for (const r of (forecast && forecast.rows) || []) won[r.month] = (won[r.month] || 0) + (r.won_fen || 0)
  return months.map((m) => (won[m] || 0) / 100)
}

/** The forecast's table: its rows by month then name, and the totals. */
export function forecastTable(forecast) {
  const rows = [...((forecast && forecast.rows) || [])].sort((a, b) =>
    String(a.month).localeCompare(String(b.month)) || String(a.name || '').localeCompare(String(b.name || ''), 'zh-CN'))
  const total = { count: 0, amount_fen: 0, weighted_fen: 0, won_fen: 0 }
  for (const r of rows) for (const k of Object.keys(total)) total[k] += r[k] || 0
  return { rows, total }
}

export { yuanText }
