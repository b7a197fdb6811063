// What the product pages decide on their own, as plain functions (tests/unit/products.test.js):
// the checks made before a product is sent (the server checks again and has the last word), the
// body sent (the price typed in yuan, sent in whole fen), and the list's filters.
import { parseYuan, yuanText } from '../../money.js'

export const MAX = { code: 40, name: 100, model: 100, category: 50, unit: 20, warranty: 600 }
export const FILTERS = { q: '', category: '', state: 'active' }
export const STATES = ['active', 'inactive', 'all']

const CODE = /^[A-Za-z0-9._/-]+$/
const len = (s) => [...String(s ?? '')].length
const text = (s) => String(s ?? '').trim()

export function emptyForm() {
  return { code: '', name: '', model: '', category: '', unit: '', price: '', warranty: '' }
}

/** A product as the form edits it (the price in yuan). */
export function formOf(p) {
  if (!p) return emptyForm()
  return { code: p.code, name: p.name, model: p.model, category: p.category, unit: p.unit,
    price: yuanText(p.price_fen).replace(/,/g, ''), warranty: String(p.warranty_months ?? '') }
}

/** field → problem key: code, name, model, category, unit, price_fen, warranty_months. */
export function validate(form) {
  const f = form || {}
  const errs = {}
  const code = text(f.code)
  if (!code) errs.code = 'required'
  else if (len(code) > MAX.code || !CODE.test(code)) errs.code = 'code'
  if (!text(f.name)) errs.name = 'required'
  else if (len(text(f.name)) > MAX.name) errs.name = 'tooLong'
  for (const k of ['model', 'category', 'unit']) if (len(text(f[k])) > MAX[k]) errs[k] = 'tooLong'
  if (text(f.price) !== '') {
    const p = parseYuan(f.price)
    if (p.problem) errs.price_fen = 'price'
  }
  const w = text(f.warranty)
  if (w !== '' && (!/^\d+$/.test(w) || Number(w) > MAX.warranty)) errs.warranty_months = 'warranty'
  return errs
}

/** The body of POST or PATCH /products: texts trimmed, the price in fen (empty: 0), the warranty in months. */
export function bodyOf(form) {
  const f = form || {}
  const price = text(f.price) === '' ? { fen: 0 } : parseYuan(f.price)
  return {
    code: text(f.code), name: text(f.name), model: text(f.model), category: text(f.category), unit: text(f.unit),
    price_fen: price.fen ?? 0, warranty_months: text(f.warranty) === '' ? 0 : Number(text(f.warranty)),
  }
}

/** The list's query for the server: empty filters left out. */
export function productQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

export { yuanText }
