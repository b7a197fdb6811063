// What the scheduled tasks card (GET /scheduled-tasks, POST /scheduled-tasks/:name/run) decides on
// its own, as plain functions (tested in tests/unit/scheduledTasks.test.js).

/** The tag type of a job state: running and queued are in progress, failed is an error. */
export function stateType(state) {
  return { done: 'success', failed: 'danger', running: 'warning', queued: 'info' }[state] || 'info'
}

/** Whether a task's last job is still to end (its button waits). */
export function inProgress(task) {
  return !!(task && task.job && ['queued', 'running'].includes(task.job.state))
}

/**
 * How long a finished job took, through the card's messages t(key, values): "12 s" as
 * settings.scheduled.secs {s}, "1 min 05 s" as settings.scheduled.mins {m, s}; '' while unknown.
 */
export function duration(seconds, t) {
  if (seconds === null || seconds === undefined || !(seconds >= 0)) return ''
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  if (!m) return t('settings.scheduled.secs', { s })
  return t('settings.scheduled.mins', { m, s: String(s).padStart(2, '0') })
}

/** Progress of a running job in percent, null when it counts nothing. */
export function percent(job) {
  if (!job || !(job.total > 0)) return null
  return Math.min(100, Math.round((100 * job.done) / job.total))
}
