// kyodo works without this file. With it, the suggestions under a partner's name follow what is
// typed: the field's <datalist> is refilled from the public search (organisations only).
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

// After 「行を増やす」 the page lands on the first new row; the cursor goes there too.
if (location.hash.endsWith("-rows")) {
  document.querySelector(`${location.hash} input, ${location.hash} select`)?.focus();
}
