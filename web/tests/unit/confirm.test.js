// Verified updates (R-ARC-12): which pending requests the customer's page shows as key-field
// changes waiting for the manager.
import { describe, it, expect } from 'vitest'
import { keyChangesOf, KEY_CHANGE } from '../../src/views/customers/confirm.js'

const req = (id, customer, extra = {}) => ({ id, kind: KEY_CHANGE, state: 'pending', subject: { customer_id: customer, version: 3, fields: ['mobile', 'email'] }, ...extra })
const label = (k) => ({ mobile: '手机', email: '邮箱' }[k] || k)

describe('keyChangesOf', () => {
  it('R-ARC-12: issue 12 item 11: keeps the pending key changes of this customer, with their fields as labels', () => {
    const items = [req(7, 42), req(8, 43), req(9, 42, { state: 'approved' }), req(10, 42, { kind: 'export.personal' }), { id: 11, kind: KEY_CHANGE, state: 'pending' }]
    expect(keyChangesOf(items, 42, true, label, '、')).toEqual([{ id: 7, mine: true, fields: '手机、邮箱' }])
    expect(keyChangesOf(items, '43', false, label)).toEqual([{ id: 8, mine: false, fields: '手机, 邮箱' }])
    expect(keyChangesOf(undefined, 42, true, label)).toEqual([])
  })
})
