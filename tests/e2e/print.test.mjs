// Browser test of printing 打印 (R-PLT-7): the general manager prints a customer's file from its
// page (the customer-file export with the format pdf: a PDF download naming the customer and
// 客户档案); a salesperson prints one of their orders — the print view shows the server's
// document, and printed (print media) nothing but the document is put out: no side menu,
// header, toolbar or button — and the browser's own PDF of it holds the order code and 订单,
// as does the server's PDF (下载 PDF); a customer's statement prints from its receivables tab;
// a salesperson without direct export asks for the printed file (the request names the format
// pdf) and, approved, produces it from 我的导出申请; a record the user may not see is not printed.
// At a desktop width and on a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, login, until, artifact, assertInside, assertNoSideScroll, waitApi } from './helpers.mjs';

let server, browser, gm, zw, lina, demoCustomer, customer, order;

/** The text of a PDF file (poppler's pdftotext), blanks left out: CJK text may come out spaced. */
const pdfText = (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
const squeeze = (s) => String(s).replace(/\s+/g, '');
const SIZES = [[1280, 900], [375, 740]];
/** A server-side PDF (a job, or the rendering of a document) may take a while on 2 cores. */
const PDF_TIMEOUT = 90000;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  gm = await as(server, 'gm');
  zw = await as(server, 'zhangwei');
  lina = await as(server, 'lina');
  const list = (await gm.get('/api/v1/customers?limit=50')).body.items;
  demoCustomer = list.find((c) => !c.secrecy || c.secrecy === 'normal') || list[0];
  assert.ok(demoCustomer && demoCustomer.name, 'a demo customer');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '打印浏览器客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  const o = await zw.post('/api/v1/orders', {
    customer_id: customer.id, delivery_due: '2030-03-01',
    lines: [{ description: '净水器滤芯更换', quantity: 2, price_fen: 9900 }, { description: '上门安装', quantity: 1, price_fen: 15000 }],
  });
  assert.equal(o.status, 201, o.text);
  order = o.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/**
 * What a printed page shows besides the document: every element with a box, not hidden, that
 * is neither inside the document nor one of the containers around it (described by tag, class
 * and data-test). Empty when nothing but the document is put out.
 */
function strayInPrint(page) {
  return page.evaluate(() => {
    const doc = document.querySelector('[data-test="print-doc"]');
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!doc || doc.contains(el) || el.contains(doc)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const st = getComputedStyle(el);
      if (st.display === 'none' || st.visibility === 'hidden' || Number(st.opacity) === 0) continue;
      out.push(`${el.tagName.toLowerCase()}${[...el.classList].map((c) => '.' + c).join('')}` +
        (el.getAttribute('data-test') ? `[data-test=${el.getAttribute('data-test')}]` : ''));
    }
    return out;
  });
}

for (const [width, height] of SIZES) {
  const phone = width < 600;

  test(`R-PLT-7: R-SEC-6: at ${width} px the general manager prints a demo customer's file from its page: a PDF naming the customer and 客户档案`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile: phone });
    try {
      await login(page, server.url, 'gm');
      await page.goto(`${server.url}/customers/${demoCustomer.id}`);
      const button = byTest(page, 'print-customer');
      await button.waitFor({ state: 'visible' });
      assert.match(await button.innerText(), /打印档案/);
      if (phone) await assertInside(button, width, 'the print-file button');
      const started = waitApi(page, 'POST', new RegExp(`^/api/v1/customers/${demoCustomer.id}/export$`));
      const download = page.waitForEvent('download', { timeout: PDF_TIMEOUT });
      await button.click();
      const s = await started;
      assert.equal(s.status(), 202, await s.text());
      assert.deepEqual(s.request().postDataJSON(), { format: 'pdf' });
      const d = await download;
      assert.match(d.suggestedFilename(), /\.pdf$/i);
      const file = artifact(`print-customer-${width}.pdf`);
      await d.saveAs(file);
      const text = squeeze(pdfText(file));
      assert.ok(text.includes(squeeze(demoCustomer.name)), `the customer's name in the PDF: ${text.slice(0, 300)}`);
      assert.ok(text.includes('客户档案'), `客户档案 in the PDF: ${text.slice(0, 300)}`);
    } catch (e) {
      await page.screenshot({ path: artifact(`print-customer-${width}-failed.png`), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  });

  test(`R-PLT-7: at ${width} px a salesperson prints an order: the print view shows the document, printed nothing else appears, and its PDF holds the order code and 订单`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile: phone });
    try {
      await login(page, server.url, 'zhangwei');
      await page.goto(`${server.url}/orders/${order.id}`);
      await byTest(page, 'ord-code').filter({ hasText: order.code }).waitFor();
      const loaded = waitApi(page, 'GET', new RegExp(`^/api/v1/print/order/${order.id}$`));
      await byTest(page, 'print-order').click();
      await page.waitForURL(`**/print/order/${order.id}`);
      const l = await loaded;
      assert.equal(l.status(), 200, await l.text());
      const doc = byTest(page, 'print-doc');
      await doc.waitFor({ state: 'visible' });
      assert.equal(await doc.getAttribute('data-kind'), 'order');
      assert.ok((await doc.innerText()).includes(order.code), 'the order code in the document');
      assert.ok((await byTest(page, 'print-title').innerText()).includes(order.code), 'the title names the order');
      for (const name of ['print-back', 'print-print', 'print-pdf']) {
        await byTest(page, name).waitFor({ state: 'visible' });
        if (phone) await assertInside(byTest(page, name), width, name);
      }
      if (phone) await assertNoSideScroll(page, 'the print view');
      else assert.ok(await page.locator('.layout .side').isVisible(), 'on screen the side menu is there');
      await page.screenshot({ path: artifact(`print-order-${width}.png`), fullPage: true });

      // Printed: the document and nothing else.
      await page.emulateMedia({ media: 'print' });
      await until(async () => !(await byTest(page, 'print-toolbar').isVisible()), 'the toolbar hidden in print');
      assert.ok(await doc.isVisible(), 'the document is printed');
      assert.equal(await page.locator('.layout .side').isVisible(), false, 'no side menu in print');
      assert.equal(await byTest(page, 'nav-orders').first().isVisible(), false, 'no menu entry in print');
      assert.equal(await byTest(page, 'account-menu').isVisible(), false, 'no header in print');
      assert.equal(await page.locator('header.topbar').isVisible(), false, 'no header in print');
      for (const name of ['print-back', 'print-print', 'print-pdf', 'menu-toggle']) {
        assert.equal(await byTest(page, name).first().isVisible(), false, `${name} hidden in print`);
      }
      assert.equal(await page.locator('button:visible').count(), 0, 'no button in print');
      assert.deepEqual(await strayInPrint(page), [], 'nothing but the document in print');
      await page.evaluate(() => document.fonts.ready.then(() => true));
      const printed = artifact(`print-order-${width}.pdf`);
      await page.pdf({ path: printed, format: 'A4', preferCSSPageSize: true, printBackground: true });
      const text = squeeze(pdfText(printed));
      assert.ok(text.includes(order.code), `the order code in the printed PDF: ${text.slice(0, 300)}`);
      assert.ok(text.includes('订单'), `订单 in the printed PDF: ${text.slice(0, 300)}`);
      assert.ok(!text.includes('下载PDF'), 'no toolbar text in the printed PDF');
      await page.emulateMedia({ media: 'screen' });

      // The server's PDF of the same document.
      if (!phone) {
        const download = page.waitForEvent('download', { timeout: PDF_TIMEOUT });
        await byTest(page, 'print-pdf').click();
        const d = await download;
        assert.match(d.suggestedFilename(), /\.pdf$/i);
        const file = artifact('print-order-server.pdf');
        await d.saveAs(file);
        const t = squeeze(pdfText(file));
        assert.ok(t.includes(order.code) && t.includes('订单'), `the server's PDF names the order: ${t.slice(0, 300)}`);
      }

      // 返回 leads back to the order.
      await byTest(page, 'print-back').click();
      await page.waitForURL(`**/orders/${order.id}`);
      await byTest(page, 'ord-code').waitFor();
    } catch (e) {
      await page.screenshot({ path: artifact(`print-order-${width}-failed.png`), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  });
}

test('R-PLT-7: a salesperson prints a customer\'s statement from its receivables tab', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}`);
    await byTest(page, 'tab-receivables').click();
    await byTest(page, 'customer-receivables').waitFor();
    const loaded = waitApi(page, 'GET', new RegExp(`^/api/v1/print/statement/${customer.id}$`));
    await byTest(page, 'print-statement').click();
    await page.waitForURL(`**/print/statement/${customer.id}`);
    assert.equal((await loaded).status(), 200);
    const doc = byTest(page, 'print-doc');
    await doc.waitFor({ state: 'visible' });
    assert.equal(await doc.getAttribute('data-kind'), 'statement');
    assert.ok(squeeze(await doc.innerText()).includes(squeeze(customer.name)), 'the statement names the customer');
  } catch (e) {
    await page.screenshot({ path: artifact('print-statement-failed.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});

test('R-PLT-7: R-SEC-6: a salesperson asks to print a customer\'s file (the request names the PDF) and, once approved, produces it from 我的导出申请', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}`);
    await byTest(page, 'print-customer').click();
    const dialog = byTest(page, 'export-request-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'export-request-format').innerText(), '打印客户档案（PDF）');
    await input(page, 'export-request-reason').fill('上门核对资料');
    await input(page, 'export-request-purpose').fill('打印后交客户签字确认');
    const filed = waitApi(page, 'POST', /^\/api\/v1\/export-requests$/);
    await byTest(page, 'export-request-submit').click();
    const f = await filed;
    assert.equal(f.status(), 201, await f.text());
    assert.deepEqual(f.request().postDataJSON(), {
      customer_id: customer.id, format: 'pdf', reason: '上门核对资料', purpose: '打印后交客户签字确认',
    });
    const id = (await f.json()).id;

    const sup = await as(server, 'infosup');
    const ok = await sup.post(`/api/v1/approvals/${id}/approve`, { comment: '同意' });
    assert.equal(ok.status, 200, ok.text);
    await page.goto(`${server.url}/exports`);
    // The request's row of 我的导出申请 (the desktop table), as export_approval.test.mjs finds it.
    const row = page.locator('[data-test="exports-table"] .el-table__row')
      .filter({ has: page.locator(`[data-test="export-request-row"][data-id="${id}"]`) });
    const button = row.locator('[data-test="export-produce"]');
    await button.waitFor({ state: 'visible' });
    const download = page.waitForEvent('download', { timeout: PDF_TIMEOUT });
    await button.click();
    const d = await download;
    assert.match(d.suggestedFilename(), /\.pdf$/i);
    const file = artifact('print-customer-approved.pdf');
    await d.saveAs(file);
    const text = squeeze(pdfText(file));
    assert.ok(text.includes(squeeze(customer.name)) && text.includes('客户档案'), `the approved PDF: ${text.slice(0, 300)}`);
  } catch (e) {
    await page.screenshot({ path: artifact('print-request-failed.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});

test('R-PLT-7: a salesperson who does not see the order is not shown it in the print view', async () => {
  assert.equal((await lina.get(`/api/v1/print/order/${order.id}`)).status, 404);
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'lina');
    await page.goto(`${server.url}/print/order/${order.id}`);
    await byTest(page, 'print-error').filter({ hasText: '没有这份文档，或您无权查看' }).waitFor();
    assert.equal(await byTest(page, 'print-doc').count(), 0);
    assert.equal(await byTest(page, 'print-print').isDisabled(), true);
  } finally {
    await context.close();
  }
});
