// Private calendar subscriptions (issue 13 item 11): a user's secret address serves their open
// tasks as iCalendar (RFC 5545); Debian's python3-icalendar, a real client, parses it and finds
// each due task at its local time. A new address replaces the old one; revoking ends it; each
// read is audited; another user's tasks, and customers outside the user's scope, never appear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, asAdmin, mobile, auditEntries } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};

/** Parse ICS text with python3-icalendar: the events as {uid, summary, local, description}. */
function parseIcs(text) {
  const py = `
import sys, json, icalendar, zoneinfo
cal = icalendar.Calendar.from_ical(sys.stdin.read())
tz = zoneinfo.ZoneInfo("Asia/Shanghai")
out = {"name": str(cal.get("X-WR-CALNAME")), "events": []}
for e in cal.walk("VEVENT"):
    out["events"].append({"uid": str(e.get("UID")), "summary": str(e.get("SUMMARY")),
        "local": e.decoded("DTSTART").astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        "description": str(e.get("DESCRIPTION")), "url": str(e.get("URL", ""))})
print(json.dumps(out, ensure_ascii=False))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: text }).toString('utf8'));
}

async function fetchFeed(path) {
  const r = await fetch(server.url + path);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

before(async () => {
  server = await startServer({ demo: 1, env: { KEHU_PUBLIC_URL: 'https://crm.example.cn' } });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const n of ['zhangwei', 'lina', 'salesmgr', 'gm', 'wangqiang']) u[n] = await as(server, n);
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
});
after(async () => { await server.stop(); });

test('R-INT-4: issue 13 item 11: a salesperson\'s calendar address serves their open tasks; python3-icalendar finds each at its local time, Chinese intact; the read is audited', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '日历客户，王女士; 甲', mobile: mobile() })).body;
  const mk = async (client, body) => {
    const r = await client.post('/api/v1/tasks', { customer_id: c.id, ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const a = await mk(u.zhangwei, { title: '电话回访：确认到货', purpose: '了解使用情况\n记录反馈', due_at: '2026-06-03T10:30:00+08:00' });
  const b = await mk(u.zhangwei, { title: '上门拜访', kind: 'visit', due_at: '2026-06-10T15:00:00+08:00' });
  const done = await mk(u.zhangwei, { title: '已完成的', due_at: '2026-06-04T09:00:00+08:00' });
  assert.equal((await u.zhangwei.post(`/api/v1/tasks/${done.id}/done`, { note: '好' })).status, 200);
  // lina's own customer and task: never in zhangwei's calendar
  const lc = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的客户', mobile: mobile() })).body;
  assert.equal((await u.lina.post('/api/v1/tasks', { customer_id: lc.id, title: '李娜的待办', due_at: '2026-06-03T11:00:00+08:00' })).status, 201);

  assert.deepEqual((await u.zhangwei.get('/api/v1/calendar-feed')).body, { active: false, created_at: null, last_used_at: null });
  const r = await u.zhangwei.post('/api/v1/calendar-feed', {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.active, true);
  assert.match(r.body.url, /^https:\/\/crm\.example\.cn\/api\/v1\/calendar-feed\.ics\?token=kcal_/);
  const feed = await fetchFeed(r.body.path);
  assert.equal(feed.status, 200);
  assert.match(feed.type, /^text\/calendar/);
  for (const line of feed.text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
  const cal = parseIcs(feed.text);
  assert.equal(cal.name, 'Kehu 待办 · 张伟');
  const byUid = Object.fromEntries(cal.events.map((e) => [e.uid, e]));
  const ea = byUid[`kehu-task-${a.id}@kehu`];
  assert.ok(ea, JSON.stringify(cal));
  assert.equal(ea.local, '2026-06-03 10:30');
  assert.equal(ea.summary, '电话回访：确认到货 · 日历客户，王女士; 甲', 'commas and semicolons survive escaping');
  assert.match(ea.description, /了解使用情况\n记录反馈/);
  assert.equal(ea.url, `https://crm.example.cn/tasks?id=${a.id}`);
  assert.equal(byUid[`kehu-task-${b.id}@kehu`].local, '2026-06-10 15:00');
  assert.ok(!byUid[`kehu-task-${done.id}@kehu`], 'done tasks are not in it');
  assert.ok(!cal.events.some((e) => /李娜/.test(e.summary)), 'nobody else\'s tasks');
  assert.ok(cal.events.every((e) => !/1[3-9]\d{9}/.test(e.description)), 'no phone numbers');
  let reads = [];
  for (let i = 0; i < 100 && !reads.length; i++) {
    reads = await auditEntries(u.gm, 'action=calendar.feed');
    if (!reads.length) await new Promise((res) => setTimeout(res, 50));
  }
  assert.ok(reads.some((e) => e.actor && e.actor.name === 'zhangwei'), JSON.stringify(reads.slice(0, 2)));
  assert.equal((await u.zhangwei.get('/api/v1/calendar-feed')).body.active, true);
  assert.ok((await u.zhangwei.get('/api/v1/calendar-feed')).body.last_used_at);
});

test('R-SEC-10: issue 13 item 11: a new address replaces the old one, revoking ends it, and a wrong or missing token reads nothing', async () => {
  const first = (await u.lina.post('/api/v1/calendar-feed', {})).body.path;
  assert.equal((await fetchFeed(first)).status, 200);
  const second = (await u.lina.post('/api/v1/calendar-feed', {})).body.path;
  assert.notEqual(first, second);
  assert.equal((await fetchFeed(first)).status, 404, 'the old address stopped');
  assert.equal((await fetchFeed(second)).status, 200);
  assert.equal((await u.lina.del('/api/v1/calendar-feed')).status, 200);
  assert.equal((await fetchFeed(second)).status, 404);
  assert.equal((await u.lina.del('/api/v1/calendar-feed')).status, 404, 'nothing to revoke');
  for (const p of ['/api/v1/calendar-feed.ics', '/api/v1/calendar-feed.ics?token=', '/api/v1/calendar-feed.ics?token=kcal_nope', `${second}x`]) {
    const f = await fetchFeed(p);
    assert.equal(f.status, 404, p);
    assert.equal(JSON.parse(f.text).error.field, 'token');
  }
  for (const a of ['calendar.feed_create', 'calendar.feed_revoke']) {
    assert.ok((await auditEntries(u.gm, `action=${a}`)).some((e) => e.actor && e.actor.name === 'lina'), a);
  }
  // an account switched off: its address stops
  const p = (await u.wangqiang.post('/api/v1/calendar-feed', {})).body.path;
  assert.equal((await fetchFeed(p)).status, 200);
  const off = await admin.patch(`/api/v1/users/${id.wangqiang.id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal((await fetchFeed(p)).status, 404);
  // users without tasks have no calendar
  assert.equal((await admin.post('/api/v1/calendar-feed', {})).status, 403);
});
