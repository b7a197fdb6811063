// Merging a duplicate into this customer (R-ARC-8, docs/API.md "POST /api/v1/customers/{id}/merge"):
// which fields the dialog compares, which of them the server fills by itself, and the body sent.

/** The fields a merger may take from the duplicate, in the server's order. */
export const TAKEABLE = [
  'name', 'gender', 'birthday', 'mobile', 'phone_office', 'phone_home', 'email', 'region', 'address',
  'company', 'company_address', 'position', 'id_number', 'uscc', 'credit_status', 'category',
  'value_tier', 'stage', 'industry', 'source', 'notes',
]

/** Fields the server fills from the duplicate when the survivor has none (choices never are "empty"). */
export const AUTO_FILL = [
  'birthday', 'mobile', 'phone_office', 'phone_home', 'email', 'address', 'company', 'company_address',
  'position', 'id_number', 'uscc', 'industry', 'notes', 'region',
]

/** The meta list naming a choice field's values (store.js metaLabel). */
export const META_LISTS = {
  gender: 'genders', credit_status: 'credit_statuses', category: 'categories', value_tier: 'value_tiers',
  stage: 'stages', industry: 'industries', source: 'sources',
}

const text = (v) => (v === null || v === undefined ? '' : String(v))

/** The label key of a field: the region is shown by its name. */
export const labelKey = (k) => 'field.' + (k === 'region' ? 'region_name' : k)

/** A field's value as shown (the region by its name; choices as stored, labelled by the page). */
export function shownValue(rec, k) {
  if (!rec) return ''
  return text(k === 'region' ? rec.region_name : rec[k])
}

/** Whether the record has no value for the field (a region is its codes). */
export function isEmpty(rec, k) {
  if (!rec) return true
  if (k === 'region') return !rec.province_code && !rec.city_code && !rec.district_code && !text(rec.region_name).trim()
  return !text(rec[k]).trim()
}

function same(a, b, k) {
  if (k === 'region') {
    const codes = (r) => [r.province_code, r.city_code, r.district_code].map((x) => x || 0).join('/')
    return codes(a) === codes(b) && text(a.region_name) === text(b.region_name)
  }
  return text(a[k]) === text(b[k])
}

/**
 * The comparison's rows: each takeable field whose values differ, with this customer's value
 * (mine), the duplicate's (theirs), whether the server fills it by itself (auto: this one's is
 * empty and the field is filled) and whether the duplicate has a value to take (takeable).
 */
export function compareRows(survivor, duplicate) {
  if (!survivor || !duplicate) return []
  const rows = []
  for (const k of TAKEABLE) {
    if (same(survivor, duplicate, k)) continue
    const theirsEmpty = isEmpty(duplicate, k)
    if (isEmpty(survivor, k) && theirsEmpty) continue
    rows.push({
      field: k,
      mine: shownValue(survivor, k),
      theirs: shownValue(duplicate, k),
      auto: AUTO_FILL.includes(k) && isEmpty(survivor, k) && !theirsEmpty,
      takeable: !theirsEmpty,
    })
  }
  return rows
}

/** The fields chosen to take ({field: 'take' | 'keep'}), among the rows that offer a choice. */
export function takenFields(rows, choices) {
  return rows.filter((r) => !r.auto && r.takeable && choices && choices[r.field] === 'take').map((r) => r.field)
}

/** The body of POST /customers/:id/merge. */
export function mergeBody(survivor, duplicateId, reason, rows, choices) {
  return {
    duplicate_id: Number(duplicateId),
    reason: text(reason).trim(),
    take: takenFields(rows, choices),
    version: survivor.version,
  }
}

/** What is missing before sending: {duplicate_id?, reason?} naming the message keys. */
export function validateMerge(duplicateId, reason) {
  const bad = {}
  if (!duplicateId) bad.duplicate_id = 'customer.merge.pickRequired'
  if (!text(reason).trim()) bad.reason = 'customer.reasonRequired'
  return bad
}

/** Where a refusal is shown: next to the picker, the reason, or above the buttons. */
export function errorPlace(field) {
  return field === 'duplicate_id' || field === 'reason' ? field : '_'
}

/** The search's options: the customers found, without the survivor itself. */
export function pickOptions(items, survivorId) {
  return (items || []).filter((c) => c && Number(c.id) !== Number(survivorId))
    .map((c) => ({ id: Number(c.id), code: text(c.code), name: text(c.name), mobile: text(c.mobile) }))
}

/** Whether the page offers merging: the permission, and a record neither archived, merged nor granted. */
export function canMerge(rec, { perm, grant } = {}) {
  return !!(perm && rec && !rec.archived && !rec.merged_into && !grant)
}
