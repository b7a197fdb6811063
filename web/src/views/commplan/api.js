// The communication plans' endpoints (docs/API.md "Communication plans 沟通计划").
import { api } from '../../api.js'

const one = (id) => '/comm-plans/' + encodeURIComponent(id)

/** A page of plans, newest first: {items: [plan with results], next_cursor, states, units, channels}. */
export const listPlans = (query) => api.get('/comm-plans', query)
/** One plan with its results (totals, purchases, periods). */
export const getPlan = (id) => api.get(one(id))
/** A new draft → 201 the plan; 422 names the field (segment keys as segment.<key>). */
export const createPlan = (body) => api.post('/comm-plans', body)
/** Change a draft or paused plan → the plan; 409 names state otherwise. */
export const updatePlan = (id, body) => api.patch(one(id), body)
/** activate | pause | end → the plan; 409 names state (or end_day). */
export const movePlan = (id, verb) => api.post(one(id) + '/' + verb, {})
/** Whom a saved plan reaches now (as its creator sees the customers): {total, total_capped, shown, items}. */
export const previewPlan = (id) => api.get(one(id) + '/preview')
/** Whom a segment not saved yet reaches, as the reader sees it. */
export const previewSegment = (segment) => api.post('/comm-plans/preview', { segment })
