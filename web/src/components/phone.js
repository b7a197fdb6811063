// Phones as Kehu stores them (13700137000, 010-65529988, 0755-2345678-801,
// 4008001234), shown grouped for reading and dialled through tel: links.

/** A stored phone grouped for reading: "137 0013 7000", "010-6552 9988", "400 800 1234". */
export function formatPhone(v) {
  const s = String(v || '')
  if (/^1\d{10}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 7)} ${s.slice(7)}`
  if (/^[48]00\d{7}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`
  const m = /^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$/.exec(s)
  if (m) {
    const n = m[2]
    const grouped = n.length === 8 ? `${n.slice(0, 4)} ${n.slice(4)}` : `${n.slice(0, 3)} ${n.slice(3)}`
    return `${m[1]}-${grouped}${m[3] ? '-' + m[3] : ''}`
  }
  return s
}

/** True for a value the server sent masked (138****8000): the user may not see it in full (R-SEC-13). */
export function isMasked(v) {
  return typeof v === 'string' && v.includes('*')
}

/**
 * The tel: address of a stored phone (an extension is dialled after a pause), or '' when it has
 * no digits or is masked (a masked number is never dialled).
 */
export function telHref(v) {
  const s = String(v || '')
  if (isMasked(s)) return ''
  const m = /^(0\d{2,3})-(\d{7,8})-(\d{1,6})$/.exec(s)
  if (m) return `tel:${m[1]}${m[2]},${m[3]}`
  const digits = s.replace(/[^\d+]/g, '')
  return digits ? `tel:${digits}` : ''
}
