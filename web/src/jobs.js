// Background jobs (docs/API.md "Background jobs"): start, poll every 500 ms, download the file.
import { computed, onBeforeUnmount, ref } from 'vue'
import { api, download } from './api.js'
import { i18n } from './i18n/index.js'

export const POLL_MS = 500

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Message of an error object ({message, message_zh, message_en}) in the current language. */
export function errText(e) {
  if (!e) return ''
  if (typeof e === 'string') return e
  const en = i18n.global.locale.value === 'en'
  return (en ? e.message_en : e.message_zh) || e.message || e.message_zh || e.message_en || ''
}

/** Percentage 0–100 of a job from done/total. */
export function jobPercent(job) {
  if (!job) return 0
  if (job.state === 'done') return 100
  if (!job.total || job.total <= 0) return 0
  return Math.max(0, Math.min(100, Math.floor((job.done / job.total) * 100)))
}

/** "12.3 MB" style size. */
export function fmtSize(n) {
  if (n === null || n === undefined || n === '') return ''
  const v = Number(n)
  if (!Number.isFinite(v)) return String(n)
  if (v < 1024) return v + ' B'
  const units = ['KB', 'MB', 'GB', 'TB']
  let x = v / 1024
  let i = 0
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++ }
  return (x >= 100 ? x.toFixed(0) : x.toFixed(1)) + ' ' + units[i]
}

/** Download a finished job's file (GET /jobs/{id}/file). */
export function downloadJobFile(job) {
  return download('/jobs/' + job.id + '/file', (job.file && job.file.name) || 'kehu-' + job.id)
}

/**
 * One job at a time per use: run(() => api.post(...)) starts it and polls until
 * done or failed. `job` is the last job answer, `error` an error object
 * ({message, message_zh, message_en, field}) of a refused start or a failed job.
 * Starting again (or unmounting) abandons the previous poll.
 */
export function useJob() {
  const job = ref(null)
  const running = ref(false)
  const error = ref(null)
  let token = 0

  const percent = computed(() => jobPercent(job.value))
  const done = computed(() => !!job.value && job.value.state === 'done')
  const indeterminate = computed(() => running.value && !(job.value && job.value.total > 0))

  onBeforeUnmount(() => { token++ })

  async function run(start) {
    const my = ++token
    job.value = null
    error.value = null
    running.value = true
    try {
      const r = await start()
      if (my !== token) return null
      const id = r && (r.job_id ?? r.id)
      if (!id) throw { message: 'no job_id' }
      job.value = { id, state: 'queued', done: 0, total: 0, summary: null, error: null, file: null }
      for (;;) {
        const j = await api.get('/jobs/' + id)
        if (my !== token) return null
        job.value = j
        if (j.state === 'done' || j.state === 'failed') break
        await sleep(POLL_MS)
        if (my !== token) return null
      }
      if (job.value.state === 'failed') error.value = job.value.error || { message: i18n.global.t('err.unknown') }
      return job.value
    } catch (e) {
      if (my === token) error.value = (e && e.error && (e.error.message_zh || e.error.message_en)) ? { ...e.error, message: e.message } : e
      return null
    } finally {
      if (my === token) running.value = false
    }
  }

  function reset() {
    token++
    job.value = null
    error.value = null
    running.value = false
  }

  return { job, running, error, percent, done, indeterminate, run, reset }
}
