// The logic of interactions and tasks (src/views/followup/followup.js, R-INT-1, R-INT-4): labels,
// the checks made before sending that mirror the server's limits, the bodies sent, where a refusal
// shows and in which language, the company's clock, the overdue / due-today grouping, and who is
// offered what on a task.
import { describe, expect, it } from 'vitest'
import {
  CHANNELS, FILTERS, KINDS, MAX, MAX_PEOPLE, canAddTask, canFinish, canLogFor, canReassign, channelKey, companyClock, customerTaskOrder,
  dayOf, daysAfter, directionKey, emptyInteraction, emptyTask, errorText, groupTasks, interactionBody, kindKey, loggedLines,
  peopleOf, problemMessage, problems, quickTimes, serverErrors, staffFor, stateKey, statusType, taskBody, taskGroup, taskQuery,
  taskStatus, validateFinish, validateInteraction, validateTask, wallAt,
} from '../../src/views/followup/followup.js'
import { messages } from '../../src/views/followup/module.js'

describe('labels', () => {
  it('names the message of every channel, kind and state the server knows, in both languages', () => {
    expect(CHANNELS).toEqual(expect.arrayContaining(['call', 'visit', 'meeting', 'email', 'sms', 'wechat', 'qq', 'letter', 'event']))
    expect(CHANNELS).toHaveLength(9)
    expect(KINDS).toEqual(['follow_up', 'next_step', 'callback', 'greeting', 'fixup', 'other'])
    for (const loc of ['zh-CN', 'en']) {
      const m = messages[loc].followup
      for (const c of CHANNELS) expect(m.channels[c], `${loc} ${c}`).toBeTruthy()
      for (const k of KINDS) expect(m.kinds[k], `${loc} ${k}`).toBeTruthy()
      for (const s of ['open', 'overdue', 'done', 'skipped', 'all']) expect(m.states[s], `${loc} ${s}`).toBeTruthy()
    }
    expect(messages['zh-CN'].followup.channels.call).toBe('电话')
    expect(channelKey('wechat')).toBe('followup.channels.wechat')
    expect(channelKey('fax')).toBe('')
    expect(channelKey('')).toBe('')
    expect(kindKey('next_step')).toBe('followup.kinds.next_step')
    expect(kindKey('party')).toBe('')
    expect(stateKey('skipped')).toBe('followup.states.skipped')
    expect(directionKey('in')).toBe('followup.directions.in')
  })

  it('shows an open task past due as overdue, each status with its tag', () => {
    expect(taskStatus({ state: 'open', overdue: true })).toBe('overdue')
    expect(taskStatus({ state: 'open', overdue: false })).toBe('open')
    expect(taskStatus({ state: 'done', overdue: false })).toBe('done')
    expect(taskStatus({ state: 'skipped' })).toBe('skipped')
    expect(taskStatus(null)).toBe('')
    expect(statusType('overdue')).toBe('danger')
    expect(statusType('done')).toBe('success')
    expect(statusType('what')).toBe('info')
  })
})

describe('validateInteraction', () => {
  const ok = { ...emptyInteraction(), summary: '介绍了新款净水器' }
  const now = '2026-06-01 09:00:00'

  it('starts as a call with nothing else filled, for a task when one is named', () => {
    expect(emptyInteraction()).toMatchObject({ channel: 'call', direction: 'out', summary: '', taskId: null, userIds: [], contactIds: [] })
    expect(emptyInteraction('visit', 12)).toMatchObject({ channel: 'visit', taskId: 12 })
    expect(emptyInteraction('fax').channel).toBe('call')
  })

  it('needs a channel and a summary of at most 2,000 characters, counted as characters', () => {
    expect(validateInteraction(ok, now)).toEqual({})
    expect(validateInteraction({ ...ok, channel: '', summary: '  ' }, now)).toEqual({ channel: 'common.required', summary: 'common.required' })
    expect(validateInteraction({ ...ok, summary: '长'.repeat(MAX.summary) }, now)).toEqual({})
    expect(validateInteraction({ ...ok, summary: '长'.repeat(MAX.summary + 1) }, now)).toEqual({ summary: 'tooLong' })
    expect(validateInteraction({ ...ok, outcome: '长'.repeat(501) }, now)).toEqual({ outcome: 'tooLong' })
  })

  it('takes a next step of 500 characters, 200 with a date, and a date only with a next step', () => {
    expect(validateInteraction({ ...ok, nextStep: '长'.repeat(500) }, now)).toEqual({})
    expect(validateInteraction({ ...ok, nextStep: '长'.repeat(501) }, now)).toEqual({ next_step: 'tooLong' })
    const at = '2026-06-05 10:00:00'
    expect(validateInteraction({ ...ok, nextStep: '长'.repeat(200), nextAt: at }, now)).toEqual({})
    expect(validateInteraction({ ...ok, nextStep: '长'.repeat(201), nextAt: at }, now)).toEqual({ next_step: 'nextStepDated' })
    expect(validateInteraction({ ...ok, nextStep: ' ', nextAt: at }, now)).toEqual({ next_step: 'nextStepNeeded' })
  })

  it('takes no interaction in the future and a next step only after it, by the server\'s clock', () => {
    expect(validateInteraction({ ...ok, occurred: '2026-06-01 09:30:00' }, now)).toEqual({ occurred_at: 'future' })
    expect(validateInteraction({ ...ok, nextStep: 's', nextAt: '2026-06-01 08:00:00' }, now)).toEqual({ next_at: 'nextNotAfter' })
    expect(validateInteraction({ ...ok, occurred: '2026-05-30 10:00:00', nextStep: 's', nextAt: '2026-05-31 08:00:00' }, now)).toEqual({})
    expect(validateInteraction({ ...ok, occurred: '2026-05-30 10:00:00', nextStep: 's', nextAt: '2026-05-30 10:00:00' }, now)).toEqual({ next_at: 'nextNotAfter' })
    // the server's time unknown: the server checks
    expect(validateInteraction({ ...ok, occurred: '2099-01-01 00:00:00' }, '')).toEqual({})
  })

  it('takes at most 20 people on each side', () => {
    const many = Array.from({ length: MAX_PEOPLE + 1 }, (_, i) => i + 1)
    expect(validateInteraction({ ...ok, userIds: many.slice(1) }, now)).toEqual({})
    expect(validateInteraction({ ...ok, userIds: many, contactIds: many }, now)).toEqual({ user_ids: 'tooMany', contact_ids: 'tooMany' })
  })
})

describe('interactionBody', () => {
  it('sends the channel, direction and summary, and leaves out what was not given', () => {
    expect(interactionBody({ ...emptyInteraction(), summary: ' 打了电话 ' }, '17', '+08:00'))
      .toEqual({ customer_id: 17, channel: 'call', direction: 'out', summary: '打了电话' })
  })

  it('sends the times with the zone\'s offset, the task and the people as numbers', () => {
    const form = {
      ...emptyInteraction('visit', '12'), direction: 'in', summary: 's', outcome: ' 愿意试用 ', nextStep: ' 送样机上门 ',
      nextAt: '2026-06-05 10:00:00', occurred: '2026-06-01 08:30:00', userIds: [8, '9', 'x'], contactIds: [31],
    }
    expect(interactionBody(form, 17, '+08:00')).toEqual({
      customer_id: 17, channel: 'visit', direction: 'in', summary: 's', outcome: '愿意试用', next_step: '送样机上门',
      next_at: '2026-06-05T10:00:00+08:00', occurred_at: '2026-06-01T08:30:00+08:00', task_id: 12, user_ids: [8, 9], contact_ids: [31],
    })
  })

  it('R-INT-5: sends the satisfaction (1-5 stars) and the further-service flag only when given', () => {
    const form = { ...emptyInteraction(), summary: 's', satisfaction: 2, needsService: true }
    expect(interactionBody(form, 17)).toMatchObject({ satisfaction: 2, needs_service: true })
    expect(interactionBody({ ...form, satisfaction: 0, needsService: false }, 17)).not.toHaveProperty('satisfaction')
    expect(validateInteraction(form)).toEqual({})
    expect(validateInteraction({ ...form, satisfaction: 6 })).toEqual({ satisfaction: 'satisfactionBad' })
  })
})

describe('tasks: the form and its body', () => {
  const ok = { ...emptyTask(), title: '第一次回访', due: '2026-06-04 18:00:00' }

  it('needs a title of at most 200 characters, a due time, a start not after it', () => {
    expect(validateTask(ok)).toEqual({})
    expect(validateTask(emptyTask())).toEqual({ title: 'common.required', due_at: 'common.required' })
    expect(validateTask({ ...ok, title: '长'.repeat(201), purpose: '长'.repeat(501) })).toEqual({ title: 'tooLong', purpose: 'tooLong' })
    expect(validateTask({ ...ok, start: '2026-06-05 09:00:00' })).toEqual({ start_at: 'startAfterDue' })
    expect(validateTask({ ...ok, start: '2026-06-04 18:00:00' })).toEqual({})
    expect(validateTask({ ...ok, kind: 'party' })).toEqual({ kind: 'common.required' })
  })

  it('sends an assignee only for those who give tasks; without one the task follows the owner', () => {
    const form = { ...ok, channel: 'call', purpose: ' 了解使用情况 ', start: '2026-06-02 09:00:00', assignee: '8' }
    expect(taskBody(form, '17', '+08:00', false)).toEqual({
      customer_id: 17, title: '第一次回访', kind: 'follow_up', channel: 'call', purpose: '了解使用情况',
      start_at: '2026-06-02T09:00:00+08:00', due_at: '2026-06-04T18:00:00+08:00',
    })
    expect(taskBody(form, 17, '+08:00', true).assignee_id).toBe(8)
    expect(taskBody({ ...form, assignee: '' }, 17, '+08:00', true)).not.toHaveProperty('assignee_id')
    expect(taskBody({ ...ok, channel: '' }, 17)).not.toHaveProperty('channel')
  })

  it('needs a reason to skip, not a note to finish', () => {
    expect(validateFinish('skip', ' ')).toEqual({ reason: 'common.required' })
    expect(validateFinish('skip', '客户已搬走')).toEqual({})
    expect(validateFinish('done', '')).toEqual({})
    expect(validateFinish('done', '长'.repeat(501))).toEqual({ note: 'tooLong' })
  })
})

describe('messages of the checks and of the server', () => {
  const t = (k, p) => `${k}${p && Object.keys(p).length ? JSON.stringify(p) : ''}`

  it('names the limit of a text too long and the number of people', () => {
    expect(problemMessage('tooLong', 'summary')).toEqual(['followup.err.tooLong', { n: 2000 }])
    expect(problemMessage('tooLong', 'next_step')).toEqual(['followup.err.tooLong', { n: 500 }])
    expect(problemMessage('nextStepDated', 'next_step')).toEqual(['followup.err.nextStepDated', { n: 200 }])
    expect(problemMessage('tooMany', 'user_ids')).toEqual(['followup.err.tooMany', { n: 20 }])
    expect(problemMessage('common.required', 'summary')).toEqual(['common.required', {}])
    expect(problems({ summary: 'common.required', next_at: 'nextNotAfter' }))
      .toEqual({ summary: ['common.required', {}], next_at: ['followup.err.nextNotAfter', {}] })
  })

  it('puts a refusal at the field it names, else on the form\'s line, in the language shown', () => {
    // as api.js throws it: message in the request's language, the server's error object beside
    const e = {
      status: 422, field: 'next_at', message: '下一步时间须晚于本次跟进时间',
      error: { code: 'validation', field: 'next_at', message: '下一步时间须晚于本次跟进时间', message_zh: '下一步时间须晚于本次跟进时间', message_en: 'the next step\'s date must be after the interaction' },
    }
    const placed = serverErrors(e, ['summary', 'next_at'])
    expect(Object.keys(placed)).toEqual(['next_at'])
    expect(errorText(placed.next_at, t, 'zh-CN')).toBe('下一步时间须晚于本次跟进时间')
    expect(errorText(placed.next_at, t, 'en')).toBe('the next step\'s date must be after the interaction')
    expect(Object.keys(serverErrors(e, ['summary']))).toEqual(['_'])
    // a refusal naming no field (403), and a network error without the server's object
    expect(serverErrors({ status: 403, message: '没有权限', error: { code: 'forbidden', field: '', message: '没有权限' } }, ['summary'])._.message).toBe('没有权限')
    expect(errorText(serverErrors({ status: 0, field: null, message: '无法连接服务器' }, ['summary'])._, t, 'en')).toBe('无法连接服务器')
    // several fields at once: the first for each place
    const many = { error: { field: 'summary', errors: [{ field: 'summary', message_zh: '甲', message_en: 'a' }, { field: 'outcome', message_zh: '乙', message_en: 'b' }, { field: 'summary', message_zh: '丙', message_en: 'c' }] } }
    const m = serverErrors(many, ['summary', 'outcome'])
    expect(errorText(m.summary, t, 'en')).toBe('a')
    expect(errorText(m.outcome, t, 'zh-CN')).toBe('乙')
  })

  it('says the checks made here through the messages, and a text as it is', () => {
    expect(errorText(['followup.err.tooLong', { n: 500 }], t, 'en')).toBe('followup.err.tooLong{"n":500}')
    expect(errorText('plain', t, 'en')).toBe('plain')
    expect(errorText(undefined, t, 'en')).toBe('')
  })

  it('says what a log did: the task it completed, the task its next step became', () => {
    expect(loggedLines({ completed_task_id: null, task_id: null })).toEqual([['followup.log.saved', {}]])
    const x = { completed_task_id: 12, task_id: 13, next_step: '送样机上门', next_at: '2026-06-05T10:00:00+08:00' }
    expect(loggedLines(x, { id: 12, title: '第一次回访' }, (s) => s.slice(0, 10))).toEqual([
      ['followup.log.saved', {}],
      ['followup.log.completed', { id: 12, title: '第一次回访' }],
      ['followup.log.nextTask', { id: 13, title: '送样机上门', at: '2026-06-05' }],
    ])
    expect(loggedLines({ completed_task_id: 12 }, null)[1]).toEqual(['followup.log.completedId', { id: 12 }])
  })
})

describe('the company\'s clock', () => {
  it('writes wall times in a zone', () => {
    expect(wallAt(Date.parse('2026-06-01T01:00:00Z'), '+08:00')).toBe('2026-06-01 09:00:00')
    expect(wallAt(Date.parse('2026-06-01T01:00:00Z'), '-05:30')).toBe('2026-05-31 19:30:00')
  })

  it('moves the server\'s now on by the browser\'s clock, in the server\'s zone', () => {
    let ms = 1000
    const clock = companyClock('2026-06-01T09:00:00+08:00', 1000, () => ms)
    expect(clock()).toBe('2026-06-01 09:00:00')
    ms += 90 * 60000
    expect(clock()).toBe('2026-06-01 10:30:00')
    expect(companyClock('', 0)()).toBe('')
  })

  it('offers tomorrow, three days and a week for the next step, across a month\'s end', () => {
    expect(daysAfter('2026-06-30 22:00:00', 1)).toBe('2026-07-01 09:00:00')
    expect(daysAfter('2026-12-31 08:00:00', 1, '18:00')).toBe('2027-01-01 18:00:00')
    expect(daysAfter('', 1)).toBe('')
    expect(quickTimes('2026-06-01 09:00:00')).toEqual([
      { key: 'tomorrow', value: '2026-06-02 09:00:00' }, { key: 'in3', value: '2026-06-04 09:00:00' }, { key: 'week', value: '2026-06-08 09:00:00' },
    ])
    expect(quickTimes('')).toEqual([])
  })
})

describe('lists of tasks', () => {
  const today = '2026-06-03'
  const a = { id: 1, state: 'open', overdue: true, due_at: '2026-06-02T18:00:00+08:00' }
  const b = { id: 2, state: 'open', overdue: false, due_at: '2026-06-03T18:00:00+08:00' }
  const c = { id: 3, state: 'open', overdue: false, due_at: '2026-06-20T18:00:00+08:00' }
  const d = { id: 4, state: 'done', overdue: false, due_at: '2026-06-01T18:00:00+08:00', done_at: '2026-06-01T10:00:00+08:00' }
  const e = { id: 5, state: 'skipped', overdue: false, due_at: '2026-06-09T18:00:00+08:00', done_at: '2026-06-02T10:00:00+08:00' }

  it('groups overdue, due today (in the company\'s zone), later and finished, in the order given', () => {
    expect(dayOf('2026-06-03T23:30:00+08:00')).toBe('2026-06-03')
    expect(dayOf('')).toBe('')
    expect([a, b, c, d, e].map((x) => taskGroup(x, today))).toEqual(['overdue', 'today', 'later', 'closed', 'closed'])
    // today not known yet: nothing is "today"
    expect(taskGroup(b, '')).toBe('later')
    // an overdue task due earlier today is overdue, not "today"
    expect(taskGroup({ ...b, overdue: true }, today)).toBe('overdue')
    expect(groupTasks([d, a, b, c, e], today)).toEqual([
      { key: 'overdue', items: [a] }, { key: 'today', items: [b] }, { key: 'later', items: [c] }, { key: 'closed', items: [d, e] },
    ])
    expect(groupTasks([c], today)).toEqual([{ key: 'later', items: [c] }])
    expect(groupTasks([], today)).toEqual([])
  })

  it('lists a customer\'s open tasks first by due time, then the finished ones latest first', () => {
    expect(customerTaskOrder([d, c, e, b, a]).map((x) => x.id)).toEqual([1, 2, 3, 5, 4])
  })

  it('asks for a known state (open by default), and someone else\'s tasks only for a manager', () => {
    expect(taskQuery({ ...FILTERS })).toEqual({ state: 'open' })
    expect(taskQuery({ state: 'later' })).toEqual({ state: 'open' })
    expect(taskQuery({ state: 'overdue', limit: 50, cursor: 'x', total: 1 })).toEqual({ state: 'overdue', limit: 50, cursor: 'x' })
    expect(taskQuery({ state: 'all', assignee_id: '7' }, { canAssign: false })).toEqual({ state: 'all' })
    expect(taskQuery({ state: 'all', assignee_id: '7' }, { canAssign: true, me: 6 })).toEqual({ state: 'all', assignee_id: '7' })
    expect(taskQuery({ assignee_id: '6' }, { canAssign: true, me: 6 })).toEqual({ state: 'open' })
    expect(taskQuery({ assignee_id: 'x' }, { canAssign: true, me: 6 })).toEqual({ state: 'open' })
  })
})

describe('who does what', () => {
  const open = { id: 1, state: 'open', assignee: { id: 7, name: '张伟' } }
  it('lets the doer and a manager finish an open task, and log an interaction for it', () => {
    expect(canFinish(open, 7, false)).toBe(true)
    expect(canFinish(open, '7', false)).toBe(true)
    expect(canFinish(open, 8, false)).toBe(false)
    expect(canFinish(open, 6, true)).toBe(true)
    expect(canFinish({ ...open, state: 'done' }, 7, true)).toBe(false)
    expect(canFinish({ ...open, assignee: null }, 7, false)).toBe(false)
    expect(canLogFor(open, 7, false, true)).toBe(true)
    expect(canLogFor(open, 7, false, false)).toBe(false)
    expect(canReassign(open, true)).toBe(true)
    expect(canReassign(open, false)).toBe(false)
    expect(canReassign({ ...open, state: 'skipped' }, true)).toBe(false)
  })

  it('offers adding a task to the customer\'s owner and to those who give tasks, among those who log', () => {
    expect(canAddTask(7, 7, false, true)).toBe(true)
    expect(canAddTask('7', 7, false, true)).toBe(true)
    // another's customer (customer service logs on every customer): the task would be the owner's
    expect(canAddTask(7, 5, false, true)).toBe(false)
    expect(canAddTask(7, 6, true, true)).toBe(true)
    // no owner: someone must be named
    expect(canAddTask(null, 7, false, true)).toBe(false)
    expect(canAddTask(null, 6, true, true)).toBe(true)
    expect(canAddTask(7, 7, true, false)).toBe(false)
  })

  it('offers a department manager the active staff of the department, by name', () => {
    const users = [
      { id: 1, username: 'admin', display_name: '系统管理员', role: 'admin', active: true },
      { id: 7, username: 'zhangwei', display_name: '张伟', role: 'salesperson', department_id: 1, active: true },
      { id: 8, username: 'lina', display_name: '李娜', role: 'salesperson', department_id: 1, active: true },
      { id: 9, username: 'wangqiang', display_name: '王强', role: 'salesperson', department_id: 2, active: true },
      { id: 10, username: 'gone', display_name: '离职', role: 'salesperson', department_id: 1, active: false },
    ]
    const mgr = { id: 6, scope: 'department', department_id: 1 }
    expect(staffFor(users, mgr).map((u) => u.username).sort()).toEqual(['lina', 'zhangwei'])
    expect(staffFor(users, { id: 2, scope: 'all' }).map((u) => u.username).sort()).toEqual(['lina', 'wangqiang', 'zhangwei'])
    expect(staffFor(users, null)[0]).toMatchObject({ id: expect.any(Number), name: expect.any(String) })
  })

  it('splits a timeline entry\'s people into ours and the customer\'s', () => {
    expect(peopleOf({ people: [{ kind: 'contact', id: 31, name: '王秘书' }, { kind: 'user', id: 8, name: '李娜' }] }))
      .toEqual({ users: ['李娜'], contacts: ['王秘书'] })
    expect(peopleOf({})).toEqual({ users: [], contacts: [] })
  })
})
