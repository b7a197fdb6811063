import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/kehu.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('GET /healthz answers ok without login', async () => {
  const r = await new Client(server.url).get('/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok', database: 'ok' });
});

test('the administrator printed by kehu init can log in', async () => {
  const c = new Client(server.url);
  const r = await c.login('admin', server.adminPassword);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.role, 'admin');
  assert.match(r.headers.get('set-cookie'), /HttpOnly/);
  assert.match(r.headers.get('set-cookie'), /SameSite=Strict/);
});
