// The accessibility crawler: every page reachable by links from a start page (same origin, a
// few of each shape of address), each checked with axe-core against WCAG 2.1 A and AA.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Files and machine endpoints, not pages.
const NOT_PAGES = /^\/(api|assets)\/|\.(pdf|docx|xlsx|ics|svg|png|jpe?g|webp|json|csv|zip)$|\/photos\/\d+$|\/logo$/;

/**
 * Visits `start` and the pages its links lead to (breadth first), up to `perShape` addresses of
 * each shape (digits folded, query kept apart) and `limit` pages in all; returns what was visited
 * and every violation found.
 */
export async function crawl(page, base, { start = '/', limit = 250, perShape = 2 } = {}) {
  const origin = new URL(base).origin;
  const seen = new Set();
  const shapes = new Map();
  const queue = [start];
  const violations = [];
  while (queue.length > 0 && seen.size < limit) {
    const path = queue.shift();
    seen.add(path);
    let res;
    try {
      res = await page.goto(base + path);
    } catch {
      continue; // a download (the account's data export), not a page
    }
    const type = res?.headers()['content-type'] ?? '';
    if (!res || !type.startsWith('text/html')) continue;
    // Evaluated through the DevTools protocol, so the page's CSP (no inline script) is kept.
    await page.evaluate(axeSource);
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
    for (const v of result.violations) {
      violations.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    for (const href of links) {
      const u = new URL(href);
      if (u.origin !== origin || NOT_PAGES.test(u.pathname)) continue;
      const next = u.pathname + u.search;
      if (seen.has(next) || queue.includes(next)) continue;
      const shape = u.pathname.replace(/\d+/g, 'N') + (u.search ? '?' : '');
      const n = shapes.get(shape) ?? 0;
      if (n >= perShape) continue;
      shapes.set(shape, n + 1);
      queue.push(next);
    }
  }
  return { visited: [...seen], violations };
}
