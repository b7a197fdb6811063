// What the lending register shows, as plain functions (tested in tests/unit/loans.test.js):
// the filters the page offers and sends, how many days a loan is overdue, and who may
// register its return.

export const STATES = ['open', 'overdue', 'returned', 'all']
export const KINDS = ['file', 'export']
export const DEFAULT_STATE = 'open'
export const DEFAULT_DAYS = 3
/** The register's filter keys (GET /loans) and their defaults, as the URL keeps them. */
export const FILTERS = { state: DEFAULT_STATE, kind: '', borrower_id: '', lent_from: '', lent_to: '' }

const DAY_MS = 86400000

/**
 * The filters to send for the applied ones (the list's query): an unknown state or kind
 * falls back to its default, empty keys are left out, and borrower_id only for a keeper
 * (anyone else sees their own loans only). A loan named by id (a link from the inbox)
 * is looked for in every state.
 */
export function loanQuery(applied, { keeper = false, focusId = '' } = {}) {
  const q = {}
  const a = applied || {}
  const state = STATES.includes(a.state) ? a.state : DEFAULT_STATE
  q.state = focusId ? 'all' : state
  if (KINDS.includes(a.kind)) q.kind = a.kind
  if (keeper && /^\d+$/.test(String(a.borrower_id || ''))) q.borrower_id = String(a.borrower_id)
  for (const k of ['lent_from', 'lent_to']) if (/^\d{4}-\d{2}-\d{2}$/.test(String(a[k] || ''))) q[k] = a[k]
  for (const k of ['limit', 'cursor']) if (a[k] !== undefined && a[k] !== '') q[k] = a[k]
  return q
}

/**
 * Whole days a loan is overdue at `now` (ms): 1 from the moment it falls due, one more
 * every 24 hours after, as the overdue alerts count; 0 when returned or not yet due.
 * When the server says it is overdue the answer is at least 1 (the clocks may differ).
 */
export function overdueDays(loan, now = Date.now()) {
  if (!loan || loan.returned_at) return 0
  // The server counts them on its (test) clock when it answers; the browser's clock is the fallback.
  if (Number.isInteger(loan.overdue_days)) return loan.overdue_days
  const due = Date.parse(loan.due_at || '')
  if (!Number.isFinite(due)) return loan.overdue ? 1 : 0
  const days = now >= due ? Math.floor((now - due) / DAY_MS) + 1 : 0
  if (loan.overdue) return Math.max(1, days)
  return loan.overdue === false ? 0 : days
}

/** May this user register the loan's return: its borrower or a keeper, while it is open. */
export function canReturn(loan, userId, keeper) {
  if (!loan || loan.returned_at) return false
  return !!keeper || (!!userId && loan.borrower && String(loan.borrower.id) === String(userId))
}
