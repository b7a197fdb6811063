// The list composable (src/composables/useList.js) against a made-up list
// server and a real router in memory: keyset paging forward and back, filters
// in the URL, reset and page size back to page 1, totals and capped estimates;
// then ListPager showing them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, effectScope, h, nextTick } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { useList, formatTotal } from '../../src/composables/useList.js'
import ListPager from '../../src/components/ListPager.vue'
import { i18n, setLang } from '../../src/i18n/index.js'

const Page = { render: () => null }

/** Rows 1..n; a cursor is the index of the next row; the total on the first page, as the server counts it. */
function fakeServer(n, { capped = false } = {}) {
  const rows = Array.from({ length: n }, (_, i) => ({ id: i + 1 }))
  return vi.fn(async (q) => {
    const start = q.cursor ? Number(q.cursor) : 0
    const items = rows.slice(start, start + q.limit)
    const more = start + q.limit < n
    const page = { items, next_cursor: more ? String(start + q.limit) : null }
    if (q.cursor || !q.total) return page // counted only when asked, on a first page
    return { ...page, total: capped ? 10000 : n, ...(capped ? { total_capped: true } : {}) }
  })
}

const settle = async () => {
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 0))
}

const FILTERS = { q: '', grade: '', archived: 'false', order: 'desc' }

let router, scope
beforeEach(async () => {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/customers', name: 'customers', component: Page },
      { path: '/customers/:id', name: 'customer', component: Page },
    ],
  })
  await router.push('/customers')
  await router.isReady()
})
afterEach(() => { scope?.stop(); scope = null })

function start(fetch, opts = {}) {
  scope = effectScope()
  return scope.run(() => useList({ fetch, filters: FILTERS, routeName: 'customers', router, pageSize: 3, pageSizes: [3, 10], ...opts }))
}

const lastQuery = (fetch) => fetch.mock.calls[fetch.mock.calls.length - 1][0]
const ids = (list) => list.items.value.map((r) => r.id)

describe('useList', () => {
  it('loads page 1 with the filters the URL holds and their defaults', async () => {
    await router.push('/customers?grade=A&q=%E5%BC%A0')
    const fetch = fakeServer(8)
    const list = start(fetch)
    await settle()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(lastQuery(fetch)).toEqual({ q: '张', grade: 'A', archived: 'false', order: 'desc', limit: 3, total: 1 })
    expect(list.draft.grade).toBe('A')
    expect(ids(list)).toEqual([1, 2, 3])
    expect(list.total.value).toBe(8)
    expect(list.totalText.value).toBe('8')
    expect(list.activeCount.value).toBe(2)
  })

  it('pages forward with the server\'s cursors and back through the stack', async () => {
    const fetch = fakeServer(8)
    const list = start(fetch)
    await settle()
    expect(list.hasPrev.value).toBe(false)
    expect(list.hasNext.value).toBe(true)
    await list.next()
    expect(lastQuery(fetch).cursor).toBe('3')
    expect(ids(list)).toEqual([4, 5, 6])
    expect(list.page.value).toBe(2)
    expect(list.rangeText.value).toBe('4–6')
    expect(list.totalText.value).toBe('8') // counted once, kept while paging
    await list.next()
    expect(ids(list)).toEqual([7, 8])
    expect(list.hasNext.value).toBe(false)
    expect(list.rangeText.value).toBe('7–8')
    await list.next() // nothing further: no request
    expect(fetch).toHaveBeenCalledTimes(3)
    await list.prev()
    expect(lastQuery(fetch).cursor).toBe('3')
    expect(ids(list)).toEqual([4, 5, 6])
    await list.prev()
    expect('cursor' in lastQuery(fetch)).toBe(false)
    expect(ids(list)).toEqual([1, 2, 3])
    expect(list.hasPrev.value).toBe(false)
  })

  it('writes applied filters to the URL without defaults, and a reload reads them back', async () => {
    const fetch = fakeServer(8)
    const list = start(fetch)
    await settle()
    list.draft.grade = 'B'
    list.draft.q = '  李 '
    list.draft.archived = 'false' // the default: left out
    await list.apply()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ grade: 'B', q: '李' })
    expect(lastQuery(fetch)).toMatchObject({ grade: 'B', q: '李', archived: 'false' })
    // A reload or a shared link: a new list on the same URL shows the same filters.
    scope.stop()
    const again = fakeServer(8)
    const list2 = start(again)
    await settle()
    expect(list2.draft.grade).toBe('B')
    expect(list2.draft.q).toBe('李')
    expect(lastQuery(again)).toMatchObject({ grade: 'B', q: '李' })
    // The back button (or any link) changes the URL: the list follows, from page 1.
    await list2.next()
    await router.push('/customers?grade=C')
    await settle()
    expect(list2.draft.grade).toBe('C')
    expect(list2.draft.q).toBe('')
    expect(list2.page.value).toBe(1)
    expect('cursor' in lastQuery(again)).toBe(false)
  })

  it('R-PLT-1: issue 9 item 11: the page is in the URL: the back button returns to it, a shared link opens it', async () => {
    await router.push('/customers?grade=A')
    const fetch = fakeServer(10)
    const list = start(fetch)
    await settle()
    await list.next()
    await list.next()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ grade: 'A', cursor: '6', page: '3' })
    expect(ids(list)).toEqual([7, 8, 9])
    // open a record, come back with the back button: the same page, with its way back
    scope.stop()
    await router.push('/customers/8')
    router.back()
    await settle()
    const fetch2 = fakeServer(10)
    const back = start(fetch2)
    await settle()
    expect(ids(back)).toEqual([7, 8, 9])
    expect(back.page.value).toBe(3)
    expect(back.rangeText.value).toBe('7–9')
    expect(back.totalText.value).toBe('10') // asked for again (a first page of one row) for a page opened from the URL
    await back.prev()
    await settle()
    expect(ids(back)).toEqual([4, 5, 6])
    expect(router.currentRoute.value.query).toEqual({ grade: 'A', cursor: '3', page: '2' })
    // the browser's back button walks the pages too
    router.back()
    await settle()
    expect(ids(back)).toEqual([7, 8, 9])
    expect(back.page.value).toBe(3)
    // a link shared to someone else (no history in their tab): that page; previous leads to page 1
    scope.stop()
    await router.push('/customers?grade=B&cursor=3&page=2&limit=10')
    const fetch3 = fakeServer(30)
    const shared = start(fetch3)
    await settle()
    expect(fetch3.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining([
      expect.objectContaining({ grade: 'B', cursor: '3', limit: 10 }),
      expect.objectContaining({ grade: 'B', limit: 1, total: 1 }),
    ]))
    expect(shared.totalText.value).toBe('30')
    expect(shared.page.value).toBe(2)
    expect(shared.draft.grade).toBe('B')
    await shared.prev()
    await settle()
    expect(shared.page.value).toBe(1)
    expect('cursor' in lastQuery(fetch3)).toBe(false)
    expect(router.currentRoute.value.query).toEqual({ grade: 'B', limit: '10' })
  })

  it('a reset of the filters returns to page 1, keeping the keys asked to stay', async () => {
    await router.push('/customers?grade=A&q=x')
    const fetch = fakeServer(10)
    const list = start(fetch)
    await settle()
    await list.next()
    await list.next()
    expect(list.page.value).toBe(3)
    await list.reset(['q'])
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'x' })
    expect(list.page.value).toBe(1)
    expect(list.draft.grade).toBe('')
    expect('cursor' in lastQuery(fetch)).toBe(false)
    expect(ids(list)).toEqual([1, 2, 3])
    // Resetting what is already the URL still starts again at page 1.
    await list.next()
    const calls = fetch.mock.calls.length
    await list.reset(['q'])
    await settle()
    expect(fetch.mock.calls.length).toBe(calls + 1)
    expect(list.page.value).toBe(1)
  })

  it('a page size goes to the URL and starts at page 1', async () => {
    const fetch = fakeServer(25)
    const list = start(fetch)
    await settle()
    await list.next()
    await list.setPageSize(10)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ limit: '10' })
    expect(lastQuery(fetch).limit).toBe(10)
    expect(list.page.value).toBe(1)
    expect(ids(list)).toHaveLength(10)
    await list.setPageSize(3) // the default again: out of the URL
    await settle()
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('shows a capped count as an estimate: 10,000+', async () => {
    const list = start(fakeServer(12, { capped: true }))
    await settle()
    expect(list.total.value).toBe(10000)
    expect(list.capped.value).toBe(true)
    expect(list.totalText.value).toBe('10,000+')
    expect(formatTotal(1234, false)).toBe('1,234')
    expect(formatTotal(null, false)).toBe('')
  })

  it('ignores the URL of other pages, and answers that arrive late', async () => {
    let release
    const slow = vi.fn((q) => (q.grade === 'A' ? new Promise((r) => { release = r }) : fakeServer(5)(q)))
    const list = start(slow)
    await settle()
    await router.push('/customers?grade=A') // slow answer pending
    await settle()
    await router.push('/customers?grade=B')
    await settle()
    release({ items: [{ id: 99 }], next_cursor: null, total: 1 })
    await settle()
    expect(ids(list)).toEqual([1, 2, 3])
    expect(list.total.value).toBe(5)
    const calls = slow.mock.calls.length
    await router.push('/customers/7')
    await settle()
    expect(slow.mock.calls.length).toBe(calls)
  })

  it('keeps the error and shows no rows when the server refuses', async () => {
    const list = start(vi.fn(async () => { throw { status: 400, message: '应为以下值之一：A, B, C' } }))
    await settle()
    expect(list.error.value).toBe('应为以下值之一：A, B, C')
    expect(list.items.value).toEqual([])
    expect(list.totalText.value).toBe('')
  })
})

describe('ListPager', () => {
  it('shows the rows, the total or its estimate, and turns pages', async () => {
    setLang('en')
    const el = document.createElement('div')
    document.body.appendChild(el)
    const fetch = fakeServer(12, { capped: true })
    let list
    const app = createApp({
      setup() {
        list = useList({ fetch, filters: FILTERS, routeName: 'customers', router, pageSize: 3, pageSizes: [3, 10] })
        return () => h(ListPager, { list })
      },
    })
    app.use(router).use(i18n).use(ElementPlus)
    app.mount(el)
    await settle()
    await nextTick()
    expect(el.querySelector('[data-test="list-total"]').textContent).toBe('1–3 of 10,000+')
    el.querySelector('[data-test="page-next"]').click()
    await settle()
    await nextTick()
    expect(lastQuery(fetch).cursor).toBe('3')
    expect(el.querySelector('[data-test="list-total"]').textContent).toBe('4–6 of 10,000+')
    expect(el.querySelector('[data-test="page-prev"]').disabled).toBe(false)
    app.unmount()
    el.remove()
    setLang('zh-CN')
  })
})
