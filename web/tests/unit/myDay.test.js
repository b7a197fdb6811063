// The "my day" page's own decisions (src/views/followup/myDay.js, R-INT-4, issue 13 item 12): its
// sections' queries for the company's today, today's tasks apart from the overdue ones, and how
// a count reads.
import { describe, expect, it } from 'vitest'
import { MY_DAY_LIMIT, MY_DAY_OVERDUE, countText, dayAfter, myDayQueries, todayTasks } from '../../src/views/followup/myDay.js'

describe('my day', () => {
  it('dayAfter moves a date over month and year ends, both ways; a bad date is empty', () => {
    expect(dayAfter('2026-06-01', 1)).toBe('2026-06-02')
    expect(dayAfter('2026-06-30', 1)).toBe('2026-07-01')
    expect(dayAfter('2026-12-28', 7)).toBe('2027-01-04')
    expect(dayAfter('2026-03-03', -7)).toBe('2026-02-24')
    expect(dayAfter('2026-06-01 09:00', 1)).toBe('')
    expect(dayAfter('', 1)).toBe('')
  })

  it('asks for the 50 most overdue tasks, the open ones due today, the coming week\'s greetings and the pool\'s last 7 days', () => {
    expect(MY_DAY_OVERDUE).toBe(50)
    expect(myDayQueries('2026-06-01')).toEqual({
      overdue: { state: 'overdue', limit: MY_DAY_OVERDUE },
      today: { state: 'open', due_from: '2026-06-01', due_to: '2026-06-01', limit: MY_DAY_LIMIT },
      greetings: { state: 'open', kind: 'greeting', due_from: '2026-06-02', due_to: '2026-06-08', limit: MY_DAY_LIMIT },
      pool: { since: '2026-05-25', limit: MY_DAY_LIMIT },
    })
    // before the company's today is known, nothing is asked
    expect(myDayQueries('')).toBeNull()
    expect(myDayQueries(undefined)).toBeNull()
  })

  it('today\'s tasks leave out the overdue ones, marked by the server or in the overdue list', () => {
    const open = [
      { id: 1, state: 'open', overdue: true, due_at: '2026-06-01T08:00:00+08:00' },
      { id: 2, state: 'open', overdue: false, due_at: '2026-06-01T12:00:00+08:00' },
      { id: 3, state: 'open', overdue: false, due_at: '2026-06-01T18:00:00+08:00' },
    ]
    // task 2 fell due between the two reads: the overdue list has it
    expect(todayTasks(open, [{ id: 1 }, { id: 2 }]).map((x) => x.id)).toEqual([3])
    expect(todayTasks(open, []).map((x) => x.id)).toEqual([2, 3])
    expect(todayTasks(null, null)).toEqual([])
    expect(todayTasks([{ id: 4, state: 'done', overdue: false }], [])).toEqual([])
  })

  it('a count reads as the number, with + when more were not read', () => {
    expect(countText(0)).toBe('0')
    expect(countText(3)).toBe('3')
    expect(countText(200, true)).toBe('200+')
    expect(countText(null)).toBe('')
  })
})
