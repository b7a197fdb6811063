// The notification channels' form (views/admin/notify.js): what a save sends, the event
// list's quick picks, and the delivery log's states.
import { describe, expect, it } from 'vitest'
import {
  canRetry, channelBody, channelForm, emptyChannel, enabledBody, eventList, stateTag, toggleEvent,
} from '../../src/views/admin/notify.js'

const ding = {
  id: 3, kind: 'dingtalk', name: '销售群', url: 'https://oapi.dingtalk.com/…', username: '', sender: '',
  secret_set: true, events: 'task.* approval.todo', enabled: true,
}
const mail = { id: 4, kind: 'email', name: '公司邮箱', url: 'smtp://smtp.example.cn:587', username: 'crm', sender: 'crm@example.cn', secret_set: true, events: '', enabled: true }

describe('eventList and toggleEvent', () => {
  it('eventList: the kinds each once, in order, whatever the spacing', () => {
    expect(eventList('  task.*   approval.todo task.* ')).toEqual(['task.*', 'approval.todo'])
    expect(eventList('')).toEqual([])
    expect(eventList(undefined)).toEqual([])
  })
  it('a pick not listed is added; one listed is taken out', () => {
    expect(toggleEvent('', 'task.*')).toBe('task.*')
    expect(toggleEvent('approval.todo', 'task.*')).toBe('approval.todo task.*')
    expect(toggleEvent('approval.todo task.*', 'task.*')).toBe('approval.todo')
    expect(toggleEvent('*', '*')).toBe('')
  })
  it('"*" replaces the list; a family replaces "*" and the kinds of that family', () => {
    expect(toggleEvent('task.assigned approval.todo', '*')).toBe('*')
    expect(toggleEvent('*', 'task.*')).toBe('task.*')
    expect(toggleEvent('task.assigned task.digest loan.overdue', 'task.*')).toBe('loan.overdue task.*')
    expect(toggleEvent('taskforce.x', 'task.*')).toBe('taskforce.x task.*')
  })
})

describe('channelBody', () => {
  it('a new robot: kind, name, url, events and the secret typed; no e-mail fields', () => {
    const f = { ...emptyChannel('dingtalk'), name: ' 销售群 ', url: ' https://oapi.dingtalk.com/robot/send?access_token=T ', secret: 'SEC', events: 'task.*  approval.todo' }
    expect(channelBody(f, false)).toEqual({
      kind: 'dingtalk', name: '销售群', url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: 'SEC', events: 'task.* approval.todo', enabled: true,
    })
  })
  it('a new robot without a secret sends none; a new one without a URL still sends it (the server names the field)', () => {
    const body = channelBody({ ...emptyChannel('wecom'), name: 'x', events: '*' }, false)
    expect(body).not.toHaveProperty('secret')
    expect(body.url).toBe('')
  })
  it('a new e-mail server: user, password and sender, no events', () => {
    const f = { ...emptyChannel('email'), name: '邮箱', url: 'smtps://smtp.example.cn:465', username: ' crm ', secret: ' p w ', sender: ' crm@example.cn ', events: '*' }
    expect(channelBody(f, false)).toEqual({
      kind: 'email', name: '邮箱', url: 'smtps://smtp.example.cn:465', username: 'crm', sender: 'crm@example.cn', secret: ' p w ', enabled: true,
    })
  })
  it('a change starts with the URL and secret empty and keeps them unless typed; the kind is not sent', () => {
    const f = channelForm(ding)
    expect(f.url).toBe('')
    expect(f.secret).toBe('')
    expect(channelBody(f, true)).toEqual({ name: '销售群', events: 'task.* approval.todo', enabled: true })
    f.url = 'https://oapi.dingtalk.com/robot/send?access_token=NEW'
    f.secret = 'NEW-SEC'
    f.enabled = false
    expect(channelBody(f, true)).toEqual({
      name: '销售群', url: 'https://oapi.dingtalk.com/robot/send?access_token=NEW', secret: 'NEW-SEC', events: 'task.* approval.todo', enabled: false,
    })
  })
  it('an empty user name or sender is left out (the server refuses empty text)', () => {
    const f = { ...emptyChannel('email'), name: 'm', url: 'smtp://127.0.0.1:25', username: '  ', sender: '' }
    expect(channelBody(f, false)).toEqual({ kind: 'email', name: 'm', url: 'smtp://127.0.0.1:25', enabled: true })
  })
  it('a change of an e-mail server sends its user and sender again', () => {
    expect(channelBody(channelForm(mail), true)).toEqual({ name: '公司邮箱', username: 'crm', sender: 'crm@example.cn', enabled: true })
  })
})

describe('enabledBody, stateTag and canRetry', () => {
  it('switching a channel sends it as listed with the new state, never its URL or secret', () => {
    expect(enabledBody(ding, false)).toEqual({ name: '销售群', events: 'task.* approval.todo', enabled: false })
    expect(enabledBody(mail, true)).toEqual({ name: '公司邮箱', username: 'crm', sender: 'crm@example.cn', events: '', enabled: true })
  })
  it('each state has its tag; queued and given-up messages can be sent again, sent ones not', () => {
    expect(stateTag('sent')).toBe('success')
    expect(stateTag('queued')).toBe('warning')
    expect(stateTag('dead')).toBe('danger')
    expect(stateTag('other')).toBe('info')
    expect(canRetry({ state: 'queued' })).toBe(true)
    expect(canRetry({ state: 'dead' })).toBe(true)
    expect(canRetry({ state: 'sent' })).toBe(false)
    expect(canRetry(null)).toBe(false)
  })
})
