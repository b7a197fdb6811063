// Merging a duplicate's logic (src/views/customers/merge.js, R-ARC-8): the dialog compares the
// takeable fields that differ, marks those the server fills by itself, sends only the fields
// chosen, shows a refusal by the field it names, and is offered only where a merge can be.
import { describe, expect, it } from 'vitest'
import {
  AUTO_FILL, TAKEABLE, canMerge, compareRows, errorPlace, labelKey, mergeBody, pickOptions, takenFields, validateMerge,
} from '../../src/views/customers/merge.js'

const survivor = {
  id: 42, version: 7, kind: 'individual', name: '合并王五', gender: 'male', mobile: '13800138000', email: '',
  notes: '留下的备注', stage: 'lead', category: '', region_name: '', province_code: null, grade: 'A', owner: { id: 5, name: '张伟' },
}
const duplicate = {
  id: 57, version: 3, kind: 'individual', name: '合并王五', gender: 'female', mobile: '13900139000', email: 'ww@example.com',
  notes: '', stage: 'lead', category: 'vip', region_name: '上海市 / 市辖区 / 黄浦区', province_code: 310000, city_code: 310100, district_code: 310101,
  grade: 'B', owner: { id: 7, name: '李娜' }, contacts: [{ id: 1, name: '重复联系人' }],
}

describe('merge.js', () => {
  it('R-ARC-8: issue 12 item 11: compares the takeable fields that differ, in the server\'s order, and nothing else', () => {
    const rows = compareRows(survivor, duplicate)
    expect(rows.map((r) => r.field)).toEqual(['gender', 'mobile', 'email', 'region', 'category', 'notes'])
    // grade and owner differ but are not merged; name and stage are the same
    expect(rows.find((r) => r.field === 'mobile')).toEqual({ field: 'mobile', mine: '13800138000', theirs: '13900139000', auto: false, takeable: true })
    expect(rows.find((r) => r.field === 'region').theirs).toBe('上海市 / 市辖区 / 黄浦区')
    expect(labelKey('region')).toBe('field.region_name')
    expect(labelKey('mobile')).toBe('field.mobile')
    expect(compareRows(survivor, null)).toEqual([])
    expect(compareRows(survivor, { ...survivor, id: 57 })).toEqual([])
    expect(TAKEABLE).toHaveLength(21)
  })

  it('R-ARC-8: issue 12 item 11: where this customer has no value of a field the server fills, the row is automatic; an empty choice is not', () => {
    const rows = compareRows(survivor, duplicate)
    const auto = rows.filter((r) => r.auto).map((r) => r.field)
    expect(auto).toEqual(['email', 'region'])
    // category is a choice: empty on the survivor, but chosen, never filled
    expect(rows.find((r) => r.field === 'category')).toMatchObject({ auto: false, takeable: true })
    // the duplicate has no notes: nothing to take, the survivor keeps its own
    expect(rows.find((r) => r.field === 'notes')).toMatchObject({ auto: false, takeable: false, mine: '留下的备注', theirs: '' })
    for (const f of ['birthday', 'phone_office', 'uscc', 'industry', 'company_address']) expect(AUTO_FILL).toContain(f)
    expect(AUTO_FILL).not.toContain('name')
  })

  it('R-ARC-8: issue 12 item 11: the body names the duplicate, the trimmed reason, the fields set to take and the survivor\'s version', () => {
    const rows = compareRows(survivor, duplicate)
    const choices = { gender: 'keep', mobile: 'take', category: 'take', notes: 'take', email: 'take' }
    expect(mergeBody(survivor, '57', '  同一客户录入两次 ', rows, choices)).toEqual({
      duplicate_id: 57, reason: '同一客户录入两次', take: ['mobile', 'category'], version: 7,
    })
    // automatic rows and rows without a value to take are never sent; nothing chosen is an empty list
    expect(takenFields(rows, {})).toEqual([])
    expect(mergeBody(survivor, 57, 'x', rows, null).take).toEqual([])
  })

  it('R-ARC-8: issue 12 item 11: a duplicate and a reason are needed; a refusal shows by the picker, the reason, or above the buttons', () => {
    expect(validateMerge(null, ' ')).toEqual({ duplicate_id: 'customer.merge.pickRequired', reason: 'customer.reasonRequired' })
    expect(validateMerge(57, '重复')).toEqual({})
    expect(errorPlace('duplicate_id')).toBe('duplicate_id')
    expect(errorPlace('reason')).toBe('reason')
    expect(errorPlace('version')).toBe('_')
    expect(errorPlace('mobile')).toBe('_')
    expect(errorPlace(null)).toBe('_')
  })

  it('R-ARC-8: issue 12 item 11: the search offers the customers found but never the survivor itself', () => {
    const items = [{ id: 42, code: 'KH-1', name: '合并王五' }, { id: 57, code: 'KH-2', name: '合并王五', mobile: '139****9000' }]
    expect(pickOptions(items, '42')).toEqual([{ id: 57, code: 'KH-2', name: '合并王五', mobile: '139****9000' }])
    expect(pickOptions(null, 42)).toEqual([])
  })

  it('R-ARC-8: issue 12 item 11: merging is offered with the permission on a record neither archived, merged nor read through a grant', () => {
    expect(canMerge(survivor, { perm: true, grant: null })).toBe(true)
    expect(canMerge(survivor, { perm: false, grant: null })).toBe(false)
    expect(canMerge({ ...survivor, archived: true }, { perm: true })).toBe(false)
    expect(canMerge({ ...survivor, merged_into: 9 }, { perm: true })).toBe(false)
    expect(canMerge(survivor, { perm: true, grant: { request_id: 3 } })).toBe(false)
    expect(canMerge(null, { perm: true })).toBe(false)
  })
})
