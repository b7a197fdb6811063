// The in-app inbox shared by the header's bell and the approvals pages: the unread
// count, polled every 30 s while the tab is visible (and at once when it becomes
// visible again), the latest notifications when the bell opens, and refresh()
// after any approval action. One state per tab; start() returns a stop function.
//
// A poll is a request, and every request keeps the session from going idle
// (session_idle_minutes): an open tab nobody uses must still be signed out. So a
// poll is made only when the user did something (pointer, key, touch, wheel) since
// the previous one: the session outlives its user by at most one interval.
import { reactive } from 'vue'
import { listNotifications, markRead, unreadCount } from './api.js'

export const POLL_MS = 30000

export const inbox = reactive({ unread: 0, items: [], loading: false, error: '' })

let deps = { unreadCount, listNotifications, markRead, doc: typeof document !== 'undefined' ? document : null }
let timer = null
let users = 0
let lastActivity = 0
let lastPoll = 0
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel']

/** For tests: replace the endpoints and the document. */
export function setInboxDeps(d) { deps = { ...deps, ...d } }

const visible = () => !deps.doc || deps.doc.visibilityState !== 'hidden'

function onActivity() { lastActivity = Date.now() }

/** Ask for the unread count now (errors keep the last count). */
export async function refreshUnread() {
  lastPoll = Date.now()
  try {
    const r = await deps.unreadCount()
    inbox.unread = Number((r && r.unread) || 0)
  } catch (e) { /* keep the last count; the next poll tries again */ }
  return inbox.unread
}

/** The latest notifications (the bell's list), and the count that comes with them. */
export async function loadLatest(limit = 10) {
  inbox.loading = true
  inbox.error = ''
  try {
    const r = (await deps.listNotifications({ limit })) || {}
    inbox.items = r.items || []
    if (r.unread !== undefined) inbox.unread = Number(r.unread) || 0
  } catch (e) {
    inbox.error = (e && e.message) || String(e)
  } finally {
    inbox.loading = false
  }
  return inbox.items
}

/**
 * Where a notification leads: its own link (an in-app path such as "/loans?id=3") when it
 * has one, else its approval request; null when neither.
 */
export function inboxTarget(n) {
  const link = n && typeof n.link === 'string' ? n.link.trim() : ''
  if (link.startsWith('/') && !link.startsWith('//')) return link
  if (n && n.request_id) return '/approvals/' + n.request_id
  return null
}

/** Mark one notification read. */
export async function readOne(n) {
  if (!n || n.read) return
  const r = await deps.markRead({ id: n.id })
  n.read = true
  if (r && r.unread !== undefined) inbox.unread = Number(r.unread) || 0
}

/** Mark every notification up to the newest shown read. */
export async function readAll() {
  const newest = inbox.items.reduce((m, n) => Math.max(m, n.id), 0)
  if (!newest) return
  const r = await deps.markRead({ up_to: newest })
  for (const n of inbox.items) n.read = true
  if (r && r.unread !== undefined) inbox.unread = Number(r.unread) || 0
}

/** After an approval action: the count and, when it was loaded, the list. */
export function refreshInbox() {
  refreshUnread()
  if (inbox.items.length) loadLatest()
}

function onVisibility() {
  if (visible()) { onActivity(); refreshUnread() }
}

/** The timer's turn: only when the tab is visible and someone used it since the last poll. */
function tick() {
  if (visible() && lastActivity >= lastPoll) refreshUnread()
}

/** Start polling (shared by every caller); the function returned stops this caller's share. */
export function startInbox() {
  users += 1
  if (users === 1) {
    refreshUnread()
    timer = setInterval(tick, POLL_MS)
    if (deps.doc) {
      deps.doc.addEventListener('visibilitychange', onVisibility)
      for (const e of ACTIVITY) deps.doc.addEventListener(e, onActivity, { passive: true, capture: true })
    }
  }
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    users -= 1
    if (users === 0) {
      clearInterval(timer)
      timer = null
      if (deps.doc) {
        deps.doc.removeEventListener('visibilitychange', onVisibility)
        for (const e of ACTIVITY) deps.doc.removeEventListener(e, onActivity, { capture: true })
      }
      inbox.unread = 0
      inbox.items = []
      lastActivity = 0
    }
  }
}
