// Power failure, as kill -9 gives it (R-PLT-6, R-SEC-10): ten cycles of concurrent writes cut
// short; after each, every acknowledged write is there, the database passes its integrity check
// and the audit chain verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveExisting, as, kehu, sqlite, PG } from '../lib/kehu.mjs';

let server;
after(async () => { if (server) await server.stop(); });

let seq = 0;
// Distinct mainland mobiles across the whole run (duplicates would be refused, not lost).
const nextMobile = () => { seq += 1; return `139${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(5, '0')}`; };

test('R-PLT-6: issue 10: ten kill -9 cycles under 16 concurrent writers lose no acknowledged write; integrity check and audit chain hold after each', async () => {
  server = await startServer({ demo: 3 });
  const db = server.db;
  const acked = [];
  for (let cycle = 0; cycle < 10; cycle++) {
    const c = await as(server, 'zhangwei');
    let stop = false;
    const writers = Array.from({ length: 16 }, async () => {
      while (!stop) {
        let r;
        try {
          r = await c.post('/api/v1/customers', { kind: 'individual', name: `断电${cycle}`, mobile: nextMobile() });
        } catch {
          return; // the connection died with the server: not acknowledged
        }
        if (r.status === 201) acked.push(r.body.id);
      }
    });
    // Let the writes run, then cut the power in the middle of them.
    const before = acked.length;
    while (acked.length < before + 40) await new Promise((res) => setTimeout(res, 5));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await server.stop({ keep: true });
    if (!PG) assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok', `cycle ${cycle}: integrity`); // SQLite's file
    server = await serveExisting(db);
    const stored = new Set(sqlite(db, 'SELECT id FROM customers').split('\n').map(Number));
    const lost = acked.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `cycle ${cycle}: acknowledged creates missing after kill -9`);
    const v = await kehu(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, `cycle ${cycle}: ${v.stdout}${v.stderr}`);
  }
  assert.ok(acked.length >= 400, `${acked.length} writes acknowledged over the ten cycles`);
});
