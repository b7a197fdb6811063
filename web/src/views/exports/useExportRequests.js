// The signed-in user's export requests and what they do with an approved one, shared by the
// page 我的导出申请 and a request's approval page: the list (GET /export-requests), producing
// an approved export (POST /exports {approval_id}, a job) and downloading it, and downloading
// a produced one's file again while the server keeps it. Call in a component's setup (useJob).
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { i18n } from '../../i18n/index.js'
import { useJob, errText, downloadJobFile } from '../../jobs.js'
import { getJob, listExportRequests, produceExport } from './api.js'
import { rowOffer, rowsToCheck } from './exports.js'

export function useExportRequests() {
  const t = (...a) => i18n.global.t(...a)
  const items = ref([])
  const direct = ref(false)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')
  // job id → the job's answer, for produced rows whose file may still be kept
  const jobs = reactive({})
  // the request whose export is being produced, or null
  const producing = ref(null)
  const job = useJob()
  let token = 0

  async function checkFiles(rows) {
    const my = token
    await Promise.all(rowsToCheck(rows).filter((r) => !jobs[r.job_id]).map(async (r) => {
      try {
        const j = await getJob(r.job_id)
        if (my === token) jobs[r.job_id] = j
      } catch (e) { /* gone or not ours: the row just says it was produced */ }
    }))
  }

  async function load() {
    const my = ++token
    loading.value = true
    error.value = ''
    try {
      const r = (await listExportRequests()) || {}
      if (my !== token) return
      items.value = r.items || []
      direct.value = !!r.direct
      loaded.value = true
      checkFiles(items.value)
    } catch (e) {
      if (my === token) error.value = e.message
    } finally {
      if (my === token) loading.value = false
    }
  }

  /** What the row offers now (see rowOffer). */
  const offer = (row) => rowOffer(row, (row && jobs[row.job_id]) || null)
  const rowFor = (id) => items.value.find((r) => String(r.id) === String(id)) || null

  /** Produce an approved export and download it; a refusal (409: not approved, already produced) is a message. */
  async function produce(row) {
    if (!row || job.running.value) return false
    producing.value = row.id
    try {
      const j = await job.run(() => produceExport(row.id))
      if (!j || j.state !== 'done') {
        ElMessage.error(errText(job.error.value) || t('err.unknown'))
        return false
      }
      jobs[j.id] = j
      try {
        await downloadJobFile(j)
        ElMessage.success(t('exports.producedDone'))
      } catch (e) {
        ElMessage.error(e.message)
      }
      return true
    } finally {
      producing.value = null
      await load()
    }
  }

  /** Download a produced export's file again; a file deleted meanwhile is a message. */
  async function downloadAgain(row) {
    const j = row && jobs[row.job_id]
    if (!j) return
    try {
      await downloadJobFile(j)
    } catch (e) {
      ElMessage.error(e.message)
      if (e.status === 404) jobs[row.job_id] = { ...j, file: null }
    }
  }

  return { items, direct, loading, loaded, error, jobs, job, producing, load, offer, rowFor, produce, downloadAgain }
}
