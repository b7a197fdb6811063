// A list read by "load more" (src/composables/useMore.js): a customer's tasks and timeline, the
// pool, the distribution's customers.
import { describe, expect, it } from 'vitest'
import { useMore } from '../../src/composables/useMore.js'

describe('useMore', () => {
  it('reads a first page, appends the next, and lets a reload win over an older answer', async () => {
    const pages = { '': { items: [{ id: 1 }, { id: 2 }], next_cursor: 'c2' }, c2: { items: [{ id: 3 }], next_cursor: null } }
    const asked = []
    const list = useMore(async (q) => { asked.push(q); return pages[q.cursor || ''] }, { limit: 2 })
    await list.reload()
    expect(list.items.value.map((x) => x.id)).toEqual([1, 2])
    expect(list.hasMore.value).toBe(true)
    await list.more()
    expect(list.items.value.map((x) => x.id)).toEqual([1, 2, 3])
    expect(list.hasMore.value).toBe(false)
    await list.more() // nothing more to read
    expect(asked).toEqual([{ limit: 2 }, { limit: 2, cursor: 'c2' }])
    list.drop(2)
    expect(list.items.value.map((x) => x.id)).toEqual([1, 3])

    let release
    const slow = useMore((q) => (q.cursor ? Promise.resolve({ items: [] }) : new Promise((r) => { release = r })))
    const first = slow.reload()
    const firstRelease = release
    const second = slow.reload()
    release({ items: [{ id: 9 }] })
    await second
    firstRelease({ items: [{ id: 8 }] })
    await first
    expect(slow.items.value.map((x) => x.id)).toEqual([9])
  })

  it('shows an error and keeps nothing of a failed first page', async () => {
    const list = useMore(async () => { throw { message: 'down' } })
    await list.reload()
    expect(list.error.value).toBe('down')
    expect(list.items.value).toEqual([])
  })
})
