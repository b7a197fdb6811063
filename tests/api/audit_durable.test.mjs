// The audit trail holds when the disk is full (R-SEC-10): a read whose entry
// cannot be kept is refused, and every read that was answered is in the log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, allPages, serveExisting } from '../lib/kehu.mjs';
import { smallDiskUnavailable, startServerOnSmallDisk } from '../lib/smalldisk.mjs';

const why = smallDiskUnavailable();

test('R-SEC-10: issue 10 item 15: with the disk full every answered read of a customer is in the audit log after the disk is freed (the server stopped then), the others answer 503 without data', { skip: why ?? false }, async () => {
  const s = await startServerOnSmallDisk({ sizeMB: 24, demo: 3 });
  let again = null;
  try {
    const mgr = await as(s, 'salesmgr');
    const list = await mgr.get('/api/v1/customers?limit=1');
    assert.equal(list.status, 200, list.text);
    const id = list.body.items[0].id;
    const name = list.body.items[0].name;
    s.fill();
    const statuses = [];
    for (let round = 0; round < 10; round++) {
      const rs = await Promise.all(Array.from({ length: 10 }, () => mgr.get(`/api/v1/customers/${id}`)));
      for (const r of rs) {
        statuses.push(r.status);
        if (r.status === 503) {
          assert.equal(r.body.error.code, 'unavailable');
          assert.match(r.body.error.message, /审计/);
          assert.ok(!r.text.includes(name), 'a refused read carries no customer data');
        } else {
          assert.equal(r.status, 200, r.text);
        }
      }
    }
    const served = statuses.filter((x) => x === 200).length;
    assert.ok(statuses.includes(503), `reads are refused once their entries cannot be kept (${served} of 100 served)`);
    s.release();
    // Stopped once the disk has room again: what the server kept is written before it exits.
    const exited = new Promise((res) => s.child.on('exit', res)); // the small disk stays mounted
    s.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    again = await serveExisting(s.db);
    const auditor = await as(again, 'shenji');
    const reads = `/api/v1/audit?action=customer.read&target_id=${id}&actor_id=${mgr.user.id}`;
    // Reads of one second may share an entry (DECISIONS §156): each entry counts its reads.
    const recorded = async () => (await allPages(auditor, reads, { limit: 200 })).reduce((n, e) => n + e.reads, 0);
    const entries = await recorded();
    assert.equal(entries, served, `${served} reads answered, ${entries} recorded`);
    const v = await auditor.get('/api/v1/audit/verify');
    assert.equal(v.body.ok, true, v.text);
    // With room, reads are answered and recorded at once.
    assert.equal((await (await as(again, 'salesmgr')).get(`/api/v1/customers/${id}`)).status, 200);
    assert.equal(await recorded(), served + 1);
  } finally {
    if (again) await again.stop({ keep: true });
    await s.stop();
  }
});
