// The leak reports' logic (src/views/leaks/leaks.js, R-SEC-9): the list's state filter, the checks
// made before a report or an action is sent, times entered in the company's zone, who may mark
// an action done, and when a report may be closed.
import { describe, expect, it } from 'vitest'
import {
  FILTERS, MAX, canComplete, closeOffer, dayText, formField, leakQuery, localOffset, offsetOf, problemMessage, reportBody,
  tomorrowAt, validateAction, validateReport, wallTime, zoned,
} from '../../src/views/leaks/leaks.js'

describe('leakQuery', () => {
  it('sends open by default, a known state, the page', () => {
    expect(leakQuery({ ...FILTERS })).toEqual({ state: 'open' })
    expect(leakQuery({ state: 'closed', limit: 50, cursor: 'abc' })).toEqual({ state: 'closed', limit: 50, cursor: 'abc' })
    expect(leakQuery({ state: 'all', total: 1 })).toEqual({ state: 'all' })
  })

  it('falls back to open for an unknown state (a hand-edited URL)', () => {
    expect(leakQuery({ state: 'lost' })).toEqual({ state: 'open' })
    expect(leakQuery(null)).toEqual({ state: 'open' })
  })
})

describe('validateReport', () => {
  it('needs a summary of at most 200 characters, counted as characters', () => {
    expect(validateReport({ summary: '  ' })).toEqual({ summary: 'common.required' })
    expect(validateReport({ summary: '泄'.repeat(MAX.summary) })).toEqual({})
    expect(validateReport({ summary: '泄'.repeat(MAX.summary + 1) })).toEqual({ summary: 'tooLong' })
  })

  it('takes details of at most 4000 characters and no time after now', () => {
    expect(validateReport({ summary: 's', details: 'x'.repeat(MAX.details + 1) })).toEqual({ details: 'tooLong' })
    const now = '2026-06-01 09:00:00'
    expect(validateReport({ summary: 's', occurred: '2026-06-01 09:30:00', now })).toEqual({ occurred_at: 'future' })
    expect(validateReport({ summary: 's', occurred: '2026-05-31 15:00:00', now })).toEqual({})
    // the server's time unknown: the server checks
    expect(validateReport({ summary: 's', occurred: '2099-01-01 00:00:00' })).toEqual({})
  })
})

describe('validateAction', () => {
  const now = '2026-06-01 09:00:00'
  it('needs what, an owner and a due time after now', () => {
    expect(validateAction({ now })).toEqual({ action: 'common.required', owner_id: 'common.required', due_at: 'common.required' })
    expect(validateAction({ action: 'a', owner: '7', due: '2026-06-01 09:00:00', now })).toEqual({ due_at: 'pastDue' })
    expect(validateAction({ action: 'a'.repeat(MAX.action + 1), owner: '7', due: '2026-06-02 18:00:00', now })).toEqual({ action: 'tooLong' })
    expect(validateAction({ action: 'a', owner: '7', due: '2026-06-02 18:00:00', now })).toEqual({})
  })

  it('names the limit in the message of a text too long', () => {
    expect(problemMessage('tooLong', 'action')).toEqual(['leaks.err.tooLong', { n: 500 }])
    expect(problemMessage('common.required', 'summary')).toEqual(['common.required', {}])
  })
})

describe('times in the company\'s zone', () => {
  it('writes a wall time with the zone\'s offset, and reads one back', () => {
    expect(zoned('2026-06-02 18:00:00', '+08:00')).toBe('2026-06-02T18:00:00+08:00')
    expect(zoned('2026-06-02 18:00', '-05:00')).toBe('2026-06-02T18:00:00-05:00')
    expect(zoned('', '+08:00')).toBe('')
    expect(zoned('2026-06-02 18:00:00', 'bad')).toBe('2026-06-02T18:00:00Z')
    expect(wallTime('2026-06-01T09:00:05+08:00')).toBe('2026-06-01 09:00:05')
    expect(offsetOf('2026-06-01T09:00:05+08:00')).toBe('+08:00')
    expect(offsetOf('2026-06-01T01:00:05Z')).toBe('+00:00')
    expect(offsetOf('')).toBe('')
  })

  it('proposes tomorrow at 18:00 after the server\'s now, across a month\'s end', () => {
    expect(tomorrowAt('2026-06-01T09:00:00+08:00')).toBe('2026-06-02 18:00:00')
    expect(tomorrowAt('2026-12-31T23:30:00+08:00', '09:00')).toBe('2027-01-01 09:00:00')
    expect(tomorrowAt('')).toBe('')
  })

  it('gives the browser\'s offset as the fallback, and a picker\'s day as text', () => {
    expect(localOffset()).toMatch(/^[+-]\d{2}:\d{2}$/)
    expect(dayText(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})

describe('reportBody', () => {
  it('leaves out what was not given, sends the time with the offset and the customers as numbers', () => {
    expect(reportBody({ summary: ' 名单外传 ' })).toEqual({ summary: '名单外传' })
    expect(reportBody({ summary: 's', details: ' d ', occurred: '2026-05-31 15:00:00', customerIds: ['3', 4, 'x'] }, '+08:00'))
      .toEqual({ summary: 's', details: 'd', occurred_at: '2026-05-31T15:00:00+08:00', customer_ids: [3, 4] })
  })
})

describe('who does what', () => {
  const open = { id: 1, owner: { id: 7 }, done_at: null }
  it('lets the action\'s owner and a handler mark an open action done', () => {
    expect(canComplete(open, 7, false)).toBe(true)
    expect(canComplete(open, '7', false)).toBe(true)
    expect(canComplete(open, 8, false)).toBe(false)
    expect(canComplete(open, 8, true)).toBe(true)
    expect(canComplete({ ...open, done_at: '2026-06-02T10:00:00+08:00' }, 7, true)).toBe(false)
  })

  it('offers closing to handlers of an open report, blocked while an action is open', () => {
    expect(closeOffer({ state: 'open', actions_open: 1 }, true)).toBe('blocked')
    expect(closeOffer({ state: 'open', actions_open: 0 }, true)).toBe('ready')
    expect(closeOffer({ state: 'open', actions_open: 0 }, false)).toBe('')
    expect(closeOffer({ state: 'closed', actions_open: 0 }, true)).toBe('')
  })

  it('puts a server error on its field, else on the form\'s own line', () => {
    expect(formField('summary', ['summary'])).toBe('summary')
    expect(formField('actions', ['conclusion'])).toBe('_')
    expect(formField(null, ['summary'])).toBe('_')
  })
})
