// Browser test helpers: Debian chromium driven by playwright-core (never downloads a browser).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, DEMO_PASSWORD } from '../lib/kehu.mjs';

export const CHROMIUM = process.env.KEHU_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
/** Generous default timeout: the test machine has 2 cores. */
export const TIMEOUT = 20000;

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context + page (zh-CN UI, default timeouts raised). */
export async function newPage(browser, { width = 1280, height = 900, mobile = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'zh-CN',
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: mobile ? 2 : 1,
  });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  const page = await context.newPage();
  return { context, page };
}

/** The element carrying data-test=name, or the <input>/<textarea> inside it (el-input may put the attribute on either). */
export function input(page, name) {
  const sel = `[data-test="${name}"]`;
  return page.locator(`input${sel}, textarea${sel}, ${sel} input, ${sel} textarea`).first();
}

export function byTest(page, name) {
  return page.locator(`[data-test="${name}"]`);
}

/** Wait for the API response matching method and path regexp (start waiting before the action). */
export function waitApi(page, method, pathRe) {
  return page.waitForResponse((r) => r.request().method() === method && pathRe.test(new URL(r.url()).pathname));
}

/** Log in through the login page; resolves once the app shell (account menu) is shown. */
export async function login(page, url, username, password = DEMO_PASSWORD) {
  await page.goto(url + '/login');
  await input(page, 'login-username').fill(username);
  await input(page, 'login-password').fill(password);
  const resp = waitApi(page, 'POST', /^\/api\/v1\/auth\/login$/);
  await byTest(page, 'login-submit').click();
  const r = await resp;
  if (r.status() !== 200) throw new Error(`login ${username}: HTTP ${r.status()} ${await r.text()}`);
  await byTest(page, 'account-menu').waitFor({ state: 'visible' });
}

/**
 * Choose the option reading `text` in an el-select (`select`: a locator or a data-test name):
 * open it, click the option and wait for the dropdown to close. On a loaded 2-core machine a
 * click that lands while the dropdown is still opening can be lost, so an option still shown
 * after the click is clicked again (at most three times).
 */
export async function pickOption(page, select, text) {
  const box = typeof select === 'string' ? byTest(page, select) : select;
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    if (!(await option.isVisible())) await box.click();
    await option.click();
    try {
      await option.waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch (e) {
      if (attempt === 3) throw new Error(`the option "${text}" was clicked ${attempt} times and its dropdown stayed open`, { cause: e });
    }
  }
}

/** Fails unless the element's box lies within the viewport's width (and is not empty). */
export async function assertInside(locator, width, what) {
  await locator.scrollIntoViewIfNeeded();
  const b = await locator.boundingBox();
  assert.ok(b && b.width > 0 && b.height > 0, `${what}: not shown`);
  assert.ok(b.x >= 0 && b.x + b.width <= width + 0.5, `${what}: ${b.x}..${b.x + b.width} is outside 0..${width}`);
}

/** Fails when the page scrolls sideways (something wider than the screen). */
export async function assertNoSideScroll(page, what) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `${what}: the page is ${sw} px wide on a ${cw} px screen`);
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Poll fn until it returns a truthy value. */
export async function until(fn, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
