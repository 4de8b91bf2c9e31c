// Starts a real kyodo server on a free port with a fresh SQLite database, and Debian's Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(root, 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const binary = process.env.KYODO_BIN ?? join(root, 'target', 'debug', 'kyodo');

/** Starts `kyodo serve --demo`; resolves with its base URL once it prints it. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'kyodo-e2e-'));
  const child = spawn(binary, ['--data-dir', join(dir, 'data'), 'serve', '--demo', '--bind', '127.0.0.1:0'], {
    cwd: dir,
    env: { ...process.env, KYODO_DATABASE_URL: '', KYODO_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('kyodo did not start within 30 s')), 30_000);
    child.on('exit', (code) => reject(new Error(`kyodo exited early with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/http:\/\/[0-9.:]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
  });
  return {
    url,
    /** Runs a kyodo command against this server's data (e.g. an import while it serves). */
    kyodo(args, input = '') {
      const r = spawnSync(binary, ['--data-dir', join(dir, 'data'), ...args], {
        cwd: dir,
        input,
        env: { ...process.env, KYODO_DATABASE_URL: '' },
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`kyodo ${args.join(' ')} failed: ${r.stderr}`);
      return { stdout: r.stdout, stderr: r.stderr };
    },
    dir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with the flags this closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Signs up a new person in this page (and so logs them in). */
export async function signUp(server, page, email, name) {
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('表示名').fill(name);
  await page.getByLabel('パスワード').fill('correct horse battery');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForURL('**/account?welcome=1');
}

/** Registers an organisation of `kind` (its label) in 山口市; returns its id. */
export async function register(server, page, kind, name) {
  await page.goto(`${server.url}/organizations/new`);
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByLabel('団体名').fill(name);
  await page.getByLabel('主な活動の市町').selectOption('山口市');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForURL(/\/organizations\/\d+\?created=1/);
  return page.url().match(/\/organizations\/(\d+)/)[1];
}
