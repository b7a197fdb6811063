// The public pool's and the distribution's endpoints (docs/API.md "The public pool 公海").
import { api } from '../../api.js'

/** A page of the caller's pool, longest there first: {grade?, since?, since_to?, limit, cursor}. */
export const listPool = (query) => api.get('/pool', query)
/** Claim a customer of the pool → {id, owner}; 409 names max_owned, claims_per_day or pool. */
export const claimFromPool = (id) => api.post('/pool/' + encodeURIComponent(id) + '/claim', {})
/** Release one's customer to the pool with the reason → {id, in_pool}. */
export const releaseToPool = (id, reason) => api.post('/customers/' + encodeURIComponent(id) + '/release', { reason })
/** The reclaim rules: {rules: [{grade, no_followup_days, no_deal_days}]}. */
export const poolRules = () => api.get('/pool/rules')
/** Replace the reclaim rules (the whole set) → the rules as stored. */
export const savePoolRules = (rules) => api.put('/pool/rules', { rules })

/** A page of the customers without an owner the caller sees (the customer list's unowned filter). */
export const listUnowned = (query) => api.get('/customers', { ...query, unowned: 'true' })
/** A balanced distribution: {customer_ids, members: [{user_id, weight}]} → {items, loads}; nothing changes. */
export const proposeDistribution = (body) => api.post('/distribution/proposal', body)
/** Give each customer to its person: {items: [{customer_id, user_id}], reason} → {transferred}. */
export const distribute = (body) => api.post('/distribution', body)
