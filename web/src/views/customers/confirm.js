// Verified updates (R-ARC-12): the key-field changes of one A-grade customer that wait for the
// manager's confirmation, as the customer's page shows them — the reader's own requests, and
// those waiting for the reader's decision. A request's subject names the customer and fields.
import { listApprovals } from '../approvals/api.js'

export const KEY_CHANGE = 'customer.key_change'

/** The requests of items about customer id, as {id, mine, fields} (fields as labels, joined). */
export function keyChangesOf(items, id, mine, label, sep = ', ') {
  return (items || [])
    .filter((r) => r.kind === KEY_CHANGE && r.state === 'pending' && r.subject && Number(r.subject.customer_id) === Number(id))
    .map((r) => ({ id: r.id, mine, fields: (r.subject.fields || []).map(label).join(sep) }))
}

/** Both boxes' pending key changes of customer id (own first), without repeats. */
export async function pendingKeyChanges(id, label, sep) {
  const query = (box) => listApprovals({ box, state: 'pending', kind: KEY_CHANGE, limit: 50 })
  const [mine, todo] = await Promise.all([query('mine'), query('todo')])
  const out = keyChangesOf(mine.items, id, true, label, sep)
  for (const p of keyChangesOf(todo.items, id, false, label, sep)) if (!out.some((x) => x.id === p.id)) out.push(p)
  return out
}
