// One list screen's state, the same for every list (docs/DECISIONS.md §43):
//
// - filters live in the URL query, so a reload, the back button or a shared
//   link shows the same list; the form edits a draft that apply() writes to
//   the URL (values equal to their default are left out);
// - keyset paging: the server's next_cursor is pushed on a stack, so "next"
//   and "previous" walk pages without page numbers the server would have to
//   count to; any change of filter or page size starts again at page 1;
// - the page is in the URL too (`cursor` and `page`, pushed as history
//   entries): the back button returns to the page left, also after opening
//   a record; the stack of cursors behind a URL is remembered for this tab,
//   and a shared link opens its page with "previous" leading to page 1
//   (a keyset cursor cannot be walked backwards);
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

// The cursor stacks behind page URLs seen in this tab ("<route>?<query>" →
// { stack, page }), so a list opened again by the back button can go back further.
const seenPages = new Map()
const SEEN_MAX = 200

function queryKey(name, q) {
  return (name || '') + '?' + Object.keys(q).sort().map((k) => k + '=' + q[k]).join('&')
}

function remember(key, value) {
  seenPages.delete(key)
  seenPages.set(key, value)
  if (seenPages.size > SEEN_MAX) seenPages.delete(seenPages.keys().next().value)
}

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
  const pageNo = ref(1)
  const nextCursor = ref(null)
  let seq = 0
  let shownKey = null // the URL query the rows shown belong to
  let totalKey = null // the filters the total was counted for

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
  const page = computed(() => pageNo.value)
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

  /**
   * A page opened from a URL (a link, the back button after a reload) has no
   * first page's total to keep: ask for it with a first page of one row.
   */
  async function loadTotal(mine) {
    const q = request()
    delete q.cursor
    q.limit = 1
    q.total = 1
    try {
      const r = (await fetch(q)) || {}
      if (mine !== seq || r.total === undefined) return
      total.value = r.total
      capped.value = !!r.total_capped
      totalKey = filterKey()
    } catch (e) {
      /* the page itself shows any error */
    }
  }

  /** The applied filters and page size as a key (what a total was counted for). */
  function filterKey() {
    return queryKey('', toQuery(applied.value))
  }

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    const req = request()
    if (req.cursor && totalKey !== filterKey()) {
      total.value = null
      loadTotal(mine)
    }
    try {
      const r = (await fetch(req)) || {}
      if (mine !== seq) return
      items.value = r.items || []
      nextCursor.value = r.next_cursor || null
      if (r.total !== undefined) {
        total.value = r.total
        capped.value = !!r.total_capped
        totalKey = filterKey()
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
    pageNo.value = 1
    nextCursor.value = null
    shownKey = queryKey(routeName, route().query)
    return load()
  }

  /** Show the page the URL names (cursor, page), with the stack behind it when this tab saw it. */
  function pageOfUrl() {
    const q = route().query
    const cursor = typeof q.cursor === 'string' && q.cursor ? q.cursor : null
    if (!cursor) return firstPage()
    const key = queryKey(routeName, q)
    const seen = seenPages.get(key)
    const n = Number(q.page)
    stack.value = seen ? seen.stack : [null, cursor]
    pageNo.value = seen ? seen.page : Number.isInteger(n) && n >= 2 ? n : 2
    nextCursor.value = null
    shownKey = key
    return load()
  }

  /** Go to page n (stack: the cursors up to it) as a new history entry, and load it. */
  async function showPage(newStack, n) {
    const cursor = newStack[newStack.length - 1]
    const q = toQuery(applied.value)
    if (cursor) {
      q.cursor = cursor
      q.page = String(n)
    }
    stack.value = newStack
    pageNo.value = n
    shownKey = queryKey(routeName, q)
    if (cursor) remember(shownKey, { stack: newStack, page: n })
    // The URL first: a change of filter made meanwhile then starts from this URL, not under it.
    await router.push({ query: q })
    return load()
  }

  function sameQuery(a, b) {
    return queryKey('', a) === queryKey('', b)
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
    return showPage([...stack.value, nextCursor.value], pageNo.value + 1)
  }

  function prev() {
    if (stack.value.length <= 1 || loading.value) return undefined
    const back = stack.value.slice(0, -1)
    return showPage(back, back.length > 1 ? pageNo.value - 1 : 1)
  }

  function syncDraft() {
    for (const k of keys) draft[k] = applied.value[k]
  }

  // The URL is the truth: on every change of its query (apply, back button, a link) the
  // draft follows it and the list shows the page it names (page 1 without a cursor).
  watch(() => route().query, () => {
    if (!active()) return
    syncDraft()
    if (queryKey(routeName, route().query) === shownKey) return // next/prev loaded it already
    pageOfUrl()
  }, { immediate: true })

  return {
    draft, applied, items, total, capped, totalText, rangeText, loading, error,
    page, limit, pageSizes, hasPrev, hasNext, activeCount,
    apply, reset, next, prev, reload: firstPage, setPageSize, toQuery,
  }
}
