// The new-customer development pages' own decisions (src/views/develop/develop.js): the stages and
// their fields as docs/API.md lists them, what is shown and may be changed at each stage, the path
// bar, the checks and bodies of a new candidate, a change, the scores and the weights, and the
// checklist gaps a refusal names.
import { describe, expect, it } from 'vitest'
import {
  CHECKLIST, FILTER_STAGES, SECTIONS, STAGES, STAGE_FIELDS, canAdvance, canDrop, changeBody, checklistGaps, createBody,
  criterionName, editable, fieldStage, formOf, isDate, isLong, maxOf, pathSteps, pendingApproval, problemMessage, problems,
  reachedStage, scoresBody, scoresEditable, scoresOf, scoresShown, stageIndex, stageType, validate, visibleSections,
  weightedScore, weightsBody, weightsProblem,
} from '../../src/views/develop/develop.js'
import { messages, perms, routes, menu, order } from '../../src/views/develop/module.js'

const criteria = [
  { code: 'equipment', name: '设备与质量', name_en: 'Equipment and quality', weight: 20, score: 10 },
  { code: 'delivery', name: '交期', name_en: 'Delivery', weight: 15, score: 0 },
  { code: 'management', name: '管理', name_en: '', weight: 15, score: 5 },
  { code: 'finance', name: '财务与信用', name_en: 'Finances', weight: 20, score: 8 },
  { code: 'attitude', name: '态度', name_en: 'Attitude', weight: 10, score: 6 },
  { code: 'confidentiality', name: '保密', name_en: 'Confidentiality', weight: 10, score: 4 },
  { code: 'cost', name: '成本', name_en: 'Cost', weight: 10, score: 2 },
]
const step = (stage, at) => ({ stage, at, by: { id: 2, name: '张伟' }, note: '' })
const cand = (stage, extra = {}) => ({
  id: 3, name: '福州某某滤材有限公司', uscc: '', contact: '林经理', phone: '', history: '2008 年成立', stage,
  next_stage: STAGES[STAGES.indexOf(stage) + 1] || null, approval: null, customer: null, criteria, score: 5.6,
  steps: STAGES.slice(0, STAGES.indexOf(stage) + 1).map((s, i) => step(s, `2026-06-0${i + 1}T09:00:00+08:00`)), ...extra,
})

describe('develop', () => {
  it('R-DEV-1: the module asks candidate.manage for the candidates and candidate.criteria for the weights, after the communication plans', () => {
    expect(perms).toEqual({ manage: 'candidate.manage', criteria: 'candidate.criteria' })
    expect(order).toBe(23)
    expect(routes.map((r) => [r.path, r.meta.perm])).toEqual([
      ['candidates', 'candidate.manage'], ['candidates/criteria', 'candidate.criteria'], ['candidates/:id(\\d+)', 'candidate.manage'],
    ])
    expect(menu).toEqual([expect.objectContaining({ path: '/candidates', test: 'nav-candidates', label: 'develop.nav' })])
    for (const s of [...STAGES, 'dropped']) {
      expect(messages['zh-CN'].develop.stages[s], s).toBeTruthy()
      expect(messages.en.develop.stages[s], s).toBeTruthy()
    }
    for (const f of [...Object.values(STAGE_FIELDS).flat(), 'scores']) expect(messages.en.develop.fields[f], f).toBeTruthy()
  })

  it('R-DEV-1: the stages go candidate → general → site → application → approved → contracted → admitted, each with the fields of the API', () => {
    expect(STAGES).toEqual(['candidate', 'general', 'site', 'application', 'approved', 'contracted', 'admitted'])
    expect(FILTER_STAGES).toEqual(['', ...STAGES, 'dropped'])
    expect(stageIndex('site')).toBe(2)
    expect(stageIndex('dropped')).toBe(-1)
    expect(SECTIONS).toEqual(['candidate', 'general', 'site', 'application', 'approved'])
    expect(STAGE_FIELDS.general).toEqual(['history', 'profile', 'annual_accounts', 'catalogue', 'talks'])
    expect(STAGE_FIELDS.site).toEqual(['site_visited_on', 'site_team', 'site_findings'])
    expect(STAGE_FIELDS.application).toEqual(['reason', 'trading_policy', 'goods_amounts', 'findings'])
    expect(STAGE_FIELDS.approved).toEqual(['supply_signed_on', 'quality_signed_on', 'payment_terms'])
    // the checklists the server names when refusing to move on
    expect(CHECKLIST.general).toEqual(['history', 'profile', 'annual_accounts', 'catalogue'])
    expect(CHECKLIST.site).toEqual(['site_visited_on', 'site_findings'])
    expect(CHECKLIST.application).toEqual(['reason', 'trading_policy', 'goods_amounts', 'findings', 'scores'])
    expect(CHECKLIST.approved).toEqual(['supply_signed_on', 'quality_signed_on'])
    expect(fieldStage('site_team')).toBe('site')
    expect(fieldStage('nosuch')).toBe('')
    expect([isDate('site_visited_on'), isDate('site_team'), isLong('history'), isLong('phone'), isLong('site_visited_on')]).toEqual([true, false, true, false, false])
    expect([maxOf('name'), maxOf('phone'), maxOf('uscc'), maxOf('findings'), maxOf('payment_terms')]).toEqual([100, 40, 18, 2000, 100])
    expect([stageType('admitted'), stageType('dropped'), stageType('application'), stageType('general')]).toEqual(['success', 'info', 'warning', ''])
  })

  it('R-DEV-1: only the sections of the stages reached are shown; a dropped one keeps what it reached', () => {
    expect(visibleSections(cand('candidate'))).toEqual(['candidate'])
    expect(visibleSections(cand('general'))).toEqual(['candidate', 'general'])
    expect(visibleSections(cand('application'))).toEqual(['candidate', 'general', 'site', 'application'])
    expect(visibleSections(cand('admitted'))).toEqual(SECTIONS)
    const dropped = cand('site', { stage: 'dropped', next_stage: null })
    dropped.steps.push(step('dropped', '2026-06-09T09:00:00+08:00'))
    expect(reachedStage(dropped)).toBe('site')
    expect(visibleSections(dropped)).toEqual(['candidate', 'general', 'site'])
    expect(reachedStage(null)).toBe('candidate')
  })

  it('R-DEV-1: fields change until admitted or dropped, never while the application awaits its decision; moving on and dropping likewise', () => {
    const pending = cand('application', { approval: { id: 9, state: 'pending' } })
    const rejected = cand('application', { approval: { id: 9, state: 'rejected' } })
    const dropped = cand('general', { stage: 'dropped', next_stage: null })
    expect([editable(cand('candidate')), editable(cand('contracted')), editable(cand('admitted')), editable(dropped), editable(pending), editable(rejected), editable(null)])
      .toEqual([true, true, false, false, false, true, false])
    expect([pendingApproval(pending), pendingApproval(rejected)]).toEqual([true, false])
    expect([canAdvance(cand('general')), canAdvance(cand('contracted')), canAdvance(cand('admitted')), canAdvance(pending), canAdvance(rejected), canAdvance(dropped)])
      .toEqual([true, true, false, false, true, false])
    expect([canDrop(cand('candidate')), canDrop(pending), canDrop(cand('admitted')), canDrop(dropped)]).toEqual([true, true, false, false])
  })

  it('R-DEV-1: the path bar shows every stage, where it is, and when and by whom each stage was reached', () => {
    const p = pathSteps(cand('site'))
    expect(p.active).toBe(2)
    expect(p.steps.map((s) => s.status)).toEqual(['success', 'success', 'process', 'wait', 'wait', 'wait', 'wait'])
    expect(p.steps[1]).toMatchObject({ stage: 'general', at: '2026-06-02T09:00:00+08:00', by: '张伟' })
    expect(p.steps[3].at).toBe('')
    expect(pathSteps(cand('admitted')).steps.every((s) => s.status === 'success')).toBe(true)
    const dropped = cand('general', { stage: 'dropped' })
    dropped.steps.push(step('dropped', '2026-06-05T10:00:00+08:00'))
    const d = pathSteps(dropped)
    expect(d.steps.map((s) => s.status).slice(0, 3)).toEqual(['success', 'error', 'wait'])
    expect([d.dropped, d.droppedAt]).toEqual([true, '2026-06-05T10:00:00+08:00'])
    // an application re-filed after a refusal: its last time counts
    const again = cand('application')
    again.steps.push(step('application', '2026-06-20T09:00:00+08:00'))
    expect(pathSteps(again).steps[3].at).toBe('2026-06-20T09:00:00+08:00')
  })

  it('R-DEV-1: a new candidate needs a name; the checks of lengths, the credit code and the days; the bodies send what is given or changed', () => {
    expect(validate({ name: ' ', uscc: '', contact: '', phone: '' }, 'candidate')).toEqual({ name: 'required' })
    expect(validate({ name: '长'.repeat(101), uscc: '9135-0100', phone: '1'.repeat(41) }, 'candidate')).toEqual({ name: 'tooLong', uscc: 'uscc', phone: 'tooLong' })
    expect(validate({ name: '某公司', uscc: '91350100M000200Y43' }, 'candidate')).toEqual({})
    expect(validate({ site_visited_on: '2026-02-30', site_team: 'x'.repeat(101), site_findings: '' }, 'site')).toEqual({ site_visited_on: 'date', site_team: 'tooLong' })
    expect(validate({ site_visited_on: '2026-06-02' }, 'site', '2026-06-01')).toEqual({ site_visited_on: 'future' })
    expect(validate({ site_visited_on: '2026-06-01' }, 'site', '2026-06-01')).toEqual({})
    expect(createBody({ name: ' 某公司 ', uscc: '', contact: '林经理', phone: ' ' })).toEqual({ name: '某公司', contact: '林经理' })
    const c = cand('general')
    const form = formOf(c, 'general')
    expect(form).toEqual({ history: '2008 年成立', profile: '', annual_accounts: '', catalogue: '', talks: '' })
    expect(changeBody(form, 'general', c)).toEqual({})
    form.profile = ' 员工 200 人 '
    form.history = ''
    expect(changeBody(form, 'general', c)).toEqual({ profile: '员工 200 人', history: '' })
    expect(problemMessage('tooLong', 'phone')).toEqual(['develop.err.tooLong', { n: 40 }])
    expect(problems({ name: 'required' })).toEqual({ name: ['develop.err.required', {}] })
  })

  it('R-DEV-1: the checklist gaps of a refusal to move on are read from the server\'s message', () => {
    const e = { status: 409, error: { field: 'stage', message_en: 'this stage\'s checklist is not complete: reason,trading_policy,scores', message_zh: '本阶段清单未完成：reason,trading_policy,scores' } }
    expect(checklistGaps(e)).toEqual(['reason', 'trading_policy', 'scores'])
    expect(checklistGaps({ error: { field: 'stage', message_en: 'the admission application awaits its decision' } })).toEqual([])
    expect(checklistGaps({ error: { field: 'reason', message_en: 'x: reason' } })).toEqual([])
    expect(checklistGaps(null)).toEqual([])
  })

  it('R-DEV-2: scores 0–10 at the site and application stages, weighted as the server weighs them', () => {
    expect([scoresShown(cand('general')), scoresShown(cand('site')), scoresShown(cand('admitted'))]).toEqual([false, true, true])
    expect([scoresEditable(cand('site')), scoresEditable(cand('application')), scoresEditable(cand('approved')),
      scoresEditable(cand('application', { approval: { id: 1, state: 'pending' } }))]).toEqual([true, true, false, false])
    const s = scoresOf(cand('site'))
    expect(s.equipment).toBe(10)
    expect(weightedScore(criteria)).toBe(5.6)
    expect(weightedScore(criteria.map((x) => ({ ...x, weight: x.code === 'equipment' ? 50 : x.code === 'cost' ? 0 : x.weight })))).toBe(7)
    expect(weightedScore(criteria, { ...s, cost: null })).toBeNull()
    expect(scoresBody({ equipment: 8, delivery: null, cost: 0 })).toEqual({ scores: { equipment: 8, cost: 0 } })
    expect(scoresBody({ equipment: 11 })).toBeNull()
    expect(scoresBody({ equipment: 2.5 })).toBeNull()
    expect([criterionName(criteria[0], 'en'), criterionName(criteria[2], 'en'), criterionName(criteria[0], 'zh-CN')]).toEqual(['Equipment and quality', '管理', '设备与质量'])
  })

  it('R-DEV-2: weights are whole numbers 0–100, not all 0; only the changed ones are sent', () => {
    const w = Object.fromEntries(criteria.map((x) => [x.code, x.weight]))
    expect(weightsProblem(w)).toBe('')
    expect(weightsProblem({ ...w, equipment: 101 })).toBe('weightRange')
    expect(weightsProblem({ ...w, equipment: null })).toBe('weightRange')
    expect(weightsProblem(Object.fromEntries(criteria.map((x) => [x.code, 0])))).toBe('weightsZero')
    expect(weightsProblem({})).toBe('weightsNone')
    expect(weightsBody(w, criteria)).toEqual({ weights: {} })
    expect(weightsBody({ ...w, equipment: 50, cost: 0 }, criteria)).toEqual({ weights: { equipment: 50, cost: 0 } })
  })
})
