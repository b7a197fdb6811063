// Logins while the disk is full: throttling does not depend on a write, a right and a wrong
// password get the same answer, and the failed logins reach the audit once there is room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, as, auditEntries, DEMO_PASSWORD } from '../lib/kehu.mjs';
import { startServerOnSmallDisk, smallDiskUnavailable } from '../lib/smalldisk.mjs';

const why = smallDiskUnavailable();

test('R-PLT-6: issue 10 item 3: with the disk full, failed logins are still counted (429 after 5), a right password answers like a wrong one, and every failure is in the audit once the disk has room', { skip: why ?? false }, async () => {
  const server = await startServerOnSmallDisk({ demo: 3 });
  try {
    const login = (password) => new Client(server.url).login('lina', password);
    assert.equal((await login(DEMO_PASSWORD)).status, 200, 'the database is writable before');
    server.fill();
    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push(await login(`wrong-${i}-password`));
    const right = await login(DEMO_PASSWORD);
    wrong.push(await login('wrong-3-password'));
    for (const r of wrong) assert.equal(r.status, 503, r.text);
    assert.equal(right.status, 503, 'the right password is not told apart');
    assert.deepEqual(right.body, wrong[0].body);
    assert.equal(right.headers.get('set-cookie'), null);
    // the fifth attempt reached the limit: refused without a check, though nothing could be written
    const blocked = await login(DEMO_PASSWORD);
    assert.equal(blocked.status, 429, blocked.text);
    assert.equal(blocked.body.error.code, 'throttled');

    server.release();
    const clock = new Client(server.url);
    await clock.put('/api/v1/_test/clock', { advance_seconds: 16 * 60 });
    const auditor = await as(server, 'shenji'); // its login's write takes the waiting entries
    const lina = (await as(server, 'lina')).user.id;
    const failed = (await auditEntries(auditor, 'action=auth.login_failed'))
      .filter((e) => e.target_id === String(lina));
    assert.equal(failed.length, 5, 'four wrong passwords and the right one that could not be recorded');
    const throttled = (await auditEntries(auditor, 'action=auth.login_throttled'))
      .filter((e) => e.target_id === String(lina));
    assert.equal(throttled.length, 1);
  } finally {
    await server.stop();
  }
});
