// Field encryption in Settings (EncryptionCard.vue, R-SEC-11) and the custom fields' sensitive
// flag (SettingsPage.vue): which data keys to list, what a rotation job did, and when a field's
// "sensitive" switch can be changed.

/**
 * The data keys of a GET /encryption answer, the active one first, then newest first. `values`
 * is the number of values sealed under the key when the answer was counted (?counts=1), else null.
 */
export function keyRows(status) {
  const keys = (status && status.keys) || []
  return keys
    .map((k) => ({ version: k.version, active: !!k.active, created_at: k.created_at, values: Number.isFinite(k.values) ? k.values : null }))
    .sort((a, b) => Number(b.active) - Number(a.active) || b.version - a.version)
}

/** Values not encrypted yet of a counted answer (should be 0), or null when the answer was not counted. */
export function plaintextCount(status) {
  return status && Number.isFinite(status.plaintext) ? status.plaintext : null
}

/** What a finished rotation job did: `{ version, resealed }` of its summary, or null unless the job is done. */
export function rotationResult(job) {
  if (!job || job.state !== 'done' || !job.summary) return null
  const { version, resealed } = job.summary
  if (!Number.isFinite(version)) return null
  return { version, resealed: Number.isFinite(resealed) ? resealed : 0 }
}

/** A phone field is always sensitive: its switch shows on and cannot be changed. */
export function sensitiveLocked(field) {
  return !!field && field.type === 'phone'
}

/** The position of a field's sensitive switch (a phone field: on, whatever it says). */
export function sensitiveShown(field) {
  return sensitiveLocked(field) || !!(field && field.sensitive)
}

/** The reindex job a PATCH /custom-fields/{id} answer started (the flag changed), or null. */
export function reindexJob(answer) {
  const id = answer && answer.reindex_job_id
  return Number.isFinite(id) && id > 0 ? id : null
}
