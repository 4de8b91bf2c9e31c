// Organisations in public: a group fills its profile and sees its disclosure level rise; a
// coordinator imports the registry, verifies the group and approves a claim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, shot, signUp } from '../harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const level = async (page) => (await page.locator('.level').getAttribute('aria-label')).match(/公開度 (\d)/)[1];

let orgUrl;

test('a group fills its profile, posts needs and offers, and its disclosure level rises', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signUp(server, page, 'akiho@example.jp', '秋穂 花子');
  await page.goto(`${server.url}/organizations/new`);
  await page.getByLabel('NPO法人', { exact: true }).check();
  await page.getByLabel('団体名').fill('NPO法人あいお見守りネット');
  await page.getByLabel('主な活動の市町').selectOption('山口市');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForURL(/\/organizations\/\d+\?created=1/);
  orgUrl = page.url().split('?')[0];
  assert.equal(await level(page), '0');

  await page.getByRole('link', { name: 'プロフィールを編集' }).click();
  await page.getByLabel('ミッション（活動の目的）').fill('一人暮らしの高齢者が地域で安心して暮らせるように見守る');
  await page.getByLabel('活動内容・事業内容').fill('週1回の訪問と買い物支援');
  await page.getByLabel('保健・医療・福祉').check();
  await page.getByLabel('ウェブサイト', { exact: true }).fill('https://example.jp/aio');
  await page.getByLabel('設立年月').fill('平成28年4月');
  await page.getByLabel('会員数').fill('２４');
  await page.getByLabel('強み').fill('地域の民生委員とのつながり');
  await page.getByLabel('補助・助成・負担金').check();
  await page.getByLabel('3. すべての人に健康と福祉を').check();
  await page.getByRole('button', { name: '保存する' }).click();
  await page.waitForURL(/saved=1/);
  assert.equal(await level(page), '2');
  assert.match(await page.textContent('main'), /協働実績を1件以上登録する/);

  await page.getByText('協働実績を追加する').click();
  await page.getByLabel('事業名').fill('見守り交流サロン');
  await page.getByLabel('年', { exact: true }).fill('2024');
  await page.getByLabel('協働の相手').fill('地元スーパー');
  await page.getByRole('button', { name: '実績を追加する' }).click();
  await page.waitForURL(/#records/);
  assert.equal(await level(page), '3');

  for (const [direction, resource, title] of [
    ['求めていること（ニーズ）', '場所・施設・設備・車両', '買い物支援の送迎車両'],
    ['提供できること', '社会的課題の情報・現場の声', '高齢者の暮らしの声'],
  ]) {
    await page.goto(`${orgUrl}/listings/new`);
    await page.getByLabel(direction).check();
    await page.getByLabel(resource).check();
    await page.getByLabel('タイトル').fill(title);
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/#listings/);
  }
  assert.equal(await level(page), '4');
  assert.match(await page.textContent('main'), /買い物支援の送迎車両/);
  await shot(page, 'registry-profile-level-4');

  await page.getByRole('link', { name: /確認（/ }).click();
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await page.getByRole('button', { name: '確認を申請する' }).click();
  assert.match(await page.textContent('main'), /確認待ち/);
  await page.close();
});

test('the public board finds the offer by resource', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/listings`);
  await page.getByLabel('種類', { exact: true }).selectOption('offer');
  await page.getByLabel('資源').selectOption('information');
  await page.getByRole('button', { name: '絞り込む' }).click();
  assert.match(await page.textContent('main'), /高齢者の暮らしの声/);
  assert.doesNotMatch(await page.textContent('main'), /買い物支援の送迎車両/);
  await page.close();
});

test('a coordinator imports the registry, verifies the group and approves a claim', async () => {
  const csv = join(server.dir, 'npo.zip');
  server.kyodo(['demo', 'npo-portal', '--rows', '3000', '--zip', '--out', csv]);
  const imported = server.kyodo(['import', '--format', 'npo-portal', '--prefecture', '山口県', csv]);
  assert.match(imported.stderr, /取り込みました: NPO法人/);
  server.kyodo(['admin', 'create-user', '--email', 'coord@example.jp', '--name', '支援センター 山田', '--coordinator'], 'coordinator pass phrase\n');

  // A person of an imported NPO claims it.
  const claimant = await browser.newContext();
  const cpage = await claimant.newPage();
  await signUp(server, cpage, 'chair@example.jp', '理事長 山口');
  await cpage.goto(`${server.url}/organizations?kind=npo_corporation&municipality=山口市`);
  const first = cpage.locator('main .card a', { hasText: '特定非営利活動法人' }).first();
  const npoName = await first.textContent();
  await first.click();
  const npoUrl = cpage.url();
  await cpage.getByRole('link', { name: 'この団体の関係者として申請する' }).click();
  await cpage.getByLabel(/団体との関係/).fill('理事長の山口です。電話 083-000-0000');
  await cpage.getByRole('button', { name: '申請する' }).click();
  assert.match(await cpage.textContent('main'), /申請を受け付けました/);

  // The coordinator, in another browser, works through the queue.
  const coordinator = await browser.newContext();
  const page = await coordinator.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('メールアドレス').fill('coord@example.jp');
  await page.getByLabel('パスワード').fill('coordinator pass phrase');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.getByRole('link', { name: '確認待ち' }).click();
  assert.match(await page.textContent('main'), /NPO法人あいお見守りネット/);
  await shot(page, 'coordinator-queue');
  await page.getByRole('button', { name: '承認する（オーナーにする）' }).click();
  await page.getByRole('link', { name: 'NPO法人あいお見守りネット' }).click();
  await page.getByLabel(/コメント/).fill('活動の実態を確認しました');
  await page.getByRole('button', { name: '確認済みにする' }).click();
  assert.match(await page.textContent('main'), /活動の実態を確認しました/);

  await cpage.goto(npoUrl);
  assert.match(await cpage.textContent('main'), /あなたはオーナーです/);
  assert.equal(await cpage.textContent('h1'), npoName);
  const visitor = await browser.newPage();
  await visitor.goto(orgUrl);
  assert.match(await visitor.textContent('main'), /✓ 確認済み/);
  assert.equal(await level(visitor), '5');
  await shot(visitor, 'registry-verified');
  await claimant.close();
  await coordinator.close();
  await visitor.close();
});
