// Sharing between branches (docs/API.md "Sharing between branches").
import { api } from '../../api.js'

/** The rules in force (and the revoked ones when revoked is true) → {items}. */
export const listShares = (revoked) => api.get('/branch-shares', revoked ? { revoked: 'true' } : {})
/** A new rule: {from_branch_id, to_branch_id, grade ('' every grade), note} → the rule. */
export const createShare = (body) => api.post('/branch-shares', body)
/** Revoke rule id → {id, revoked}. */
export const revokeShare = (id) => api.post('/branch-shares/' + encodeURIComponent(id) + '/revoke', {})
