// The half-yearly inspection's endpoints (docs/API.md "The half-yearly inspection 每半年检查").
import { api } from '../../api.js'

const run = (id) => '/inspections/' + encodeURIComponent(id)

/** The runs, newest first: {items: [{id, period, started_by, created_at, finished_at, ...}]}. */
export const listRuns = () => api.get('/inspections')
/** Start a run now → 202 {job_id} (its summary names the inspection); 409 names period while one runs. */
export const startRun = () => api.post('/inspections', {})
/** One run with its owners: {..., owners: [{owner, flagged, stale, avg_score}]}. */
export const getRun = (id) => api.get(run(id))
/** A page of a run's items: {owner_id?, limit, cursor} → {items, next_cursor}. */
export const runItems = (id, query) => api.get(run(id) + '/items', query)
/** Record the review → the run; 422 names outcome, 409 names state (not finished). */
export const reviewRun = (id, outcome) => api.post(run(id) + '/review', { outcome })
