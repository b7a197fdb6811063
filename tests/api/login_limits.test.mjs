// Logins that cannot be abused: throttling per (address, account) pair, per account and per
// address, counted in memory in one step with the check; known places; trusted proxies; equal
// work for unknown names; a bound on password checks at once; what the audit and the access
// log keep of what a client typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { startServer, serveExisting, Client, as, asAdmin, auditEntries, KEHU_BIN, DEMO_PASSWORD } from '../lib/kehu.mjs';

let server;
let clock;
before(async () => {
  server = await startServer({ demo: 3, env: { KEHU_TRUSTED_PROXIES: '127.0.0.1, ::1' } });
  clock = new Client(server.url);
});
after(async () => { await server.stop(); });

/** A login sent by a client at `from` (through the trusted proxy on 127.0.0.1). */
const loginFrom = (from, username, password, headers = {}) => new Client(server.url).req(
  'POST', '/api/v1/auth/login', { username, password },
  { headers: from ? { 'X-Forwarded-For': from, ...headers } : headers });
const counts = (rs) => rs.reduce((m, r) => ({ ...m, [r.status]: (m[r.status] || 0) + 1 }), {});
const stats = async () => (await clock.get('/api/v1/_test/logins')).body;
// Each test starts a day later: the failures of the one before have left every window.
const nextDay = () => clock.put('/api/v1/_test/clock', { advance_seconds: 86400 });

test('R-SEC-1: issue 10 item 2: 40 parallel wrong passwords for one account from one place check at most the limit (5), the rest answer 429', async () => {
  await nextDay();
  const runs = (await stats()).password_runs;
  const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom('10.2.0.1', 'lina', `wrong-${i}-password`)));
  const c = counts(rs);
  assert.ok((c[401] || 0) <= 5, JSON.stringify(c));
  assert.equal((c[401] || 0) + (c[429] || 0), 40, JSON.stringify(c));
  assert.ok((await stats()).password_runs - runs <= 5, 'no more than 5 passwords were checked');
  const refused = rs.find((r) => r.status === 429);
  assert.equal(refused.body.error.code, 'throttled');
  assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After says when');
});

test('R-SEC-1: issue 10 item 2: 40 parallel wrong passwords for one account from 40 places check at most the account limit (20)', async () => {
  await nextDay();
  const runs = (await stats()).password_runs;
  const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom(`10.3.0.${i + 1}`, 'wangqiang', `wrong-${i}-password`)));
  const c = counts(rs);
  assert.ok((c[401] || 0) <= 20, JSON.stringify(c));
  assert.equal((c[401] || 0) + (c[429] || 0), 40, JSON.stringify(c));
  assert.ok((await stats()).password_runs - runs <= 20);
});

test('R-SEC-1: issue 10 item 1: strangers who exhaust an account\'s limit do not lock it out where it signed in before; a new place waits, and the wait is said', async () => {
  await nextDay();
  assert.equal((await loginFrom('10.4.0.1', 'chenjing', DEMO_PASSWORD)).status, 200, 'signs in at her desk');
  for (let i = 0; i < 25; i++) await loginFrom(`10.66.0.${i + 1}`, 'chenjing', `guess-${i}-password`);
  // a stranger from yet another place is refused, and told how long to wait
  const stranger = await new Client(server.url, { lang: 'en' }).req('POST', '/api/v1/auth/login',
    { username: 'chenjing', password: 'another-guess-1' }, { headers: { 'X-Forwarded-For': '10.66.1.1' } });
  assert.equal(stranger.status, 429);
  assert.match(stranger.body.error.message, /try again in \d+ minute/);
  // she still signs in at her desk at once
  assert.equal((await loginFrom('10.4.0.1', 'chenjing', DEMO_PASSWORD)).status, 200);
  // from a new place she waits for the window, then gets in
  assert.equal((await loginFrom('10.4.0.2', 'chenjing', DEMO_PASSWORD)).status, 429);
  await clock.put('/api/v1/_test/clock', { advance_seconds: 16 * 60 });
  assert.equal((await loginFrom('10.4.0.2', 'chenjing', DEMO_PASSWORD)).status, 200);
});

test('R-SEC-1: issue 10 item 1: a place stays known for login_known_place_days, then counts as a new one', async () => {
  await nextDay();
  const admin = await asAdmin(server);
  let r = await admin.put('/api/v1/settings/parameters', { login_known_place_days: 0 });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'login_known_place_days');
  assert.equal((await admin.put('/api/v1/settings/parameters', { login_known_place_days: 1 })).status, 200);
  try {
    assert.equal((await loginFrom('10.30.0.1', 'gm', DEMO_PASSWORD)).status, 200, 'signs in at the office');
    await clock.put('/api/v1/_test/clock', { advance_seconds: 2 * 86400 });
    for (let i = 0; i < 25; i++) await loginFrom(`10.68.0.${i + 1}`, 'gm', `guess-${i}-password`);
    // two days later the office is no longer a known place: it waits like any other
    assert.equal((await loginFrom('10.30.0.1', 'gm', DEMO_PASSWORD)).status, 429);
  } finally {
    const back = await asAdmin(server);
    assert.equal((await back.put('/api/v1/settings/parameters', { login_known_place_days: 30 })).status, 200);
  }
});

test('R-SEC-1: issue 10 item 1: the places an account signed in from survive a restart of the server', async () => {
  const proxies = { KEHU_TRUSTED_PROXIES: '127.0.0.1' };
  const first = await startServer({ demo: 3, env: proxies });
  const at = (s, from, password) => new Client(s.url).req('POST', '/api/v1/auth/login',
    { username: 'lina', password }, { headers: { 'X-Forwarded-For': from } });
  assert.equal((await at(first, '10.13.0.1', DEMO_PASSWORD)).status, 200);
  await first.stop({ keep: true });
  const again = await serveExisting(first.db, { env: proxies });
  try {
    for (let i = 0; i < 20; i++) await at(again, `10.67.0.${i + 1}`, `guess-${i}-password`);
    assert.equal((await at(again, '10.13.0.2', DEMO_PASSWORD)).status, 429, 'a new place waits');
    assert.equal((await at(again, '10.13.0.1', DEMO_PASSWORD)).status, 200, 'her desk is still known');
  } finally {
    await again.stop();
  }
});

test('R-SEC-1: issue 10 item 1: behind an office NAT, failures for unknown names do not lock out the colleagues who signed in from it', async () => {
  await nextDay();
  const office = '10.5.0.1';
  assert.equal((await loginFrom(office, 'zhangwei', DEMO_PASSWORD)).status, 200);
  for (let i = 0; i < 50; i++) await loginFrom(office, `nobody${i}`, 'wrong-password-1');
  const next = await loginFrom(office, 'nobody-else', 'wrong-password-1');
  assert.equal(next.status, 429, 'the address has used its limit for places it is new to');
  assert.equal((await loginFrom(office, 'zhangwei', DEMO_PASSWORD)).status, 200, 'a colleague known there signs in');
  assert.equal((await loginFrom('10.5.0.2', 'gm', DEMO_PASSWORD)).status, 200, 'other addresses are not affected');
});

test('R-SEC-1: issue 10 item 1: only the nearest untrusted address of X-Forwarded-For counts: addresses a client prepends do not reset its limit', async () => {
  await nextDay();
  const rs = [];
  for (let i = 0; i < 8; i++) rs.push(await loginFrom(`203.0.113.${i}, 10.6.0.1`, 'gm', `wrong-${i}-password`));
  assert.deepEqual(rs.map((r) => r.status), [401, 401, 401, 401, 401, 429, 429, 429]);
  const auditor = await as(server, 'shenji');
  const failed = await auditEntries(auditor, 'action=auth.login_failed');
  assert.ok(failed.some((e) => e.address === '10.6.0.1'), 'the audit names the client the proxy saw');
  assert.ok(!failed.some((e) => e.address.startsWith('203.0.113.')), 'never the address it claimed');
});

test('R-SEC-1: issue 10 item 1: without KEHU_TRUSTED_PROXIES, X-Forwarded-For is ignored; a bad list stops the server at start with the entry named', async () => {
  const plain = await startServer({ demo: 0 });
  try {
    const rs = [];
    for (let i = 0; i < 7; i++) {
      rs.push(await new Client(plain.url).req('POST', '/api/v1/auth/login', { username: 'admin', password: `wrong-${i}-password` },
        { headers: { 'X-Forwarded-For': `10.8.0.${i}` } }));
    }
    assert.deepEqual(rs.map((r) => r.status), [401, 401, 401, 401, 401, 429, 429]);
  } finally {
    await plain.stop({ keep: true });
  }
  // (a server that started would run on: the test stops it after 10 s)
  const r = await new Promise((res) => execFile(KEHU_BIN, ['serve', '--db', plain.db, '--port', '0'],
    { timeout: 10000, env: { ...process.env, KEHU_QUIET: '1', KEHU_TRUSTED_PROXIES: '10.0.0.0/8, 10.1.2.300' } },
    (e, stdout, stderr) => res({ code: e ? e.code : 0, stderr })));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /10\.1\.2\.300/);
  assert.match(r.stderr, /not an address or CIDR range/);
  await plain.stop();
});

test('R-SEC-1: issue 10 item 4: a wrong password for an unknown name costs one password check, as for a known one', async () => {
  await nextDay();
  let before = (await stats()).password_runs;
  assert.equal((await loginFrom('10.9.0.1', 'lina', 'wrong-password-1')).status, 401);
  const known = (await stats()).password_runs - before;
  before = (await stats()).password_runs;
  assert.equal((await loginFrom('10.9.0.2', 'no-such-person', 'wrong-password-1')).status, 401);
  const unknown = (await stats()).password_runs - before;
  assert.equal(known, 1);
  assert.equal(unknown, 1);
});

test('R-SEC-1: issue 10 item 5: 200 parallel logins run at most 2 password checks at once, refuse the excess fast with 503 and Retry-After, and a colleague still gets in', async () => {
  await nextDay();
  const s0 = await stats();
  const started = Date.now();
  const burst = Promise.all(Array.from({ length: 200 }, (_, i) => {
    const t0 = Date.now();
    return loginFrom(`10.${10 + (i >> 8)}.${i & 255}.9`, `bot${i}`, 'wrong-password-1')
      .then((r) => ({ ...r, ms: Date.now() - t0 }));
  }));
  let colleague;
  for (let i = 0; i < 10; i++) {
    colleague = await loginFrom('10.4.0.1', 'chenjing', DEMO_PASSWORD);
    if (colleague.status !== 503) break;
    await new Promise((res) => setTimeout(res, Number(colleague.headers.get('retry-after')) * 1000));
  }
  assert.equal(colleague.status, 200, colleague.text);
  const rs = await burst;
  const busy = rs.filter((r) => r.status === 503);
  assert.ok(busy.length > 0, 'some were refused');
  assert.ok(busy.every((r) => r.headers.get('retry-after') === '1'));
  assert.equal(busy[0].body.error.code, 'unavailable');
  // refused without a check, and (on a machine of any speed) sooner than the checked ones
  const checked = rs.filter((r) => r.status === 401);
  assert.equal(checked.length + busy.length, 200);
  assert.equal(s0.password_runs + checked.length + 1, (await stats()).password_runs, 'a refused login ran no check');
  const median = (xs) => xs.map((r) => r.ms).sort((a, b) => a - b)[xs.length >> 1];
  assert.ok(median(busy) < median(checked), `refusals (median ${median(busy)} ms) came before checks (${median(checked)} ms)`);
  assert.ok(Date.now() - started < 20000);
  const s = await stats();
  assert.ok(s.checks_most <= 2, `at most 2 checks at once, saw ${s.checks_most}`);
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const peakKB = Number(/VmHWM:\s+(\d+)/.exec(status)[1]);
  assert.ok(peakKB < 250 * 1024, `peak memory ${peakKB} kB`);
});

test('R-SEC-10: issue 10 item 17: the audit keeps an unknown name typed at login as "unknown-user", never the text (a newline, a password typed as a name)', async () => {
  await nextDay();
  const typed = ['evil\n2026-01-01 auth.login ok admin', 'Tr0ub4dor&3-my-password'];
  for (const name of typed) assert.equal((await loginFrom('10.12.0.1', name, 'wrong-password-1')).status, 401);
  const auditor = await as(server, 'shenji');
  const failed = (await auditEntries(auditor, 'action=auth.login_failed')).filter((e) => e.address === '10.12.0.1');
  assert.equal(failed.length, 2);
  for (const e of failed) assert.equal(e.detail, 'unknown-user');
  const all = JSON.stringify(await auditEntries(auditor));
  for (const mark of ['evil', 'Tr0ub4dor']) assert.ok(!all.includes(mark), 'the typed text is nowhere in the audit');
  // a known account is named by its own name and id
  assert.equal((await loginFrom('10.12.0.2', 'lina', 'wrong-password-1')).status, 401);
  const lina = (await auditEntries(auditor, 'action=auth.login_failed')).find((e) => e.address === '10.12.0.2');
  assert.equal(lina.detail, 'lina');
  assert.ok(Number(lina.target_id) > 0);
});

test('R-SEC-10: issue 10 item 17: a request path with %0A cannot forge a line of the access log', async () => {
  const logged = await startServer({ demo: 0, accessLog: true });
  try {
    const forged = 'ts=2026-01-01T00:00:00Z level=info msg=access method=GET path=/forged status=200';
    const r = await fetch(`${logged.url}/api/v1/x%0A${encodeURIComponent(forged)}%0D%0Aend`);
    assert.equal(r.status, 404);
    await fetch(`${logged.url}/healthz`); // the line above is written before this one is answered
    await new Promise((res) => setTimeout(res, 100));
    const lines = logged.stderr.split('\n');
    assert.ok(!lines.some((l) => l.startsWith('ts=2026-01-01T00:00:00Z')), 'no forged line');
    const line = lines.find((l) => l.includes('path=/api/v1/x'));
    assert.ok(line, 'the request is logged');
    assert.match(line, /path=\/api\/v1\/x\\x0ats=2026-01-01T00:00:00Z\\x20level=info/);
    assert.match(line, /\\x0d\\x0aend status=404/);
  } finally {
    await logged.stop();
  }
});
