// What the export pages decide on their own, as plain functions (tested in
// tests/unit/exports.test.js): the formats the export menu offers, what a request asks for
// and how it is shown, the checks made before it is sent (the server checks again and has the
// last word), the refusal that means "ask for approval", and which produced exports may still
// have their file.

/** The export menu's choices → the format and encoding POST /exports and /export-requests take. */
export const EXPORT_FORMATS = {
  xlsx: { format: 'xlsx' },
  csv: { format: 'csv', encoding: 'utf-8' },
  'csv-gbk': { format: 'csv', encoding: 'gbk' },
  'csv-gb18030': { format: 'csv', encoding: 'gb18030' },
  vcf: { format: 'vcf' },
}

/** Longest reason and purpose the server takes (characters). */
export const MAX_TEXT = 1000

/** The formats of one customer's file: the workbook (the default) and the file printed (R-PLT-7). */
export const CUSTOMER_FILE_FORMATS = ['xlsx', 'pdf']

/** Message key naming a format and encoding ({format, encoding}). */
export function formatLabelKey(fmt) {
  const f = fmt || {}
  if (f.format === 'pdf') return 'exports.pdfFile'
  if (f.format === 'vcf') return 'exp.vcf'
  if (f.format !== 'csv') return 'exp.xlsx'
  switch (String(f.encoding || 'utf-8').toLowerCase()) {
    case 'gbk': return 'exp.csvGbk'
    case 'gb18030': return 'exports.csvGb18030'
    default: return 'exp.csv'
  }
}

/** Filter keys that only order the rows: sent, but no part of what is exported. */
const ORDER_KEYS = ['sort', 'order']
// The list's select filters and the meta list that labels their values.
const META = {
  kind: 'kinds', category: 'categories', grade: 'grades', value_tier: 'value_tiers', stage: 'stages',
  source: 'sources', industry: 'industries', credit_status: 'credit_statuses',
}
const present = (v) => v !== undefined && v !== null && v !== ''

/**
 * The filter of a list export as lines to show: [{key, label (message key), type, value}],
 * in the filter panel's order. type says how to show value: 'text' as is, 'meta' through
 * the meta list `list`, 'user' / 'branch' an id, 'region' a list of codes, 'range' [from, to],
 * 'archived' false | true | all. A range or a region is one line; the sort is left out.
 */
export function describeFilter(filter) {
  const f = filter || {}
  const out = []
  if (present(f.q)) out.push({ key: 'q', label: 'common.search', type: 'text', value: String(f.q) })
  for (const [key, list] of Object.entries(META)) {
    if (present(f[key])) out.push({ key, label: 'field.' + key, type: 'meta', list, value: f[key] })
  }
  if (present(f.owner_id)) out.push({ key: 'owner_id', label: 'field.owner', type: 'user', value: String(f.owner_id) })
  if (present(f.branch_id)) out.push({ key: 'branch_id', label: 'field.branch', type: 'branch', value: String(f.branch_id) })
  const region = ['province_code', 'city_code', 'district_code'].map((k) => f[k]).filter(present).map(String)
  if (region.length) out.push({ key: 'region', label: 'customer.region', type: 'region', value: region })
  if (present(f.tag)) out.push({ key: 'tag', label: 'field.tags', type: 'text', value: String(f.tag) })
  for (const k of ['created', 'updated']) {
    const from = f[k + '_from']
    const to = f[k + '_to']
    if (present(from) || present(to)) out.push({ key: k, label: `customer.${k}Range`, type: 'range', value: [from || '', to || ''] })
  }
  if (present(f.archived)) out.push({ key: 'archived', label: 'field.archived', type: 'archived', value: String(f.archived) })
  const known = new Set(['q', ...Object.keys(META), 'owner_id', 'branch_id', 'province_code', 'city_code', 'district_code',
    'tag', 'created_from', 'created_to', 'updated_from', 'updated_to', 'archived', ...ORDER_KEYS])
  for (const [k, v] of Object.entries(f)) {
    if (!known.has(k) && present(v)) out.push({ key: k, label: '', type: 'text', value: String(v) })
  }
  return out
}

/** The filter without empty keys (what the list export would send). */
export function cleanFilter(filter) {
  const out = {}
  for (const [k, v] of Object.entries(filter || {})) if (present(v)) out[k] = v
  return out
}

/**
 * The checks made before sending: {field: message key} for each field that fails, {} when
 * none does. Fields are the server's names, so its 422 answers land on the same form items.
 */
export function validateRequest({ reason = '', purpose = '' } = {}) {
  const errs = {}
  for (const [k, v] of [['reason', reason], ['purpose', purpose]]) {
    const s = String(v ?? '').trim()
    if (!s) errs[k] = 'common.required'
    else if ([...s].length > MAX_TEXT) errs[k] = 'exports.err.tooLong'
  }
  return errs
}

/**
 * The body of POST /export-requests: one customer's file ({customer: {id}, format?}: format
 * 'pdf' asks for the file printed, R-PLT-7; the workbook, the default, names none) or the list
 * ({filter, format, encoding}), with the reason and purpose.
 */
export function requestBody(subject, { reason = '', purpose = '' } = {}) {
  const s = subject || {}
  const text = { reason: String(reason).trim(), purpose: String(purpose).trim() }
  if (s.customer) {
    const body = { customer_id: Number(s.customer.id) }
    if (s.format && s.format !== 'xlsx' && CUSTOMER_FILE_FORMATS.includes(s.format)) body.format = s.format
    return { ...body, ...text }
  }
  const body = { format: s.format || 'xlsx' }
  if (s.encoding) body.encoding = s.encoding
  body.filter = cleanFilter(s.filter)
  return { ...body, ...text }
}

/** The form item a server error's field belongs to ('_' for the dialog's own line). */
export function formField(field) {
  return field === 'reason' || field === 'purpose' ? field : '_'
}

/**
 * Is a refused start (an error as useJob keeps it, or as api.js throws it) the server saying the
 * export needs an approved request? (403 approval_required naming approval_id; the same code
 * naming another field is another two-person rule.)
 */
export function isApprovalRequired(err) {
  if (!err) return false
  const e = err.code ? err : err.error || {}
  return e.code === 'approval_required' && (!e.field || e.field === 'approval_id')
}

/** How many produced exports, newest first, the page asks about their file (GET /jobs/{id}). */
export const FILE_CHECK_ROWS = 10

/**
 * The produced rows whose job the page asks whether its file is still kept: the first
 * FILE_CHECK_ROWS of them (the list is newest first). Result files are kept
 * job_file_keep_hours (24 by default), so older ones are gone and not asked about one by one;
 * counted by rows, not by age, as the browser's clock need not be the server's.
 */
export function rowsToCheck(rows) {
  return (rows || []).filter((r) => r && r.job_id).slice(0, FILE_CHECK_ROWS)
}

/**
 * What a row offers: 'produce' (approved, not produced yet), 'download' (produced and its
 * job's file is there), 'running' (its job is still making the file), 'produced' (produced,
 * the file gone or not known), or '' (nothing: waiting, returned, refused or withdrawn).
 * job: the job's answer (GET /jobs/{id}), null when not asked or not found.
 */
export function rowOffer(row, job) {
  if (!row) return ''
  if (row.ready) return 'produce'
  if (!row.job_id) return ''
  if (job && (job.state === 'queued' || job.state === 'running')) return 'running'
  if (job && job.state === 'done' && job.file) return 'download'
  return 'produced'
}
