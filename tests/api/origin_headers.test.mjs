// Cross-site requests and what answers carry (ASVS 4.2.2, 13.2.3, 3.4.1-3.4.5, 14.4): writes
// must be JSON from our own origin; the session cookie is Secure and __Host- over HTTPS;
// the UI is served with a Content-Security-Policy and the usual headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client, sqlite, DEMO_PASSWORD } from '../lib/kehu.mjs';

let server;
before(async () => { server = await startServer({ demo: 1 }); });
after(async () => { await server.stop(); });

const loginAs = (url, headers, raw = JSON.stringify({ username: 'zhangwei', password: DEMO_PASSWORD })) =>
  fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers, body: raw });

test('R-SEC-1: issue 10 item 8: a login sent as text/plain or a form is refused with 415 naming Content-Type, and signs nobody in', async () => {
  const before = sqlite(server.db, 'SELECT count(*) FROM sessions');
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
    const headers = type ? { 'Content-Type': type } : {};
    const raw = type === null ? new Blob([JSON.stringify({ username: 'zhangwei', password: DEMO_PASSWORD })]) : undefined;
    const res = await loginAs(server.url, headers, raw);
    const body = await res.json();
    assert.equal(res.status, 415, String(type));
    assert.equal(body.error.code, 'unsupported_media_type');
    assert.equal(body.error.field, 'Content-Type');
    assert.equal(res.headers.get('set-cookie'), null);
  }
  assert.equal(sqlite(server.db, 'SELECT count(*) FROM sessions'), before);
  const ok = await loginAs(server.url, { 'Content-Type': 'application/json; charset=utf-8' });
  assert.equal(ok.status, 200);
});

test('R-SEC-1: issue 10 item 8: a state-changing request from another origin is refused with 403 csrf, before login and with a session, and changes nothing', async () => {
  const evil = { Origin: 'https://evil.example', 'Content-Type': 'application/json' };
  const login = await loginAs(server.url, evil);
  assert.equal(login.status, 403);
  const body = await login.json();
  assert.equal(body.error.code, 'csrf');
  assert.equal(body.error.field, 'Origin');
  assert.equal((await loginAs(server.url, { Origin: 'null', 'Content-Type': 'application/json' })).status, 403);
  assert.equal((await loginAs(server.url, { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' })).status, 403);
  const c = await as(server, 'zhangwei');
  const name = '跨站客户';
  for (const headers of [{ Origin: 'https://evil.example' }, { Origin: `http://localhost:${server.port}` }, { 'Sec-Fetch-Site': 'cross-site' }]) {
    const r = await c.post('/api/v1/customers', { kind: 'individual', name }, { headers });
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.equal(r.body.error.code, 'csrf');
  }
  assert.equal(sqlite(server.db, `SELECT count(*) FROM customers WHERE name = '${name}'`), '0');
  // our own origin, and same-origin fetch metadata, are fine; reads are not checked
  const own = await c.post('/api/v1/auth/tokens', { name: 'own origin' }, { headers: { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' } });
  assert.equal(own.status, 201, own.text);
  assert.equal((await c.get('/api/v1/auth/me', { headers: { Origin: 'https://evil.example' } })).status, 200);
});

test('R-SEC-1: issue 10 item 9: over plain HTTP the cookie is HttpOnly and SameSite=Strict without Secure; behind a trusted proxy saying https it is __Host- and Secure, with HSTS; an untrusted X-Forwarded-Proto changes nothing', async () => {
  const plain = await loginAs(server.url, { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' });
  const pc = plain.headers.get('set-cookie');
  assert.match(pc, /^kehu_session=ks_[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
  assert.equal(plain.headers.get('strict-transport-security'), null);
  process.env.KEHU_TRUSTED_PROXIES = '10.0.0.9, 127.0.0.1';
  const proxied = await startServer({ demo: 0 });
  delete process.env.KEHU_TRUSTED_PROXIES;
  try {
    const https = { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' };
    const res = await loginAs(proxied.url, https, JSON.stringify({ username: 'admin', password: proxied.adminPassword }));
    assert.equal(res.status, 200);
    const sc = res.headers.get('set-cookie');
    assert.match(sc, /^__Host-kehu_session=ks_[^;]+; Path=\/; Secure; HttpOnly; SameSite=Strict$/);
    assert.doesNotMatch(sc, /Domain=/i);
    assert.match(res.headers.get('strict-transport-security'), /max-age=\d+/);
    const cookie = sc.split(';')[0];
    const me = await fetch(`${proxied.url}/api/v1/auth/me`, { headers: { Cookie: cookie } });
    assert.equal(me.status, 200);
    const { csrf_token: csrf } = await me.json();
    // behind the proxy the page's origin is https://<Host>
    const w = await fetch(`${proxied.url}/api/v1/auth/tokens`, {
      method: 'POST', body: JSON.stringify({ name: 'behind proxy' }),
      headers: { ...https, Cookie: cookie, 'X-CSRF-Token': csrf, Origin: `https://127.0.0.1:${proxied.port}` },
    });
    assert.equal(w.status, 201, await w.text());
    const out = await fetch(`${proxied.url}/api/v1/auth/logout`, { method: 'POST', headers: { ...https, Cookie: cookie, 'X-CSRF-Token': csrf } });
    assert.match(out.headers.get('set-cookie'), /^__Host-kehu_session=; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=0$/);
  } finally {
    await proxied.stop();
  }
});

test('R-SEC-1: issue 10 item 9: the UI is served with a Content-Security-Policy without inline scripts, and UI, API and error answers carry nosniff, frame and referrer headers', async () => {
  const page = await fetch(`${server.url}/`);
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self';/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /base-uri 'none'/);
  const api = await fetch(`${server.url}/api/v1/auth/me`);
  assert.equal(api.status, 401);
  assert.match(api.headers.get('content-security-policy'), /default-src 'none'/);
  for (const res of [page, api]) {
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  }
});
