// Approved exports' logic (src/views/exports/exports.js, R-SEC-6): the request's body and the
// checks before it is sent, how a list's filter and format are shown, which refusal opens the
// request dialog, and what a request offers on 我的导出申请.
import { describe, expect, it } from 'vitest'
import {
  EXPORT_FORMATS, FILE_CHECK_ROWS, MAX_TEXT, cleanFilter, describeFilter, formField, formatLabelKey,
  isApprovalRequired, requestBody, rowOffer, rowsToCheck, validateRequest,
} from '../../src/views/exports/exports.js'

describe('requestBody', () => {
  it('asks for the list with its filter (empty keys left out), format and encoding', () => {
    const subject = { ...EXPORT_FORMATS['csv-gbk'], filter: { q: '回访', grade: 'A', owner_id: '', tag: null, archived: 'false' } }
    expect(requestBody(subject, { reason: ' 季度回访 ', purpose: '电话回访\n' })).toEqual({
      format: 'csv', encoding: 'gbk', filter: { q: '回访', grade: 'A', archived: 'false' }, reason: '季度回访', purpose: '电话回访',
    })
    expect(requestBody({ ...EXPORT_FORMATS.xlsx }, { reason: 'r', purpose: 'p' })).toEqual({ format: 'xlsx', filter: {}, reason: 'r', purpose: 'p' })
  })

  it('asks for one customer\'s file by id, with no filter or format', () => {
    expect(requestBody({ customer: { id: '7', code: 'C0007', name: '甲' } }, { reason: 'r', purpose: 'p' }))
      .toEqual({ customer_id: 7, reason: 'r', purpose: 'p' })
  })
})

describe('validateRequest', () => {
  it('needs a reason and a purpose that are not only blanks', () => {
    expect(validateRequest({ reason: '', purpose: '  ' })).toEqual({ reason: 'common.required', purpose: 'common.required' })
    expect(validateRequest({})).toEqual({ reason: 'common.required', purpose: 'common.required' })
    expect(validateRequest({ reason: '回访', purpose: '电话' })).toEqual({})
  })

  it('takes at most MAX_TEXT characters (a Chinese character is one)', () => {
    expect(validateRequest({ reason: '字'.repeat(MAX_TEXT), purpose: 'p' })).toEqual({})
    expect(validateRequest({ reason: '字'.repeat(MAX_TEXT + 1), purpose: 'p' })).toEqual({ reason: 'exports.err.tooLong' })
  })

  it('puts the server\'s reason and purpose errors on their fields, anything else on the dialog', () => {
    expect(formField('reason')).toBe('reason')
    expect(formField('purpose')).toBe('purpose')
    for (const f of ['filter', 'format', 'customer_id', null, undefined]) expect(formField(f)).toBe('_')
  })
})

describe('formatLabelKey', () => {
  it('names each choice of the export menu', () => {
    expect(formatLabelKey(EXPORT_FORMATS.xlsx)).toBe('exp.xlsx')
    expect(formatLabelKey(EXPORT_FORMATS.csv)).toBe('exp.csv')
    expect(formatLabelKey(EXPORT_FORMATS['csv-gbk'])).toBe('exp.csvGbk')
    expect(formatLabelKey(EXPORT_FORMATS['csv-gb18030'])).toBe('exports.csvGb18030')
    expect(formatLabelKey({ format: 'csv' })).toBe('exp.csv')
    expect(formatLabelKey(null)).toBe('exp.xlsx')
    expect(formatLabelKey(EXPORT_FORMATS.vcf)).toBe('exp.vcf')
  })
})

describe('describeFilter', () => {
  it('shows each filter once, in the panel\'s order, ranges and the region as one line, without the sort', () => {
    const lines = describeFilter({
      sort: 'name', order: 'asc', archived: 'false', created_to: '2026-05-31', created_from: '2026-05-01',
      district_code: '', city_code: '110100', province_code: '110000', owner_id: 5, grade: 'A', q: '张', tag: 'VIP',
    })
    expect(lines).toEqual([
      { key: 'q', label: 'common.search', type: 'text', value: '张' },
      { key: 'grade', label: 'field.grade', type: 'meta', list: 'grades', value: 'A' },
      { key: 'owner_id', label: 'field.owner', type: 'user', value: '5' },
      { key: 'region', label: 'customer.region', type: 'region', value: ['110000', '110100'] },
      { key: 'tag', label: 'field.tags', type: 'text', value: 'VIP' },
      { key: 'created', label: 'customer.createdRange', type: 'range', value: ['2026-05-01', '2026-05-31'] },
      { key: 'archived', label: 'field.archived', type: 'archived', value: 'false' },
    ])
  })

  it('is empty for no filter, and keeps a key it does not know under its own name', () => {
    expect(describeFilter({})).toEqual([])
    expect(describeFilter(null)).toEqual([])
    expect(describeFilter({ updated_from: '2026-01-01', future_key: 'x' })).toEqual([
      { key: 'updated', label: 'customer.updatedRange', type: 'range', value: ['2026-01-01', ''] },
      { key: 'future_key', label: '', type: 'text', value: 'x' },
    ])
  })

  it('cleanFilter drops empty keys only', () => {
    expect(cleanFilter({ a: '', b: null, c: undefined, d: 0, e: 'x', f: false })).toEqual({ d: 0, e: 'x', f: false })
    expect(cleanFilter(undefined)).toEqual({})
  })
})

describe('isApprovalRequired', () => {
  const server = { code: 'approval_required', field: 'approval_id', message: '导出客户资料须经批准' }
  it('knows the export refusal as useJob keeps it and as api.js throws it', () => {
    expect(isApprovalRequired(server)).toBe(true)
    expect(isApprovalRequired({ status: 403, code: 'approval_required', field: 'approval_id', error: server })).toBe(true)
    expect(isApprovalRequired({ status: 403, error: server })).toBe(true)
  })

  it('is not another refusal, nor another two-person rule\'s', () => {
    expect(isApprovalRequired(null)).toBe(false)
    expect(isApprovalRequired({ code: 'forbidden' })).toBe(false)
    expect(isApprovalRequired({ code: 'approval_required', field: 'role' })).toBe(false)
    expect(isApprovalRequired({ code: 'conflict', field: 'approval_id' })).toBe(false)
  })
})

describe('rowOffer and rowsToCheck', () => {
  const produced = { id: 4, state: 'approved', ready: false, job_id: 9, produced_at: '2026-06-09T09:00:00+08:00' }

  it('offers to produce an approved request not produced yet, nothing for the others', () => {
    expect(rowOffer({ id: 1, state: 'approved', ready: true, job_id: null }, null)).toBe('produce')
    for (const state of ['pending', 'returned', 'rejected', 'withdrawn']) expect(rowOffer({ id: 1, state, ready: false, job_id: null }, null)).toBe('')
    expect(rowOffer(null, null)).toBe('')
  })

  it('says a produced one is produced, offers its file while the job keeps one, and says when it is still being made', () => {
    expect(rowOffer(produced, null)).toBe('produced')
    expect(rowOffer(produced, { id: 9, state: 'done', file: { name: 'a.csv' } })).toBe('download')
    expect(rowOffer(produced, { id: 9, state: 'done', file: null })).toBe('produced')
    expect(rowOffer(produced, { id: 9, state: 'running', file: null })).toBe('running')
    expect(rowOffer(produced, { id: 9, state: 'queued', file: null })).toBe('running')
  })

  it('asks for the files of the newest FILE_CHECK_ROWS produced requests only', () => {
    const rows = [{ id: 99, ready: true, job_id: null }, { id: 98, state: 'pending', job_id: null }]
    for (let i = 0; i < FILE_CHECK_ROWS + 3; i++) rows.push({ ...produced, id: 50 - i, job_id: 100 - i })
    const asked = rowsToCheck(rows)
    expect(asked.length).toBe(FILE_CHECK_ROWS)
    expect(asked[0].id).toBe(50)
    expect(asked.every((r) => r.job_id)).toBe(true)
    expect(rowsToCheck(null)).toEqual([])
  })
})
