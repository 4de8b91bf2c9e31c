// Partner candidates: from a group's profile to the company that complements it, with reasons.
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

test('the guide case 1 group finds みかわ first, and is told why', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/organizations`);
  await page.getByRole('link', { name: '認定NPO法人支えてねットワーク' }).click();
  await page.getByRole('link', { name: 'パートナー候補を見る' }).click();
  const first = page.locator('main ol > li').first();
  assert.equal(await first.locator('h2').textContent(), '有限会社みかわ');
  const reasons = await first.textContent();
  assert.match(reasons, /県産白瓜の買取/);
  assert.match(reasons, /win-win/);
  assert.match(reasons, /提案する協働の種類/);
  await shot(page, 'matching-sasaete');
  await page.getByLabel('相手の種類', { exact: true }).selectOption('npo_corporation');
  await page.getByRole('button', { name: '絞り込む' }).click();
  assert.doesNotMatch(await page.textContent('main ol'), /有限会社みかわ/);
  await page.close();
});

test('a new visitor searches 子ども食堂 and 白瓜 and lands on the right pages', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: /^探す/ }).click();
  await page.getByLabel('キーワード').fill('子ども食堂');
  await page.getByRole('button', { name: '検索する' }).click();
  assert.match(await page.textContent('main'), /フードバンク山口/);
  assert.equal(await page.locator('main mark').first().textContent(), '子ども食堂');
  // On a phone the results come first: the conditions are folded until asked for.
  const first = await page.locator('main li.card').first().boundingBox();
  assert.ok(first.y < 900, `the first result starts at ${first.y}px`);
  await shot(page, 'search-kodomo-shokudo');
  await page.getByLabel('キーワード').fill('白瓜');
  await page.getByText('条件で絞り込む').click();
  await page.getByLabel('対象', { exact: true }).selectOption('listing');
  await page.getByRole('button', { name: '検索する' }).click();
  assert.match(await page.textContent('main'), /県産白瓜の買取/);
  await page.getByRole('link', { name: '県産白瓜の買取' }).click();
  assert.match(await page.textContent('main'), /パートナー候補/);
  assert.match(await page.textContent('main ol'), /支えてねットワーク/);
  await page.close();
});
