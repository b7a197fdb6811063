// Communication plans: the form's values, its checks (as the server checks), and labels.

export const CHANNELS = ['call', 'visit', 'meeting', 'email', 'sms', 'wechat', 'qq', 'letter', 'event']
export const UNITS = ['days', 'weeks', 'months']
export const MAX = { name: 100, goal: 500, content: 2000 }
const EVERY_MAX = { days: 365, weeks: 52, months: 12 }

export const maxEveryOf = (unit) => EVERY_MAX[unit] || 365

/** An empty form starting on day (YYYY-MM-DD): every week by phone, every customer. */
export function emptyForm(day) {
  return { name: '', goal: '', channel: 'call', content: '', unit: 'weeks', every: 1, start_day: day || '', end_day: '', segment: {} }
}

/** The form of a saved plan. */
export function formOf(p) {
  return {
    name: p.name, goal: p.goal, channel: p.channel, content: p.content, unit: p.unit, every: p.every,
    start_day: p.start_day, end_day: p.end_day || '', segment: { ...(p.segment || {}) },
  }
}

/** The request body: the segment's empty values left out, no end day as null. */
export function bodyOf(f) {
  const segment = Object.fromEntries(Object.entries(f.segment || {}).filter(([, v]) => v !== '' && v !== null && v !== undefined))
  return {
    name: f.name.trim(), goal: f.goal.trim(), channel: f.channel, content: f.content.trim(), unit: f.unit, every: f.every,
    start_day: f.start_day, end_day: f.end_day || null, segment,
  }
}

const chars = (s) => [...(s || '')].length

/** {field: [messageKey, params]} for what the form can tell before sending; {} when fine. */
export function validate(f) {
  const out = {}
  for (const k of ['name', 'goal', 'content']) {
    const n = chars((f[k] || '').trim())
    if (!n) out[k] = ['commplan.form.required']
    else if (n > MAX[k]) out[k] = ['commplan.form.tooLong', { n: MAX[k] }]
  }
  if (!f.start_day) out.start_day = ['commplan.form.required']
  if (!Number.isInteger(f.every) || f.every < 1 || f.every > maxEveryOf(f.unit)) out.every = ['commplan.form.required']
  return out
}

/** [messageKey, params] of a plan's frequency. */
export function frequencyText(p, t) {
  return t('commplan.every', { n: p.every, unit: t('commplan.units.' + p.unit) })
}

/** The segment as readable pairs: [[labelKey, value]] (keys the customer list's). */
export function segmentPairs(segment) {
  const label = { grade: 'field.grade', category: 'field.category', stage: 'field.stage', value_tier: 'field.value_tier', owner_id: 'field.owner', tag: 'field.tags', province_code: 'customer.region', city_code: 'customer.region', district_code: 'customer.region' }
  return Object.entries(segment || {}).map(([k, v]) => [label[k] || k, String(v)])
}

/** Which moves a plan of this state offers. */
export function movesOf(state) {
  return { draft: ['activate', 'end'], active: ['pause', 'end'], paused: ['activate', 'end'], ended: [] }[state] || []
}
export const editable = (state) => state === 'draft' || state === 'paused'
