// The complaint views' own decisions (src/views/complaints/complaints.js, R-CMP-1, R-INT-4): the
// channels, categories and severities and their labels (the server's, else the same defaults), a
// letter, an email or a web form in writing by default, the list's query, the checks made before
// a complaint is recorded or resolved (mirroring the server's), the bodies sent, the messages of
// the problems found, who may resolve one, and the module's texts in both languages.
import { describe, expect, it } from 'vitest'
import {
  CATEGORIES, CHANNELS, DEFAULT_CHOICES, FILTERS, MAX, SEVERITIES, STATES, WRITTEN_CHANNELS, canResolve, choicesOf, complaintBody,
  complaintQuery, emptyComplaint, labelOf, problemMessage, problems, resolveBody, resolvedLine, stateKey, stateType, validateComplaint,
  validateResolution, writtenByDefault,
} from '../../src/views/complaints/complaints.js'
import * as complaintsModule from '../../src/views/complaints/module.js'
import { collectModules, buildMenu } from '../../src/modules.js'

const { messages, perms } = complaintsModule
const customer = { id: 12, code: 'KH0012', name: '上海某某' }
// The GET /complaints answer's choices, as the server sends them.
const choices = {
  channels: [{ value: 'phone', zh: '电话', en: 'Phone' }, { value: 'letter', zh: '信函', en: 'Letter' }],
  categories: [{ value: 'attitude', zh: '服务态度', en: 'Service attitude' }],
  severities: [{ value: 'general', zh: '一般', en: 'General' }, { value: 'major', zh: '重大', en: 'Major' }],
}
const filled = (x = {}) => ({ ...emptyComplaint(customer), category: 'attitude', summary: '安装工人态度恶劣', ...x })

describe('complaints: choices and labels', () => {
  it('R-CMP-1: knows the contract\'s channels, categories and severities, each labelled in both languages', () => {
    expect(CHANNELS).toEqual(['phone', 'store', 'web', 'email', 'letter', 'call_center', 'survey'])
    expect(CATEGORIES).toEqual(['attitude', 'service', 'product', 'price', 'communication'])
    expect(SEVERITIES).toEqual(['general', 'major'])
    expect(DEFAULT_CHOICES.channels.map((c) => c.value)).toEqual(CHANNELS)
    expect(DEFAULT_CHOICES.categories.map((c) => c.value)).toEqual(CATEGORIES)
    expect(DEFAULT_CHOICES.severities.map((c) => c.value)).toEqual(SEVERITIES)
    for (const list of Object.values(DEFAULT_CHOICES)) for (const c of list) expect(c.zh && c.en, c.value).toBeTruthy()
    expect(labelOf(null, 'channels', 'call_center', 'zh-CN')).toBe('呼叫中心')
    expect(labelOf(null, 'channels', 'survey', 'zh-CN')).toBe('意见卡')
    expect(labelOf(null, 'categories', 'price', 'zh-CN')).toBe('价格与收费')
    expect(labelOf(null, 'severities', 'major', 'en')).toBe('Major')
  })

  it('R-CMP-1: takes the server\'s labels when it sends them, the defaults for a list it does not; an unknown value reads as itself', () => {
    expect(choicesOf(choices).channels).toBe(choices.channels)
    expect(choicesOf({ channels: [] }).channels).toBe(DEFAULT_CHOICES.channels)
    expect(choicesOf(null)).toEqual(DEFAULT_CHOICES)
    expect(labelOf({ channels: [{ value: 'letter', zh: '来信', en: 'By letter' }] }, 'channels', 'letter', 'zh-CN')).toBe('来信')
    expect(labelOf(choices, 'categories', 'attitude', 'en')).toBe('Service attitude')
    expect(labelOf(choices, 'channels', 'pigeon', 'zh-CN')).toBe('pigeon')
  })

  it('R-INT-4: a letter, an email or a web form is a written complaint unless the user says otherwise', () => {
    expect(WRITTEN_CHANNELS).toEqual(['letter', 'email', 'web'])
    for (const ch of CHANNELS) expect(writtenByDefault(ch), ch).toBe(['letter', 'email', 'web'].includes(ch))
    expect(emptyComplaint(customer, 'letter')).toMatchObject({ customer, channel: 'letter', written: true, severity: 'general', category: '', summary: '', received: '' })
    expect(emptyComplaint()).toMatchObject({ customer: null, channel: 'phone', written: false })
    expect(emptyComplaint(null, 'fax')).toMatchObject({ channel: 'phone', written: false })
  })

  it('names the states, their tags, and sends the list\'s state (open unless known)', () => {
    expect(STATES).toEqual(['open', 'resolved', 'all'])
    expect(FILTERS).toEqual({ state: 'open' })
    expect(stateKey('resolved')).toBe('complaints.states.resolved')
    expect(stateKey('closed')).toBe('')
    expect(stateType('open')).toBe('warning')
    expect(stateType('resolved')).toBe('success')
    expect(stateType('x')).toBe('info')
    expect(complaintQuery({ state: 'all', limit: 50, cursor: '', total: 1 })).toEqual({ state: 'all', limit: 50, total: 1 })
    expect(complaintQuery({ state: 'nonsense', cursor: 'abc' })).toEqual({ state: 'open', cursor: 'abc' })
    expect(complaintQuery(null)).toEqual({ state: 'open' })
    expect(complaintQuery({ customer_id: 12, state: 'resolved' })).toEqual({ customer_id: 12, state: 'resolved' })
  })

  it('offers "resolve" on an open complaint to holders of complaint.record only', () => {
    expect(perms.record).toBe('complaint.record')
    expect(canResolve({ state: 'open' }, true)).toBe(true)
    expect(canResolve({ state: 'resolved' }, true)).toBe(false)
    expect(canResolve({ state: 'open' }, false)).toBe(false)
    expect(canResolve(null, true)).toBe(false)
  })
})

describe('complaints: recording and resolving', () => {
  it('R-CMP-1: checks a complaint as the server does: a customer, a channel, category and severity offered, a summary of 1–2000 characters, received neither in the future nor before 2000', () => {
    const now = '2026-06-01 09:10:00'
    expect(validateComplaint(filled(), now)).toEqual({})
    expect(validateComplaint(filled(), now, choices)).toEqual({})
    expect(validateComplaint(emptyComplaint(), now)).toEqual({ customer_id: 'common.required', category: 'common.required', summary: 'common.required' })
    expect(validateComplaint(filled({ customer: { id: 0 } }), now)).toEqual({ customer_id: 'common.required' })
    expect(validateComplaint(filled({ channel: '' }), now)).toEqual({ channel: 'common.required' })
    // only what the server offers
    expect(validateComplaint(filled({ channel: 'store' }), now, choices)).toEqual({ channel: 'common.required' })
    expect(validateComplaint(filled({ channel: 'store' }), now)).toEqual({})
    expect(validateComplaint(filled({ severity: 'minor' }), now)).toEqual({ severity: 'common.required' })
    expect(validateComplaint(filled({ summary: '   ' }), now)).toEqual({ summary: 'common.required' })
    // 2000 characters (not UTF-16 units) fit, 2001 do not
    expect(validateComplaint(filled({ summary: '诉'.repeat(2000) }), now)).toEqual({})
    expect(validateComplaint(filled({ summary: '𠀀'.repeat(2000) }), now)).toEqual({})
    expect(validateComplaint(filled({ summary: '诉'.repeat(2001) }), now)).toEqual({ summary: 'tooLong' })
    // received: now or before it, from 2000; with now unknown the server decides "the future"
    expect(validateComplaint(filled({ received: '2026-06-01 09:10:00' }), now)).toEqual({})
    expect(validateComplaint(filled({ received: '2026-06-01 09:11:00' }), now)).toEqual({ received_at: 'future' })
    expect(validateComplaint(filled({ received: '2027-01-01 00:00:00' }), '')).toEqual({})
    expect(validateComplaint(filled({ received: '1999-12-31 23:59:00' }), now)).toEqual({ received_at: 'tooEarly' })
  })

  it('R-CMP-1: sends the complaint with written as a boolean, the summary trimmed, received_at in the company\'s zone or left out for now', () => {
    expect(complaintBody(filled({ channel: 'letter', written: true, summary: '  来信投诉安装延误  ' }))).toEqual({
      customer_id: 12, channel: 'letter', category: 'attitude', severity: 'general', written: true, summary: '来信投诉安装延误',
    })
    expect(complaintBody(filled({ received: '2026-05-30 14:30:00', severity: 'major' }), '+08:00')).toEqual({
      customer_id: 12, channel: 'phone', category: 'attitude', severity: 'major', written: false, summary: '安装工人态度恶劣',
      received_at: '2026-05-30T14:30:00+08:00',
    })
    // the user turned a letter's "written" off: sent as they said
    expect(complaintBody(filled({ channel: 'letter', written: false })).written).toBe(false)
    expect(complaintBody(filled({ written: undefined })).written).toBe(false)
  })

  it('R-CMP-1: a resolution is required, at most 2000 characters, and sent trimmed', () => {
    expect(MAX).toEqual({ summary: 2000, resolution: 2000 })
    expect(validateResolution('已上门道歉并更换安装人员')).toEqual({})
    expect(validateResolution(' ')).toEqual({ resolution: 'common.required' })
    expect(validateResolution(null)).toEqual({ resolution: 'common.required' })
    expect(validateResolution('x'.repeat(2001))).toEqual({ resolution: 'tooLong' })
    expect(resolveBody('  已道歉  ')).toEqual({ resolution: '已道歉' })
  })

  it('says each problem with its limit, in messages both languages have', () => {
    expect(problemMessage('tooLong', 'summary')).toEqual(['complaints.err.tooLong', { n: 2000 }])
    expect(problemMessage('future', 'received_at')).toEqual(['complaints.err.future', {}])
    expect(problemMessage('tooEarly', 'received_at')).toEqual(['complaints.err.tooEarly', {}])
    expect(problemMessage('common.required', 'channel')).toEqual(['common.required', {}])
    expect(problems({ summary: 'tooLong', category: 'common.required' })).toEqual({
      summary: ['complaints.err.tooLong', { n: 2000 }], category: ['common.required', {}],
    })
    for (const loc of ['zh-CN', 'en']) {
      const err = messages[loc].complaints.err
      for (const k of ['tooLong', 'future', 'tooEarly']) expect(err[k], `${loc} ${k}`).toBeTruthy()
      for (const s of STATES) expect(messages[loc].complaints.states[s], `${loc} ${s}`).toBeTruthy()
    }
  })

  it('says who resolved a complaint and when', () => {
    const fmt = (s) => 'T' + s
    expect(resolvedLine({ resolved_by: { id: 3, name: '张伟' }, resolved_at: 'x' }, fmt)).toEqual(['complaints.resolvedBy', { who: '张伟', at: 'Tx' }])
    expect(resolvedLine({ resolved_by: null, resolved_at: 'y' }, fmt)).toEqual(['complaints.resolvedAt', { at: 'Ty' }])
  })
})

describe('complaints: the module', () => {
  it('is a capability module with a menu entry for holders of complaint.record, its page at /complaints', () => {
    const [m] = collectModules({ './views/complaints/module.js': complaintsModule })
    expect(m.name).toBe('complaints')
    expect(m.routes.map((r) => [r.path, r.name, r.meta.perm])).toEqual([['complaints', 'complaints', 'complaint.record']])
    expect(buildMenu([m]).map((e) => [e.path, e.label, e.perm, e.test])).toEqual([['/complaints', 'complaints.nav', 'complaint.record', 'nav-complaints']])
    expect(messages['zh-CN'].complaints.nav).toBe('投诉')
    expect(messages.en.complaints.nav).toBe('Complaints')
    expect(messages['zh-CN'].complaints.add).toBe('登记投诉')
    expect(messages.en.complaints.add).toBe('Record a complaint')
  })
})
