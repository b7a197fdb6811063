// A list read page by page with "load more" under it (a customer's tasks and timeline, the pool,
// the distribution's customers): the server's next_cursor is kept, "more" appends the next page,
// a reload starts again.
// A reload started meanwhile wins over an older answer.
//
//   const pool = useMore((q) => listPool({ ...filters, ...q }), { limit: 50 })
//   pool.reload(); pool.more(); pool.items.value; pool.hasMore.value
import { computed, ref } from 'vue'

/** fetch(query): query has limit and, past the first page, cursor; answers {items, next_cursor}. */
export function useMore(fetch, { limit = 50 } = {}) {
  const items = ref([])
  const nextCursor = ref(null)
  const loading = ref(false)
  const error = ref('')
  const loaded = ref(false)
  let seq = 0

  async function load(more) {
    if (more && !nextCursor.value) return
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const q = { limit }
      if (more) q.cursor = nextCursor.value
      const r = (await fetch(q)) || {}
      if (mine !== seq) return
      items.value = more ? items.value.concat(r.items || []) : (r.items || [])
      nextCursor.value = r.next_cursor || null
      loaded.value = true
    } catch (e) {
      if (mine !== seq) return
      if (!more) items.value = []
      error.value = (e && e.message) || String(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Take a row off the list shown (claimed, distributed) without reading it again. */
  function drop(id) {
    items.value = items.value.filter((x) => x.id !== id)
  }

  return {
    items, nextCursor, loading, error, loaded, hasMore: computed(() => !!nextCursor.value),
    reload: () => load(false), more: () => load(true), drop,
  }
}
