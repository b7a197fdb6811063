// The new-customer development endpoints (docs/API.md "New-customer development 客户开发"): the
// candidates, one candidate, its scores, moving it on or dropping it, and the selection criteria.
import { api } from '../../api.js'

const one = (id) => '/candidates/' + encodeURIComponent(id)

/** The candidates one may see: {items}; stage filters ('' for all). */
export const listCandidates = (stage) => api.get('/candidates', stage ? { stage } : undefined)
/** One candidate with its criteria, score and steps (404 when not visible). */
export const getCandidate = (id) => api.get(one(id))
/** A new candidate {name, uscc?, contact?, phone?} → 201 the candidate. */
export const createCandidate = (body) => api.post('/candidates', body)
/** Change fields of the stages reached → the candidate; 409 naming a later stage's field. */
export const updateCandidate = (id, body) => api.patch(one(id), body)
/** Score the criteria {scores: {code: 0–10}} → the candidate with its score. */
export const putScores = (id, body) => api.put(one(id) + '/scores', body)
/** Move on → the candidate in its next stage (or its application pending); 409 "stage" naming the gaps. */
export const advanceCandidate = (id, note) => api.post(one(id) + '/advance', note ? { note } : {})
/** Drop it with the reason (required) → the candidate, dropped. */
export const dropCandidate = (id, reason) => api.post(one(id) + '/drop', { reason })
/** The selection criteria with their weights: [{code, name, name_en, weight, position}]. */
export const listCriteria = async () => (await api.get('/candidate-criteria')).items || []
/** New weights {weights: {code: 0–100}} → the criteria. */
export const putCriteria = async (body) => (await api.put('/candidate-criteria', body)).items || []
