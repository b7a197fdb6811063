// Notifications beyond the inbox (R-INT-8, R-PLT-8, issue 13 item 7): one outbox fed from the
// in-app inbox; e-mail over SMTP to users who chose it, a generic signed webhook and the group
// robots of WeCom, DingTalk and Feishu; retries with backoff, a delivery log, and secrets that
// are sealed and never shown back. The receivers are loopback servers started here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile, auditEntries } from '../lib/kehu.mjs';
import { smtpServer, webhookServer, freePort } from '../lib/receivers.mjs';

let server, admin, smtp, hooks, customer;
const u = {};
const id = {};
const PUBLIC = 'https://crm.example.cn';

async function tick() {
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
}
async function advance(seconds) {
  const r = await admin.put('/api/v1/_test/clock', { advance_seconds: seconds });
  assert.equal(r.status, 200);
  for (const n of Object.keys(u)) u[n] = await as(server, n);
  admin = await asAdmin(server);
  return Date.parse(r.body.now);
}
/** The channel's messages once pred holds for them (the delivery job runs in the background). */
async function messages(channelId, pred) {
  let items = [];
  for (let i = 0; i < 200; i++) {
    items = (await admin.get(`/api/v1/notify/outbox?channel_id=${channelId}&limit=100`)).body.items;
    if (pred(items)) return items;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.fail(`channel ${channelId}: ${JSON.stringify(items)}`);
}
/** salesmgr gives zhangwei a task: zhangwei's inbox says so (kind task.assigned). */
async function giveTask(title) {
  const r = await u.salesmgr.post('/api/v1/tasks', { customer_id: customer.id, title, assignee_id: id.zhangwei.id, due_at: '2026-06-20T09:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
const channel = async (body) => {
  const r = await admin.post('/api/v1/notify/channels', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
};

before(async () => {
  server = await startServer({ demo: 1, env: { KEHU_PUBLIC_URL: PUBLIC } });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const n of ['zhangwei', 'lina', 'salesmgr', 'gm']) u[n] = await as(server, n);
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  customer = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '通知测试客户', mobile: mobile() })).body;
  smtp = await smtpServer();
  hooks = await webhookServer({ secrets: { '/dingtalk': 'SEC-ding-密钥', '/feishu': 'feishu-secret', '/hook': 'hook-secret' } });
});
after(async () => {
  await server.stop();
  await smtp.close();
  await hooks.close();
});

test('R-INT-8: issue 13 item 7: a user who chose e-mail gets the notifications of the inbox from the loopback SMTP server, Chinese intact, with the link; the log shows it sent', async () => {
  const mail = await channel({ kind: 'email', name: '公司邮箱', url: `smtp://127.0.0.1:${smtp.port}`, sender: 'crm@example.cn', username: 'crm', secret: 'smtp-pass-1' });
  assert.equal(mail.secret_set, true);
  assert.ok(!JSON.stringify(mail).includes('smtp-pass-1'), 'the password is never shown');
  let r = await u.zhangwei.put('/api/v1/notify/prefs', { email: 'zhangwei@example.cn', email_kinds: 'all', digest: false });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { email: 'zhangwei@example.cn', email_kinds: 'all', digest: false });
  const t = await giveTask('回访通知测试客户');
  await tick();
  const [m] = await messages(mail.id, (xs) => xs.length === 1 && xs[0].state === 'sent');
  assert.equal(m.recipient, 'zhangwei@example.cn');
  assert.equal(m.kind, 'task.assigned');
  assert.equal(m.user_id, id.zhangwei.id);
  assert.equal(smtp.mails.length, 1);
  const got = smtp.mails[0];
  assert.deepEqual(got.rcpt, ['<zhangwei@example.cn>']);
  assert.equal(got.from, '<crm@example.cn>');
  assert.match(got.subject, /交给您一项待办：回访通知测试客户/);
  assert.match(got.text, /gave you a task: 回访通知测试客户/);
  assert.ok(got.text.includes(`${PUBLIC}/tasks?id=${t.id}`), got.text);
  const full = (await admin.get(`/api/v1/notify/outbox/${m.id}`)).body;
  assert.equal(full.tries.length, 1);
  assert.equal(full.tries[0].ok, true);
  assert.match(full.tries[0].detail, /SMTP 250/);
  // nobody else asked for e-mail: one message only, whatever the inbox holds
  assert.equal((await admin.get(`/api/v1/notify/outbox?channel_id=${mail.id}`)).body.items.length, 1);
  // the audit names the change, never the password
  const ev = (await auditEntries(u.gm, 'action=notify.channel_create')).find((e) => e.target_id === String(mail.id));
  assert.ok(ev && !JSON.stringify(ev).includes('smtp-pass-1'));
  // "digest only" stops the per-notification e-mail
  r = await u.zhangwei.put('/api/v1/notify/prefs', { email: 'zhangwei@example.cn', email_kinds: 'digest', digest: true });
  assert.equal(r.status, 200, r.text);
  await giveTask('只要摘要');
  await advance(10);
  await tick();
  await new Promise((res) => setTimeout(res, 300));
  assert.equal((await admin.get(`/api/v1/notify/outbox?channel_id=${mail.id}`)).body.items.length, 1);
});

test('R-PLT-8: issue 13 item 7: the WeCom, DingTalk and Feishu group robots and a generic webhook each get the message, signed as each one checks it; the robots\' keys are never shown', async () => {
  const base = `http://127.0.0.1:${hooks.port}`;
  const wecom = await channel({ kind: 'wecom', name: '销售群（企业微信）', url: `${base}/wecom?key=WECOM-KEY-123`, events: 'task.*' });
  const ding = await channel({ kind: 'dingtalk', name: '销售群（钉钉）', url: `${base}/dingtalk?access_token=DING-TOKEN`, secret: 'SEC-ding-密钥', events: 'task.assigned approval.todo' });
  const feishu = await channel({ kind: 'feishu', name: '销售群（飞书）', url: `${base}/feishu`, secret: 'feishu-secret', events: '*' });
  const hook = await channel({ kind: 'webhook', name: '内部系统', url: `${base}/hook`, secret: 'hook-secret', events: 'task.*' });
  const quiet = await channel({ kind: 'wecom', name: '审批群', url: `${base}/wecom-approvals?key=K2`, events: 'approval.*' });
  for (const c of [wecom, ding]) {
    assert.equal(c.url, `${base}/…`, 'the address is shown without its key');
    assert.ok(!JSON.stringify(c).includes('KEY') && !JSON.stringify(c).includes('TOKEN'));
  }
  const all = (await admin.get('/api/v1/notify/channels')).body.items;
  assert.equal(all.find((x) => x.id === wecom.id).secret_set, false, 'a channel without a secret says so, whatever the others hold');
  assert.equal(all.find((x) => x.id === ding.id).secret_set, true);
  const listed = JSON.stringify((await admin.get('/api/v1/notify/channels')).body);
  for (const s of ['WECOM-KEY-123', 'DING-TOKEN', 'SEC-ding', 'feishu-secret', 'hook-secret']) assert.ok(!listed.includes(s), s);
  const before = hooks.hits.length;
  await giveTask('机器人通知');
  const now = await advance(10);
  await tick();
  for (const c of [wecom, ding, feishu, hook]) await messages(c.id, (xs) => xs.length === 1 && xs[0].state === 'sent');
  const hits = hooks.hits.slice(before);
  const at = (p) => hits.filter((h) => h.path === p);
  assert.equal(at('/wecom').length, 1);
  assert.equal(at('/wecom').at(0).query.key, 'WECOM-KEY-123');
  assert.equal(at('/wecom').at(0).body.msgtype, 'text');
  assert.match(at('/wecom').at(0).body.text.content, /^【张伟】.*交给您一项待办：机器人通知/);
  assert.ok(at('/wecom').at(0).body.text.content.includes(`${PUBLIC}/tasks?id=`));
  const d = at('/dingtalk').at(0);
  assert.equal(d.query.access_token, 'DING-TOKEN');
  assert.equal(d.signatureOk, true, 'DingTalk: timestamp and sign in the URL');
  assert.equal(String(Math.floor(Number(d.query.timestamp) / 1000)), String(Math.floor(now / 1000)), 'the signature uses the context clock');
  const f = at('/feishu').at(0);
  assert.equal(f.signatureOk, true, 'Feishu: timestamp and sign in the body');
  assert.equal(f.body.msg_type, 'text');
  assert.match(f.body.content.text, /机器人通知/);
  const h = at('/hook').at(0);
  assert.equal(h.signatureOk, true, 'the generic webhook: X-Kehu-Signature');
  assert.equal(h.body.kind, 'task.assigned');
  assert.equal(h.body.user_id, id.zhangwei.id);
  assert.equal(at('/wecom-approvals').length, 0, 'a robot gets only the kinds it names');
  assert.equal((await admin.get(`/api/v1/notify/outbox?channel_id=${quiet.id}`)).body.items.length, 0);
  // a robot that answers with an error code is not "sent": the log says why, and it tries again
  const refuse = await channel({ kind: 'dingtalk', name: '关键词不符的群', url: `${base}/refuse?access_token=T`, events: 'task.*' });
  await giveTask('关键词');
  await advance(10);
  await tick();
  const [m] = await messages(refuse.id, (xs) => xs.length === 1 && xs[0].attempts === 1 && xs[0].state === 'queued' && xs[0].last_error);
  assert.match(m.last_error, /errcode=310000 keywords not in content/);
  for (const c of [wecom, ding, feishu, hook, quiet, refuse]) {
    assert.equal((await admin.put(`/api/v1/notify/channels/${c.id}`, { name: c.name, events: c.events, enabled: false })).status, 200);
  }
  // a change that gives no url and no secret keeps them; an empty secret clears it
  const kept = (await admin.get('/api/v1/notify/channels')).body.items.find((x) => x.id === ding.id);
  assert.equal(kept.secret_set, true);
  assert.equal(kept.enabled, false);
  const cleared = await admin.put(`/api/v1/notify/channels/${ding.id}`, { name: ding.name, events: ding.events, enabled: false, secret: '', username: '' });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.body.secret_set, false);
});

test('R-INT-8: issue 13 item 7: a message to a receiver that was down is tried again after its backoff and delivered; one that never gets through is given up after 8 attempts and can be sent again', async () => {
  const port = await freePort();
  const hook = await channel({ kind: 'webhook', name: '曾宕机的接收方', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret', events: 'task.assigned' });
  const dead = await channel({ kind: 'webhook', name: '从未上线', url: `http://127.0.0.1:${await freePort()}/x`, events: 'task.assigned' });
  await giveTask('宕机重试');
  await advance(10);
  await tick();
  let [m] = await messages(hook.id, (xs) => xs.length === 1 && xs[0].attempts === 1 && xs[0].last_error);
  assert.equal(m.state, 'queued');
  assert.match(m.last_error, /connect|Couldn't/i);
  const due = Date.parse(m.next_at);
  // nothing is sent before the backoff (a minute)
  await advance(30);
  await tick();
  await new Promise((res) => setTimeout(res, 300));
  assert.equal((await admin.get(`/api/v1/notify/outbox/${m.id}`)).body.attempts, 1);
  const up = await webhookServer({ secrets: { '/hook': 'hook-secret' }, port });
  try {
    await advance(31);
    await tick();
    [m] = await messages(hook.id, (xs) => xs[0].state === 'sent');
    const full = (await admin.get(`/api/v1/notify/outbox/${m.id}`)).body;
    assert.deepEqual(full.tries.map((x) => x.ok), [false, true]);
    assert.ok(Date.parse(full.tries[1].at) >= due);
    assert.equal(up.hits.length, 1);
    assert.equal(up.hits[0].signatureOk, true);
  } finally {
    await up.close();
  }
  // the other one: 1, 2, 4 … minutes apart, at most an hour, until the 8th attempt
  for (let i = 0; i < 8; i++) {
    const [x] = (await admin.get(`/api/v1/notify/outbox?channel_id=${dead.id}`)).body.items;
    if (x.state === 'dead') break;
    await advance(3601);
    await tick();
    await messages(dead.id, (xs) => xs[0].attempts > x.attempts || xs[0].state === 'dead');
    // the attempt is recorded (not only claimed) before the clock moves on
    for (let k = 0; k < 200; k++) {
      const full = (await admin.get(`/api/v1/notify/outbox/${x.id}`)).body;
      if (full.tries.length === full.attempts) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  let [d] = await messages(dead.id, (xs) => xs[0].state === 'dead');
  assert.equal(d.attempts, 8);
  assert.equal((await admin.get(`/api/v1/notify/outbox?state=dead&channel_id=${dead.id}`)).body.items.length, 1);
  const r = await admin.post(`/api/v1/notify/outbox/${d.id}/retry`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'queued');
  assert.ok((await auditEntries(u.gm, 'action=notify.retry')).some((e) => e.target_id === String(d.id)));
  assert.equal((await admin.post(`/api/v1/notify/outbox/${m.id}/retry`, {})).status, 409, 'a sent message is not sent again');
  for (const c of [hook, dead]) assert.equal((await admin.del(`/api/v1/notify/channels/${c.id}`)).status, 200);
  [d] = (await admin.get(`/api/v1/notify/outbox?channel_id=${dead.id}`)).body.items;
  assert.equal(d.state, 'dead', 'what waited on a deleted channel is given up');
  assert.equal(d.last_error, 'channel deleted');
});

test('R-INT-8: issue 13 item 7: refusals — not an administrator, a bad kind, address, sender or event list, a second e-mail server, a name taken, bad preferences; a refused request changes nothing', async () => {
  const count = (await admin.get('/api/v1/notify/channels')).body.items.length;
  assert.equal((await u.salesmgr.get('/api/v1/notify/channels')).status, 403);
  assert.equal((await u.salesmgr.post('/api/v1/notify/channels', { kind: 'wecom', name: 'x', url: 'https://qyapi.weixin.qq.com/x', events: '*' })).status, 403);
  assert.equal((await u.salesmgr.get('/api/v1/notify/outbox')).status, 403);
  const bad = async (body, field, status = 422) => {
    const r = await admin.post('/api/v1/notify/channels', body);
    assert.equal(r.status, status, r.text);
    assert.equal(r.body.error.field, field);
    assert.ok(r.body.error.message_zh && r.body.error.message_en);
  };
  await bad({ kind: 'fax', name: 'x', url: 'https://a.b', events: '*' }, 'kind');
  await bad({ kind: 'sms', name: 'x', url: 'ftp://a.b/x' }, 'url');
  await bad({ kind: 'wecom', name: '', url: 'https://a.b', events: '*' }, 'name');
  await bad({ kind: 'wecom', name: 'x', url: 'ftp://a.b/x', events: '*' }, 'url');
  await bad({ kind: 'wecom', name: 'x', url: 'https://', events: '*' }, 'url');
  await bad({ kind: 'email', name: 'x', url: 'https://a.b' }, 'url');
  await bad({ kind: 'email', name: 'x', url: 'smtp://a.b:25', sender: 'not-an-address' }, 'sender');
  await bad({ kind: 'dingtalk', name: 'x', url: 'https://a.b/x' }, 'events');
  await bad({ kind: 'dingtalk', name: 'x', url: 'https://a.b/x', events: 'DROP TABLE;' }, 'events');
  await bad({ kind: 'email', name: '第二个邮箱', url: 'smtp://a.b:25', sender: 'a@b.cn' }, 'kind', 409);
  await bad({ kind: 'wecom', name: '公司邮箱', url: 'https://a.b/x', events: '*' }, 'name', 409);
  assert.equal((await admin.post('/api/v1/notify/channels', { kind: 'wecom', name: 7 })).status, 400);
  assert.equal((await admin.get('/api/v1/notify/channels')).body.items.length, count, 'nothing was added');
  // R-INT-6: one enabled SMS gateway (the greetings' sender)
  const gateway = await channel({ kind: 'sms', name: '短信网关一', url: 'https://sms.example.cn/send' });
  await bad({ kind: 'sms', name: '短信网关二', url: 'https://sms2.example.cn/send' }, 'kind', 409);
  assert.equal((await admin.del(`/api/v1/notify/channels/${gateway.id}`)).status, 200);
  assert.equal((await admin.put('/api/v1/notify/channels/999999', { name: 'x', events: '*' })).status, 404);
  assert.equal((await admin.get('/api/v1/notify/outbox?state=lost')).body.error.field, 'state');
  const prefs = (await u.lina.get('/api/v1/notify/prefs')).body;
  for (const [body, field] of [
    [{ email: 'lina-at-example', email_kinds: 'all' }, 'email'],
    [{ email: 'lina@example.cn', email_kinds: 'sometimes' }, 'email_kinds'],
    [{ email: '', email_kinds: 'all' }, 'email'],
  ]) {
    const r = await u.lina.put('/api/v1/notify/prefs', body);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field);
  }
  assert.deepEqual((await u.lina.get('/api/v1/notify/prefs')).body, prefs, 'unchanged');
  // a test message: an e-mail server needs the address it goes to; an unknown channel is 404
  const mail = (await admin.get('/api/v1/notify/channels')).body.items.find((x) => x.kind === 'email');
  let r = await admin.post(`/api/v1/notify/channels/${mail.id}/test`, { to: 'not-an-address' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'to');
  assert.equal((await admin.post('/api/v1/notify/channels/999999/test', {})).status, 404);
  assert.equal((await u.salesmgr.post(`/api/v1/notify/channels/${mail.id}/test`, { to: 'a@b.cn' })).status, 403);
  r = await admin.post(`/api/v1/notify/channels/${mail.id}/test`, { to: 'admin@example.cn' });
  assert.equal(r.status, 202, r.text);
  const queued = (await admin.get(`/api/v1/notify/outbox/${r.body.outbox_id}`)).body;
  assert.equal(queued.kind, 'notify.test');
  assert.equal(queued.recipient, 'admin@example.cn');
});

test('R-INT-8: issue 13 item 7: the daily digest lists a user\'s due and overdue tasks in the inbox at 07:40 and, as chosen, by e-mail; once a day; nobody who did not ask gets one', async () => {
  // zhangwei asked for the digest by e-mail (first test); his tasks are due on 20 June at 09:00
  // (counted before the clock moves: the server's own scheduler may send the digest at once)
  const mailsBefore = smtp.mails.length;
  await admin.put('/api/v1/_test/clock', { now: '2026-06-20T07:41:00+08:00' });
  for (const n of Object.keys(u)) u[n] = await as(server, n);
  admin = await asAdmin(server);
  let digest = null;
  for (let i = 0; i < 100 && !digest; i++) {
    await tick();
    await new Promise((res) => setTimeout(res, 50));
    digest = (await u.zhangwei.get('/api/v1/notifications?limit=50')).body.items.find((n) => n.kind === 'task.digest');
  }
  assert.ok(digest, 'the digest is in his inbox');
  assert.match(digest.text, /今日待办：\d+ 项今天到期，\d+ 项已逾期/);
  assert.match(digest.text, /回访通知测试客户（通知测试客户）/);
  assert.equal(digest.link, '/my-day');
  // the outbox e-mails it (he chose "the digest only")
  const digestMail = () => smtp.mails.slice(mailsBefore).find((m) => m.rcpt.includes('<zhangwei@example.cn>'));
  // the outbox runs in the background: tick until it is sent (the clock moves every 5 tries, up to
  // the end of the digest's quarter of an hour, so each pass is a new period)
  for (let i = 0; i < 300 && !digestMail(); i++) {
    if (i % 5 === 4) await advance(10);
    await tick();
    await new Promise((res) => setTimeout(res, 50));
  }
  const mail = digestMail(); // (an administrator's test message may go out in the same pass)
  assert.match(mail.subject, /今日待办/);
  assert.match(mail.text, /Today: \d+ task\(s\) due/);
  assert.ok(mail.text.includes(`${PUBLIC}/my-day`));
  // once a day: a later pass the same morning writes no second digest
  await tick();
  await new Promise((res) => setTimeout(res, 300));
  const digests = (await u.zhangwei.get('/api/v1/notifications?limit=50')).body.items.filter((n) => n.kind === 'task.digest');
  assert.equal(digests.length, 1);
  assert.ok(!(await u.lina.get('/api/v1/notifications?limit=50')).body.items.some((n) => n.kind === 'task.digest'));
});
