// Notification channels (docs/API.md, "Notification channels"): the form of a channel and the
// body a save sends, the event list's quick picks, and the delivery log's states.

export const CHANNEL_KINDS = ['email', 'webhook', 'wecom', 'dingtalk', 'feishu']
/** The fields a refusal of a channel may name, each with a place on the form. */
export const CHANNEL_FIELDS = ['kind', 'name', 'url', 'sender', 'username', 'secret', 'events']
/** Quick picks of the event list: every kind, the tasks, the approvals (label: notify.pick.<name>). */
export const EVENT_PICKS = [{ name: 'all', value: '*' }, { name: 'task', value: 'task.*' }, { name: 'approval', value: 'approval.*' }]
export const OUTBOX_STATES = ['queued', 'sent', 'dead']
const STATE_TAGS = { queued: 'warning', sent: 'success', dead: 'danger' }

/** The tag type of a message's state. */
export const stateTag = (state) => STATE_TAGS[state] || 'info'

/** A waiting or given-up message can be sent again; a sent one cannot. */
export const canRetry = (m) => !!m && (m.state === 'queued' || m.state === 'dead')

export const isEmail = (kind) => kind === 'email'

/** The kinds of an event list, each once, in the order written. */
export function eventList(events) {
  return [...new Set(String(events || '').split(/\s+/).filter(Boolean))]
}

/**
 * The event list with a quick pick switched: one already listed is taken out; "*" stands for
 * everything, so it replaces the list; a family ("task.*") replaces "*" and the kinds of that
 * family it covers.
 */
export function toggleEvent(events, pick) {
  const list = eventList(events)
  if (list.includes(pick)) return list.filter((x) => x !== pick).join(' ')
  if (pick === '*') return '*'
  const family = pick.endsWith('.*') ? pick.slice(0, -1) : null
  const kept = list.filter((x) => x !== '*' && !(family && x.startsWith(family)))
  return [...kept, pick].join(' ')
}

/** A new channel's form. */
export function emptyChannel(kind = 'dingtalk') {
  return { kind, name: '', url: '', username: '', sender: '', secret: '', events: '', enabled: true }
}

/** The form of a channel being changed: its URL and secret start empty (left empty, they are kept). */
export function channelForm(ch) {
  return {
    kind: ch.kind, name: ch.name || '', url: '', username: ch.username || '', sender: ch.sender || '',
    secret: '', events: ch.events || '', enabled: ch.enabled !== false,
  }
}

/** Sets body[key] to the trimmed text when there is one (the server refuses an empty user name). */
function putText(body, key, value) {
  const v = String(value || '').trim()
  if (v) body[key] = v
}

/**
 * The body of POST (editing false) or PUT (editing true) /notify/channels. The URL and the
 * secret go only when typed (absent from a change, the server keeps them); the kind only with a
 * new channel. An e-mail server's user name and sender go when filled in: absent, the server
 * stores none (it refuses an empty text).
 */
export function channelBody(form, editing) {
  const body = { name: String(form.name || '').trim(), enabled: !!form.enabled }
  if (!editing) body.kind = form.kind
  if (isEmail(form.kind)) {
    putText(body, 'username', form.username)
    putText(body, 'sender', form.sender)
  } else {
    body.events = eventList(form.events).join(' ')
  }
  const url = String(form.url || '').trim()
  if (url || !editing) body.url = url
  if (form.secret) body.secret = form.secret
  return body
}

/** The PUT body that switches a listed channel on or off, everything else as it is. */
export function enabledBody(ch, enabled) {
  const body = { name: ch.name, events: ch.events || '', enabled: !!enabled }
  putText(body, 'username', ch.username)
  putText(body, 'sender', ch.sender)
  return body
}
