// The two users' journey, in two browsers: an NPO worker on a phone and a company's CSR officer
// at a desk, from sign-up to KPIs on a running project. Each time one of them asks or answers the
// other, the other's notifications are checked: the text, the unread count, and that following
// it lands on the exact place and marks it read. Then every page reachable from / is checked with
// axe-core at 390 px: as each of them, and anonymously.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, shot, signUp, register } from '../harness.mjs';
import { crawl } from '../axe.mjs';
import { formsKeepWhatWasTyped } from '../kept.mjs';

let server, browser, a, b, npo, csr;
const visitedBy = {};
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  a = await browser.newContext({ viewport: { width: 390, height: 844 } });
  b = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  npo = await a.newPage();
  csr = await b.newPage();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The newest notification of `page`'s person says `text`; following it lands on `at` and reads it. */
async function told(page, text, at) {
  await page.goto(`${server.url}/`);
  assert.match(await page.locator('header .badge').textContent(), /\d+/, 'an unread count is shown');
  await page.goto(`${server.url}/notifications`);
  const item = page.locator('main li', { hasText: text }).first();
  assert.equal(await item.count(), 1, `notified: ${text}`);
  await item.getByRole('link').first().click();
  const landed = page.url();
  assert.match(landed, at, `the notification leads to ${at}`);
  await page.goto(`${server.url}/notifications`);
  const again = page.locator('main li', { hasText: text }).first();
  assert.doesNotMatch(await again.getAttribute('class') ?? '', /unread/, 'followed, it is read');
  await page.goto(landed);
}

test('an NPO worker and a CSR officer go from sign-up to KPIs, each told what needs them', async () => {
  // Sign-up, organisations and profiles.
  await signUp(server, npo, 'sato@example.jp', '里山 花子');
  const org = await register(server, npo, '任意団体', '里山を守る会');
  await signUp(server, csr, 'kigyo@example.jp', '企業 太郎');
  const company = await register(server, csr, '企業', '山口そば株式会社');
  await npo.goto(`${server.url}/organizations/${org}/edit`);
  await npo.getByLabel('ミッション（活動の目的）').fill('耕作放棄地を再生し、里山の暮らしを次の世代へつなぐ');
  await npo.getByLabel('活動内容・事業内容').fill('そば畑の開墾、収穫体験、そばまつり');
  await npo.getByLabel('農山漁村・中山間地域').check();
  await npo.getByRole('button', { name: '保存する' }).click();
  await npo.waitForURL(/saved=1/);
  await csr.goto(`${server.url}/organizations/${company}/edit`);
  await csr.getByLabel('ミッション（活動の目的）').fill('山口のそばで地域を元気にする');
  await csr.getByLabel('農山漁村・中山間地域').check();
  await csr.getByRole('button', { name: '保存する' }).click();
  await csr.waitForURL(/saved=1/);

  // Listings: what each needs and offers.
  for (const [page, id, direction, title] of [
    [npo, org, '求めていること（ニーズ）', '開墾と収穫の担い手'],
    [csr, company, '提供できること', '社員ボランティアの派遣'],
  ]) {
    await page.goto(`${server.url}/organizations/${id}/listings/new`);
    await page.getByLabel(direction).check();
    await page.getByLabel('人材（ボランティア・社員派遣・講師）').check();
    await page.getByLabel('タイトル').fill(title);
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/#listings/);
  }

  // Search finds the offer; the candidates put the company first, with why.
  await npo.goto(`${server.url}/search?q=${encodeURIComponent('社員ボランティア')}`);
  assert.match(await npo.textContent('main'), /社員ボランティアの派遣/);
  await npo.goto(`${server.url}/organizations/${org}/matches`);
  const first = npo.locator('main ol > li').first();
  assert.equal(await first.locator('h2').textContent(), '山口そば株式会社');
  assert.match(await first.textContent(), /開墾と収穫の担い手.*社員ボランティアの派遣/s);

  // A theme with the candidate, then a proposal from it: the partner is already chosen, by name.
  await first.getByRole('link', { name: /この相手との協働テーマを考える/ }).click();
  await npo.getByLabel('協働のテーマ').fill('そば畑の再生を、社員の学びと地域の交流の場に');
  await npo.getByRole('button', { name: '保存する' }).click();
  await npo.waitForURL(/\/themes\/\d+$/);
  await npo.goto(`${server.url}/organizations/${org}/themes`);
  await npo.getByRole('link', { name: 'このテーマで企画書を書く' }).first().click();
  assert.equal(await npo.getByRole('combobox', { name: /協働の相手/ }).inputValue(), '山口そば株式会社');
  assert.equal(await npo.getByRole('radio', { name: /山口そば株式会社/ }).isChecked(), true);
  await npo.getByLabel('事業名').fill('そばづくりからの里山再生');
  await npo.getByLabel('目的（相手と共有したいこと）').fill('耕作放棄地をそば畑として再生し、地域内外の交流を生み出す。');
  await npo.locator('[id="targets[0].what"]').fill('そばまつりの来場者');
  await npo.locator('[id="targets[0].amount"]').fill('300人');
  await npo.locator('[id="targets[0].due"]').fill('令和9年11月');
  await npo.locator('[id="asks[0].resource"]').selectOption('people');
  await npo.locator('[id="asks[0].detail"]').fill('開墾と収穫の日に社員ボランティア10名');
  await npo.locator('[id="asks[0].partner_benefit"]').fill('社員研修の場になり、地域に貢献する企業として知られる。');
  await npo.getByLabel('形態', { exact: true }).selectOption('business_cooperation');
  await npo.getByRole('button', { name: '保存する' }).click();
  await npo.waitForURL(/\/proposals\/\d+\?saved=1/);
  const proposal = npo.url().split('?')[0];

  // Shared by name; the company is told and lands on the proposal.
  await npo.getByRole('combobox', { name: /共有する団体/ }).fill('山口そば');
  await npo.getByRole('button', { name: '共有する', exact: true }).click();
  await npo.waitForURL(/#sharing/);
  await told(csr, '企画書「そばづくりからの里山再生」（第1版・最新版）を共有しました', /\/proposals\/\d+\?version=1/);

  // The company comments; the group is told and lands on the section.
  await csr.getByLabel('項目', { exact: true }).selectOption('asks');
  await csr.getByLabel(/^コメント/).fill('社員ボランティアは5名なら確実に出せます。');
  await csr.getByRole('button', { name: 'コメントする' }).click();
  await csr.waitForURL(/#asks/);
  await told(npo, 'に山口そば株式会社からコメントがありました', /#asks$/);

  // Version 2 follows the share; the company is told.
  await npo.goto(`${proposal}/edit`);
  await npo.locator('[id="asks[0].detail"]').fill('開墾と収穫の日に社員ボランティア5名');
  await npo.getByLabel('改訂メモ（この版で変えたこと）').fill('山口そば株式会社の意見を受けて5名に');
  await npo.getByRole('button', { name: '保存する' }).click();
  await npo.waitForURL(/version=2&saved=1/);
  await told(csr, '（第2版・最新版）を共有しました', /version=2/);
  assert.match(await csr.locator('#shared-latest').textContent(), /最新の版は第2版/);

  // A collaboration: the company is told.
  await npo.goto(proposal);
  await npo.getByRole('button', { name: '協働として進める（記録を作る）' }).click();
  await npo.waitForURL(/\/collaborations\/\d+$/);
  const collab = npo.url();
  await told(csr, '里山を守る会が「そばづくりからの里山再生」の協働の記録を始めました', /\/collaborations\/\d+$/);

  // The company logs its meeting with the group's key person.
  await csr.goto(collab);
  await csr.locator('#date').fill('2026-11-20');
  await csr.getByLabel('方法').selectOption('in_person');
  await csr.getByLabel('会った人').fill('里山を守る会 代表');
  await csr.getByLabel('キーパーソン').fill('代表');
  await csr.getByLabel(/^伝えたこと・話したこと/).fill('社員の参加人数を相談した');
  await csr.getByLabel('相手の意見').fill('5名で了承');
  await csr.getByRole('button', { name: '記録する' }).click();
  await csr.waitForURL(/#approach/);

  // The agreement starts from the proposal; the group completes and saves it; the company is asked.
  await npo.goto(`${collab}/agreement`);
  assert.match(await npo.locator('#drafted').textContent(), /企画書（第2版）から/);
  assert.equal(await npo.getByLabel('協働の形態').inputValue(), 'business_cooperation');
  assert.match(await npo.getByLabel(/^目的/).inputValue(), /耕作放棄地/);
  assert.equal(await npo.locator('[id="targets[0].value"]').inputValue(), '300');
  assert.equal(await npo.getByLabel('期間（終了日）').inputValue(), '2027-11-30');
  await npo.getByLabel('期間（開始日）').fill('令和8年4月1日');
  await npo.getByLabel('事業全体の企画・運営').check();
  await npo.getByLabel('社員、人材の派遣・招聘').check();
  await npo.locator('[id="targets[0].method"]').fill('受付で来場者を数える');
  await npo.locator('[id="targets[0].timing"]').fill('まつりの翌週の定例会');
  await npo.getByRole('button', { name: '合意の案を保存する' }).click();
  await npo.waitForURL(/saved=1/);
  await told(csr, '合意（第1版）ができました。各団体のオーナーの確認をお願いします', /\/agreement#confirmations$/);

  // Both owners confirm; each is told of the other's.
  await npo.goto(`${collab}/agreement`);
  await npo.getByRole('button', { name: /合意を確認する/ }).click();
  await told(csr, '里山を守る会が「そばづくりからの里山再生」の合意（第1版）を確認しました', /#confirmations$/);
  await csr.getByRole('button', { name: /合意を確認する/ }).click();
  await csr.waitForURL(/#confirmations/);
  assert.match(await csr.textContent('main'), /すべての団体が確認済みです/);
  await told(npo, '合意をすべての団体が確認しました。実施に進めます', /#confirmations$/);

  // Forward to 実施; the company is told.
  await npo.goto(collab);
  for (const stage of ['合意', '実施']) {
    await npo.getByLabel('段階を変える').selectOption({ label: stage });
    await npo.getByRole('button', { name: '段階を変える' }).click();
    await npo.waitForURL(/#stage/);
  }
  assert.match(await npo.textContent('main'), /段階：実施/);
  await told(csr, '里山を守る会が「そばづくりからの里山再生」の段階を「実施」にしました', /#stage$/);

  // A meeting; the company is told.
  await npo.getByRole('link', { name: /協働の場/ }).click();
  await npo.locator('#date').fill('2026-11-10');
  await npo.getByLabel('開始時刻').fill('18:30');
  await npo.getByLabel('場所', { exact: true }).fill('公民館');
  await npo.getByLabel(/^開催の目的/).fill('第1回定例会');
  await npo.getByLabel(/^話し合うこと/).fill('種まきの段取りと参加人数');
  await npo.getByRole('button', { name: '予定する' }).click();
  await npo.waitForURL(/#meetings/);
  await told(csr, 'の定例会（令和8年（2026年）11月10日）が予定されました：第1回定例会', /\/workspace#meeting-\d+$/);

  // The company writes the minutes with an item for the group: the group is asked and assigned.
  await csr.getByText('議事録を書く', { exact: true }).click();
  await csr.getByLabel(/^決まったこと/).fill('11月20日に種まき、社員5名が参加');
  await csr.getByLabel('宿題1', { exact: true }).fill('種を注文する');
  await csr.locator('[name="item_owner"]').first().fill('里山 花子');
  await csr.locator('[name="item_org"]').first().selectOption(org);
  await csr.locator('[name="item_due"]').first().fill('2026-11-15');
  await csr.getByRole('button', { name: '議事録を保存する' }).click();
  await csr.waitForURL(/#meeting-\d+/);
  assert.match(await csr.locator('#items').textContent(), /種を注文する/);
  await told(npo, '宿題「種を注文する」（担当 里山 花子、期限', /#items|\/workspace/);
  await told(npo, '「そばづくりからの里山再生」の議事録（第1回定例会）ができました。内容の確認と承認をお願いします', /#meeting-\d+$/);

  // The group approves; the company is told.
  await npo.getByRole('button', { name: /承認する/ }).first().click();
  await npo.waitForURL(/#meeting-\d+/);
  await told(csr, '里山を守る会が「そばづくりからの里山再生」の議事録（第1回定例会）を承認しました', /#meeting-\d+$/);

  // KPI progress and its chart.
  await csr.goto(`${collab}/workspace`);
  const visitors = csr.locator('form', { has: csr.getByLabel('実績値（人）') });
  await visitors.locator('[id^="entry_date-"]').fill('２０２６年１１月２０日');
  await visitors.getByLabel('実績値（人）').fill('120');
  await visitors.getByLabel(/^出典（何で確かめたか）/).fill('種まき体験の受付');
  await visitors.getByRole('button', { name: '記録する' }).click();
  await csr.waitForURL(/#indicator-\d+/);
  assert.match(await csr.locator('#indicators').textContent(), /そばまつりの来場者：120人 ／ 目標 300人/);
  const chart = csr.getByRole('img', { name: /そばまつりの来場者の推移/ });
  assert.equal(await chart.evaluate((img) => img.complete && img.naturalWidth > 0), true, 'the SVG chart loads');
  await shot(csr, 'journey-workspace');
  await npo.goto(`${collab}/workspace`);
  assert.match(await npo.textContent('main'), /11月20日に種まき/);
  assert.match(await npo.textContent('main'), /120人/);
  await shot(npo, 'journey-workspace-phone');

  // Evaluation: a survey from the guide's template, opened (the company is told), answered by its
  // public link on a phone without signing in (consent first), and counted.
  await npo.goto(`${collab}/surveys`);
  await npo.getByRole('button', { name: '「受益者アンケート」でつくる' }).click();
  await npo.waitForURL(/\/surveys\/\d+$/);
  const survey = npo.url();
  await npo.getByRole('button', { name: '回答の受付を始める' }).click();
  await npo.waitForURL(/\/surveys\/\d+$/);
  await told(csr, 'の回答受付を始めました', /\/surveys\/\d+$/);
  const link = await npo.locator('#link-title + p a').getAttribute('href');
  const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(link);
  await visitor.getByLabel('5（そう思う）').first().check();
  await visitor.getByRole('button', { name: '回答を送る' }).click();
  assert.match(await visitor.textContent('main'), /同意の欄にチェックしてください/);
  assert.equal(await visitor.getByLabel('5（そう思う）').first().isChecked(), true, 'the choice made is kept');
  await visitor.getByLabel(/利用目的を読み、同意して回答します/).check();
  await visitor.getByLabel('参加したい', { exact: true }).check();
  await visitor.getByRole('button', { name: '回答を送る' }).click();
  assert.match(await visitor.textContent('main'), /回答を受け付けました/);
  await shot(visitor, 'survey-answered-phone');
  await visitorContext.close();
  await npo.goto(`${survey}/results`);
  assert.match(await npo.textContent('main'), /回答 1件/);
  assert.equal(await npo.getByRole('img', { name: /問1 この取り組みに満足しましたか。/ }).count(), 1, 'the chart has its name');

  // The midway evaluation: the sheet pre-filled from the agreement and the indicator, its lessons
  // made the next PDCA cycle's plan; the group's ふりかえりシート submitted, and the company told.
  await npo.goto(`${collab}/evaluation`);
  await npo.locator('#stage-midway').getByRole('link', { name: '計画と実績・学び' }).click();
  await npo.waitForURL(/\/evaluation\/midway$/);
  assert.equal(await npo.locator('[id="targets[0].actual"]').inputValue(), '120', 'the indicator\'s latest value');
  await npo.getByLabel('変えること（1行に1つ）').fill('まつりの広報を1か月早める');
  await npo.getByRole('button', { name: '保存する' }).click();
  await npo.waitForURL(/saved=1/);
  await npo.getByRole('button', { name: '学びから次のサイクルを始める' }).click();
  await npo.waitForURL(/\/workspace#cycle-\d+$/);
  assert.match(await npo.textContent('main'), /変える：まつりの広報を1か月早める/);
  await npo.goto(`${collab}/evaluation/midway/assessment`);
  for (const score of await npo.locator('select[id*="-score_"]').all()) await score.selectOption('4');
  await npo.getByRole('button', { name: '提出する' }).click();
  await npo.waitForURL(/\/assessment#compare$/);
  await shot(npo, 'evaluation-assessment-phone');
  await told(csr, 'ふりかえりシートを提出しました', /\/assessment#compare$/);

  // The midway report, in the guide's order; the group signs it off and the company is asked to.
  await npo.goto(`${collab}/evaluation/midway/report`);
  assert.match(await npo.textContent('main'), /目標と実績（数値の効果）[\s\S]*まつりの広報を1か月早める/);
  await npo.getByRole('button', { name: /として第1版を確認する/ }).click();
  await npo.waitForURL(/\/report#signoff$/);
  await shot(npo, 'evaluation-report-phone');
  await told(csr, '評価報告書（第1版）を確認しました', /\/evaluation\/midway\/report$/);
});

test('every page reachable from / passes axe-core (WCAG 2.1 A/AA) at 390 px, signed in and not', async () => {
  const anonymous = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await b.browser().newContext({ viewport: { width: 390, height: 844 }, storageState: await b.storageState() });
  const found = [];
  for (const [who, context] of [['NPO', a], ['CSR', phone], ['anonymous', anonymous]]) {
    const page = await context.newPage();
    const { visited, violations } = await crawl(page, server.url);
    visitedBy[who] = visited;
    assert.ok(visited.length > (who === 'anonymous' ? 25 : 50), `${who}: ${visited.length} pages visited`);
    found.push(...violations.map((v) => `${who} ${v}`));
    await page.close();
  }
  assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
  await anonymous.close();
  await phone.close();
});

test('every form sent with mistakes comes back with everything typed', async () => {
  const lost = [];
  let refused = 0;
  for (const [who, context] of [['NPO', a], ['CSR', b]]) {
    const page = await context.newPage();
    const paths = visitedBy[who] ?? [];
    const r = await formsKeepWhatWasTyped(page, server.url, paths.filter((p) => !p.startsWith('/account/delete')));
    lost.push(...r.lost.map((l) => `${who} ${l}`));
    refused += r.refused;
    await page.close();
  }
  console.log(`${refused} refused forms checked`);
  assert.ok(refused > 20, `forms were refused and checked: ${refused}`);
  assert.deepEqual(lost, [], `typed values lost:\n${lost.join('\n')}`);
});
