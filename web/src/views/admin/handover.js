// The departure handover's logic (HandoverDialog.vue, R-SEC-8): which kinds a user holds, the
// body of POST /users/{id}/handover, and where a refusal is shown.

/** The longest reason the server takes. */
export const REASON_MAX = 500

/** The kinds held (count > 0) of a GET /users/{id}/holdings answer, in its order; any kind the server names. */
export function heldKinds(holdings) {
  return ((holdings && holdings.items) || []).filter((h) => h.count > 0)
}

/** True when some held kind would have no successor: no `to`, and that kind none of its own. */
export function missingSuccessor(held, to, successors) {
  return !to && held.some((h) => !successors[h.kind])
}

/**
 * The handover's body: `to` takes every kind not named in `successors`, so a kind's own
 * successor is sent only when it differs from `to` (and only for kinds held).
 */
export function handoverBody(held, { to, successors, reason }) {
  const own = {}
  for (const h of held) {
    const s = successors[h.kind]
    if (s && s !== to) own[h.kind] = s
  }
  const body = { reason: (reason || '').trim() }
  if (to) body.to = to
  if (Object.keys(own).length) body.successors = own
  return body
}

/**
 * A refusal's messages by where the dialog shows them: `reason`, `to`, `successors.<kind>` of a
 * kind held (on that kind's line), anything else under `_` (several joined by `sep`).
 */
export function errorPlaces(e, held, sep = '; ') {
  const list = e.errors && e.errors.length ? e.errors : [{ field: e.field, message: e.message }]
  const kinds = new Set(held.map((h) => 'successors.' + h.kind))
  const out = {}
  for (const x of list) {
    const f = x.field || ''
    if (f === 'reason' || f === 'to' || kinds.has(f)) out[f] = x.message
    else out._ = out._ ? out._ + sep + x.message : x.message
  }
  return out
}
