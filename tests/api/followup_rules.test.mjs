// Follow-up rules 回访规则 (R-INT-4, issue 13 item 4): the defaults of the source policies are
// shipped; the scheduled job turns new customers and purchases into tasks for the owner at the
// right times (non-buyers 3/15 days, buyers 3/30/60 days after the first purchase, every purchase
// 1 week / 4-6 months / 10-12 months); a purchase skips the non-buyer calls; rerunning the job
// never makes a task twice; a rule for a role gives the task to its least loaded holder; rules
// and purchases refuse bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile, sqlite } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
const DAY = 86400 * 1000;

const NAMES = ['gm', 'zhangwei', 'lina', 'jishu'];
/* Move the clock; a session idle that long has ended, so everyone signs in again. */
async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  const clients = await Promise.all(NAMES.map((n) => as(server, n)));
  NAMES.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
}
const tick = async () => assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
const ruleTasks = async (c, cid) => (await c.get(`/api/v1/tasks?customer_id=${cid}&state=all&limit=200`)).body.items.filter((t) => t.rule);
/* Tick, then wait until the customer's rule tasks number want (the job runs in the background). */
async function settle(cid, want) {
  await tick();
  let n = (await ruleTasks(u.gm, cid)).length;
  for (let i = 0; i < 300 && n !== want; i++) {
    await new Promise((r) => setTimeout(r, 50));
    n = (await ruleTasks(u.gm, cid)).length;
  }
  return ruleTasks(u.gm, cid);
}
const byRule = (tasks) => Object.fromEntries(tasks.map((t) => [t.rule.name_en, t]));
const at = (iso, days) => new Date(Date.parse(iso) + days * DAY).getTime();

before(async () => {
  server = await startServer({ demo: 3 });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  // The shipped rules start at the job's first run: customers made before it are left alone.
  await clock('2026-06-01T10:10:00+08:00');
  await tick();
});
after(async () => { await server.stop(); });

test('R-INT-4: issue 13 item 4: the defaults of the source policies are shipped as rules, readable by salespeople, changeable only with followup.rules', async () => {
  const r = await u.zhangwei.get('/api/v1/followup-rules');
  assert.equal(r.status, 200, r.text);
  const rules = r.body.items.map((x) => [x.trigger, x.audience, x.unit, x.offset_from, x.offset_to, x.channel]);
  assert.deepEqual(rules, [
    ['first_purchase', 'all', 'days', 0, 3, 'call'],
    ['first_purchase', 'all', 'days', 0, 30, 'call'],
    ['first_purchase', 'all', 'days', 0, 60, 'call'],
    ['customer_created', 'non_buyers', 'days', 0, 3, 'call'],
    ['customer_created', 'non_buyers', 'days', 0, 15, 'call'],
    ['purchase', 'all', 'days', 7, 7, 'call'],
    ['purchase', 'all', 'months', 4, 6, 'call'],
    ['purchase', 'all', 'months', 10, 12, 'call'],
    ['complaint_written', 'all', 'days', 0, 1, 'call'],
    ['complaint_resolved', 'all', 'days', 0, 3, 'call'],
  ]);
  assert.ok(r.body.choices.date_fields.some((f) => f.value === 'birthday'));
  assert.ok(r.body.choices.date_fields.some((f) => f.value === 'custom:spouse_birthday' && f.zh === '配偶生日'), 'a date custom field');
  assert.ok(r.body.choices.purposes.some((p) => p.value === 'emotional' && p.zh === '情感回访'));
  assert.equal((await u.jishu.get('/api/v1/followup-rules')).status, 403);
  const x = r.body.items[0];
  assert.equal((await u.zhangwei.put(`/api/v1/followup-rules/${x.id}`, { ...x, offset_to: 5 })).status, 403);
});

test('R-INT-4: issue 13 item 4: a new customer who has not bought gets the owner\'s calls within 3 and 15 days; the job run again makes none twice; a purchase skips them and brings the buyer\'s 3/30/60-day calls and the 1-week, 4-6 and 10-12-month calls', async () => {
  const made = '2026-06-01T10:20:00+08:00';
  await clock(made);
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '规则新客户', mobile: mobile() })).body;
  await clock('2026-06-01T11:06:00+08:00');
  let tasks = await settle(c.id, 2);
  let r = byRule(tasks);
  assert.deepEqual(Object.keys(r).sort(), ['Non-buyer: first call within 3 days', 'Non-buyer: second call within 15 days']);
  const first = r['Non-buyer: first call within 3 days'];
  assert.equal(Date.parse(first.due_at), at(made, 3));
  assert.equal(Date.parse(first.start_at), Date.parse(made));
  assert.equal(Date.parse(r['Non-buyer: second call within 15 days'].due_at), at(made, 15));
  assert.equal(first.assignee.name, '张伟');
  assert.equal(first.follows_owner, true);
  assert.equal(first.channel, 'call');
  assert.equal(first.purpose, 'emotional');
  assert.equal(first.title, '未购买客户第一次回访（3日内）');
  assert.ok((await u.zhangwei.get('/api/v1/tasks?limit=200')).body.items.some((t) => t.id === first.id), 'in the owner\'s list');
  // the job again (next hour), and again after its bookmark is lost: no task is made twice
  await clock('2026-06-01T12:06:00+08:00');
  assert.equal((await settle(c.id, 2)).length, 2);
  sqlite(server.db, 'UPDATE followup_rules SET scanned_to = 0');
  await clock('2026-06-01T13:06:00+08:00');
  await tick();
  const read = () => Number(sqlite(server.db, "SELECT min(scanned_to) FROM followup_rules WHERE trigger_kind = 'customer_created'"));
  for (let i = 0; i < 300 && read() === 0; i++) await new Promise((res) => setTimeout(res, 50));
  assert.ok(read() >= c.id, 'the job read every customer again');
  assert.equal((await ruleTasks(u.gm, c.id)).length, 2, 'the same tasks, not new ones');
  // the customer buys: the non-buyer calls are skipped, the buyer's come
  const bought = '2026-06-02T15:00:00+08:00';
  await clock('2026-06-02T16:00:00+08:00');
  const p = await u.zhangwei.post('/api/v1/orders', { customer_id: c.id, ordered_at: bought, lines: [{ description: '净水器 A1', quantity: 1, price_fen: 128800 }] });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.skipped_tasks, 2);
  assert.equal((await u.zhangwei.get(`/api/v1/tasks/${first.id}`)).body.state, 'skipped');
  await clock('2026-06-02T16:06:00+08:00');
  tasks = await settle(c.id, 8);
  r = byRule(tasks.filter((t) => t.state === 'open'));
  const due = (name) => Date.parse(r[name].due_at);
  assert.equal(due('Buyer: first call within 3 days'), at(bought, 3));
  assert.equal(due('Buyer: second call within 30 days'), at(bought, 30));
  assert.equal(due('Buyer: third call within 60 days'), at(bought, 60));
  assert.equal(due('A week after a purchase: phone call'), at(bought, 7));
  assert.equal(Date.parse(r['A week after a purchase: phone call'].start_at), at(bought, 7));
  assert.equal(Date.parse(r['4-6 months after a purchase: phone call'].start_at), Date.parse('2026-10-02T15:00:00+08:00'));
  assert.equal(due('4-6 months after a purchase: phone call'), Date.parse('2026-12-02T15:00:00+08:00'));
  assert.equal(due('10-12 months after a purchase: phone call'), Date.parse('2027-06-02T15:00:00+08:00'));
  // a second purchase: the purchase calls again, no second round of first-purchase calls
  await clock('2026-06-20T10:00:00+08:00');
  assert.equal((await u.zhangwei.post('/api/v1/orders', { customer_id: c.id, lines: [{ description: '滤芯', quantity: 1, price_fen: 9900 }] })).status, 201);
  await clock('2026-06-20T10:06:00+08:00');
  tasks = await settle(c.id, 11);
  assert.equal(tasks.length, 11);
  // the call logged completes the earliest due started one: the buyer's first call
  const call = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: '购买后回访，使用正常' });
  assert.equal(call.status, 201, call.text);
  assert.equal(call.body.completed_task_id, r['Buyer: first call within 3 days'].id);
  assert.deepEqual((await u.zhangwei.get(`/api/v1/orders?customer_id=${c.id}`)).body.items.map((x) => x.amount_fen), [9900, 128800]);
});

test('R-INT-4: issue 13 item 4: a rule made now counts working days over the holidays, goes to the least loaded holder of a role, and leaves customers made before it', async () => {
  await clock('2026-09-30T09:00:00+08:00');
  const old = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '规则之前的客户', mobile: mobile() })).body;
  const body = { name_zh: '节前新客户回访（2个工作日）', name_en: 'New customer: 2 working days', trigger: 'customer_created', audience: 'all', unit: 'working_days', offset_from: 0, offset_to: 2, channel: 'visit', assignee_role: 'cs_manager', purpose: 'guidance' };
  const r = await u.gm.post('/api/v1/followup-rules', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.enabled, true);
  const made = '2026-09-30T10:00:00+08:00';
  await clock(made);
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '节前客户', mobile: mobile() })).body;
  await clock('2026-09-30T10:06:00+08:00');
  const tasks = (await settle(c.id, 1)).filter((t) => t.rule.id === r.body.id);
  assert.equal(tasks.length, 1);
  assert.equal(Date.parse(tasks[0].due_at), Date.parse('2026-10-09T10:00:00+08:00'), 'the National Day week is not worked');
  assert.equal(tasks[0].assignee.name, '钱丽华', 'the customer-service manager');
  assert.equal(tasks[0].follows_owner, false);
  assert.equal((await ruleTasks(u.gm, old.id)).filter((t) => t.rule.id === r.body.id).length, 0, 'made before the rule');
  // switched off: nothing more
  assert.equal((await u.gm.put(`/api/v1/followup-rules/${r.body.id}`, { ...body, enabled: false })).status, 200);
  await clock('2026-09-30T11:00:00+08:00');
  const c2 = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '停用后客户', mobile: mobile() })).body;
  await clock('2026-09-30T11:06:00+08:00');
  await settle(c2.id, 2);
  assert.equal((await ruleTasks(u.gm, c2.id)).filter((t) => t.rule.id === r.body.id).length, 0);
});

test('R-INT-4: issue 13 item 4: rules refuse bad input, naming the field, and change nothing (orders refuse theirs in api/orders)', async () => {
  const before = (await u.gm.get('/api/v1/followup-rules')).body.items.length;
  const ok = { name_zh: '测试规则', trigger: 'purchase', unit: 'days', offset_from: 0, offset_to: 3, channel: 'call' };
  const cases = [
    [{ ...ok, name_zh: '' }, 422, 'name_zh'],
    [{ ...ok, trigger: 'birthday' }, 422, 'trigger'],
    [{ ...ok, audience: 'vip' }, 422, 'audience'],
    [{ ...ok, unit: 'weeks' }, 422, 'unit'],
    [{ ...ok, offset_from: 5, offset_to: 3 }, 422, 'offset_to'],
    [{ ...ok, unit: 'months', offset_to: 121 }, 422, 'offset_to'],
    [{ ...ok, offset_from: -1 }, 422, 'offset_from'],
    [{ ...ok, channel: 'pigeon' }, 422, 'channel'],
    [{ ...ok, purpose: 'gossip' }, 422, 'purpose'],
    [{ ...ok, assignee_role: 'technician' }, 422, 'assignee_role'],
    [{ ...ok, assignee_role: 'nobody' }, 422, 'assignee_role'],
    [{ ...ok, offset_to: 'three' }, 400, 'offset_to'],
    [{ ...ok, trigger: 'date_field' }, 422, 'date_field'],
    [{ ...ok, trigger: 'date_field', date_field: 'custom:nope' }, 422, 'date_field'],
    [{ ...ok, trigger: 'date_field', date_field: 'custom:native_place' }, 422, 'date_field'],
    [{ ...ok, date_field: 'birthday' }, 422, 'date_field'],
    [{ ...ok, yearly: true }, 422, 'date_field'],
    [{ ...ok, trigger: 'date_field', date_field: 'birthday', unit: 'working_days', offset_from: -2, offset_to: 0 }, 422, 'offset_from'],
    [{ ...ok, trigger: 'date_field', date_field: 'birthday', offset_from: -3651, offset_to: 0 }, 422, 'offset_from'],
    [{ ...ok, trigger: 'date_field', date_field: 'birthday', offset_from: -3, offset_to: -4 }, 422, 'offset_to'],
    [{ name_zh: '测试规则', trigger: 'date_field', date_field: 'birthday', unit: 'days', offset_from: -3, channel: 'call' }, 422, 'offset_to'],
  ];
  for (const [body, status, field] of cases) {
    const r = await u.gm.post('/api/v1/followup-rules', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.gm.get('/api/v1/followup-rules')).body.items.length, before);
  assert.equal((await u.gm.put('/api/v1/followup-rules/99999', ok)).status, 404);
});

/* The customer's rule tasks of rule id. */
const tasksOf = async (cid, rid) => (await ruleTasks(u.gm, cid)).filter((t) => t.rule.id === rid);
async function settleRule(cid, rid, want) {
  await tick();
  let got = await tasksOf(cid, rid);
  for (let i = 0; i < 300 && got.length !== want; i++) {
    await new Promise((r) => setTimeout(r, 50));
    got = await tasksOf(cid, rid);
  }
  return got;
}

test('R-INT-4: issue 13 item 4: a written complaint makes the owner\'s immediate call, a complaint by phone does not; resolving one makes the callback within 3 days; the job run again makes none twice', async () => {
  const rules = (await u.gm.get('/api/v1/followup-rules')).body.items;
  const written = rules.find((x) => x.trigger === 'complaint_written');
  const resolved = rules.find((x) => x.trigger === 'complaint_resolved');
  await clock('2026-07-06T09:00:00+08:00');
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '投诉规则客户', mobile: mobile() })).body;
  const phone = await u.zhangwei.post('/api/v1/complaints', { customer_id: c.id, channel: 'phone', category: 'attitude', summary: '电话投诉：服务员态度差' });
  assert.equal(phone.status, 201, phone.text);
  assert.equal(phone.body.written, false);
  const recorded = '2026-07-06T09:30:00+08:00';
  await clock(recorded);
  const letter = await u.zhangwei.post('/api/v1/complaints', { customer_id: c.id, channel: 'letter', category: 'product', summary: '来信投诉：洗衣机漏水', received_at: '2026-07-04' });
  assert.equal(letter.status, 201, letter.text);
  assert.equal(letter.body.written, true, 'a letter is a written complaint');
  await clock('2026-07-06T10:06:00+08:00'); // the job's hourly run (:05)
  let calls = await settleRule(c.id, written.id, 1);
  assert.equal(calls.length, 1, 'one immediate call: the letter, not the phone call');
  assert.equal(calls[0].assignee.name, '张伟', 'the owner');
  assert.equal(Date.parse(calls[0].start_at), Date.parse(recorded), 'from when it was recorded, though received two days before');
  assert.equal(Date.parse(calls[0].due_at), at(recorded, 1));
  assert.equal(calls[0].channel, 'call');
  assert.equal((await tasksOf(c.id, resolved.id)).length, 0, 'nothing resolved yet');
  const done = '2026-07-07T15:00:00+08:00';
  await clock(done);
  const r = await u.zhangwei.post(`/api/v1/complaints/${letter.body.id}/resolve`, { resolution: '上门更换进水管，客户认可' });
  assert.equal(r.status, 200, r.text);
  await clock('2026-07-07T16:06:00+08:00');
  const back = await settleRule(c.id, resolved.id, 1);
  assert.equal(back.length, 1);
  assert.equal(Date.parse(back[0].due_at), at(done, 3));
  await tick();
  await tick();
  assert.equal((await tasksOf(c.id, written.id)).length, 1, 'no second immediate call');
  assert.equal((await tasksOf(c.id, resolved.id)).length, 1, 'no second callback');
});

test('R-INT-4: issue 13 item 4: a rule on a date field makes a task when its window opens: a yearly birthday 3 days before (each year\'s once, a lunar one on its solar day), the day the information was collected, a custom date field; reruns make none twice', async () => {
  await clock('2026-08-01T09:00:00+08:00');
  const rule = async (body) => {
    const r = await u.gm.post('/api/v1/followup-rules', { channel: 'call', unit: 'days', ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const bday = await rule({ name_zh: '生日前3天电话问候', name_en: 'Birthday: call 3 days before', trigger: 'date_field', date_field: 'birthday', yearly: true, offset_from: -3, offset_to: 0, purpose: 'emotional' });
  assert.equal(bday.date_field, 'birthday');
  assert.equal(bday.yearly, true);
  assert.equal(bday.offset_from, -3);
  const spouse = await rule({ name_zh: '配偶生日前一周', trigger: 'date_field', date_field: 'custom:spouse_birthday', yearly: true, offset_from: -7, offset_to: -1 });
  const collected = await rule({ name_zh: '收集信息后一个月回访', trigger: 'date_field', date_field: 'collected_on', offset_from: 30, offset_to: 33 });
  const mk = async (name, extra) => {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile(), ...extra });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const solar = await mk('阳历生日客户', { birthday: '1980-08-10' });
  // 农历七月初十 2026 falls on 2026-08-22
  const lunar = await mk('农历生日客户', { birthday: '农历1975-07-10' });
  const wife = await mk('配偶生日客户', { templates: ['personal'], custom: { spouse_birthday: '1982-08-12' } });
  const coll = await mk('收集日期客户', { collected_on: '2026-07-05' });
  // 2026-08-06: nothing open yet but the collected_on window (2026-08-04 .. 08-07)
  await clock('2026-08-06T10:06:00+08:00'); // the job's hourly run (:05)
  assert.equal((await settleRule(coll.id, collected.id, 1)).length, 1, 'collected 2026-07-05: 30..33 days after holds 08-06');
  assert.equal((await tasksOf(solar.id, bday.id)).length, 0, 'birthday window opens 08-07');
  assert.equal((await tasksOf(wife.id, spouse.id)).length, 1, 'spouse 08-12: window 08-05 .. 08-11');
  // 2026-08-07: the birthday window opens
  await clock('2026-08-07T08:06:00+08:00');
  const t = await settleRule(solar.id, bday.id, 1);
  assert.equal(t.length, 1);
  assert.equal(Date.parse(t[0].start_at), Date.parse('2026-08-07T00:00:00+08:00'));
  assert.equal(Date.parse(t[0].due_at), Date.parse('2026-08-10T23:59:59+08:00'), 'due at the end of the birthday');
  assert.equal(t[0].assignee.name, '张伟');
  assert.equal((await tasksOf(lunar.id, bday.id)).length, 0, 'the lunar birthday is later (08-22)');
  await clock('2026-08-08T08:06:00+08:00');
  await tick();
  await clock('2026-08-20T08:06:00+08:00');
  assert.equal((await settleRule(lunar.id, bday.id, 1)).length, 1, 'lunar 七月初十 falls on 2026-08-22');
  assert.equal((await tasksOf(solar.id, bday.id)).length, 1, 'one task for this year\'s birthday');
  assert.equal((await tasksOf(coll.id, collected.id)).length, 1);
  assert.equal((await tasksOf(wife.id, spouse.id)).length, 1);
  // next year: the yearly ones again, the collected one not
  await clock('2027-08-08T08:06:00+08:00');
  const again = await settleRule(solar.id, bday.id, 2);
  assert.equal(again.length, 2, 'the 2027 birthday');
  assert.equal((await tasksOf(coll.id, collected.id)).length, 1, 'a date that does not recur');
  for (const r of [bday, spouse, collected]) assert.equal((await u.gm.put(`/api/v1/followup-rules/${r.id}`, { ...r, enabled: false })).status, 200);
});
