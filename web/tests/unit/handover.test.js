// The departure handover's logic (src/views/admin/handover.js): the kinds shown are those held,
// whatever the server names; the body names a kind's own successor only when it differs from
// the one for everything; a refusal lands on the reason, the successor, or its kind's line.
import { describe, expect, it } from 'vitest'
import { errorPlaces, handoverBody, heldKinds, missingSuccessor } from '../../src/views/admin/handover.js'

const holdings = {
  user_id: 7,
  items: [
    { kind: 'department_head', label: '部门负责人', count: 1 },
    { kind: 'loans', label: '未归还的外借', count: 1 },
    { kind: 'customers', label: '负责的客户', count: 4 },
    { kind: 'custodian', label: '密级专人', count: 0 },
    { kind: 'something_new', label: '新的事项', count: 2 },
  ],
  total: 8,
}

describe('handover.js', () => {
  it('shows the kinds held, a kind it does not know included, and none of an empty answer', () => {
    expect(heldKinds(holdings).map((h) => h.kind)).toEqual(['department_head', 'loans', 'customers', 'something_new'])
    expect(heldKinds({ items: [{ kind: 'loans', count: 0 }], total: 0 })).toEqual([])
    expect(heldKinds(null)).toEqual([])
  })

  it('needs a successor for every kind held', () => {
    const held = heldKinds(holdings)
    expect(missingSuccessor(held, null, {})).toBe(true)
    expect(missingSuccessor(held, 8, {})).toBe(false)
    expect(missingSuccessor(held, null, { department_head: 8, loans: 8, customers: 9 })).toBe(true)
    expect(missingSuccessor(held, null, { department_head: 8, loans: 8, customers: 9, something_new: 8 })).toBe(false)
  })

  it('sends `to` for everything and a kind\'s own successor only when it differs', () => {
    const held = heldKinds(holdings)
    expect(handoverBody(held, { to: 8, successors: {}, reason: ' 李娜离职 ' })).toEqual({ to: 8, reason: '李娜离职' })
    expect(handoverBody(held, { to: 8, successors: { loans: 9, customers: 8, custodian: 5 }, reason: 'x' }))
      .toEqual({ to: 8, successors: { loans: 9 }, reason: 'x' })
    expect(handoverBody(held, { to: null, successors: { department_head: 8, loans: 8, customers: 9, something_new: 8, custodian: '' }, reason: 'x' }))
      .toEqual({ successors: { department_head: 8, loans: 8, customers: 9, something_new: 8 }, reason: 'x' })
  })

  it('puts a refusal on the reason, the successor, or the line of its kind', () => {
    const held = heldKinds(holdings)
    expect(errorPlaces({ field: 'successors.customers', message: '不能负责客户', errors: [] }, held)).toEqual({ 'successors.customers': '不能负责客户' })
    expect(errorPlaces({ field: 'reason', message: '必填', errors: [{ field: 'reason', message: '必填' }] }, held)).toEqual({ reason: '必填' })
    expect(errorPlaces({ field: 'to', message: 'bad', errors: [] }, held)).toEqual({ to: 'bad' })
    // a kind not shown (not held), and an error of no field, are said under the form
    expect(errorPlaces({ field: 'successors.custodian', message: 'a', errors: [] }, held)).toEqual({ _: 'a' })
    expect(errorPlaces({ field: null, message: 'nothing held', errors: [] }, held)).toEqual({ _: 'nothing held' })
    expect(errorPlaces({ errors: [{ field: 'successors.loans', message: 'l' }, { field: '', message: 'x' }, { field: 'successors.x', message: 'y' }] }, held, '；'))
      .toEqual({ 'successors.loans': 'l', _: 'x；y' })
  })
})
