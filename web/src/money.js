// Amounts: whole fen on the wire (integers, as the server keeps them), yuan on screen. Used by
// every capability with amounts (products, opportunities, orders, and later contracts, payments).

/** The largest amount the server takes: 10^12 fen (10 billion yuan). */
export const MAX_FEN = 1e12

/**
 * Yuan as typed ("1288", "1,288.5", "0.99") → {fen} in whole fen, or {problem}: 'common.required'
 * for nothing, 'amountBad' for not an amount, 'amountNegative', 'amountCents' for a part smaller
 * than a fen (never rounded away), 'amountRange' above MAX_FEN. Worked on the text, not on
 * floating point, so 0.29 yuan is 29 fen.
 */
export function parseYuan(input) {
  const s = String(input ?? '').trim().replace(/[,\s\uff0c]/g, '').replace(/^[¥\uffe5]/, '')
  if (!s) return { problem: 'common.required' }
  if (/^-\d/.test(s)) return { problem: 'amountNegative' }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (!m[1] && !m[2])) return { problem: 'amountBad' }
  const cents = m[2] || ''
  if (cents.length > 2 && /[1-9]/.test(cents.slice(2))) return { problem: 'amountCents' }
  const yuan = m[1].replace(/^0+(?=\d)/, '') || '0'
  if (yuan.length > 11) return { problem: 'amountRange' }
  const fen = Number(yuan) * 100 + Number((cents + '00').slice(0, 2))
  return fen > MAX_FEN ? { problem: 'amountRange' } : { fen }
}

/** Whole fen → yuan as shown, "1,288.00"; '' for no amount. */
export function yuanText(fen) {
  if (fen === null || fen === undefined || fen === '' || !Number.isFinite(Number(fen))) return ''
  const n = Math.round(Number(fen))
  const sign = n < 0 ? '-' : ''
  const a = Math.abs(n)
  const yuan = Math.floor(a / 100).toLocaleString('en-US')
  return `${sign}${yuan}.${String(a % 100).padStart(2, '0')}`
}
