// A password someone else set is replaced at the first login; a locked-out login says how long to wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, asAdmin, addUser, kehu, DEMO_PASSWORD } from '../lib/kehu.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ demo: 3 });
  admin = await asAdmin(server);
});
after(async () => { await server.stop(); });

const newUser = (username, password) => ({
  username, display_name: '新同事', role: 'salesperson', department_id: 1, branch_id: 1, password,
});

test('R-SEC-10: issue 9 item 16: a user created with a preset password must change it before anything else (403 password_change_required)', async () => {
  await addUser(server, newUser('xinren', 'preset-pass-2026'));
  const created = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'xinren');
  assert.equal(created.must_change_password, true);
  const c = new Client(server.url, { lang: 'en' });
  const login = await c.login('xinren', 'preset-pass-2026');
  assert.equal(login.status, 200, login.text);
  assert.equal(login.body.user.must_change_password, true);
  for (const [method, path, body] of [
    ['GET', '/api/v1/customers'],
    ['GET', '/api/v1/meta'],
    ['POST', '/api/v1/customers', { kind: 'individual', name: '未改密码' }],
    ['POST', '/api/v1/auth/tokens', { name: 'script' }],
  ]) {
    const r = await c.req(method, path, body);
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.body.error.code, 'password_change_required', `${method} ${path}`);
    assert.doesNotMatch(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  // reading oneself is allowed, and says what is demanded
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.must_change_password, true);
  // keeping the preset password is not a change
  const same = await c.post('/api/v1/auth/password', { old_password: 'preset-pass-2026', new_password: 'preset-pass-2026' });
  assert.equal(same.status, 422);
  assert.equal(same.body.error.field, 'new_password');
  assert.equal((await c.get('/api/v1/customers')).status, 403);
  const changed = await c.post('/api/v1/auth/password', { old_password: 'preset-pass-2026', new_password: 'my-own-pass-2026' });
  assert.equal(changed.status, 200, changed.text);
  // the session that changed it goes on; a new login takes the new password
  const again = new Client(server.url);
  const l2 = await again.login('xinren', 'my-own-pass-2026');
  assert.equal(l2.status, 200);
  assert.equal(l2.body.user.must_change_password, false);
  assert.equal((await again.get('/api/v1/customers')).status, 200);
  const listed = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'xinren');
  assert.equal(listed.must_change_password, false);
});

test('R-SEC-10: issue 9 item 16: a password the administrator resets must be changed at the next login; the reset revokes the API tokens (issue 10 item 7)', async () => {
  const c = await as(server, 'lina');
  const tok = await c.post('/api/v1/auth/tokens', { name: 'script' });
  assert.equal(tok.status, 201);
  const bearer = new Client(server.url, { token: tok.body.token });
  assert.equal((await bearer.get('/api/v1/customers')).status, 200);
  // on the server: an administrator alone may not set someone else's password through the API
  const r = await kehu(['user', 'passwd', 'lina', '--password', 'reset-by-admin-1', '--db', server.db]);
  assert.equal(r.code, 0, r.stderr);
  const listed = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'lina');
  assert.equal(listed.must_change_password, true);
  const b = await bearer.get('/api/v1/customers');
  assert.equal(b.status, 401);
  const fresh = new Client(server.url);
  assert.equal((await fresh.login('lina', 'reset-by-admin-1')).body.user.must_change_password, true);
  assert.equal((await fresh.get('/api/v1/customers')).body.error.code, 'password_change_required');
  assert.equal((await fresh.post('/api/v1/auth/password', { old_password: 'reset-by-admin-1', new_password: DEMO_PASSWORD })).status, 200);
  assert.equal((await fresh.get('/api/v1/customers')).status, 200);
  assert.equal((await bearer.get('/api/v1/customers')).status, 401);
});

test('R-SEC-10: issue 9 item 16: demo users and the administrator from kehu init are not asked to change their published passwords', async () => {
  assert.equal(admin.user.must_change_password, false);
  const c = await as(server, 'zhangwei');
  assert.equal(c.user.must_change_password, false);
  assert.equal((await c.get('/api/v1/customers')).status, 200);
});

test('R-SEC-10: issue 9 item 16: the lock-out message says how many minutes to wait, from the throttle window on the test clock', async () => {
  const clock = new Client(server.url);
  await clock.put('/api/v1/_test/clock', { now: '2026-03-02T09:00:00+08:00' });
  await addUser(server, newUser('suoding', 'preset-pass-2026'));
  for (let i = 0; i < 5; i++) {
    assert.equal((await new Client(server.url).login('suoding', `wrong-${i}-password`)).status, 401);
    await clock.put('/api/v1/_test/clock', { advance_seconds: 60 });
  }
  // failures at 09:00 … 09:04, window 15 minutes: the first leaves the window at 09:15
  const en = await new Client(server.url, { lang: 'en' }).login('suoding', 'preset-pass-2026');
  assert.equal(en.status, 429);
  assert.equal(en.body.error.code, 'throttled');
  assert.match(en.body.error.message, /try again in 10 minute/);
  const zh = await new Client(server.url).login('suoding', 'preset-pass-2026');
  assert.match(zh.body.error.message, /请 10 分钟后再试/);
  await clock.put('/api/v1/_test/clock', { advance_seconds: 9 * 60 + 30 });
  const late = await new Client(server.url, { lang: 'en' }).login('suoding', 'preset-pass-2026');
  assert.equal(late.status, 429);
  assert.match(late.body.error.message, /try again in 1 minute/);
  // 09:15:00 still counts the 09:00 failure; a second later it has left the window
  await clock.put('/api/v1/_test/clock', { advance_seconds: 30 });
  assert.equal((await new Client(server.url).login('suoding', 'preset-pass-2026')).status, 429);
  await clock.put('/api/v1/_test/clock', { advance_seconds: 1 });
  assert.equal((await new Client(server.url).login('suoding', 'preset-pass-2026')).status, 200);
});
