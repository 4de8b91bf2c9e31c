// Reading the guide pages, and finding the support centre for 下松市.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, shot } from '../harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the guide pages show the six collaboration types in Japanese glyphs', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: '協働のてびきを読む' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.match(await page.textContent('main'), /相互の存在意義を認識し尊重しあい/);
  await page.getByRole('link', { name: '協働の種類' }).click();
  const headings = await page.locator('main h2').allTextContents();
  assert.deepEqual(headings, ['共催', '実行委員会・協議会', '事業協力・事業協定', '委託', '補助・助成・負担金', '後援']);
  // Without a CJK font Japanese would render as empty boxes; the browser must have one.
  const cjk = await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK JP"'));
  assert.ok(cjk, 'a Japanese font is available to the browser');
  await shot(page, 'guide-types');
  for (const path of ['/guide/merits', '/guide/roles', '/guide/actions', '/guide/collective-impact', '/guide/survey']) {
    const res = await page.goto(`${server.url}${path}`);
    assert.equal(res.status(), 200, path);
  }
  await shot(page, 'guide-survey');
  await page.close();
});

test('a resident of 下松市 finds the support centre that serves them', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(`${server.url}/guide/centers`);
  await page.getByLabel('市町').selectOption('下松市');
  await page.getByRole('button', { name: '表示する' }).click();
  const result = page.locator('#result');
  await result.waitFor();
  const text = await result.textContent();
  assert.match(text, /山口県県民活動支援センター/);
  assert.match(text, /周南市市民活動支援センター/);
  assert.match(text, /0834-32-2200/);
  // Usable on a 360 px phone: nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await shot(page, 'centers-kudamatsu');
  await page.close();
});

test('keyboard users can skip to the content and see where focus is', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/guide`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '本文へ移動');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.close();
});
