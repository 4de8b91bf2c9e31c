// The guide's example proposal (そばづくりからの里山再生), end to end: a group writes it on a phone,
// reads the review, shares it with a company whose CSR officer comments, revises it into a second
// version, and downloads Word, Excel and PDF files that are then opened and read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, launchBrowser, shot, artifacts, signUp, register } from '../harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const byId = (page, id) => page.locator(`[id="${id}"]`);

/** Downloads one export from the proposal page and returns the saved file's path. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
  const path = join(artifacts, file.suggestedFilename().replace(/[^\w.\-]/g, '_'));
  await file.saveAs(path);
  return { path, suggested: file.suggestedFilename() };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The text of one member of a zip file (DOCX, XLSX), read with Python's zipfile. */
const unzip = (path, member) =>
  run('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', path, member]);

test('a group writes the guide example, a company comments, the group revises and downloads it', async () => {
  const npo = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await npo.newPage();
  await signUp(server, page, 'soba@example.jp', '里山 花子');
  const org = await register(server, page, '任意団体', '里山を守る会');

  const csr = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const company = await csr.newPage();
  await signUp(server, company, 'csr@example.jp', '山口 太郎');
  const companyId = await register(server, company, '企業', '山口そば株式会社');

  // From 企画する to a new proposal.
  await page.getByRole('link', { name: /^企画する/ }).click();
  await page.getByRole('link', { name: '企画書', exact: true }).click();
  await page.getByRole('link', { name: '新しい企画書を書く' }).click();
  await page.getByLabel('事業名').fill('そばづくりからの里山再生');
  await page.getByLabel('データで見る現状').fill('人口は480人、うち高齢者は210人。耕作放棄地や荒廃山林が増える中、住民で「夢マップ」を作ったが、人手が不足。');
  await page.getByLabel('当事者の生の声').fill('「棚田の風景をもう一度見たい」（70代の住民）');
  await page.getByLabel('テーマ（この事業で何を解決したいのか）').fill('地区住民の交流の機会を作り、地区のファンをふやすことで「地区と住民の未来を元気にする！」');
  await page.getByLabel('目的（相手と共有したいこと）').fill('耕作放棄地をそば畑として再生し、地域内外の交流を生み出す。');
  await byId(page, 'targets[0].what').fill('そばまつりの来場者');
  await byId(page, 'targets[0].amount').fill('300人');
  await byId(page, 'targets[0].due').fill('令和9年11月');
  await page.getByLabel('いつ（When）').fill('9～11月に交流イベントを実施する。');
  await page.getByLabel('どこで（Where）').fill('耕作放棄地を開墾したそば畑');
  await page.getByLabel('誰が・誰を対象に（Who）').fill('地域内外の住民');
  await page.getByLabel('なぜ（Why）').fill('住民の繋がりを強くするため');
  await page.getByLabel('何を（What）').fill('耕作放棄地を開墾し、そばを栽培する。');
  await page.getByLabel('どうやって（How）').fill('そばの花盛りや収穫、「そばまつり」で交流を図る。');
  await page.getByLabel('いくらで（How much）').fill('総事業費 20万円');
  await byId(page, 'asks[0].resource').selectOption('people');
  await byId(page, 'asks[0].detail').fill('開墾と収穫の日に社員ボランティア10名');
  await byId(page, 'asks[1].resource').selectOption('funds');
  await byId(page, 'asks[1].detail').fill('協賛金 10万円');
  await byId(page, 'asks[1].partner_benefit').fill('チラシと会場に社名を掲載し、地域貢献を発信できる。');
  const lines = [
    ['sponsorship', '企業協賛', '1', '１００，０００'],
    ['participation_fee', 'そば打ち体験の参加費（道具・講師込み、子どもは半額、雨天時は公民館で実施）', '100', '1,000'],
    ['materials', 'そば種子・肥料', '', '60000'],
    ['personnel', 'スタッフ謝金', '28', '5000'],
  ];
  for (const [i, [category, item, quantity, price]] of lines.entries()) {
    await byId(page, `budget[${i}].category`).selectOption(category);
    await byId(page, `budget[${i}].item`).fill(item);
    await byId(page, `budget[${i}].quantity`).fill(quantity);
    await byId(page, `budget[${i}].unit_price`).fill(price);
  }
  // More budget rows: the page lands on the first new row, and nothing typed anywhere is gone.
  await page.getByRole('button', { name: '予算の行を増やす' }).click();
  await page.waitForURL(/#budget-rows$/);
  const landed = await page.locator('#budget-rows').boundingBox();
  assert.ok(landed.y > -2 && landed.y < 844, `the new rows are on screen (y=${landed.y})`);
  assert.equal(await byId(page, 'budget[13].item').count(), 0);
  assert.equal(await byId(page, 'budget[12].item').count(), 1, 'five rows were added to the eight');
  assert.equal(await byId(page, 'asks[2].detail').count(), 1, 'the blank asks row is still there');
  assert.equal(await byId(page, 'budget[0].unit_price').inputValue(), '１００，０００');
  assert.equal(await byId(page, 'targets[0].due').inputValue(), '令和9年11月');
  assert.equal(await byId(page, 'asks[1].partner_benefit').inputValue(), 'チラシと会場に社名を掲載し、地域貢献を発信できる。');
  assert.equal(await page.getByLabel('どこで（Where）').inputValue(), '耕作放棄地を開墾したそば畑');
  await page.getByLabel('これまでの実績').fill('ワークショップに延べ120人が参加し、9割が「続けたい」と回答。');
  await page.getByLabel('形態', { exact: true }).selectOption('business_cooperation');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.waitForURL(/\/proposals\/\d+\?saved=1/);
  const proposalUrl = page.url().split('?')[0];

  // The review points at what the guide asks for and is missing.
  const review = await page.locator('#review').textContent();
  assert.match(review, /相手のメリットが書かれていません/);
  assert.match(review, /組織運営費（間接費）がありません/);
  assert.match(review, /注意点.*への対応が書かれていません/);
  assert.match(await page.locator('#budget').textContent(), /200,000/, 'full-width and comma amounts were normalised');
  // On a phone, no amount breaks inside the number (「150,0/00」).
  const broken = await page.$$eval('#budget td.num', (cells) => cells.filter((c) => {
    const r = document.createRange();
    r.selectNodeContents(c);
    return r.getClientRects().length > 1;
  }).map((c) => c.textContent));
  assert.deepEqual(broken, [], 'amounts on one line');
  await shot(page, 'proposal-v1-review');

  // Shared with the company, which comments on the asks.
  // Chosen by name, typed as people type it (no legal form); it follows the versions to come.
  await page.getByRole('combobox', { name: /共有する団体/ }).fill('山口そば');
  await page.getByRole('button', { name: '共有する', exact: true }).click();
  await page.waitForURL(/#sharing/);
  assert.match(await page.locator('#sharing').textContent(), /山口そば株式会社：最新版（第1版）とこれからの版/);

  await company.goto(`${server.url}/organizations/${companyId}/proposals`);
  await company.getByRole('link', { name: 'そばづくりからの里山再生', exact: true }).click();
  assert.equal(await company.locator('#review').count(), 0, 'the review is the authoring group\'s');
  await company.getByLabel('項目', { exact: true }).selectOption('asks');
  await company.getByLabel(/^コメント/).fill('社員ボランティアは5名なら確実に出せます。');
  await company.getByRole('button', { name: 'コメントする' }).click();
  await company.waitForURL(/#asks/);
  await shot(company, 'proposal-partner-comment');

  // The group reads the comment and revises.
  await page.goto(proposalUrl);
  assert.match(await page.locator('#asks').textContent(), /山口そば株式会社.*社員ボランティアは5名なら確実に出せます。/s);
  await page.getByRole('link', { name: '改訂する（新しい版）' }).click();
  await byId(page, 'asks[0].detail').fill('開墾と収穫の日に社員ボランティア5名');
  await byId(page, 'asks[0].partner_benefit').fill('社員研修の場になり、地域に貢献する企業としてのイメージが高まる。');
  await byId(page, 'budget[3].quantity').fill('24');
  await byId(page, 'budget[4].category').selectOption('overhead');
  await byId(page, 'budget[4].item').fill('事務局運営費');
  await byId(page, 'budget[4].unit_price').fill('20000');
  await page.getByLabel('形態の注意点への対応').fill('役割分担を協定書に明記し、月1回の定例会で進捗を共有する。');
  await page.getByLabel('改訂メモ（この版で変えたこと）').fill('山口そば株式会社の意見を受けて人数を5名に');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.waitForURL(/version=2&saved=1/);
  assert.match(await page.textContent('main'), /第2版として保存しました/);
  assert.match(await page.locator('#review').textContent(), /手引が挙げる項目はそろっています/);
  // The share followed: the company reads version 2 and is told which version is the latest.
  await company.goto(proposalUrl);
  assert.match(await company.locator('#shared-latest').textContent(), /最新の版は第2版/);
  await page.getByRole('link', { name: '第1版と比べる' }).click();
  const diff = await page.textContent('main');
  assert.match(diff, /④ 協働提携内容の提案/);
  assert.match(diff, /⑤ 予算/);
  assert.equal(await page.locator('ins', { hasText: '5' }).count() > 0, true);
  await shot(page, 'proposal-compare');

  // Downloads that open and read correctly.
  await page.goto(proposalUrl);
  const pdf = await download(page, 'PDF');
  assert.match(pdf.suggested, /\.pdf$/);
  const text = run('pdftotext', [pdf.path, '-']).replace(/ /g, '');
  assert.match(text, /そばづくりからの里山再生/);
  assert.match(text, /第2版/);
  assert.match(text, /令和\d+年（\d{4}年）/);
  assert.match(text, /社員ボランティア5名/);
  const docx = await download(page, 'Word');
  assert.match(unzip(docx.path, 'word/document.xml'), /相手にとってのメリット：社員研修の場になり/);
  const xlsx = await download(page, 'Excel（予算）');
  const sheet = unzip(xlsx.path, 'xl/worksheets/sheet1.xml');
  assert.match(sheet, /<f>SUM\(E\d+:E\d+\)<\/f><v>200000<\/v>/, 'income total is a formula with its value');
  assert.match(sheet, /<f>E\d+-E\d+<\/f><v>0<\/v>/, 'the balance is a formula: 0 after the revision');

  // After the share is withdrawn, the company no longer reaches it.
  await page.getByRole('button', { name: '共有をやめる' }).click();
  const res = await company.goto(proposalUrl);
  assert.equal(res.status(), 404);
  await npo.close();
  await csr.close();
});
