// The scheduled tasks card's own decisions (src/views/admin/scheduledTasks.js, R-PLT-8).
import { describe, expect, it } from 'vitest'
import { duration, inProgress, percent, stateType } from '../../src/views/admin/scheduledTasks.js'

describe('scheduled tasks', () => {
  it('a queued or running job is in progress; a done, failed or missing one is not', () => {
    expect(inProgress({ job: { state: 'queued' } })).toBe(true)
    expect(inProgress({ job: { state: 'running' } })).toBe(true)
    expect(inProgress({ job: { state: 'done' } })).toBe(false)
    expect(inProgress({ job: null })).toBe(false)
    expect(inProgress(null)).toBe(false)
  })

  it('durations read in minutes and seconds through the messages; unknown is empty', () => {
    const t = (key, v) => (key.endsWith('secs') ? `${v.s} s` : `${v.m} min ${v.s} s`)
    expect(duration(12, t)).toBe('12 s')
    expect(duration(65, t)).toBe('1 min 05 s')
    expect(duration(0, t)).toBe('0 s')
    expect(duration(null, t)).toBe('')
    expect(duration(-1, t)).toBe('')
  })

  it('progress counts only what the job counts; state tags', () => {
    expect(percent({ done: 50, total: 200 })).toBe(25)
    expect(percent({ done: 300, total: 200 })).toBe(100)
    expect(percent({ done: 0, total: 0 })).toBeNull()
    expect(stateType('failed')).toBe('danger')
    expect(stateType('done')).toBe('success')
    expect(stateType('other')).toBe('info')
  })
})
