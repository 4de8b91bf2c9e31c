// Every form sent with a mistake comes back with everything typed: each text field gets its own
// marker (not a valid date, number, address or URL, so most forms are refused), every select its
// last choice, every checkbox ticked; a refused form must show every marker, choice and tick
// again. Passwords are never written back into a page, by design. A form that accepts the markers
// saved them: nothing was lost either.

/** What the form at `index` of the page shows: [kind, name, value] in order (no hidden fields). */
async function shown(form) {
  return form.evaluate((f) => Array.from(f.elements).flatMap((el) => {
    if (!el.name || el.readOnly || el.hidden || el.type === 'hidden' || el.type === 'password' || el.type === 'submit' || el.type === 'file') return [];
    if (el.type === 'checkbox' || el.type === 'radio') return el.checked ? [['tick', el.name, el.value]] : [];
    return [[el.tagName.toLowerCase() === 'select' ? 'select' : 'text', el.name, el.value]];
  }));
}

/** Sends every form of `paths` with markers as `page`'s person; returns what was lost, by form. */
export async function formsKeepWhatWasTyped(page, base, paths) {
  const lost = [];
  let refused = 0;
  for (const path of paths) {
    let count;
    try {
      await page.goto(base + path);
      count = await page.locator('form[method="post"]:not([enctype])').count();
    } catch {
      continue;
    }
    for (let i = 0; i < count; i++) {
      await page.goto(base + path);
      const form = page.locator('form[method="post"]:not([enctype])').nth(i);
      const action = await form.getAttribute('action');
      const typed = await form.evaluate((f) => {
        f.noValidate = true;
        let n = 0;
        let any = false;
        const groups = new Set();
        for (const el of f.elements) {
          if (!el.name || el.readOnly || el.hidden || el.type === 'hidden' || el.type === 'submit' || el.type === 'file' || el.disabled) continue;
          if (el.type === 'password') { el.value = 'x'; continue; }
          if (el.type === 'checkbox') { el.checked = true; continue; }
          if (el.type === 'radio') { groups.add(el.name); continue; }
          if (el.tagName.toLowerCase() === 'select') {
            const last = [...el.options].reverse().find((o) => o.value !== '');
            if (last) el.value = last.value;
            continue;
          }
          el.value = `保持${++n}番`;
          any = true;
        }
        for (const name of groups) {
          const radios = [...f.elements].filter((e) => e.type === 'radio' && e.name === name);
          radios[radios.length - 1].checked = true;
        }
        return any;
      });
      // Nothing to type: the form acts at once (withdraw, revoke, leave); not sent here.
      if (!typed) continue;
      const before = await shown(form);
      const submit = form.locator('button[type="submit"]:not([name="more"]), button:not([type]):not([name="more"])').last();
      if ((await submit.count()) === 0) continue;
      const answer = page.waitForEvent('response', { predicate: (r) => r.request().method() === 'POST', timeout: 10_000 });
      answer.catch(() => {});
      const loaded = page.waitForEvent('load', { timeout: 15_000 });
      loaded.catch(() => {});
      // Sent as the button would send it, even when it sits in a folded section.
      await submit.evaluate((btn) => btn.form.requestSubmit(btn));
      let res;
      try {
        res = await answer;
      } catch {
        lost.push(`${path} → ${action}: sending the form got no answer`);
        continue;
      }
      await loaded.catch(() => {});
      if (res.status() !== 422 && res.status() !== 400) continue; // accepted and saved
      refused++;
      const again = page.locator(`form[method="post"][action="${action}"]`).first();
      if ((await again.count()) === 0) {
        lost.push(`${path} → ${action}: the refused form is not on the page that answered`);
        continue;
      }
      const after = await shown(again);
      const missing = before.filter(([k, n, v]) => !after.some(([k2, n2, v2]) => k === k2 && n === n2 && v === v2));
      if (missing.length > 0) {
        lost.push(`${path} → ${action}: ${missing.map(([k, n, v]) => `${k} ${n}=${v}`).join(', ')}`);
      }
    }
  }
  return { lost, refused };
}
