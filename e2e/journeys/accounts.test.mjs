// Sign up → log out → log in → create an organisation → see it.
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

test('a volunteer signs up, logs in again, registers the group and finds it', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: '新規登録' }).click();
  await page.getByLabel('メールアドレス').fill('hanako@example.jp');
  await page.getByLabel('表示名').fill('山口 花子');
  await page.getByLabel('パスワード').fill('correct horse battery');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForURL('**/account?welcome=1');
  assert.match(await page.textContent('main'), /登録が完了しました/);

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('link', { name: 'ログイン' }).click();
  await page.getByLabel('メールアドレス').fill('hanako@example.jp');
  await page.getByLabel('パスワード').fill('wrong password here');
  await page.getByRole('button', { name: 'ログインする' }).click();
  assert.match(await page.textContent('[role=alert]'), /正しくありません/);
  await page.getByLabel('パスワード').fill('correct horse battery');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.waitForURL('**/account');

  await page.getByRole('link', { name: '団体を登録する' }).click();
  await page.getByLabel('任意団体').check();
  await page.getByLabel('団体名').fill('くだまつ子ども食堂');
  await page.getByLabel('主な活動の市町').selectOption('下松市');
  await page.getByLabel('ミッション（活動の目的）').fill('地域の子どもに温かい食事と居場所を');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForURL(/\/organizations\/\d+\?created=1/);
  assert.equal(await page.textContent('h1'), 'くだまつ子ども食堂');
  assert.match(await page.textContent('main'), /あなたはオーナーです/);
  await shot(page, 'organization-profile');

  await page.getByRole('link', { name: /^探す/ }).click();
  await page.getByRole('link', { name: '団体の一覧' }).click();
  await page.getByLabel('市町').selectOption('下松市');
  await page.getByRole('button', { name: '絞り込む' }).click();
  await page.getByRole('link', { name: 'くだまつ子ども食堂' }).waitFor();
  await shot(page, 'organization-list');
  await page.close();
});

test('form errors appear in Japanese beside the field and keep what was typed', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('メールアドレス').fill('not-an-email');
  await page.getByLabel('表示名').fill('山口 太郎');
  await page.getByLabel('パスワード').fill('short');
  await page.getByRole('button', { name: '登録する' }).click();
  assert.match(await page.textContent('#email-error'), /形式が正しくありません/);
  assert.match(await page.textContent('#password-error'), /10文字以上/);
  assert.equal(await page.inputValue('#email'), 'not-an-email');
  assert.equal(await page.inputValue('#display_name'), '山口 太郎');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  await shot(page, 'signup-errors');
  await page.close();
});

test('everything works without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('メールアドレス').fill('nojs@example.jp');
  await page.getByLabel('表示名').fill('スクリプトなし');
  await page.getByLabel('パスワード').fill('correct horse battery');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForURL('**/account?welcome=1');
  assert.match(await page.textContent('main'), /nojs@example\.jp/);
  await context.close();
});
