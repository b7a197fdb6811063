// The leak reports' endpoints (docs/API.md "Leak reports", R-SEC-9).
import { api } from '../../api.js'
import { localOffset, offsetOf, wallTime } from './leaks.js'

const one = (id) => '/leak-reports/' + encodeURIComponent(id)

/** A page of reports, newest first: state (open | closed | all), limit, cursor. */
export const listLeaks = (query) => api.get('/leak-reports', query)
/** One report with its customers and remedial actions. */
export const getLeak = (id) => api.get(one(id))
/** Report a leak: {summary, details?, occurred_at?, customer_ids?} → the report. */
export const reportLeak = (body) => api.post('/leak-reports', body)
/** Set a remedial action (leak.manage): {action, owner_id, due_at} → the report. */
export const addLeakAction = (id, body) => api.post(one(id) + '/actions', body)
/** Mark an action done (its owner or leak.manage), with a note → the report. */
export const completeLeakAction = (id, actionId, note) =>
  api.post(one(id) + '/actions/' + encodeURIComponent(actionId) + '/done', { note })
/** Close a report with its conclusion (leak.manage) → the report; 409 "actions" while one is open. */
export const closeLeak = (id, conclusion) => api.post(one(id) + '/close', { conclusion })
/**
 * The company's zone offset ("+08:00") and the server's time now as a wall time there
 * ({offset, now}): times are entered in the company's zone, and "not in the future" is the
 * server's clock. Unknown (an old server, a network error): the browser's offset, now ''.
 */
export async function companyTime() {
  try {
    const z = (await api.get('/settings/timezone')) || {}
    return { offset: offsetOf(z.now) || z.offset || localOffset(), now: wallTime(z.now) }
  } catch (e) {
    return { offset: localOffset(), now: '' } // the server checks the time again
  }
}
