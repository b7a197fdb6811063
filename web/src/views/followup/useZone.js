// The company's time zone and clock for the forms and lists of this module: times are entered
// and grouped in the company's zone, and "now" is the server's (read once, then moved on by the
// browser's clock), so that a phone in another zone or with a wrong clock still agrees with the
// server.
import { onMounted, reactive } from 'vue'
import { companyTime } from './api.js'
import { companyClock } from './followup.js'
import { localOffset, zoned } from '../leaks/leaks.js'

// One read serves the panels and dialogs of a page opened within a minute ({at, answer}).
const FRESH_MS = 60000
let last = null

function readZone() {
  if (!last || Date.now() - last.at > FRESH_MS) {
    const at = Date.now()
    last = { at, answer: companyTime() }
  }
  return last
}

export function useCompanyZone() {
  const zone = reactive({ offset: localOffset(), ready: false })
  let clock = () => ''

  async function load() {
    const { at, answer } = readZone()
    const z = await answer
    zone.offset = z.offset
    clock = companyClock(z.now ? zoned(z.now, z.offset) : '', at)
    zone.ready = true
  }

  onMounted(load)
  /** The company's wall time now ("YYYY-MM-DD HH:mm:ss"), '' while unknown. */
  const now = () => clock()
  /** Today's date in the company's zone, '' while unknown (read zone.ready to follow it). */
  const today = () => now().slice(0, 10)
  return { zone, now, today }
}
