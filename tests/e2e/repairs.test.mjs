// Browser tests of the customer archive on a phone (375 px) and a desktop (1440 px), the transfer
// of selected customers, and the landing page of roles that see no customers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile as freshMobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, until, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;
let gm;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 30 }), launch()]);
  gm = await as(server, 'gm');
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-PLT-1: issue 9 item 10: at 375 px the region picker\'s district column, the date picker, the contacts (number, edit, delete) and the users table are on screen; numbers are tap-to-call links', async () => {
  const mob = freshMobile();
  const c = (await gm.post('/api/v1/customers', { kind: 'individual', name: '手机布局', mobile: mob })).body;
  const contactMobile = freshMobile();
  const ct = await gm.post(`/api/v1/customers/${c.id}/contacts`, {
    name: '联系人甲', relation: 'spouse', position: '采购部经理', mobile: contactMobile, email: 'a-long-address@example.com',
    interests: '登山、摄影、围棋', notes: '周末不方便接电话',
  });
  assert.equal(ct.status, 201, ct.text);
  const W = 375;
  const { context, page } = await newPage(browser, { width: W, height: 800, mobile: true });
  try {
    await login(page, server.url, 'gm');
    await page.waitForURL(/\/my-day$/); // who logs interactions lands on "my day" (R-INT-4)
    await page.goto(server.url + '/customers');
    await byTest(page, 'customer-row').first().waitFor();
    await assertNoSideScroll(page, 'customer list');
    const tel = page.locator(`[data-test="customer-row"][data-id="${c.id}"] a[data-test="phone-link"]`);
    assert.equal(await tel.getAttribute('href'), 'tel:' + mob);
    await assertInside(tel, W, 'the phone link of a customer card');

    // 省市区: all three columns inside the screen
    await byTest(page, 'toggle-filters').click();
    await page.locator('[data-test="filter-panel"] .el-cascader').first().click();
    const menus = page.locator('.region-cascader-popper .el-cascader-menu');
    await menus.first().locator('.el-cascader-node').first().waitFor({ state: 'visible' });
    await menus.first().locator('.el-cascader-node').first().click();
    await menus.nth(1).locator('.el-cascader-node').first().click();
    await until(async () => (await menus.count()) === 3, 'the district column');
    await menus.nth(2).locator('.el-cascader-node').first().waitFor({ state: 'visible' });
    for (let i = 0; i < 3; i++) await assertInside(menus.nth(i), W, `region column ${i + 1}`);
    await assertInside(menus.nth(2).locator('.el-cascader-node').first(), W, 'a district');
    await page.keyboard.press('Escape');
    await page.locator('.region-cascader-popper').first().waitFor({ state: 'hidden' });

    // date range: one month at a time, inside the screen
    for (const part of ['filter-created-from', 'filter-created-to']) {
      await page.locator(`[data-test="${part}"] input`).click();
      const panel = page.locator('.date-range-m-popper:visible').first();
      await panel.waitFor();
      await assertInside(panel, W, `the date picker of ${part}`);
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    }
    await assertNoSideScroll(page, 'customer list with filters');

    // contacts: the number (a tel: link) and the edit and delete buttons are on screen
    await page.goto(`${server.url}/customers/${c.id}?tab=contacts`);
    const row = byTest(page, 'contact-row').first();
    await row.waitFor();
    await assertNoSideScroll(page, 'customer page');
    const ctel = row.locator('a[data-test="phone-link"]');
    assert.equal(await ctel.getAttribute('href'), 'tel:' + contactMobile);
    await assertInside(ctel, W, 'the contact\'s number');
    await assertInside(row.locator('[data-test="contact-edit"]'), W, 'the contact\'s edit button');
    await assertInside(row.locator('[data-test="contact-delete"]'), W, 'the contact\'s delete button');
    await page.locator('[data-test="tab-profile"]').click();
    const ptel = page.locator('[data-test="profile-mobile"] a[data-test="phone-link"]');
    assert.equal(await ptel.getAttribute('href'), 'tel:' + mob);
  } finally {
    await context.close();
  }

  // users: no fixed column lies over the names
  const { context: ac, page: ap } = await newPage(browser, { width: W, height: 800, mobile: true });
  try {
    await login(ap, server.url, 'admin', server.adminPassword);
    await ap.goto(server.url + '/admin/users');
    const cell = ap.locator('[data-test="user-table"] .el-table__body-wrapper tbody tr').first().locator('td').first();
    await cell.waitFor();
    await assertInside(byTest(ap, 'user-table'), W, 'the users table');
    await assertInside(cell, W, 'the first user\'s name cell');
    // a passing toast (the login's) is no part of the table: let it go first
    await ap.locator('.el-message, .el-notification').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
    // what lies over the cell once the page is still (a fixed column would stay; a passing overlay goes)
    let covered = '';
    for (let i = 0; i < 25; i++) {
      covered = await cell.evaluate((td) => {
        const r = td.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit && !td.contains(hit) ? `${hit.tagName}.${hit.className}` : '';
      });
      if (!covered) break;
      await ap.waitForTimeout(200);
    }
    assert.equal(covered, '', 'the name cell is covered by another element');
    await assertNoSideScroll(ap, 'users page');
  } finally {
    await ac.close();
  }
});

test('R-PLT-1: issue 9 item 10: every page fits a 375 px screen (no sideways scrolling of the page)', async () => {
  const c = (await gm.post('/api/v1/customers', { kind: 'organization', name: '四川省绵阳市涪城区长虹电子科技股份有限公司', mobile: freshMobile() })).body;
  const pages = {
    gm: ['/customers', `/customers/${c.id}`, `/customers/${c.id}/edit`, '/customers/new', '/customers/import', '/audit', '/my-day', '/pool', '/pool?tab=rules', '/distribution'],
    admin: ['/', '/admin/users', '/admin/settings', '/admin/backups'],
    fuwu: ['/'],
  };
  for (const [user, paths] of Object.entries(pages)) {
    const { context, page } = await newPage(browser, { width: 375, height: 800, mobile: true });
    try {
      await login(page, server.url, user, user === 'admin' ? server.adminPassword : undefined);
      for (const p of paths) {
        await page.goto(server.url + p);
        await page.waitForLoadState('networkidle');
        await assertNoSideScroll(page, `${user} ${p}`);
      }
    } finally {
      await context.close();
    }
  }
});

test('R-PLT-1: issue 9 item 11: at 1440 px the customer table fits; the pager shows the total and a page size; page, size and filters live in the URL; columns can be chosen', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'gm');
    await page.waitForURL(/\/my-day$/);
    await page.goto(server.url + '/customers');
    await byTest(page, 'customer-row').first().waitFor();
    const fits = await byTest(page, 'customer-table').evaluate((t) => {
      const wrap = t.parentElement;
      const last = t.querySelector('thead th:last-child').getBoundingClientRect();
      const area = wrap.getBoundingClientRect();
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth, lastRight: last.right, areaRight: area.right };
    });
    assert.ok(fits.scroll <= fits.client, `table ${fits.scroll} px in an area of ${fits.client} px`);
    assert.ok(fits.lastRight <= fits.areaRight + 0.5, 'the last column is visible');
    const total = (await gm.get('/api/v1/customers?limit=1&total=true')).body.total;
    await until(async () => (await byTest(page, 'list-total').innerText()).includes(`共 ${total} 条`), 'the total');

    // page size and page in the URL
    await byTest(page, 'page-size').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: '20 条/页' }).click();
    await page.waitForURL(/limit=20/);
    await until(async () => (await byTest(page, 'customer-row').count()) === 20, '20 rows');
    const next = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'page-next').click();
    await next;
    await page.waitForURL(/cursor=.*page=2|page=2.*cursor=/);
    await until(async () => (await byTest(page, 'list-total').innerText()).startsWith('第 21–'), 'page 2');
    const firstOnPage2 = await byTest(page, 'customer-row').first().getAttribute('data-id');

    // open a customer, come back: the same page (by its name: the row's middle may be its phone link)
    await byTest(page, 'customer-row').first().locator('td.col-name a').first().click();
    await page.waitForURL(new RegExp(`/customers/${firstOnPage2}$`));
    await page.goBack();
    await until(async () => (await byTest(page, 'customer-row').first().getAttribute('data-id')) === firstOnPage2, 'page 2 again');
    assert.match(await byTest(page, 'list-total').innerText(), /^第 21–/);

    // filters in the URL, and a link shared with someone else opens the same list
    await page.goto(server.url + '/customers?grade=A&limit=20');
    await byTest(page, 'toggle-filters').waitFor();
    await until(async () => /共 \d+ 条/.test(await byTest(page, 'list-total').innerText()), 'the filtered total');
    const filtered = await byTest(page, 'list-total').innerText();
    const { context: other, page: p2 } = await newPage(browser, { width: 1440, height: 900 });
    try {
      await login(p2, server.url, 'gm');
      await p2.goto(page.url());
      await until(async () => (await byTest(p2, 'list-total').innerText()) === filtered, 'the same list from a shared link');
    } finally {
      await other.close();
    }

    // choose columns: hidden ones stay hidden after a reload
    await byTest(page, 'th-company').waitFor();
    await byTest(page, 'column-chooser').click();
    await byTest(page, 'column-company').click();
    await byTest(page, 'th-company').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.reload();
    await byTest(page, 'customer-row').first().waitFor();
    assert.equal(await byTest(page, 'th-company').count(), 0, 'the choice is kept');
    assert.equal(await byTest(page, 'th-name').count(), 1);
    await byTest(page, 'column-chooser').click();
    await byTest(page, 'column-reset').click();
    await byTest(page, 'th-company').waitFor();
  } finally {
    await context.close();
  }
});

test('R-OWN-5: issue 9 item 12: the transfer dialog offers only owners the server accepts; customers selected in the list move in one call', async () => {
  const zw = await as(server, 'zhangwei');
  const a = (await zw.post('/api/v1/customers', { kind: 'individual', name: '批量转移甲' })).body;
  const b = (await zw.post('/api/v1/customers', { kind: 'individual', name: '批量转移乙' })).body;
  const mgr = await as(server, 'salesmgr');
  const expected = (await mgr.get(`/api/v1/customers/transfer-targets?ids=${a.id},${b.id}`)).body.items;
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'salesmgr');
    await page.waitForURL(/\/my-day$/);
    await page.goto(server.url + '/customers');
    for (const id of [a.id, b.id]) {
      await page.locator(`[data-test="customer-row"][data-id="${id}"] [data-test="select-row"]`).click();
    }
    assert.match(await byTest(page, 'bulk-count').innerText(), /已选 2 个/);
    const targets = waitApi(page, 'GET', /^\/api\/v1\/customers\/transfer-targets$/);
    await byTest(page, 'bulk-transfer').click();
    await targets;
    await byTest(page, 'transfer-owner').click();
    const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
    await options.first().waitFor();
    const shown = (await options.allInnerTexts()).map((s) => s.trim()).sort();
    assert.deepEqual(shown, expected.map((u) => `${u.display_name} (${u.username})`).sort());
    for (const refused of ['王强', '蒋审计', '系统管理员', '郑师傅']) assert.ok(!shown.some((s) => s.startsWith(refused)), refused);
    await options.filter({ hasText: '李娜' }).click();
    await input(page, 'transfer-reason').fill('张伟休假，客户交给李娜');
    const done = waitApi(page, 'POST', /^\/api\/v1\/customers\/transfer$/);
    await byTest(page, 'transfer-submit').click();
    const r = await done;
    assert.equal(r.status(), 200, await r.text());
    assert.deepEqual(await r.json(), { transferred: 2, unchanged: 0 });
    await byTest(page, 'bulk-bar').waitFor({ state: 'detached' });
    for (const id of [a.id, b.id]) assert.equal((await gm.get(`/api/v1/customers/${id}`)).body.owner.name, '李娜');
  } finally {
    await context.close();
  }
});

test('R-SEC-1: issue 9 item 13: the administrator and a role whose functions are not built yet land on a page that says what they can do and why they see no customers', async () => {
  const admin = await asAdmin(server);
  assert.equal((await admin.get('/api/v1/auth/me')).body.user.scopes.customers, 'none');
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await byTest(page, 'home').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    const why = await byTest(page, 'home-no-customers').innerText();
    assert.match(why, /系统管理员看不到任何客户资料/);
    await byTest(page, 'home-nav-users').waitFor();
    assert.equal(await byTest(page, 'customer-table').count(), 0);
    // the customer list is not an empty table for them: they are sent back here
    await page.goto(server.url + '/customers');
    await byTest(page, 'home-no-customers').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
  } finally {
    await context.close();
  }
  const { context: c2, page: p2 } = await newPage(browser, { width: 375, height: 800, mobile: true });
  try {
    await login(p2, server.url, 'fuwu');
    const note = byTest(p2, 'home-not-yet');
    await note.waitFor();
    await until(async () => (await note.innerText()).includes('服务主任'), 'the role named');
    assert.match(await note.innerText(), /还没有上线/);
    assert.equal(await byTest(p2, 'customer-table').count() + await byTest(p2, 'customer-row').count(), 0);
    await assertInside(note, 375, 'the explanation');
  } finally {
    await c2.close();
  }
});
