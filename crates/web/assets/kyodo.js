// kyodo works without this file. With it, suggestions follow what is typed: under a partner's
// name (organisations from the public search) and under the search box (the suggestions API).
"use strict";
for (const input of document.querySelectorAll('input[data-suggest="organization"]')) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) continue;
  const offered = Array.from(list.options, (o) => o.value);
  let timer = 0;
  let asked = "";
  const fill = (names) => {
    list.replaceChildren(...names.map((n) => Object.assign(document.createElement("option"), { value: n })));
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (!q) return fill(offered);
      try {
        const r = await fetch("/api/v1/search?type=organization&per_page=20&q=" + encodeURIComponent(q), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!r.ok || q !== asked) return;
        const found = (await r.json()).items.map((h) => h.organization_name);
        fill([...new Set([...offered.filter((n) => n.includes(q)), ...found])].slice(0, 20));
      } catch {
        // Offline or refused: the list stays as it was; the form still resolves names itself.
      }
    }, 200);
  });
}

// The search box: its <datalist> (the guide's terms) is refilled with suggestions for what is
// typed — terms, organisations and listings, by spelling or reading. Choosing one searches for it.
for (const input of document.querySelectorAll('input[data-suggest="search"]')) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) continue;
  const offered = Array.from(list.options, (o) => o.value);
  let timer = 0;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q === asked) return;
      asked = q;
      const fill = (texts) =>
        list.replaceChildren(...texts.map((t) => Object.assign(document.createElement("option"), { value: t })));
      if (!q) return fill(offered);
      try {
        const r = await fetch("/api/v1/search/suggestions?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
        });
        if (!r.ok || q !== asked) return;
        fill((await r.json()).items.map((s) => s.text));
      } catch {
        // Offline or refused: the list stays as it was; the search itself still works.
      }
    }, 150);
  });
}

// After 「行を増やす」 the page lands on the first new row; the cursor goes there too.
if (location.hash.endsWith("-rows")) {
  document.querySelector(`${location.hash} input, ${location.hash} select`)?.focus();
}
