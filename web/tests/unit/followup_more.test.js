// The logic of follow-up rules, amounts, visit plans, the "my tasks" tabs and callback lists
// (src/views/followup/followup.js, R-INT-2, R-INT-4, R-INT-5, issue 13 items 3-5): a rule read as
// a sentence in both languages (also a complaint rule, and a rule on a date of the customer's:
// before the date, yearly), the rule form's checks and body, amounts typed in yuan and sent
// in fen (refused, never rounded, below a fen), a visit plan's states and who may close one, the
// bodies of a plan and of its closing, and a callback list's draw and tasks.
import { describe, expect, it } from 'vitest'
import {
  CALLBACK_FILTERS, CALLBACK_METHODS, callbackBody, drawBody, drawFilter, emptyCallback, emptyDraw, shareLines, validateCallback, validateDraw,
  FILTERS, PLAN_STATES, PURPOSES, RULE_FIELDS, VIEWS, finishedLine, purposeKey, assigneeRoles, canClosePlan, choiceLabel, closeBody, emptyPlan, emptyRule, kindKey, nextPosition,
  parseYuan, planBody, planStateKey, planStateType, planWaiting, problemMessage, problems, ruleBody, ruleForm, ruleSentence,
  ruleWindow, taskQuery, validateClose, validatePlan, validateRule, viewOf, yuanText, DATE_OFFSET_MIN, negativeAllowed, yearlyByDefault,
} from '../../src/views/followup/followup.js'
import { messages } from '../../src/views/followup/module.js'

/** A t over the module's messages, as vue-i18n says them ({name} placeholders). */
function tFor(loc) {
  return (key, params = {}) => {
    let v = key.split('.').reduce((o, k) => (o ? o[k] : undefined), messages[loc])
    if (typeof v !== 'string') return key
    for (const [k, x] of Object.entries(params)) v = v.split(`{${k}}`).join(String(x))
    return v
  }
}

// The GET /followup-rules answer's choices, as the server sends them.
const choices = {
  triggers: [{ value: 'customer_created', zh: '新建客户', en: 'Customer created' }, { value: 'first_purchase', zh: '首次购买', en: 'First purchase' }, { value: 'purchase', zh: '每次购买', en: 'Each purchase' }],
  audiences: [{ value: 'all', zh: '全部客户', en: 'All customers' }, { value: 'buyers', zh: '已购买客户', en: 'Buyers' }, { value: 'non_buyers', zh: '未购买客户', en: 'Non-buyers' }],
  units: [{ value: 'days', zh: '天', en: 'days' }, { value: 'working_days', zh: '工作日', en: 'working days' }, { value: 'months', zh: '个月', en: 'months' }],
  purposes: [{ value: 'guidance', zh: '指导回访', en: 'Guidance' }, { value: 'emotional', zh: '情感回访', en: 'Emotional care' }],
  channels: [{ value: 'call', zh: '电话', en: 'Phone call' }, { value: 'visit', zh: '拜访', en: 'Visit' }],
}
// The triggers with the complaint and date ones, and the dates (birthday, collected_on, a custom date field).
const triggers = [
  ...choices.triggers, { value: 'complaint_resolved', zh: '投诉处理完毕', en: 'Complaint resolved' },
  { value: 'complaint_written', zh: '收到书面投诉', en: 'Written complaint received' }, { value: 'date_field', zh: '客户日期字段', en: 'A date of the customer\'s' },
]
const dateChoices = {
  ...choices, triggers,
  date_fields: [{ value: 'birthday', zh: '生日', en: 'Birthday' }, { value: 'collected_on', zh: '信息收集日期', en: 'Date collected' }, { value: 'custom:spouse_birthday', zh: '配偶生日', en: 'Spouse\'s birthday' }],
}
const birthday = {
  id: 11, name_zh: '生日问候', name_en: 'Birthday call', trigger: 'date_field', audience: 'all', unit: 'days', offset_from: -3, offset_to: 0,
  channel: 'call', assignee_role: '', purpose: 'emotional', enabled: true, active_from: null, position: 11, updated_at: null, date_field: 'birthday', yearly: true,
}
const shipped = { id: 1, name_zh: '购买客户第一次回访（3日内）', name_en: 'Buyer: first call within 3 days', trigger: 'first_purchase', audience: 'all', unit: 'days', offset_from: 0, offset_to: 3, channel: 'call', assignee_role: '', purpose: 'guidance', enabled: true, active_from: null, position: 1, updated_at: null }

describe('follow-up rules', () => {
  it('reads a rule as a sentence: when, for whom, how, why, by whom — in the language shown, labels from the choices', () => {
    expect(ruleSentence(shipped, { choices, lang: 'zh-CN', t: tFor('zh-CN') })).toBe('首次购买后 0–3 天 · 电话 · 指导回访 · 客户负责人')
    expect(ruleSentence(shipped, { choices, lang: 'en', t: tFor('en') })).toBe('0–3 days after first purchase · Phone call · Guidance · The customer\'s owner')
    const nonBuyers = { ...shipped, trigger: 'customer_created', audience: 'non_buyers', offset_to: 15, purpose: 'emotional' }
    expect(ruleSentence(nonBuyers, { choices, lang: 'zh-CN', t: tFor('zh-CN') })).toBe('新建客户后 0–15 天 · 未购买客户 · 电话 · 情感回访 · 客户负责人')
    // a window that opens when it falls due; no purpose; a role, by its name
    const week = { ...shipped, trigger: 'purchase', offset_from: 7, offset_to: 7, purpose: '', unit: 'working_days', channel: 'visit', assignee_role: 'cs_manager' }
    const roleName = (c) => ({ cs_manager: '客户服务部经理' })[c] || c
    expect(ruleSentence(week, { choices, lang: 'zh-CN', t: tFor('zh-CN'), roleName })).toBe('每次购买后 7 工作日 · 拜访 · 客户服务部经理')
    // a value the choices do not list reads as itself
    expect(ruleSentence({ ...shipped, channel: 'pigeon' }, { choices, lang: 'zh-CN', t: tFor('zh-CN') })).toBe('首次购买后 0–3 天 · pigeon · 指导回访 · 客户负责人')
    expect(ruleWindow({ offset_from: 4, offset_to: 6 })).toBe('4–6')
    expect(ruleWindow({ offset_from: 7, offset_to: 7 })).toBe('7')
    expect(choiceLabel(choices.units, 'months', 'en')).toBe('months')
    expect(choiceLabel(choices.units, 'weeks', 'en')).toBe('weeks')
    expect(choiceLabel(null, '', 'en')).toBe('')
  })

  it('checks a rule before saving: a name, whole numbers from 0, opening no later than it falls due', () => {
    expect(validateRule(ruleForm(shipped))).toEqual({})
    expect(validateRule({ ...ruleForm(shipped), name_zh: '  ' })).toEqual({ name_zh: 'common.required' })
    expect(validateRule({ ...ruleForm(shipped), name_zh: '长'.repeat(101) })).toEqual({ name_zh: 'tooLong' })
    expect(validateRule({ ...ruleForm(shipped), name_en: 'x'.repeat(101) })).toEqual({ name_en: 'tooLong' })
    expect(validateRule({ ...ruleForm(shipped), offset_from: 5, offset_to: 3 })).toEqual({ offset_to: 'toBeforeFrom' })
    expect(validateRule({ ...ruleForm(shipped), offset_from: null })).toEqual({ offset_from: 'wholeNumber' })
    expect(validateRule({ ...ruleForm(shipped), offset_to: -1 })).toEqual({ offset_to: 'wholeNumber' })
    expect(validateRule({ ...ruleForm(shipped), offset_to: 2.5 })).toEqual({ offset_to: 'wholeNumber' })
    expect(validateRule({ ...ruleForm(shipped), trigger: '' })).toEqual({ trigger: 'common.required' })
    // the unit's largest window is the server's: 121 months goes to it (and its refusal names offset_to)
    expect(validateRule({ ...ruleForm(shipped), unit: 'months', offset_to: 121 })).toEqual({})
    expect(problemMessage('toBeforeFrom', 'offset_to')).toEqual(['followup.err.toBeforeFrom', {}])
    expect(problems({ name_zh: 'tooLong' })).toEqual({ name_zh: ['followup.err.tooLong', { n: 100 }] })
  })

  it('sends every field of a rule, as it is to be', () => {
    const body = ruleBody({ ...ruleForm(shipped), name_zh: ' 回访 ', offset_to: '5' })
    expect(Object.keys(body).sort()).toEqual([...RULE_FIELDS].sort())
    expect(body).toEqual({
      name_zh: '回访', name_en: 'Buyer: first call within 3 days', trigger: 'first_purchase', audience: 'all', unit: 'days',
      offset_from: 0, offset_to: 5, channel: 'call', assignee_role: '', purpose: 'guidance', enabled: true, position: 1,
      date_field: '', yearly: false,
    })
    // read from the server (nulls, extra fields) and back: the same rule
    expect(ruleBody(shipped)).toMatchObject({ position: 1, enabled: true, assignee_role: '' })
    expect(ruleBody({ ...shipped, enabled: false }).enabled).toBe(false)
    expect(emptyRule(9)).toMatchObject({ trigger: 'customer_created', audience: 'all', unit: 'days', channel: 'call', enabled: true, position: 9, assignee_role: '', date_field: '', yearly: false })
    expect(nextPosition([{ position: 1 }, { position: 8 }, { position: 3 }])).toBe(9)
    expect(nextPosition([])).toBe(1)
  })

  it('R-INT-4: reads a complaint rule like any rule on an event: its trigger, the window after it', () => {
    const written = { ...shipped, name_zh: '收到书面投诉即时电话回访', trigger: 'complaint_written', offset_to: 1, purpose: 'mediation' }
    const resolved = { ...shipped, name_zh: '投诉处理后电话回访', trigger: 'complaint_resolved', offset_to: 3, purpose: 'emotional' }
    const c = { ...choices, triggers, purposes: [...choices.purposes, { value: 'mediation', zh: '调解回访', en: 'Mediation' }] }
    expect(ruleSentence(written, { choices: c, lang: 'zh-CN', t: tFor('zh-CN') })).toBe('收到书面投诉后 0–1 天 · 电话 · 调解回访 · 客户负责人')
    expect(ruleSentence(resolved, { choices: c, lang: 'zh-CN', t: tFor('zh-CN') })).toBe('投诉处理完毕后 0–3 天 · 电话 · 情感回访 · 客户负责人')
    expect(ruleSentence(written, { choices: c, lang: 'en', t: tFor('en') })).toBe('0–1 days after written complaint received · Phone call · Mediation · The customer\'s owner')
    expect(ruleBody(written)).toMatchObject({ trigger: 'complaint_written', date_field: '', yearly: false })
  })

  it('R-INT-4: reads a rule on a date as its window around the date, each year for a yearly one', () => {
    const zh = (r) => ruleSentence(r, { choices: dateChoices, lang: 'zh-CN', t: tFor('zh-CN') })
    const en = (r) => ruleSentence(r, { choices: dateChoices, lang: 'en', t: tFor('en') })
    expect(zh(birthday)).toBe('每年生日前 3 天至当天 · 电话 · 情感回访 · 客户负责人')
    expect(en(birthday)).toBe('from 3 days before to the day of the birthday, each year · Phone call · Emotional care · The customer\'s owner')
    // not yearly: the date once
    expect(zh({ ...birthday, yearly: false, date_field: 'collected_on', purpose: '' })).toBe('信息收集日期前 3 天至当天 · 电话 · 客户负责人')
    // a window wholly before the date, on the day, after it, around it
    expect(zh({ ...birthday, offset_from: -30, offset_to: -7 })).toBe('每年生日前 30 至 7 天 · 电话 · 情感回访 · 客户负责人')
    expect(en({ ...birthday, offset_from: -30, offset_to: -7 })).toMatch(/^from 30 to 7 days before the birthday, each year · /)
    expect(zh({ ...birthday, offset_from: 0, offset_to: 0 })).toMatch(/^每年生日当天 · /)
    expect(en({ ...birthday, offset_from: 0, offset_to: 0 })).toMatch(/^on the day of the birthday, each year · /)
    expect(zh({ ...birthday, offset_from: -1, offset_to: -1 })).toMatch(/^每年生日前 1 天 · /)
    expect(zh({ ...birthday, offset_from: 7, offset_to: 7 })).toMatch(/^每年生日后 7 天 · /)
    expect(zh({ ...birthday, offset_from: 1, offset_to: 3 })).toMatch(/^每年生日后 1–3 天 · /)
    expect(en({ ...birthday, offset_from: 1, offset_to: 3 })).toMatch(/^1–3 days after the birthday, each year · /)
    expect(zh({ ...birthday, offset_from: 0, offset_to: 3 })).toMatch(/^每年生日当天至后 3 天 · /)
    expect(zh({ ...birthday, offset_from: -3, offset_to: 3 })).toMatch(/^每年生日前 3 天至后 3 天 · /)
    expect(en({ ...birthday, offset_from: -3, offset_to: 3 })).toMatch(/^from 3 days before to 3 days after the birthday, each year · /)
    expect(zh({ ...birthday, unit: 'months', offset_from: -1, offset_to: 0 })).toMatch(/^每年生日前 1 个月至当天 · /)
    // a custom date field by the server's label; one no longer offered by its value
    expect(zh({ ...birthday, date_field: 'custom:spouse_birthday' })).toMatch(/^每年配偶生日前 3 天至当天 · /)
    expect(en({ ...birthday, date_field: 'custom:spouse_birthday' })).toMatch(/^from 3 days before to the day of the spouse's birthday, each year · /)
    expect(zh({ ...birthday, date_field: 'custom:gone' })).toMatch(/^每年custom:gone前 3 天至当天 · /)
  })

  it('R-INT-4: checks a rule on a date: a date chosen; before the date (negative) in days and months from -3650, never in working days; still opening no later than it falls due', () => {
    expect(validateRule(ruleForm(birthday))).toEqual({})
    expect(validateRule({ ...ruleForm(birthday), date_field: '' })).toEqual({ date_field: 'common.required' })
    expect(validateRule({ ...ruleForm(birthday), unit: 'months', offset_from: -2, offset_to: -1 })).toEqual({})
    expect(validateRule({ ...ruleForm(birthday), offset_from: -3650, offset_to: 0 })).toEqual({})
    expect(validateRule({ ...ruleForm(birthday), offset_from: -3651 })).toEqual({ offset_from: 'dateOffset' })
    expect(validateRule({ ...ruleForm(birthday), offset_from: -2.5 })).toEqual({ offset_from: 'dateOffset' })
    expect(validateRule({ ...ruleForm(birthday), offset_from: 0, offset_to: -3 })).toEqual({ offset_to: 'toBeforeFrom' })
    expect(validateRule({ ...ruleForm(birthday), offset_from: -7, offset_to: -30 })).toEqual({ offset_to: 'toBeforeFrom' })
    expect(validateRule({ ...ruleForm(birthday), unit: 'working_days' })).toEqual({ offset_from: 'wholeNumber' })
    // the other triggers keep whole numbers from 0, and need no date
    expect(validateRule({ ...ruleForm(shipped), offset_from: -3 })).toEqual({ offset_from: 'wholeNumber' })
    expect(validateRule({ ...ruleForm(shipped), date_field: '' })).toEqual({})
    expect(problemMessage('dateOffset', 'offset_from')).toEqual(['followup.err.dateOffset', { min: DATE_OFFSET_MIN }])
    expect(DATE_OFFSET_MIN).toBe(-3650)
    expect(negativeAllowed('date_field', 'days')).toBe(true)
    expect(negativeAllowed('date_field', 'months')).toBe(true)
    expect(negativeAllowed('date_field', 'working_days')).toBe(false)
    expect(negativeAllowed('purchase', 'days')).toBe(false)
  })

  it('R-INT-4: sends a rule on a date with its date and yearly; other rules send none, whatever the form held', () => {
    expect(ruleBody({ ...ruleForm(birthday), offset_from: '-3' })).toEqual({
      name_zh: '生日问候', name_en: 'Birthday call', trigger: 'date_field', audience: 'all', unit: 'days',
      offset_from: -3, offset_to: 0, channel: 'call', assignee_role: '', purpose: 'emotional', enabled: true, position: 11,
      date_field: 'birthday', yearly: true,
    })
    expect(ruleForm({ ...birthday, date_field: null, yearly: null })).toMatchObject({ date_field: '', yearly: false })
    expect(ruleForm(birthday)).toMatchObject({ date_field: 'birthday', yearly: true, offset_from: -3 })
    // switched to another trigger: the date and yearly are not sent
    expect(ruleBody({ ...ruleForm(birthday), trigger: 'purchase', offset_from: 0 })).toMatchObject({ trigger: 'purchase', date_field: '', yearly: false })
    expect(ruleBody({ ...ruleForm(birthday), yearly: false }).yearly).toBe(false)
  })

  it('R-INT-4: makes a rule on a birthday yearly by default: the birthday, or a date that says birthday or anniversary in its key or English label', () => {
    const fields = dateChoices.date_fields
    expect(yearlyByDefault('birthday', fields)).toBe(true)
    expect(yearlyByDefault('custom:spouse_birthday', fields)).toBe(true)
    expect(yearlyByDefault('custom:anniv', [...fields, { value: 'custom:anniv', zh: '父亲生日', en: 'Anniversary' }])).toBe(true)
    expect(yearlyByDefault('custom:anniv2', [...fields, { value: 'custom:anniv2', zh: '纪念日', en: 'Mother\'s Birthday' }])).toBe(true)
    expect(yearlyByDefault('custom:wedding_anniversary', [...fields, { value: 'custom:wedding_anniversary', zh: '结婚纪念日', en: 'Wedding anniversary' }])).toBe(true)
    expect(yearlyByDefault('custom:x', [...fields, { value: 'custom:x', zh: '入会纪念日', en: 'Joined' }])).toBe(false)
    expect(yearlyByDefault('collected_on', fields)).toBe(false)
    expect(yearlyByDefault('custom:contract_end', [...fields, { value: 'custom:contract_end', zh: '合同到期日', en: 'Contract end' }])).toBe(false)
    expect(yearlyByDefault('', fields)).toBe(false)
    expect(yearlyByDefault('birthday', null)).toBe(true)
  })

  it('R-INT-4: says the date rule\'s words in both languages', () => {
    for (const loc of ['zh-CN', 'en']) {
      const r = messages[loc].followup.rules
      for (const k of ['dateField', 'yearly', 'yearlyHint', 'fromDate', 'toDate', 'negativeHint']) expect(r[k], `${loc} ${k}`).toBeTruthy()
      expect(messages[loc].followup.err.dateOffset).toContain('{min}')
    }
  })

  it('offers as assignees the roles whose holders see customers, named in the language shown', () => {
    const roles = [
      { code: 'cs_manager', name_zh: '客户服务部经理', name_en: 'Customer service manager', scopes: { customers: 'all_nonsecret' } },
      { code: 'technician', name_zh: '技术员', name_en: 'Technician', scopes: { customers: 'none' } },
      { code: 'salesperson', name_zh: '业务员', name_en: 'Salesperson', scope: 'own' },
      { code: 'admin', name_zh: '系统管理员', name_en: 'Administrator', scopes: { customers: 'none' } },
    ]
    expect(assigneeRoles(roles, 'zh-CN')).toEqual([{ code: 'cs_manager', name: '客户服务部经理' }, { code: 'salesperson', name: '业务员' }])
    expect(assigneeRoles(roles, 'en').map((r) => r.name)).toEqual(['Customer service manager', 'Salesperson'])
    expect(assigneeRoles(null, 'en')).toEqual([])
  })
})

describe('a task made by a rule or skipped by a purchase', () => {
  it('names the six purposes in both languages; free text stays itself', () => {
    expect(PURPOSES).toEqual(['explanation', 'promotion', 'emotional', 'mediation', 'advice', 'guidance'])
    for (const loc of ['zh-CN', 'en']) for (const p of PURPOSES) expect(messages[loc].followup.purposes[p], `${loc} ${p}`).toBeTruthy()
    expect(messages['zh-CN'].followup.purposes.emotional).toBe('情感回访')
    expect(purposeKey('guidance')).toBe('followup.purposes.guidance')
    expect(purposeKey('了解净水器使用情况')).toBe('')
  })

  it('says who finished a task, or that it was done or skipped without anyone', () => {
    const fmt = (s) => s.slice(0, 16).replace('T', ' ')
    expect(finishedLine({ state: 'done', done_by: { id: 6, name: '张伟' }, done_at: '2026-06-01T09:00:00+08:00' }, fmt))
      .toEqual(['followup.task.doneBy', { who: '张伟', at: '2026-06-01 09:00' }])
    expect(finishedLine({ state: 'skipped', done_by: { id: 7, name: '周建国' }, done_at: '2026-06-01T09:00:00+08:00' }, fmt)[0]).toBe('followup.task.skippedBy')
    expect(finishedLine({ state: 'skipped', done_by: null, done_at: '2026-06-01T11:06:00+08:00' }, fmt))
      .toEqual(['followup.task.skippedAuto', { at: '2026-06-01 11:06' }])
    expect(finishedLine({ state: 'done', done_by: null, done_at: '2026-06-01T11:06:00+08:00' }, fmt)[0]).toBe('followup.task.doneAuto')
  })
})

describe('amounts: yuan on screen, whole fen on the wire', () => {
  it('reads yuan as typed into whole fen, on the text (no floating-point drift)', () => {
    expect(parseYuan('1288')).toEqual({ fen: 128800 })
    expect(parseYuan('1,288.5')).toEqual({ fen: 128850 })
    expect(parseYuan(' 0.29 ')).toEqual({ fen: 29 })
    expect(parseYuan('.5')).toEqual({ fen: 50 })
    expect(parseYuan('12.')).toEqual({ fen: 1200 })
    expect(parseYuan('1.10')).toEqual({ fen: 110 })
    expect(parseYuan('1.100')).toEqual({ fen: 110 })
    expect(parseYuan('¥99')).toEqual({ fen: 9900 })
    expect(parseYuan('0')).toEqual({ fen: 0 })
    expect(parseYuan('007')).toEqual({ fen: 700 })
    expect(parseYuan(1288.5)).toEqual({ fen: 128850 })
    expect(parseYuan('10000000000')).toEqual({ fen: 1e12 })
  })

  it('refuses rather than rounds: a part below a fen, a negative, too much, not an amount', () => {
    expect(parseYuan('1.005')).toEqual({ problem: 'amountCents' })
    expect(parseYuan('0.001')).toEqual({ problem: 'amountCents' })
    expect(parseYuan('-5')).toEqual({ problem: 'amountNegative' })
    expect(parseYuan('10000000000.01')).toEqual({ problem: 'amountRange' })
    expect(parseYuan('123456789012')).toEqual({ problem: 'amountRange' })
    expect(parseYuan('100元')).toEqual({ problem: 'amountBad' })
    expect(parseYuan('1e5')).toEqual({ problem: 'amountBad' })
    expect(parseYuan('1.2.3')).toEqual({ problem: 'amountBad' })
    expect(parseYuan('.')).toEqual({ problem: 'amountBad' })
    expect(parseYuan('')).toEqual({ problem: 'common.required' })
    expect(parseYuan(null)).toEqual({ problem: 'common.required' })
    expect(problemMessage('amountRange', 'amount_fen')).toEqual(['followup.err.amountRange', { max: '10,000,000,000.00' }])
    expect(problemMessage('amountCents', 'amount_fen')).toEqual(['followup.err.amountCents', {}])
  })

  it('shows fen as yuan with two decimals, and round-trips', () => {
    expect(yuanText(128800)).toBe('1,288.00')
    expect(yuanText(9)).toBe('0.09')
    expect(yuanText(0)).toBe('0.00')
    expect(yuanText(1e12)).toBe('10,000,000,000.00')
    expect(yuanText(null)).toBe('')
    expect(yuanText('x')).toBe('')
    for (const fen of [0, 1, 29, 110, 128850, 99999999999]) expect(parseYuan(yuanText(fen))).toEqual({ fen })
  })
})

describe('visit plans', () => {
  it('names and colours every state a plan has; the waiting ones; a visit task\'s kind', () => {
    expect(PLAN_STATES).toEqual(['pending', 'returned', 'rejected', 'withdrawn', 'approved', 'done'])
    for (const loc of ['zh-CN', 'en']) for (const s of PLAN_STATES) expect(messages[loc].followup.plan.states[s], `${loc} ${s}`).toBeTruthy()
    expect(messages['zh-CN'].followup.plan.states.pending).toBe('待审批')
    expect(planStateKey('approved')).toBe('followup.plan.states.approved')
    expect(planStateKey('lost')).toBe('')
    expect(PLAN_STATES.map(planStateType)).toEqual(['warning', 'warning', 'danger', 'info', 'primary', 'success'])
    expect(planStateType('lost')).toBe('info')
    expect(planWaiting({ state: 'pending' })).toBe(true)
    expect(planWaiting({ state: 'returned' })).toBe(true)
    expect(planWaiting({ state: 'approved' })).toBe(false)
    expect(planWaiting(null)).toBe(false)
    expect(kindKey('visit')).toBe('followup.kinds.visit')
    expect(messages['zh-CN'].followup.kinds.visit).toBe('走访')
    // the minutes a visit calls for
    expect(kindKey('minutes')).toBe('followup.kinds.minutes')
    for (const loc of ['zh-CN', 'en']) expect(messages[loc].followup.kinds.minutes).toBeTruthy()
  })

  it('lets only its requester close an approved plan', () => {
    const plan = { id: 41, state: 'approved', requester: { id: 6, name: '张伟' } }
    expect(canClosePlan(plan, 6)).toBe(true)
    expect(canClosePlan(plan, '6')).toBe(true)
    expect(canClosePlan(plan, 7)).toBe(false)
    expect(canClosePlan(plan, null)).toBe(false)
    for (const state of ['pending', 'returned', 'rejected', 'withdrawn', 'done']) expect(canClosePlan({ ...plan, state }, 6), state).toBe(false)
    expect(canClosePlan(null, 6)).toBe(false)
  })

  it('checks a plan before it is filed: an objective, a time to come, the reason\'s length', () => {
    const now = '2026-06-01 09:00:00'
    expect(validatePlan({ objective: '介绍新品', planned: '2026-06-03 14:00:00', reason: '' }, now)).toEqual({})
    expect(validatePlan(emptyPlan(), now)).toEqual({ objective: 'common.required', planned_at: 'common.required' })
    expect(validatePlan({ objective: '长'.repeat(501), planned: '2026-06-01 09:00:00' }, now)).toEqual({ objective: 'tooLong', planned_at: 'planPast' })
    expect(validatePlan({ objective: 'x', planned: '2026-06-01 08:00:00' }, '')).toEqual({}) // the clock unknown: the server's check
    expect(validatePlan({ objective: 'x', planned: '2026-06-02 08:00:00', reason: '理'.repeat(1001) }, now)).toEqual({ reason: 'reasonTooLong' })
    expect(problemMessage('reasonTooLong', 'reason')).toEqual(['followup.err.tooLong', { n: 1000 }])
    expect(problems({ objective: 'tooLong' })).toEqual({ objective: ['followup.err.tooLong', { n: 500 }] })
    expect(planBody({ objective: ' 介绍新品 ', planned: '2026-06-03 14:00:00', reason: '' }, '17'))
      .toEqual({ customer_id: 17, objective: '介绍新品', planned_at: '2026-06-03T14:00:00+08:00' })
    expect(planBody({ objective: 'x', planned: '2026-06-03 14:00:00', reason: ' 客户来电 ' }, 17, '+09:00'))
      .toEqual({ customer_id: 17, objective: 'x', planned_at: '2026-06-03T14:00:00+09:00', reason: '客户来电' })
  })

  it('closes a plan as an interaction is logged, without the customer, channel and task (the plan\'s)', () => {
    const now = '2026-06-03 17:00:00'
    expect(validateClose({ summary: '' }, now)).toEqual({ summary: 'common.required' })
    expect(validateClose({ summary: '顺利', occurred: '2026-06-04 09:00:00' }, now)).toEqual({ occurred_at: 'future' })
    expect(validateClose({ summary: '顺利', nextAt: '2026-06-04 09:00:00' }, now)).toEqual({ next_step: 'nextStepNeeded' })
    expect(validateClose({ summary: '顺利', nextStep: '送样', nextAt: '2026-06-04 09:00:00' }, now)).toEqual({})
    expect(closeBody({ summary: ' 拜访顺利 ', outcome: '试用', occurred: '2026-06-03 14:10:00', nextStep: '', nextAt: '' }))
      .toEqual({ summary: '拜访顺利', outcome: '试用', occurred_at: '2026-06-03T14:10:00+08:00' })
    expect(closeBody({ summary: 'x', nextStep: '送样', nextAt: '2026-06-05 10:00:00' }, '+08:00'))
      .toEqual({ summary: 'x', next_step: '送样', next_at: '2026-06-05T10:00:00+08:00' })
  })
})

describe('the "my tasks" tabs', () => {
  it('keeps the tab in the URL with the filters; the team only for those who give tasks', () => {
    expect(VIEWS).toEqual(['tasks', 'plans', 'team'])
    expect(FILTERS.view).toBe('tasks')
    expect(viewOf('plans')).toBe('plans')
    expect(viewOf('team', true)).toBe('team')
    expect(viewOf('team', false)).toBe('tasks')
    expect(viewOf('nonsense', true)).toBe('tasks')
    expect(viewOf(undefined)).toBe('tasks')
    // the tab is not a filter of the tasks read
    expect(taskQuery({ ...FILTERS, view: 'plans' })).toEqual({ state: 'open' })
    for (const loc of ['zh-CN', 'en']) for (const v of VIEWS) expect(messages[loc].followup.views[v]).toBeTruthy()
  })
})

describe('callback lists', () => {
  it('draws a random sample of a segment or its rarely contacted customers, with the customer list\'s filters', () => {
    expect(CALLBACK_METHODS).toEqual(['random', 'rarely_contacted', 'low_satisfaction', 'needs_service'])
    expect(CALLBACK_FILTERS).toEqual(expect.arrayContaining(['grade', 'category', 'stage', 'value_tier', 'owner_id', 'tag', 'province_code']))
    const d = emptyDraw()
    expect(validateDraw(d)).toEqual({})
    expect(drawBody(d)).toEqual({ method: 'random', filter: {}, size: 20 })
    const seg = { ...d, method: 'rarely_contacted', since_days: 30, grade: 'B', owner_id: '7', tag: ' 回访测试 ', province_code: '31', size: 50 }
    expect(drawBody(seg)).toEqual({ method: 'rarely_contacted', filter: { grade: 'B', owner_id: '7', tag: '回访测试', province_code: '31' }, size: 50, since_days: 30 })
    expect(drawFilter({ stage: '', value_tier: 'high', q: 'x' })).toEqual({ value_tier: 'high' })
    expect(validateDraw({ ...d, size: 0 })).toEqual({ size: 'sizeRange' })
    expect(validateDraw({ ...d, size: 501 })).toEqual({ size: 'sizeRange' })
    expect(validateDraw({ ...d, size: null })).toEqual({ size: 'sizeRange' })
    expect(validateDraw({ ...d, method: 'rarely_contacted', since_days: 3 })).toEqual({ since_days: 'sinceRange' })
    expect(validateDraw({ ...d, method: 'random', since_days: 3 })).toEqual({}) // the days are the rarely contacted's only
    expect(validateDraw({ ...d, method: 'lottery' })).toEqual({ method: 'common.required' })
    expect(problemMessage('sizeRange', 'size')).toEqual(['followup.err.sizeRange', { max: 500 }])
    expect(problemMessage('sinceRange', 'since_days')).toEqual(['followup.err.sinceRange', { min: 7, max: 3650 }])
  })

  it('R-INT-5: draws the unsatisfied (days back, a threshold of 1-4 stars, 2 by default) and those needing further service', () => {
    const d = emptyDraw()
    expect(d.max_satisfaction).toBe(2)
    expect(drawBody({ ...d, method: 'low_satisfaction', since_days: 60 })).toEqual({ method: 'low_satisfaction', filter: {}, size: 20, since_days: 60, max_satisfaction: 2 })
    expect(drawBody({ ...d, method: 'needs_service' })).toEqual({ method: 'needs_service', filter: {}, size: 20 })
    expect(validateDraw({ ...d, method: 'low_satisfaction', max_satisfaction: 5 })).toEqual({ max_satisfaction: 'satisfactionRange' })
    expect(validateDraw({ ...d, method: 'low_satisfaction', since_days: 3 })).toEqual({ since_days: 'sinceRange' })
    expect(validateDraw({ ...d, method: 'needs_service', max_satisfaction: 9, since_days: 1 })).toEqual({})
    expect(problemMessage('satisfactionRange', 'max_satisfaction')).toEqual(['followup.err.satisfactionRange', { min: 1, max: 4 }])
    for (const loc of ['zh-CN', 'en']) {
      for (const m of CALLBACK_METHODS) expect(messages[loc].followup.callback.methods[m]).toBeTruthy()
      for (const k of ['satisfactionRange', 'satisfactionBad']) expect(messages[loc].followup.err[k]).toBeTruthy()
    }
  })

  it('checks the tasks before making them: customers chosen, one of the six purposes, a title, a due time to come, the members picked', () => {
    const now = '2026-06-01 09:00:00'
    const ok = { ...emptyCallback(), purpose: 'emotional', title: '六月情感回访', due: '2026-06-10 18:00:00' }
    expect(validateCallback(ok, [1, 2], now)).toEqual({})
    expect(validateCallback(emptyCallback(), [], now)).toEqual({ customer_ids: 'noneChosen', purpose: 'common.required', title: 'common.required', due_at: 'common.required' })
    expect(validateCallback({ ...ok, purpose: 'gossip' }, [1], now)).toEqual({ purpose: 'common.required' })
    expect(validateCallback({ ...ok, due: '2026-06-01 08:00:00' }, [1], now)).toEqual({ due_at: 'dueFuture' })
    expect(validateCallback({ ...ok, team: 'members', assignees: [] }, [1], now)).toEqual({ assignee_ids: 'noneChosen' })
    expect(validateCallback({ ...ok, team: 'members', assignees: Array.from({ length: 51 }, (_, i) => i + 1) }, [1], now)).toEqual({ assignee_ids: 'tooManyMembers' })
    expect(validateCallback(ok, Array.from({ length: 501 }, (_, i) => i + 1), now)).toEqual({ customer_ids: 'tooManyCustomers' })
    expect(problemMessage('tooManyMembers', 'assignee_ids')).toEqual(['followup.err.tooMany', { n: 50 }])
  })

  it('sends the chosen customers, the task, the team (none: each owner) and how they were drawn', () => {
    const draw = { ...emptyDraw(), method: 'rarely_contacted', since_days: 90, grade: 'B', size: 50 }
    const form = { ...emptyCallback(), purpose: 'emotional', title: ' 六月情感回访 ', due: '2026-06-10 18:00:00' }
    expect(callbackBody(form, [17, '23'], draw)).toEqual({
      customer_ids: [17, 23], title: '六月情感回访', purpose: 'emotional', channel: 'call', due_at: '2026-06-10T18:00:00+08:00',
      method: 'rarely_contacted', filter: { grade: 'B' }, since_days: 90,
    })
    expect(callbackBody({ ...form, team: 'members', assignees: [6, 7] }, [17], { ...emptyDraw() })).toEqual({
      customer_ids: [17], title: '六月情感回访', purpose: 'emotional', channel: 'call', due_at: '2026-06-10T18:00:00+08:00',
      assignee_ids: [6, 7], method: 'random', filter: {},
    })
    // the members are sent only when the team is picked
    expect(callbackBody({ ...form, team: 'owners', assignees: [6] }, [17], null).assignee_ids).toBeUndefined()
  })

  it('says how many tasks went to whom', () => {
    expect(shareLines([{ user: { id: 6, name: '张伟' }, tasks: 3 }, { user: null, tasks: 2 }])).toEqual([
      ['followup.callback.shareTo', { who: '张伟', n: 3 }], ['followup.callback.shareOwners', { n: 2 }],
    ])
    expect(shareLines(null)).toEqual([])
    const zh = tFor('zh-CN')
    expect(zh(...shareLines([{ user: { id: 6, name: '张伟' }, tasks: 3 }])[0])).toBe('张伟 3 项')
  })
})
