// The inspection pages' own decisions (src/views/inspection/inspection.js, R-ARC-11): a run's
// period and state in words, the missing key fields in words, a score's colour, the check of a
// review's outcome, and the run a finished job made.
import { describe, expect, it } from 'vitest'
import {
  FIELDS, OUTCOME_MAX, REVIEW_FIELDS, jobInspection, missingKeys, missingText, outcomeProblem, periodLabel, runState, scoreTone, stateType,
} from '../../src/views/inspection/inspection.js'
import { messages } from '../../src/views/inspection/module.js'
import { serverErrors } from '../../src/views/followup/followup.js'

/** A t() over the module's messages in one language, with {name} placeholders filled. */
function tOf(lang) {
  return (key, params = {}) => {
    const v = key.split('.').reduce((o, k) => (o ? o[k] : undefined), messages[lang])
    if (typeof v !== 'string') return key
    return v.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''))
  }
}
const zh = tOf('zh-CN')
const en = tOf('en')

describe('a run in words', () => {
  it('names the half-years and a manual run with its time', () => {
    expect(periodLabel('2026-H2')).toEqual(['inspection.period.h2', { year: '2026' }])
    expect(zh(...periodLabel('2026-H2'))).toBe('2026 下半年')
    expect(en(...periodLabel('2026-H2'))).toBe('2026 H2')
    expect(zh(...periodLabel('2027-H1'))).toBe('2027 上半年')
    expect(periodLabel('manual-20261005-100000')).toEqual(['inspection.period.manual', { at: '2026-10-05 10:00' }])
    expect(zh(...periodLabel('manual-20261005-100000'))).toBe('手动检查 2026-10-05 10:00')
    expect(en(...periodLabel('manual-20261005-100000'))).toBe('Manual run 2026-10-05 10:00')
    // a period the page does not know is shown as it is
    expect(en(...periodLabel('2026-Q3'))).toBe('2026-Q3')
    expect(periodLabel(null)).toEqual(['inspection.period.other', { period: '' }])
  })

  it('is running until finished, then to review until reviewed', () => {
    expect(runState({ finished_at: null, reviewed: false })).toBe('running')
    expect(runState({ finished_at: '2026-10-05T10:00:03+08:00', reviewed: false })).toBe('toReview')
    expect(runState({ finished_at: '2026-10-05T10:00:03+08:00', reviewed: true })).toBe('reviewed')
    expect(runState(null)).toBe('')
    expect(zh('inspection.states.' + runState({ finished_at: 'x' }))).toBe('待评审')
    expect(stateType('reviewed')).toBe('success')
    expect(stateType('toReview')).toBe('warning')
    expect(stateType('')).toBe('info')
  })

  it('takes the run a finished job made from its summary', () => {
    expect(jobInspection({ state: 'done', summary: { inspection: 7, customers: 3, flagged: 2, tasks: 2 } })).toBe(7)
    expect(jobInspection({ state: 'done', summary: null })).toBe(0)
    expect(jobInspection(null)).toBe(0)
  })
})

describe('the missing key fields', () => {
  it('reads the server\'s list in words, in the language shown', () => {
    expect(missingKeys('address,birthday')).toEqual(['address', 'birthday'])
    expect(missingKeys('')).toEqual([])
    expect(missingKeys(null)).toEqual([])
    expect(missingText('address,birthday', zh, '、')).toBe('地址、生日')
    expect(missingText('uscc,contact', zh, '、')).toBe('统一社会信用代码、联系人')
    expect(missingText('phone,region,gender,industry', en, ', ')).toBe('phone, region, gender, industry')
    // a field this page does not know yet is named as the server names it
    expect(missingText('address,email', zh, '、')).toBe('地址、email')
    expect(missingText('', zh, '、')).toBe('')
  })

  it('has words for every field the server checks, in both languages', () => {
    for (const f of FIELDS) {
      expect(zh('inspection.field.' + f)).not.toBe('inspection.field.' + f)
      expect(en('inspection.field.' + f)).not.toBe('inspection.field.' + f)
    }
  })

  it('colours a score: low in red, below the flag line in amber', () => {
    expect(scoreTone(40)).toBe('danger')
    expect(scoreTone(60)).toBe('warning')
    expect(scoreTone(79)).toBe('warning')
    expect(scoreTone(80)).toBe('success')
    expect(scoreTone(100)).toBe('success')
    expect(scoreTone(undefined)).toBe('danger')
  })
})

describe('the review', () => {
  it('needs an outcome of 1–2000 characters (a Chinese character counts one)', () => {
    expect(outcomeProblem('')).toEqual(['common.required', {}])
    expect(outcomeProblem('  \n ')).toEqual(['common.required', {}])
    expect(outcomeProblem('已督促业务员两周内补全资料')).toBe(null)
    expect(outcomeProblem('查'.repeat(OUTCOME_MAX))).toBe(null)
    expect(outcomeProblem('查'.repeat(OUTCOME_MAX + 1))).toEqual(['inspection.err.tooLong', { n: OUTCOME_MAX }])
  })

  it('shows a refusal at the field the server names: the outcome, or the run\'s state', () => {
    const refused = (field) => ({ status: 422, field, message: 'm', error: { field, message: 'm', message_zh: '中', message_en: 'en' } })
    expect(Object.keys(serverErrors(refused('outcome'), REVIEW_FIELDS))).toEqual(['outcome'])
    expect(Object.keys(serverErrors(refused('state'), REVIEW_FIELDS))).toEqual(['state'])
    expect(Object.keys(serverErrors(refused('other'), REVIEW_FIELDS))).toEqual(['_'])
  })
})
