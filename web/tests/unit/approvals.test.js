// The approvals pages' logic (src/views/approvals/approvals.js) and the inbox they share with
// the header's bell (useInbox.js): states, approvers, whom a request waits for, the rules
// editor's yuan/fen rows, the default tab; the unread count polled every 30 s only while the
// tab is visible and used (a poll must not keep an idle session alive), refreshed when it
// becomes visible, marking read one or all.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  approverText, blankRow, defaultBox, fenToYuan, pendingStep, ruleField, rowsToRules, rulesToRows,
  stateType, stepStatus, waitingFor, yuanToFen,
} from '../../src/views/approvals/approvals.js'
import { POLL_MS, inbox, loadLatest, readAll, readOne, refreshInbox, setInboxDeps, startInbox } from '../../src/views/approvals/useInbox.js'

const settle = async () => { for (let i = 0; i < 4; i++) await Promise.resolve() }

describe('approvals.js', () => {
  const req = {
    state: 'pending', step: 2,
    steps: [
      { position: 1, state: 'approved', approver: { type: 'user', user: { id: 6, name: '周建国' } } },
      { position: 2, state: 'pending', approver: { type: 'role', role: 'gm', label: '总经理' } },
    ],
  }

  it('colours states and maps steps to el-steps statuses', () => {
    expect(stateType('approved')).toBe('success')
    expect(stateType('rejected')).toBe('danger')
    expect(stateType('pending')).toBe('warning')
    expect(stateType('withdrawn')).toBe('info')
    expect(stateType('something-new')).toBe('info')
    expect(stepStatus({ state: 'approved' })).toBe('success')
    expect(stepStatus({ state: 'rejected' })).toBe('error')
    expect(stepStatus({ state: 'pending' })).toBe('process')
    expect(stepStatus({ state: 'waiting' })).toBe('wait')
  })

  it('names who decides a step and whom a pending request waits for', () => {
    expect(approverText(req.steps[0])).toBe('周建国')
    expect(approverText(req.steps[1])).toBe('总经理')
    expect(approverText({ approver: { type: 'role', role: 'gm' } })).toBe('gm')
    expect(pendingStep(req).position).toBe(2)
    expect(waitingFor(req)).toBe('总经理')
    expect(waitingFor({ ...req, state: 'approved' })).toBe('')
    expect(waitingFor(null)).toBe('')
  })

  it('shows amounts in yuan and sends them in fen', () => {
    expect(fenToYuan(123456)).toBe(1234.56)
    expect(yuanToFen(1234.56)).toBe(123456)
    expect(yuanToFen('0.1')).toBe(10)
    expect(yuanToFen(-5)).toBe(0)
    expect(yuanToFen('abc')).toBe(0)
    const rules = [
      { approver: 'dept_head', role: '', min_amount: 0, max_amount: 0, min_secrecy: 0, hours: 8 },
      { approver: 'role', role: 'gm', role_label: '总经理', min_amount: 100000, max_amount: 5000000, min_secrecy: 1, hours: 48 },
    ]
    const rows = rulesToRows(rules)
    expect(rows[1]).toEqual({ approver: 'role', role: 'gm', min_yuan: 1000, max_yuan: 50000, min_secrecy: 1, hours: 48 })
    expect(rowsToRules(rows)).toEqual([
      { approver: 'dept_head', min_amount: 0, max_amount: 0, min_secrecy: 0, hours: 8 },
      { approver: 'role', role: 'gm', min_amount: 100000, max_amount: 5000000, min_secrecy: 1, hours: 48 },
    ])
    expect(blankRow().approver).toBe('role')
    expect(ruleField('rules[2].hours')).toEqual({ index: 2, key: 'hours' })
    expect(ruleField('reason')).toBe(null)
  })

  it('opens "waiting for me" when something waits, my requests otherwise, and a tab the URL names', () => {
    expect(defaultBox('', 3, false)).toBe('todo')
    expect(defaultBox('', 0, false)).toBe('mine')
    expect(defaultBox('done', 3, false)).toBe('done')
    expect(defaultBox('all', 0, false)).toBe('mine')
    expect(defaultBox('all', 0, true)).toBe('all')
    expect(defaultBox('bogus', 1, true)).toBe('todo')
  })
})

describe('useInbox', () => {
  let doc, unread, stop
  beforeEach(() => {
    vi.useFakeTimers()
    const listeners = {}
    doc = {
      visibilityState: 'visible',
      addEventListener: (n, f) => { listeners[n] = f },
      removeEventListener: (n) => { delete listeners[n] },
      fire: (n) => listeners[n] && listeners[n](),
    }
    unread = 2
    setInboxDeps({
      doc,
      unreadCount: vi.fn(async () => ({ unread })),
      listNotifications: vi.fn(async () => ({ items: [{ id: 5, read: false, text: 'a' }, { id: 4, read: false, text: 'b' }], unread })),
      markRead: vi.fn(async (b) => { unread = b.up_to ? 0 : unread - 1; return { unread } }),
    })
  })
  afterEach(() => {
    if (stop) stop()
    stop = null
    vi.useRealTimers()
  })

  it('polls the unread count every 30 s while the tab is visible, and at once when it becomes visible', async () => {
    stop = startInbox()
    await settle()
    expect(inbox.unread).toBe(2)
    unread = 3
    doc.fire('pointermove')
    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(inbox.unread).toBe(3)
    doc.fire('keydown')
    doc.visibilityState = 'hidden'
    unread = 7
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(inbox.unread).toBe(3)
    doc.visibilityState = 'visible'
    doc.fire('visibilitychange')
    await settle()
    expect(inbox.unread).toBe(7)
  })

  it('does not poll a tab nobody uses, so the session can still end when idle', async () => {
    const deps = { unreadCount: vi.fn(async () => ({ unread })) }
    setInboxDeps(deps)
    stop = startInbox()
    await settle()
    expect(deps.unreadCount).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(POLL_MS * 60)
    expect(deps.unreadCount).toHaveBeenCalledTimes(1)
    doc.fire('touchstart')
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(deps.unreadCount).toHaveBeenCalledTimes(2)
  })

  it('shares one poll between callers and stops when the last one leaves', async () => {
    const a = startInbox()
    const b = startInbox()
    await settle()
    a()
    await vi.advanceTimersByTimeAsync(POLL_MS)
    b()
    unread = 9
    await vi.advanceTimersByTimeAsync(POLL_MS * 2)
    expect(inbox.unread).toBe(0)
  })

  it('marks one notification read, then all up to the newest shown', async () => {
    stop = startInbox()
    await loadLatest()
    expect(inbox.items.map((n) => n.id)).toEqual([5, 4])
    await readOne(inbox.items[1])
    expect(inbox.items[1].read).toBe(true)
    expect(inbox.unread).toBe(1)
    await readAll()
    expect(inbox.unread).toBe(0)
    expect(inbox.items.every((n) => n.read)).toBe(true)
    unread = 4
    refreshInbox()
    await settle()
    expect(inbox.unread).toBe(4)
  })
})
