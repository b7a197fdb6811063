// Sessions and API tokens (ASVS 3.3.1-3.3.4): a password change ends the other sessions and the
// tokens, tokens cannot create tokens, sessions end after a time without use, and their owner
// lists and ends them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, Client, auditEntries, sqlite, DEMO_PASSWORD } from '../lib/kehu.mjs';

let server;
before(async () => { server = await startServer({ demo: 1 }); });
after(async () => { await server.stop(); });

const clock = (body) => new Client(server.url).put('/api/v1/_test/clock', body);

/* Wait until the server has recorded a session's use at exactly `at` (it writes it without waiting). */
async function seenAt(at) {
  for (let i = 0; i < 200; i++) {
    if (Number(sqlite(server.db, `SELECT count(*) FROM sessions WHERE last_seen_at = ${at}`)) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the session\'s use was not recorded');
}

test('R-PLT-2: issue 10 item 7: a password change ends the user\'s other sessions and API tokens, keeps the session that changed it, and tokens made before it stay revoked', async () => {
  const here = await as(server, 'lina');
  const elsewhere = await as(server, 'lina');
  const tok = await here.post('/api/v1/auth/tokens', { name: 'script' });
  assert.equal(tok.status, 201, tok.text);
  const bearer = new Client(server.url, { token: tok.body.token });
  assert.equal((await bearer.get('/api/v1/auth/me')).status, 200);
  const r = await here.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'a changed secret' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await here.get('/api/v1/auth/me')).status, 200, 'the session that changed it goes on');
  assert.equal((await elsewhere.get('/api/v1/auth/me')).status, 401, 'another session ended');
  assert.equal((await bearer.get('/api/v1/auth/me')).status, 401, 'the token was revoked');
  assert.deepEqual((await here.get('/api/v1/auth/tokens')).body.items, []);
  // a token changing the password keeps itself and ends the sessions
  const t2 = await here.post('/api/v1/auth/tokens', { name: 'second' });
  const b2 = new Client(server.url, { token: t2.body.token });
  const back = await b2.post('/api/v1/auth/password', { old_password: 'a changed secret', new_password: DEMO_PASSWORD });
  assert.equal(back.status, 200, back.text);
  assert.equal((await b2.get('/api/v1/auth/me')).status, 200);
  assert.equal((await here.get('/api/v1/auth/me')).status, 401);
});

test('R-PLT-2: issue 10 item 7: an API token cannot create tokens (403), so revoking a token leaves nothing made with it', async () => {
  const c = await as(server, 'zhangwei');
  const tok = await c.post('/api/v1/auth/tokens', { name: 'parent' });
  const bearer = new Client(server.url, { token: tok.body.token, lang: 'en' });
  const child = await bearer.post('/api/v1/auth/tokens', { name: 'child' });
  assert.equal(child.status, 403, child.text);
  assert.equal(child.body.error.code, 'forbidden');
  assert.match(child.body.error.message, /API token cannot create tokens/);
  const names = (await c.get('/api/v1/auth/tokens')).body.items.map((t) => t.name);
  assert.deepEqual(names.filter((n) => n === 'child'), []);
});

test('R-SEC-1: issue 10 item 7: a user lists their own live sessions (the current one marked), ends one or all the others; they are 401 after, audited, and another user\'s session cannot be ended', async () => {
  const phone = new Client(server.url);
  await phone.login('chenjing', DEMO_PASSWORD);
  const desk = await as(server, 'chenjing');
  const other = await as(server, 'zhangwei');
  const list = await desk.get('/api/v1/auth/sessions');
  assert.equal(list.status, 200, list.text);
  assert.ok(list.body.items.length >= 2);
  const current = list.body.items.filter((s) => s.current);
  assert.equal(current.length, 1);
  for (const s of list.body.items) {
    assert.match(s.id, /^[0-9a-f]{16}$/);
    assert.equal(s.address, '127.0.0.1');
    assert.ok(s.created_at && s.last_seen_at && s.expires_at);
    assert.ok(!list.text.includes(desk.cookie.split('=')[1]), 'no session secret in the list');
  }
  const theirs = (await other.get('/api/v1/auth/sessions')).body.items;
  assert.ok(theirs.every((s) => !list.body.items.some((m) => m.id === s.id)), 'each sees only their own');
  const victim = theirs.find((s) => s.current);
  assert.equal((await desk.del(`/api/v1/auth/sessions/${victim.id}`)).status, 404);
  assert.equal((await other.get('/api/v1/auth/me')).status, 200);
  assert.equal((await desk.del('/api/v1/auth/sessions/not-an-id')).status, 404);
  const phoneId = list.body.items.find((s) => !s.current).id;
  assert.equal((await desk.del(`/api/v1/auth/sessions/${phoneId}`)).status, 200);
  assert.equal((await phone.get('/api/v1/auth/me')).status, 401);
  assert.equal((await desk.get('/api/v1/auth/me')).status, 200);
  assert.ok(!(await desk.get('/api/v1/auth/sessions')).body.items.some((s) => s.id === phoneId));
  const entries = await auditEntries(await as(server, 'shenji'), 'action=auth.session_revoke');
  assert.ok(entries.some((e) => e.detail === phoneId));
  // "sign out everywhere else": every other session ends, this one goes on
  const a = await as(server, 'chenjing');
  const b = await as(server, 'chenjing');
  const all = await desk.del('/api/v1/auth/sessions');
  assert.equal(all.status, 200, all.text);
  assert.ok(all.body.ended >= 2);
  assert.equal((await a.get('/api/v1/auth/me')).status, 401);
  assert.equal((await b.get('/api/v1/auth/me')).status, 401);
  assert.equal((await desk.get('/api/v1/auth/me')).status, 200);
  assert.deepEqual((await desk.get('/api/v1/auth/sessions')).body.items.map((x) => x.current), [true]);
  assert.equal((await other.get('/api/v1/auth/me')).status, 200, 'another user\'s sessions are untouched');
});

test('R-SEC-1: issue 10 item 9: a session ends after 30 minutes without use (setting session_idle_minutes), goes on while used, and still ends 12 hours after sign-in', async () => {
  assert.equal((await clock({ now: '2026-04-01T08:00:00+08:00' })).status, 200);
  const idle = await as(server, 'chenjing');
  const busy = await as(server, 'chenjing');
  let t = Date.parse('2026-04-01T08:00:00+08:00') / 1000;
  await clock({ advance_seconds: 29 * 60 });
  t += 29 * 60;
  assert.equal((await busy.get('/api/v1/auth/me')).status, 200);
  await seenAt(t);
  await clock({ advance_seconds: 2 * 60 });
  t += 2 * 60;
  const ended = await idle.get('/api/v1/auth/me');
  assert.equal(ended.status, 401);
  assert.equal(ended.body.error.code, 'unauthenticated');
  assert.equal((await busy.get('/api/v1/auth/me')).status, 200, 'used 2 minutes ago');
  await seenAt(t);
  // used every 25 minutes, it lasts until 12 hours after sign-in, not longer
  while (t + 25 * 60 < Date.parse('2026-04-01T20:00:00+08:00') / 1000) {
    await clock({ advance_seconds: 25 * 60 });
    t += 25 * 60;
    assert.equal((await busy.get('/api/v1/auth/me')).status, 200);
    await seenAt(t);
  }
  await clock({ now: '2026-04-01T20:00:01+08:00' });
  assert.equal((await busy.get('/api/v1/auth/me')).status, 401);
  // the limit is a setting
  const admin = await asAdmin(server);
  const set = await admin.put('/api/v1/settings/parameters', { session_idle_minutes: 5 });
  assert.equal(set.status, 200, set.text);
  const short = await as(server, 'chenjing');
  await clock({ advance_seconds: 6 * 60 });
  assert.equal((await short.get('/api/v1/auth/me')).status, 401);
  const admin2 = await asAdmin(server);
  assert.equal((await admin2.put('/api/v1/settings/parameters', { session_idle_minutes: 0 })).status, 422);
  assert.equal((await admin2.put('/api/v1/settings/parameters', { session_idle_minutes: 30 })).status, 200);
});
