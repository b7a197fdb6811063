// What the approvals pages show, as plain functions (tested in tests/unit/approvals.test.js):
// the tag colour of a state, who decides a step, whom a request waits for, and the
// rules editor's rows (amounts in yuan on screen, fen on the wire).

import { SECRECY_LEVELS } from '../../components/secrecy.js'

export const STATES = ['pending', 'returned', 'approved', 'rejected', 'withdrawn']
export const STEP_STATES = ['waiting', 'pending', 'approved', 'rejected', 'returned', 'withdrawn']
export const BOXES = ['todo', 'mine', 'done', 'all']
// Secrecy levels by rank: a rule applies to requests of at least its level.
export const SECRECY = SECRECY_LEVELS.map((_, rank) => rank)

const TAG = { pending: 'warning', returned: 'warning', approved: 'success', rejected: 'danger', withdrawn: 'info', waiting: 'info' }

/** Element Plus tag type of a request's or a step's state. */
export function stateType(state) {
  return TAG[state] || 'info'
}

/** el-steps status of a step: finished, current, refused, or not yet. */
export function stepStatus(step) {
  switch (step && step.state) {
    case 'approved': return 'success'
    case 'rejected': return 'error'
    case 'returned': case 'withdrawn': return 'finish'
    case 'pending': return 'process'
    default: return 'wait'
  }
}

/** Who decides a step: the role's label, or the user's name (a department head). */
export function approverText(step) {
  const a = (step && step.approver) || {}
  if (a.type === 'user') return (a.user && a.user.name) || ''
  return a.label || a.role || ''
}

/** The step a request waits on (its pending step), or null. */
export function pendingStep(req) {
  if (!req || req.state !== 'pending') return null
  const steps = req.steps || []
  return steps.find((s) => s.state === 'pending') || steps.find((s) => s.position === req.step) || null
}

/** Whom a pending request waits for ('' when it waits for nobody). */
export function waitingFor(req) {
  const s = pendingStep(req)
  return s ? approverText(s) : ''
}

/** fen (integer) → yuan for an input; 0 stays 0. */
export function fenToYuan(fen) {
  const n = Number(fen) || 0
  return Math.round(n) / 100
}

/** yuan (a number or text) → whole fen; negative or not a number → 0. */
export function yuanToFen(yuan) {
  const n = Number(yuan)
  if (!Number.isFinite(n) || n <= 0) return 0
  return Math.round(n * 100)
}

/** A kind's rules (as the server answers them) → rows the editor edits. */
export function rulesToRows(rules) {
  return (rules || []).map((r) => ({
    approver: r.approver === 'dept_head' ? 'dept_head' : 'role',
    role: r.approver === 'dept_head' ? '' : r.role || '',
    min_yuan: fenToYuan(r.min_amount),
    max_yuan: fenToYuan(r.max_amount),
    min_secrecy: Number(r.min_secrecy) || 0,
    hours: Number(r.hours) || 24,
  }))
}

/** The editor's rows → the rules PUT sends (a department head has no role). */
export function rowsToRules(rows) {
  return (rows || []).map((r) => {
    const out = {
      approver: r.approver,
      min_amount: yuanToFen(r.min_yuan),
      max_amount: yuanToFen(r.max_yuan),
      min_secrecy: Number(r.min_secrecy) || 0,
      hours: Math.round(Number(r.hours) || 0),
    }
    if (r.approver === 'role') out.role = r.role || ''
    return out
  })
}

/** A new row of the editor. */
export function blankRow() {
  return { approver: 'role', role: '', min_yuan: 0, max_yuan: 0, min_secrecy: 0, hours: 24 }
}

/** The editor row index a server field such as "rules[2].role" names, and the key: {index, key} or null. */
export function ruleField(field) {
  const m = /^rules\[(\d+)\]\.(\w+)$/.exec(field || '')
  return m ? { index: Number(m[1]), key: m[2] } : null
}

/** The tab to open: todo when something waits for me, else mine (a tab the URL names wins). */
export function defaultBox(requested, todoCount, canAll) {
  if (BOXES.includes(requested) && (requested !== 'all' || canAll)) return requested
  return todoCount > 0 ? 'todo' : 'mine'
}
