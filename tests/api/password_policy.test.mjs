// Password policy (ASVS 2.1.1, 2.1.2, 2.1.7): every place a password is set refuses short,
// over-long, username-bearing, repeated, consecutive and common passwords, naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serveExisting, asAdmin, asNewUser, kehu, Client, sqlite } from '../lib/kehu.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ demo: 0 });
  admin = await asAdmin(server);
});
after(async () => { await server.stop(); });

const newUser = (username, password) => ({ username, display_name: '策略', role: 'admin', password });

// [password, reason in English, reason in Chinese] for a user named "policyuser"
const REFUSED = [
  ['eleven-char', /at least 12 characters/, /至少需要 12 个字符/],
  ['密码密码密码密码密码十', /at least 12 characters/, /至少需要 12 个字符/],
  ['x'.repeat(129), /at most 128 characters/, /最多 128 个字符/],
  ['my-policyuser-pass', /must not contain the username/, /不能包含用户名/],
  ['PolicyUser2026!!', /must not contain the username/, /不能包含用户名/],
  ['aaaaaaaaaaaa', /repeated or consecutive/, /重复或连续/],
  ['abcabcabcabc', /repeated or consecutive/, /重复或连续/],
  ['123456789012', /repeated or consecutive/, /重复或连续/],
  ['1qaz2wsx3edc', /most common passwords/, /最常见的密码/],
  ['Password2026!', /most common passwords/, /最常见的密码/],
  ['2026!!Dragon2026', /most common passwords/, /最常见的密码/],
];

test('R-SEC-1: issue 10 item 6: creating a user refuses each weak password with 422 naming password and the reason, and creates nobody', async () => {
  for (const [pw, en, zh] of REFUSED) {
    const r = await admin.post('/api/v1/users', newUser('policyuser', pw));
    assert.equal(r.status, 422, `${pw}: ${r.text}`);
    assert.equal(r.body.error.field, 'password', pw);
    assert.match(r.body.error.message_en, en, pw);
    assert.match(r.body.error.message_zh, zh, pw);
    assert.doesNotMatch(r.body.error.message_en, /[\u4e00-\u9fff]/);
  }
  assert.equal(sqlite(server.db, "SELECT count(*) FROM users WHERE username = 'policyuser'"), '0');
  // 12 characters, 128, CJK and spaces are all fine; no composition rules
  for (const [name, pw] of [['okuser1', 'correct horse'], ['okuser2', Array.from({ length: 128 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('')], ['okuser3', '我的密码是一二三四五六七']]) {
    const r = await admin.post('/api/v1/users', newUser(name, pw));
    assert.equal(r.status, 201, `${pw}: ${r.text}`);
  }
});

test('R-SEC-1: issue 10 item 6: an administrator\'s reset, the user\'s own change and the first-login change apply the same policy', async () => {
  const created = await admin.post('/api/v1/users', newUser('resetme', 'first-preset-pw'));
  assert.equal(created.status, 201, created.text);
  const reset = await admin.patch(`/api/v1/users/${created.body.id}`, { password: 'resetme-again!' });
  assert.equal(reset.status, 422);
  assert.equal(reset.body.error.field, 'password');
  assert.match(reset.body.error.message_en, /username/);
  // the refused reset changed nothing: the preset still signs in
  const c = new Client(server.url);
  assert.equal((await c.login('resetme', 'first-preset-pw')).status, 200);
  // the first-login change: a common password is refused on new_password
  let r = await c.post('/api/v1/auth/password', { old_password: 'first-preset-pw', new_password: 'football1234' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'new_password');
  assert.match(r.body.error.message_en, /most common/);
  r = await c.post('/api/v1/auth/password', { old_password: 'first-preset-pw', new_password: '111111111111' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'new_password');
  const own = await asNewUser(server, 'resetme', 'first-preset-pw', 'a fine own password');
  r = await own.post('/api/v1/auth/password', { old_password: 'a fine own password', new_password: 'short' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'new_password');
  assert.equal((await new Client(server.url).login('resetme', 'a fine own password')).status, 200);
});

test('R-SEC-1: issue 10 item 6: kehu user add and passwd refuse a weak password naming the field', async () => {
  let r = await kehu(['user', 'add', 'cliuser', '--role', 'admin', '--password', 'cliuser-2026-pw', '--db', server.db]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /password/);
  assert.match(r.stderr, /username/);
  r = await kehu(['user', 'add', 'cliuser', '--role', 'admin', '--password', 'a long cli password', '--db', server.db]);
  assert.equal(r.code, 0, r.stderr);
  r = await kehu(['user', 'passwd', 'cliuser', '--password', 'zzzzzzzzzzzzzz', '--db', server.db]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /repeated or consecutive/);
  assert.equal((await new Client(server.url).login('cliuser', 'a long cli password')).status, 200);
});

test('R-SEC-1: issue 10 item 6: with a pepper file (KEHU_PEPPER_FILE) hashes are marked and verify only with the pepper; a pepper file others can read, too short or missing is refused at start', async () => {
  const keys = mkdtempSync(join(tmpdir(), 'kehu-pepper-'));
  const file = join(keys, 'pepper');
  writeFileSync(file, 'p'.repeat(16) + 'e'.repeat(16) + 'pper-bytes-for-the-test', { mode: 0o600 });
  process.env.KEHU_PEPPER_FILE = file;
  let s;
  try {
    s = await startServer({ demo: 0 });
  } finally {
    delete process.env.KEHU_PEPPER_FILE;
  }
  let again = null;
  try {
    const a = await asAdmin(s);
    assert.equal((await a.post('/api/v1/users', newUser('peppered', 'salted and spiced pw'))).status, 201);
    const hash = sqlite(s.db, "SELECT password_hash FROM users WHERE username = 'peppered'");
    assert.match(hash, /^\$kehu-pepper1\$argon2id\$/);
    assert.equal((await new Client(s.url).login('peppered', 'salted and spiced pw')).status, 200);
    assert.equal((await new Client(s.url).login('peppered', 'a wrong password!')).status, 401);
    await s.stop({ keep: true });
    // the database without the pepper cannot check the password: it fails closed
    again = await serveExisting(s.db);
    assert.equal((await new Client(again.url).login('peppered', 'salted and spiced pw')).status, 401);
    await again.stop({ keep: true });
    again = null;
    chmodSync(file, 0o644);
    const refused = await kehu(['user', 'list', '--db', s.db], { KEHU_PEPPER_FILE: file });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /readable by others: make it 0600 or 0400/);
    const short = join(keys, 'short');
    writeFileSync(short, 'too short', { mode: 0o600 });
    const tooShort = await kehu(['user', 'list', '--db', s.db], { KEHU_PEPPER_FILE: short });
    assert.notEqual(tooShort.code, 0);
    assert.match(tooShort.stderr, /needs at least 32 bytes/);
    const missing = await kehu(['user', 'list', '--db', s.db], { KEHU_PEPPER_FILE: join(keys, 'absent') });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /cannot read the pepper file/);
  } finally {
    if (again) await again.stop({ keep: true });
    await s.stop();
    rmSync(keys, { recursive: true, force: true });
  }
});
