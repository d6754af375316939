({
  // LinkedIn's own readers; the shared helpers (norm, shown, find, lines,
  // saysAny, scrollEnd, waitGrowth, countNear, click...) come from the kit.
  // seen reports whether an element is drawn at a readable size: LinkedIn
  // repeats names in visually hidden spans ("Member's name") that a
  // sighted reader never sees.
  seen(el) {
    if (!this.shown(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2;
  },
  seenText(el) {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue.replace(/\s+/g, ' ').trim();
      if (t && n.parentElement && this.seen(n.parentElement)) out.push(t);
    }
    return out;
  },
  // sessions reads the list under the "Where you're signed in" heading.
  sessions(q) {
    const labels = new Set(q.labels.map(this.norm));
    const heading = Array.from(document.querySelectorAll('h1, h2, h3, [role=heading]')).find((h) => this.shown(h) && labels.has(this.norm(h.textContent)));
    if (!heading) return { found: false };
    let box = heading.parentElement;
    while (box && !box.querySelector('li')) box = box.parentElement;
    if (!box) return { found: true, items: [], text: '' };
    const current = q.current.map(this.norm);
    let items = Array.from(box.querySelectorAll('li')).filter((li) => this.shown(li));
    items = items.filter((it) => !items.some((o) => o !== it && o.contains(it)));
    const r = box.getBoundingClientRect();
    return {
      found: true,
      text: (box.innerText || '').slice(0, 2000),
      items: items.map((li) => ({ lines: this.lines(li), current: current.some((c) => c && this.norm(li.textContent).includes(c)) })),
      rect: { X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height },
    };
  },
  // profileSlug is the /in/<slug>/ part of a link on this site, or ''.
  profileSlug(href, prefix) {
    let u;
    try { u = new URL(href, location.href); } catch (e) { return ''; }
    if (u.origin !== location.origin || !u.pathname.startsWith(prefix)) return '';
    const parts = u.pathname.slice(prefix.length).split('/').filter(Boolean);
    return parts.length === 1 ? parts[0] : '';
  },
  // people lists the members linked from the page's main region, each
  // once, with the lines of its card; with q.accept, only cards that carry
  // an Accept button by its visible words (its accessible name says more).
  people(q) {
    const main = document.querySelector('main, [role=main]') || document.body;
    const self = (q.self || '').toLowerCase();
    const accept = new Set((q.accept || []).map(this.norm));
    const byslug = new Map();
    for (const a of main.querySelectorAll('a[href]')) {
      if (a.closest('nav, header, footer, [role=navigation]')) continue;
      const slug = this.profileSlug(a.href, q.prefix);
      if (!slug || slug.toLowerCase() === self || byslug.has(slug)) continue;
      const name = this.seenText(a).join(' ').trim();
      if (!name || name.length > 120) continue;
      const item = a.closest('li') || a.parentElement;
      if (accept.size && !Array.from(item.querySelectorAll('button, [role=button]')).some((b) => accept.has(this.norm(b.innerText || b.textContent)))) continue;
      byslug.set(slug, { name, slug, lines: this.seenText(item).filter((l) => l !== name).slice(0, 8) });
    }
    return Array.from(byslug.values());
  },
  // countAfter returns the short leaf texts that may be a count in
  // brackets ("Invitations (3)"), for the adapter to parse.
  bracketCounts() {
    const out = [];
    for (const el of document.querySelectorAll('main *, [role=main] *')) {
      if (!this.shown(el)) continue;
      const t = (el.textContent || '').trim();
      if (t.length > 40 || !/\(\s*\d[\d,]*\s*\)$/.test(t)) continue;
      if (Array.from(el.children).some((c) => (c.textContent || '').trim() === t)) continue;
      out.push(t);
    }
    return out;
  },
  // posts reads every update on the activity page.
  posts() {
    const out = [];
    for (const u of document.querySelectorAll('[data-urn^="urn:li:activity:"]')) {
      if (u.parentElement && u.parentElement.closest('[data-urn^="urn:li:activity:"]')) continue; // a reshared update inside
      const id = u.getAttribute('data-urn').slice('urn:li:activity:'.length);
      let best = null;
      for (const el of u.querySelectorAll('[dir=ltr]')) {
        if (el.closest('a, button, h1, h2, h3') || el.querySelector('button, [role=button]')) continue;
        if (!best || (el.textContent || '').length > (best.textContent || '').length) best = el;
      }
      const t = u.querySelector('time[datetime]');
      const aud = Array.from(u.querySelectorAll('[aria-label]')).map((e) => e.getAttribute('aria-label')).find((s) => /^visible to /i.test(s)) || '';
      out.push({ id, text: best ? best.textContent.replace(/\s+/g, ' ').trim() : '', when: t ? t.getAttribute('datetime') : '', audience: aud });
    }
    return out;
  },
  // publicView reports what the public profile shows a logged-out visitor.
  publicView() {
    const main = document.querySelector('main, [role=main]') || document.body;
    const h1 = Array.from(main.querySelectorAll('h1')).find((h) => this.shown(h));
    // The top card (the section holding the name) is not a section of
    // its own: its h2 is the headline.
    const sections = Array.from(main.querySelectorAll('section h2')).filter((h) => this.shown(h) && !h.closest('section').querySelector('h1')).map((h) => h.textContent.trim());
    const links = Array.from(main.querySelectorAll('a[href]')).filter((a) => this.shown(a)).map((a) => a.href);
    return { hasMain: main !== document.body, name: h1 ? h1.innerText.trim() : '', sections, links, text: (main.innerText || '').slice(0, 20000) };
  },
})
