// The logic of meeting minutes (src/views/followup/minutes.js, R-INT-3, issue 13 item 3): the
// label and tag of each state, late minutes, the next thing their author does in each state, the
// minutes of a timeline entry and of a task, the checks before sending, the page's filters, and
// the per-person counts with the late ones highlighted.
import { describe, expect, it } from 'vitest'
import {
  FILTER_STATES, MAX, STATES, actionKey, byInteraction, canWriteFor, countRows, countsLate, isMinutesTask, kindKeyWithMinutes,
  lateKey, lateKind, listQuery, minutesIdOfTask, needsMinutes, nextAction, pageFilters, problems, stateKey, stateType,
  validateBody, validateNote, yearStart,
} from '../../src/views/followup/minutes.js'
import { kindKey } from '../../src/views/followup/followup.js'
import { messages } from '../../src/views/followup/module.js'

const zhangwei = { id: 6, name: '张伟' }
const minutes = (state, more = {}) => ({
  interaction_id: 41, customer: { id: 17, code: 'C1', name: '纪要客户' }, author: zhangwei, state, late: false,
  submitted_at: null, due_at: '2026-02-24T15:00:00+08:00', ...more,
})

describe('state labels', () => {
  it('names every state the server gives, in both languages, as the issue words them', () => {
    expect(STATES).toEqual(['due', 'submitted', 'returned', 'rejected', 'approved', 'sent', 'confirmed'])
    for (const loc of ['zh-CN', 'en']) {
      const m = messages[loc].minutes
      for (const s of STATES) expect(m.states[s], `${loc} ${s}`).toBeTruthy()
      for (const a of ['write', 'sent', 'confirm', 'open']) expect(m.act[a], `${loc} ${a}`).toBeTruthy()
      for (const l of ['overdue', 'submitted']) expect(m.late[l], `${loc} ${l}`).toBeTruthy()
    }
    const zh = messages['zh-CN'].minutes.states
    expect(STATES.filter((s) => s !== 'rejected').map((s) => zh[s])).toEqual(['待写', '审阅中', '退回修改', '已通过', '已发送', '已确认'])
    expect(stateKey('returned')).toBe('minutes.states.returned')
    expect(stateKey('late')).toBe('')
    expect(stateKey(undefined)).toBe('')
  })

  it('gives each state a tag colour: to write in amber, returned in red, the approved ones in green', () => {
    expect(stateType('due')).toBe('warning')
    expect(stateType('returned')).toBe('danger')
    expect(stateType('submitted')).toBe('primary')
    for (const s of ['approved', 'sent', 'confirmed']) expect(stateType(s)).toBe('success')
    expect(stateType('what')).toBe('info')
  })

  it('filters by every state and by late, everything by default', () => {
    expect(FILTER_STATES).toEqual(['', 'late', ...STATES])
  })
})

describe('late minutes', () => {
  it('are flagged as the server says: past due and not written, or written after the due time', () => {
    expect(lateKind(minutes('due'))).toBe('')
    expect(lateKey(minutes('due'))).toBe('')
    expect(lateKind(minutes('due', { late: true }))).toBe('overdue')
    expect(lateKey(minutes('due', { late: true }))).toBe('minutes.late.overdue')
    expect(lateKind(minutes('submitted', { late: true, submitted_at: '2026-02-24T16:00:00+08:00' }))).toBe('submitted')
    expect(lateKey(minutes('confirmed', { late: true, submitted_at: '2026-02-24T16:00:00+08:00' }))).toBe('minutes.late.submitted')
    expect(lateKind(minutes('submitted', { submitted_at: '2026-02-20T10:00:00+08:00' }))).toBe('')
    expect(lateKind(null)).toBe('')
  })
})

describe('the next action', () => {
  it('is for the author only: write due or returned minutes, mark approved ones sent, record the customer\'s confirmation of sent ones', () => {
    const expected = { due: 'write', submitted: '', returned: 'write', rejected: '', approved: 'sent', sent: 'confirm', confirmed: '' }
    for (const [state, action] of Object.entries(expected)) {
      expect(nextAction(minutes(state), 6), state).toBe(action)
      expect(nextAction(minutes(state), '6'), state).toBe(action)
      expect(nextAction(minutes(state), 7), `${state}, someone else`).toBe('')
    }
    expect(nextAction(minutes('due'), null)).toBe('')
    expect(nextAction(null, 6)).toBe('')
    expect(nextAction(minutes('due', { author: null }), 6)).toBe('')
    expect(actionKey('sent')).toBe('minutes.act.sent')
    expect(actionKey('')).toBe('')
  })
})

describe('which minutes', () => {
  it('are a meeting\'s or a visit\'s, and are found per timeline entry from one list', () => {
    expect(needsMinutes('meeting')).toBe(true)
    expect(needsMinutes('visit')).toBe(true)
    expect(needsMinutes('call')).toBe(false)
    const map = byInteraction([minutes('due'), { ...minutes('sent'), interaction_id: 52 }])
    expect(map.get('41').state).toBe('due')
    expect(map.get('52').state).toBe('sent')
    expect(map.get('60')).toBeUndefined()
    expect(byInteraction(undefined).size).toBe(0)
  })

  it('a task of kind minutes calls for: named by its source; write is offered to its open task\'s assignee instead of done', () => {
    const task = { id: 88, kind: 'minutes', source: 'minutes:41', state: 'open', assignee: zhangwei }
    expect(isMinutesTask(task)).toBe(true)
    expect(minutesIdOfTask(task)).toBe(41)
    expect(minutesIdOfTask({ ...task, source: 'rule:3' })).toBe(0)
    expect(minutesIdOfTask({ ...task, kind: 'follow_up' })).toBe(0)
    expect(minutesIdOfTask(null)).toBe(0)
    expect(canWriteFor(task, 6)).toBe(true)
    expect(canWriteFor(task, 7)).toBe(false)
    expect(canWriteFor({ ...task, state: 'done' }, 6)).toBe(false)
    expect(canWriteFor({ ...task, kind: 'follow_up' }, 6)).toBe(false)
    expect(canWriteFor({ ...task, assignee: null }, 6)).toBe(false)
  })

  it('labels the kind of a minutes task, other kinds as before', () => {
    expect(kindKeyWithMinutes('minutes', kindKey)).toBe('minutes.kind')
    expect(kindKeyWithMinutes('fixup', kindKey)).toBe('followup.kinds.fixup')
    expect(kindKeyWithMinutes('party', kindKey)).toBe('')
  })
})

describe('checks before sending', () => {
  it('needs a body of at most 10,000 characters, counted as characters', () => {
    expect(validateBody('一、回顾今年合作')).toEqual({})
    expect(validateBody('  ')).toEqual({ body: 'common.required' })
    expect(validateBody(null)).toEqual({ body: 'common.required' })
    expect(validateBody('长'.repeat(MAX.body))).toEqual({})
    expect(validateBody('长'.repeat(MAX.body + 1))).toEqual({ body: 'tooLong' })
    expect(validateBody('😀'.repeat(MAX.body))).toEqual({})
    expect(problems({ body: 'tooLong' })).toEqual({ body: ['minutes.err.tooLong', { n: 10000 }] })
    expect(problems({ body: 'common.required' })).toEqual({ body: ['common.required', {}] })
  })

  it('takes a confirmation note of at most 500 characters, or none', () => {
    expect(validateNote('')).toEqual({})
    expect(validateNote('客户邮件回复已收到')).toEqual({})
    expect(validateNote('长'.repeat(501))).toEqual({ note: 'tooLong' })
    expect(problems({ note: 'tooLong' })).toEqual({ note: ['minutes.err.tooLong', { n: 500 }] })
  })
})

describe('the minutes page', () => {
  it('keeps its filters in the URL, the counts and others\' minutes for task.assign holders only', () => {
    expect(pageFilters({})).toEqual({ view: 'list', state: '', author_id: '', from: '' })
    expect(pageFilters({ state: 'late' }).state).toBe('late')
    expect(pageFilters({ state: 'someday' }).state).toBe('')
    expect(pageFilters({ view: 'counts', author_id: '9' })).toMatchObject({ view: 'list', author_id: '' })
    expect(pageFilters({ view: 'counts', author_id: '9', from: '2026-01-01' }, { canAssign: true, me: 7 }))
      .toEqual({ view: 'counts', state: '', author_id: '9', from: '2026-01-01' })
    expect(pageFilters({ author_id: '7' }, { canAssign: true, me: 7 }).author_id).toBe('')
    expect(pageFilters({ author_id: 'x' }, { canAssign: true }).author_id).toBe('')
    expect(pageFilters({ from: '2026-1-1' }).from).toBe('')
    expect(listQuery({ view: 'list', state: 'late', author_id: '9', from: '' })).toEqual({ state: 'late', author_id: '9' })
    expect(listQuery({ view: 'list', state: '', author_id: '' })).toEqual({})
  })

  it('counts from the start of this year by default', () => {
    expect(yearStart('2026-03-03')).toBe('2026-01-01')
    expect(yearStart('2026-03-03 17:00:00')).toBe('2026-01-01')
    expect(yearStart('')).toBe('')
  })

  it('highlights the people with minutes submitted late or past due and lists them first', () => {
    const rows = [
      { author: { id: 8, name: '李娜' }, total: 1, late: 0, overdue: 0 },
      { author: { id: 6, name: '张伟' }, total: 3, late: 1, overdue: 0 },
      { author: { id: 9, name: '王芳' }, total: 2, late: 0, overdue: 2 },
    ]
    expect(countsLate(rows[0])).toBe(false)
    expect(countsLate(rows[1])).toBe(true)
    expect(countsLate(rows[2])).toBe(true)
    expect(countsLate(null)).toBe(false)
    const shown = countRows(rows)
    expect(shown.map((r) => [r.author.name, r.highlight])).toEqual([['张伟', true], ['王芳', true], ['李娜', false]])
    expect(shown[0]).toEqual({ ...rows[1], highlight: true })
    expect(countRows(undefined)).toEqual([])
  })
})
