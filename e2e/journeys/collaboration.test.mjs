// From a shared proposal to a running joint project, with two organisations in two browser
// sessions: the approach log, an agreement both confirm, a meeting with minutes and action items,
// and KPI progress on a chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, shot, signUp, register } from '../harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('two organisations go from a shared proposal to a running project with minutes and KPIs', async () => {
  const a = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const b = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const npo = await a.newPage();
  const csr = await b.newPage();
  await signUp(server, npo, 'sato@example.jp', '里山 花子');
  const org = await register(server, npo, '任意団体', '里山を守る会');
  await signUp(server, csr, 'kigyo@example.jp', '企業 太郎');
  const company = await register(server, csr, '企業', '山口そば株式会社');

  // A proposal from the guide's example, shared with the company, becomes a collaboration.
  await npo.goto(`${server.url}/organizations/${org}/proposals/new?example=guide`);
  await npo.getByRole('combobox', { name: /協働の相手/ }).fill('山口そば株式会社');
  await npo.getByRole('button', { name: '保存する' }).click();
  await npo.waitForURL(/saved=1/);
  await npo.getByRole('combobox', { name: /共有する団体/ }).fill('山口そば株式会社');
  await npo.getByRole('button', { name: '共有する', exact: true }).click();
  await npo.getByRole('button', { name: '協働として進める（記録を作る）' }).click();
  await npo.waitForURL(/\/collaborations\/\d+$/);
  const collab = npo.url();
  assert.match(await npo.textContent('main'), /段階：提案・交渉/);

  // The company logs its meeting with the group's key person.
  await csr.goto(collab);
  await csr.locator('#date').fill('2026-11-20');
  await csr.getByLabel('方法').selectOption('in_person');
  await csr.getByLabel('会った人').fill('里山を守る会 代表');
  await csr.getByLabel('キーパーソン').fill('代表');
  await csr.getByLabel('伝えたこと・話したこと').fill('社員の参加人数を相談した');
  await csr.getByLabel('相手の意見').fill('5名で了承');
  await csr.getByRole('button', { name: '記録する' }).click();
  await csr.waitForURL(/#approach/);
  assert.match(await csr.locator('#approach').textContent(), /5名で了承/);

  // The agreement starts from the shared proposal: type, purpose, targets and what the company
  // was asked for are there; the group decides the start and how each target is measured.
  await npo.goto(collab);
  await npo.getByRole('link', { name: '合意（協定）' }).click();
  assert.match(await npo.locator('#drafted').textContent(), /企画書（第1版）から/);
  assert.equal(await npo.getByLabel('協働の形態').inputValue(), 'business_cooperation');
  assert.match(await npo.getByLabel(/^目的/).inputValue(), /耕作放棄地/);
  assert.equal(await npo.locator('[id="targets[1].what"]').inputValue(), 'そばまつりの来場者');
  assert.equal(await npo.locator('[id="targets[1].value"]').inputValue(), '300');
  assert.equal(await npo.getByLabel('期間（終了日）').inputValue(), '2027-11-30');
  await npo.getByLabel('期間（開始日）').fill('令和8年4月1日');
  await npo.getByLabel('事業全体の企画・運営').check();
  await npo.getByLabel('社員、人材の派遣・招聘').check();
  for (const [i, method, timing] of [[0, '再生した畑の面積を測る', '収穫後の定例会'], [1, '受付で来場者を数える', 'まつりの翌週の定例会']]) {
    await npo.locator(`[id="targets[${i}].method"]`).fill(method);
    await npo.locator(`[id="targets[${i}].timing"]`).fill(timing);
  }
  await npo.getByRole('button', { name: '合意の案を保存する' }).click();
  await npo.waitForURL(/saved=1/);
  await npo.getByRole('button', { name: /合意を確認する/ }).click();
  await csr.goto(`${collab}/agreement`);
  await csr.getByRole('button', { name: /合意を確認する/ }).click();
  await csr.waitForURL(/#confirmations/);
  assert.match(await csr.textContent('main'), /すべての団体が確認済みです/);
  await shot(csr, 'collaboration-agreement');

  // Forward to 実施.
  await npo.goto(collab);
  for (const stage of ['合意', '実施']) {
    await npo.getByLabel('段階を変える').selectOption({ label: stage });
    await npo.getByRole('button', { name: '段階を変える' }).click();
    await npo.waitForURL(/#stage/);
  }
  assert.match(await npo.textContent('main'), /段階：実施/);

  // A meeting with its purpose and issues, then minutes with action items.
  await npo.getByRole('link', { name: /協働の場/ }).click();
  await npo.locator('#date').fill('2026-11-10');
  await npo.getByLabel('開始時刻').fill('18:30');
  await npo.getByLabel('場所', { exact: true }).fill('公民館');
  await npo.getByLabel('開催の目的').fill('第1回定例会');
  await npo.getByLabel('話し合うこと').fill('種まきの段取りと参加人数');
  await npo.getByRole('button', { name: '予定する' }).click();
  await npo.waitForURL(/#meetings/);
  await csr.goto(`${collab}/workspace`);
  await csr.getByText('議事録を書く', { exact: true }).click();
  await csr.getByLabel('決まったこと').fill('11月20日に種まき、社員5名が参加');
  await csr.getByLabel('宿題1', { exact: true }).fill('社員ボランティアを募る');
  await csr.locator('[name="item_owner"]').first().fill('企業 太郎');
  await csr.locator('[name="item_org"]').first().selectOption(company);
  await csr.locator('[name="item_due"]').first().fill('2026-11-15');
  await csr.getByRole('button', { name: '議事録を保存する' }).click();
  await csr.waitForURL(/#meeting-\d+/);
  assert.match(await csr.locator('#items').textContent(), /社員ボランティアを募る/);
  assert.match(await csr.locator('#items').textContent(), /期限切れ/);

  // KPI progress and its chart.
  const visitors = csr.locator('form', { has: csr.getByLabel('実績値（人）') });
  await visitors.locator('[id^="entry_date-"]').fill('２０２６年１１月２０日');
  await visitors.getByLabel('実績値（人）').fill('120');
  await visitors.getByLabel('出典（何で確かめたか）').fill('種まき体験の受付');
  await visitors.getByRole('button', { name: '記録する' }).click();
  await csr.waitForURL(/#indicator-\d+/);
  const kpi = await csr.locator('#indicators').textContent();
  assert.match(kpi, /そばまつりの来場者：120人 ／ 目標 300人/);
  const chart = csr.getByRole('img', { name: /そばまつりの来場者の推移/ });
  assert.equal(await chart.evaluate((img) => img.complete && img.naturalWidth > 0), true, 'the SVG chart loads');
  await shot(csr, 'collaboration-workspace');

  // The group sees what the company wrote: one shared workspace.
  await npo.goto(`${collab}/workspace`);
  assert.match(await npo.textContent('main'), /11月20日に種まき/);
  assert.match(await npo.textContent('main'), /120人/);
  await a.close();
  await b.close();
});
