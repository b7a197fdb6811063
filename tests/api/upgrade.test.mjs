// Upgrading a database: the search index is rebuilt at start when its token format changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, serveExisting, as } from '../lib/kehu.mjs';

test('R-ARC-9: a database whose search rows predate character pairs is re-indexed at start', async () => {
  const s = await startServer({ demo: 0 });
  const admin = await as(s, 'admin', s.adminPassword);
  await admin.post('/api/v1/users', { username: 'upsales', display_name: '升级', role: 'salesperson', password: 'upgrade-pass-1' });
  const sales = await as(s, 'upsales', 'upgrade-pass-1');
  const created = await sales.post('/api/v1/customers', { kind: 'individual', name: '蒯秀兰', mobile: '13912345670' });
  assert.equal(created.status, 201, created.text);
  await s.stop({ keep: true });
  // An old database: search rows without pairs (here: none at all), and the flag a migration sets.
  execFileSync('sqlite3', [s.db, "DELETE FROM customer_search; UPDATE settings SET value = '1' WHERE key = 'search_reindex'"]);
  const again = await serveExisting(s.db);
  try {
    const c = await as(again, 'upsales', 'upgrade-pass-1');
    const r = await c.get(`/api/v1/customers?q=${encodeURIComponent('秀兰')}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((x) => x.name), ['蒯秀兰']);
    const flag = execFileSync('sqlite3', [s.db, "SELECT value FROM settings WHERE key = 'search_reindex'"], { encoding: 'utf8' }).trim();
    assert.equal(flag, '0');
  } finally {
    await again.stop();
  }
});
