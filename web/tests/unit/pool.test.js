// The public pool's and the distribution's own decisions (src/views/pool/pool.js, R-OWN-7,
// R-OWN-3): the pool list's query, the checks of a release reason, of the reclaim rules and of a
// proposal, the bodies sent, and the loads a changed proposal leaves.
import { describe, expect, it } from 'vitest'
import {
  DIST_FIELDS, REASON_MAX, WEIGHT, currentLoads, distributionBody, emptyRule, member, poolQuery, proposalBody, reasonProblem, ruleFields,
  rulesBody, validateProposal, validateRules,
} from '../../src/views/pool/pool.js'
import { messages } from '../../src/views/pool/module.js'
import { serverErrors } from '../../src/views/followup/followup.js'

describe('the pool list', () => {
  it('filters by grade and "new in the last 7 days" from the company\'s today', () => {
    expect(poolQuery({ grade: '', recent: false }, '2026-06-08')).toEqual({})
    expect(poolQuery({ grade: 'A', recent: true }, '2026-06-08')).toEqual({ grade: 'A', since: '2026-06-01' })
    // today not known yet: no since rather than a wrong one
    expect(poolQuery({ grade: 'B', recent: true }, '')).toEqual({ grade: 'B' })
  })

  it('a release needs a reason of at most 200 characters (a Chinese character counts one)', () => {
    expect(reasonProblem('')).toBe('required')
    expect(reasonProblem('   ')).toBe('required')
    expect(reasonProblem('客户暂无需求')).toBe('')
    expect(reasonProblem('需'.repeat(REASON_MAX))).toBe('')
    expect(reasonProblem('需'.repeat(REASON_MAX + 1))).toBe('tooLong')
  })
})

describe('the reclaim rules', () => {
  it('checks the days and a grade given twice, named as the server names the fields', () => {
    const rows = [emptyRule(''), { grade: 'A', no_followup_days: 15, no_deal_days: 90 }, { grade: 'A', no_followup_days: -1, no_deal_days: 1.5 }]
    expect(validateRules(rows)).toEqual({
      'rules[2].grade': ['pool.err.gradeTwice', {}],
      'rules[2].no_followup_days': ['pool.err.days', { max: 3650 }],
      'rules[2].no_deal_days': ['pool.err.days', { max: 3650 }],
    })
    expect(validateRules([{ grade: 'B', no_followup_days: null, no_deal_days: 3650 }])).toEqual({ 'rules[0].no_followup_days': ['pool.err.days', { max: 3650 }] })
    expect(validateRules(rows.slice(0, 2))).toEqual({})
  })

  it('sends every row with numbers, and shows a refusal on the row and field it names', () => {
    expect(rulesBody([{ grade: 'A', no_followup_days: '30', no_deal_days: 0, key: 3 }, { grade: null, no_followup_days: 60, no_deal_days: '' }]))
      .toEqual([{ grade: 'A', no_followup_days: 30, no_deal_days: 0 }, { grade: '', no_followup_days: 60, no_deal_days: 0 }])
    const fields = ruleFields([{}, {}])
    expect(fields).toEqual(['rules', 'rules[0].grade', 'rules[0].no_followup_days', 'rules[0].no_deal_days', 'rules[1].grade', 'rules[1].no_followup_days', 'rules[1].no_deal_days'])
    const e = { status: 422, field: 'rules[1].no_deal_days', message: '天数无效', error: { field: 'rules[1].no_deal_days', message: '天数无效', message_zh: '天数无效', message_en: 'bad days' } }
    expect(serverErrors(e, fields)).toEqual({ 'rules[1].no_deal_days': { message: '天数无效', message_zh: '天数无效', message_en: 'bad days' } })
  })
})

describe('the distribution', () => {
  it('needs customers and members with weights from 1 to 1000', () => {
    const m = member({ id: 6, name: '张伟' })
    expect(m).toEqual({ user_id: 6, name: '张伟', weight: WEIGHT.default })
    expect(validateProposal([], [])).toEqual({ ids: ['pool.err.noneChosen', {}], members: ['pool.err.noMembers', {}] })
    expect(validateProposal([1], [m])).toEqual({})
    for (const weight of [0, 1001, 2.5, null, '']) {
      expect(validateProposal([1], [{ ...m, weight }]), String(weight)).toEqual({ members: ['pool.err.weight', { min: 1, max: 1000 }] })
    }
    expect(validateProposal([1], [{ ...m, weight: 1000 }])).toEqual({})
  })

  it('sends the proposal and the adjusted items as the API takes them', () => {
    expect(proposalBody(['3', 4], [{ user_id: 6, name: '张伟', weight: 150 }])).toEqual({ customer_ids: [3, 4], members: [{ user_id: 6, weight: 150 }] })
    expect(distributionBody([{ customer_id: 3, user_id: '7', extra: 1 }], '  六月线索 ')).toEqual({ items: [{ customer_id: 3, user_id: 7 }], reason: '六月线索' })
    expect(DIST_FIELDS).toEqual(['ids', 'members', 'items', 'reason', 'owner_id'])
  })

  it('counts the loads again after the manager changes a person', () => {
    const loads = [
      { user: { id: 6, name: '张伟' }, weight: 100, before: 4, given: 2, after: 6 },
      { user: { id: 7, name: '李娜' }, weight: 200, before: 9, given: 1, after: 10 },
    ]
    expect(currentLoads(loads, [{ customer_id: 1, user_id: 6 }, { customer_id: 2, user_id: 6 }, { customer_id: 3, user_id: 7 }]).map((l) => [l.given, l.after, l.perWeight]))
      .toEqual([[2, 6, 6], [1, 10, 5]])
    // customer 2 moved to 李娜
    expect(currentLoads(loads, [{ customer_id: 1, user_id: 6 }, { customer_id: 2, user_id: '7' }, { customer_id: 3, user_id: 7 }]).map((l) => [l.given, l.after, l.perWeight]))
      .toEqual([[1, 5, 5], [2, 11, 5.5]])
  })

  it('has its texts in both languages', () => {
    for (const loc of ['zh-CN', 'en']) {
      const p = messages[loc].pool
      for (const k of ['nav', 'claim', 'release', 'rules', 'dist', 'err']) expect(p[k], `${loc} ${k}`).toBeTruthy()
    }
  })
})
