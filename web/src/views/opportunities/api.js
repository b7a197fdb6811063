// The opportunities' endpoints (docs/API.md "Opportunities 商机"): the stages, the opportunities,
// the board, the funnel and the forecast.
import { api } from '../../api.js'

const one = (id) => '/opportunities/' + encodeURIComponent(id)
const stage = (id) => '/opportunity-stages/' + encodeURIComponent(id)

/** The stages in position order: the active ones, or all (all: true, for the configuration). */
export const listStages = async (all = false) => (await api.get('/opportunity-stages', all ? { all: 'true' } : undefined)).items || []
/** A new stage {name, name_en, probability} → 201 the stage (appended last). */
export const createStage = (body) => api.post('/opportunity-stages', body)
/** Change a stage (name, name_en, probability, position, active) → the stage; 409 "active" while it holds open ones. */
export const updateStage = (id, body) => api.patch(stage(id), body)

/** A page by expected close: {items, next_cursor}; query state, stage_id, owner_id, department_id, customer_id, q, close_from, close_to, limit, cursor. */
export const listOpportunities = (query) => api.get('/opportunities', query)
/** The board: {stages: [{stage, count, amount_fen, weighted_fen, items}], won, lost}; query owner_id, department_id. */
export const getBoard = (query) => api.get('/opportunities/board', query)
/** The funnel: {stages, won, lost, total}; query owner_id, department_id, close_from, close_to. */
export const getFunnel = (query) => api.get('/opportunities/funnel', query)
/** The forecast: {by, months, rows}; query by (month|owner|department), from, to (YYYY-MM), owner_id, department_id. */
export const getForecast = (query) => api.get('/opportunities/forecast', query)
/** One opportunity with its products and stage history (404 when not visible). */
export const getOpportunity = (id) => api.get(one(id))
/** A new opportunity → 201 it (as getOpportunity answers). */
export const createOpportunity = (body) => api.post('/opportunities', body)
/** Change what body gives (a stage_id moves it; a closed one answers 409 "state") → the opportunity. */
export const updateOpportunity = (id, body) => api.patch(one(id), body)
/** Close as won or lost {result, reason} (lost needs a reason) → the opportunity. */
export const closeOpportunity = (id, result, reason) => api.post(one(id) + '/close', { result, reason })
/** Open a closed one again, in its last stage (managers) → the opportunity. */
export const reopenOpportunity = (id) => api.post(one(id) + '/reopen', {})
/** The files attached to an opportunity (the documents capability): {items}. */
export const listFiles = (id) => api.get('/documents', { kind: 'opportunity', owner_id: id })
