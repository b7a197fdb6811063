// Secrecy levels of customer records, lowest first (the server's order, GET /secrecy-levels).
// A user reads records up to their clearance; a classifier sets levels up to it.
export const SECRECY_LEVELS = ['normal', 'confidential', 'top_secret']

/** Rank of a level: 0 for normal, -1 for an unknown value. */
export function secrecyRank(level) {
  return SECRECY_LEVELS.indexOf(level || 'normal')
}

/** Message key of the label of a level given by its rank (approval rules and requests count in ranks). */
export function secrecyLabelKey(rank) {
  return 'secrecy.level.' + (SECRECY_LEVELS[rank] || 'normal')
}

/** The levels a user of `clearance` may give a record: every level up to their own. */
export function levelsUpTo(clearance) {
  const top = secrecyRank(clearance)
  return SECRECY_LEVELS.filter((_, i) => i <= top)
}

/** Element Plus tag type of a level's badge; '' for normal (no badge). */
export function secrecyTagType(level) {
  return ({ confidential: 'warning', top_secret: 'danger' })[level] || ''
}
