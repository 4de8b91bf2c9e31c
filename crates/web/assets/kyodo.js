// kyodo works without this file. With it, suggestions follow what is typed: under a partner's
// name (organisations from the public search) and under the search box (the suggestions API).
"use strict";

// Refills the <datalist> of each input matching `selector` as one types: `lookup(q, offered)`
// gives the texts for what is typed (the options the page offered are kept for an empty box).
// Offline or refused, the list stays as it was; the form works without it.
function suggestUnder(selector, delay, lookup) {
  for (const input of document.querySelectorAll(selector)) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    const offered = Array.from(list.options, (o) => o.value);
    const fill = (texts) =>
      list.replaceChildren(...texts.map((t) => Object.assign(document.createElement("option"), { value: t })));
    let timer = 0;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (q === asked) return;
        asked = q;
        if (!q) return fill(offered);
        try {
          const texts = await lookup(q, offered);
          if (texts && q === asked) fill(texts);
        } catch {
          // Offline or refused: keep the list.
        }
      }, delay);
    });
  }
}

async function getJson(url) {
  const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  return r.ok ? r.json() : null;
}

// A partner's name: the names offered (past partners, candidates) that contain what is typed,
// then organisations from the public search.
suggestUnder('input[data-suggest="organization"]', 200, async (q, offered) => {
  const found = await getJson("/api/v1/search?type=organization&per_page=20&q=" + encodeURIComponent(q));
  if (!found) return null;
  const names = found.items.map((h) => h.organization_name);
  return [...new Set([...offered.filter((n) => n.includes(q)), ...names])].slice(0, 20);
});

// The search box: terms, organisations and listings, by spelling or reading. Choosing one
// searches for it.
suggestUnder('input[data-suggest="search"]', 150, async (q) => {
  const found = await getJson("/api/v1/search/suggestions?q=" + encodeURIComponent(q));
  return found && found.items.map((s) => s.text);
});

// After 「行を増やす」 the page lands on the first new row; the cursor goes there too.
if (location.hash.endsWith("-rows")) {
  document.querySelector(`${location.hash} input, ${location.hash} select`)?.focus();
}
