// One list screen's state, the same for every list (docs/DECISIONS.md §43):
//
// - filters live in the URL query, so a reload, the back button or a shared
//   link shows the same list; the form edits a draft that apply() writes to
//   the URL (values equal to their default are left out);
// - keyset paging: the server's next_cursor is pushed on a stack, so "next"
//   and "previous" walk pages without page numbers the server would have to
//   count to; any change of filter or page size starts again at page 1;
// - the total (`total`, which the server counts on the first page only and
//   the list keeps while paging), or an estimate when the server stopped
//   counting (`total_capped`: "10,000+");
// - the page size, in the URL as `limit` when it is not the default.
//
//   const list = useList({
//     fetch: (query) => listCustomers(query),   // the capability's api.js
//     filters: { q: '', grade: '', archived: 'false', sort: '', order: 'desc' },
//     routeName: 'customers',
//   })
//   list.draft.grade = 'A'; list.apply()      // → ?grade=A, page 1
//   list.next(); list.prev(); list.reset()
//
// fetch gets the applied filters (defaults left out) plus limit and cursor,
// and answers the server's list object {items, next_cursor, total, total_capped}.
import { computed, reactive, ref, watch } from 'vue'
import { useRouter } from 'vue-router'

export const PAGE_SIZES = [20, 50, 100, 200]

/** "1,234", or "10,000+" for a capped count; '' while unknown. */
export function formatTotal(total, capped) {
  if (total === null || total === undefined) return ''
  const n = Number(total).toLocaleString('en-US')
  return capped ? n + '+' : n
}

function clean(v) {
  if (v === null || v === undefined) return ''
  return String(v).trim()
}

export function useList({ fetch, filters, routeName, router = useRouter(), pageSize = 50, pageSizes = PAGE_SIZES }) {
  const keys = Object.keys(filters)
  const defaults = { ...filters }
  const draft = reactive({ ...defaults })
  const items = ref([])
  const total = ref(null)
  const capped = ref(false)
  const loading = ref(false)
  const error = ref('')
  const stack = ref([null])
  const nextCursor = ref(null)
  let seq = 0

  const route = () => router.currentRoute.value
  const active = () => !routeName || route().name === routeName

  /** The filters the URL holds, every key present (defaults filled in). */
  const applied = computed(() => {
    const q = route().query
    const out = {}
    for (const k of keys) out[k] = typeof q[k] === 'string' && q[k] !== '' ? q[k] : defaults[k]
    return out
  })
  const limit = computed(() => {
    const n = Number(route().query.limit)
    return pageSizes.includes(n) ? n : pageSize
  })
  const page = computed(() => stack.value.length)
  const hasPrev = computed(() => stack.value.length > 1)
  const hasNext = computed(() => !!nextCursor.value)
  const totalText = computed(() => formatTotal(total.value, capped.value))
  /** "51–100" for the rows shown. */
  const rangeText = computed(() => {
    if (!items.value.length) return ''
    const start = (page.value - 1) * limit.value + 1
    return `${start}–${start + items.value.length - 1}`
  })
  /** How many filters differ from their defaults (for a badge). */
  const activeCount = computed(() => keys.filter((k) => clean(applied.value[k]) !== clean(defaults[k])).length)

  /** The URL query for filters f: values equal to their default are left out. */
  function toQuery(f, size = limit.value) {
    const q = {}
    for (const k of keys) {
      const v = clean(f[k])
      if (v !== '' && v !== clean(defaults[k])) q[k] = v
    }
    if (size !== pageSize) q.limit = String(size)
    return q
  }

  /** What fetch gets: the applied filters without the empty ones and defaults kept as the server needs them. */
  function request() {
    const q = {}
    for (const k of keys) {
      const v = clean(applied.value[k])
      if (v !== '') q[k] = v
    }
    q.limit = limit.value
    const cursor = stack.value[stack.value.length - 1]
    if (cursor) q.cursor = cursor
    else q.total = 1 // counted on the first page only: a count costs more than a page
    return q
  }

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const r = (await fetch(request())) || {}
      if (mine !== seq) return
      items.value = r.items || []
      nextCursor.value = r.next_cursor || null
      if (r.total !== undefined) {
        total.value = r.total
        capped.value = !!r.total_capped
      }
    } catch (e) {
      if (mine !== seq) return
      items.value = []
      nextCursor.value = null
      total.value = null
      capped.value = false
      error.value = (e && e.message) || String(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function firstPage() {
    stack.value = [null]
    nextCursor.value = null
    return load()
  }

  function sameQuery(a, b) {
    const ka = Object.keys(a).sort()
    const kb = Object.keys(b).sort()
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && String(a[k]) === String(b[k]))
  }

  /** Write q to the URL; when the URL already says so, reload page 1 (the watcher does otherwise). */
  async function go(q) {
    if (sameQuery(q, route().query)) return firstPage()
    await router.replace({ query: q })
  }

  /** Show the draft's filters from page 1. */
  function apply() {
    return go(toQuery(draft))
  }

  /** Every filter back to its default, from page 1. keep: keys to leave as they are (e.g. the search text). */
  function reset(keep = []) {
    for (const k of keys) if (!keep.includes(k)) draft[k] = defaults[k]
    return apply()
  }

  function setPageSize(n) {
    return go(toQuery(applied.value, pageSizes.includes(Number(n)) ? Number(n) : pageSize))
  }

  function next() {
    if (!nextCursor.value || loading.value) return undefined
    stack.value = [...stack.value, nextCursor.value]
    return load()
  }

  function prev() {
    if (stack.value.length <= 1 || loading.value) return undefined
    stack.value = stack.value.slice(0, -1)
    return load()
  }

  function syncDraft() {
    for (const k of keys) draft[k] = applied.value[k]
  }

  // The URL is the truth: on every change of its query (apply, back button, a link) the
  // draft follows it and the list starts again at page 1.
  watch(() => route().query, () => {
    if (!active()) return
    syncDraft()
    firstPage()
  }, { immediate: true })

  return {
    draft, applied, items, total, capped, totalText, rangeText, loading, error,
    page, limit, pageSizes, hasPrev, hasNext, activeCount,
    apply, reset, next, prev, reload: firstPage, setPageSize, toQuery,
  }
}
