({
  // X's own readers; the shared helpers (norm, shown, find, lines,
  // saysAny, scrollEnd, waitGrowth, countNear ...) come from the page
  // layer beneath. X marks its parts with data-testid hooks, which have
  // outlived many redesigns; a part without its hook is not read.

  // innermost returns the shown elements whose whole text is one of words,
  // with no child carrying the same text.
  innermost(words, scope) {
    const want = new Set(words.map(this.norm));
    return Array.from((scope || document.body).querySelectorAll('*')).filter((el) => {
      if (!this.shown(el)) return false;
      const t = this.norm(el.textContent);
      return want.has(t) && !Array.from(el.children).some((c) => this.norm(c.textContent) === t);
    });
  },
  // profileLink is the path of the navigation link to the account's own
  // profile ("/handle"), "" when there is none or it is not a profile.
  profileLink(q) {
    const links = this.find('nav a[href], [role=navigation] a[href]', q.names).filter((a) => this.shown(a));
    const paths = new Set();
    for (const a of links) {
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      const parts = u.pathname.split('/').filter(Boolean);
      if (u.origin !== location.origin || parts.length !== 1 || q.reserved.includes(parts[0].toLowerCase())) continue;
      paths.add('/' + parts[0]);
    }
    return paths.size === 1 ? [...paths][0] : '';
  },
  // header reads the profile header: name and handle, bio, the link
  // shown, the professional category, the counts as written.
  header(q) {
    const main = document.querySelector('[role=main], main') || document.body;
    const un = main.querySelector('[data-testid=UserName]');
    const out = { found: !!un && this.shown(un), name: '', handle: '', links: [], category: '', counts: {} };
    if (!out.found) return out;
    const lines = this.lines(un);
    out.name = lines[0] || '';
    out.handle = (lines.find((l) => l.startsWith('@')) || '').slice(1);
    const url = main.querySelector('[data-testid=UserUrl]');
    if (url && this.shown(url)) out.links.push((url.innerText || '').trim());
    const bio = main.querySelector('[data-testid=UserDescription]');
    if (bio) for (const a of bio.querySelectorAll('a[href]')) { const t = (a.innerText || '').trim(); if (t && !t.startsWith('@') && !t.startsWith('#')) out.links.push(t); }
    const cat = main.querySelector('[data-testid=UserProfessionalCategory]');
    if (cat && this.shown(cat)) out.category = (cat.innerText || '').trim();
    for (const a of main.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      const parts = u.pathname.split('/').filter(Boolean);
      if (u.origin !== location.origin || parts.length !== 2 || parts[0].toLowerCase() !== q.handle.toLowerCase()) continue;
      const t = (a.innerText || '').replace(/\s+/g, ' ').trim();
      for (const [kind, words] of Object.entries(q.words)) {
        for (const w of words) {
          const m = t.match(new RegExp('^([\\d][\\d,.]*[KM]?)\\s+' + w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$', 'i'));
          if (m && !out.counts[kind]) out.counts[kind] = m[1];
        }
      }
    }
    return out;
  },
  // options reports, for each radio text, how often the page shows a
  // radio (or the label of one) by that name, and whether it is chosen.
  options(q) {
    const out = {};
    for (const n of q.names) {
      const want = this.norm(n);
      const hits = Array.from(document.querySelectorAll('label, [role=radio]')).filter((el) => this.shown(el) &&
        this.norm(el.getAttribute('aria-label') || el.textContent) === want);
      const r = { count: hits.length, state: '' };
      if (hits.length === 1) {
        const el = hits[0];
        const c = el.tagName === 'LABEL' ? el.control : el;
        if (c && c.tagName === 'INPUT' && c.type === 'radio') r.state = c.checked ? 'on' : 'off';
        else if (c && c.getAttribute('aria-checked') === 'true') r.state = 'on';
        else if (c && c.getAttribute('aria-checked') === 'false') r.state = 'off';
      }
      out[n] = r;
    }
    return out;
  },
  // sessions lists the session links of the sessions page, marking those
  // under the "current" heading (and before the log-out-others control).
  sessions(q) {
    const main = document.querySelector('[role=main], main') || document.body;
    const cur = this.innermost(q.current, main)[0];
    if (!cur) return { found: false };
    const other = this.innermost(q.others, main)[0];
    const follows = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const items = [];
    for (const a of main.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      if (u.origin !== location.origin || !u.pathname.startsWith(q.link) || u.pathname.length <= q.link.length || !this.shown(a)) continue;
      items.push({ lines: this.lines(a), current: follows(cur, a) && (!other || follows(a, other)) });
    }
    const r = main.getBoundingClientRect();
    return { found: true, items, rect: { X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: Math.min(r.height, 900) } };
  },
  // cells counts the shown user cells of a list page.
  cells() {
    return Array.from(document.querySelectorAll('[data-testid=UserCell]')).filter((el) => this.shown(el)).length;
  },
  // publicPosts reads the posts a logged-out visitor is shown.
  publicPosts(q) {
    const out = [];
    for (const art of document.querySelectorAll('article[data-testid=tweet]')) {
      if (!this.shown(art)) continue;
      let id = '', url = '';
      for (const a of art.querySelectorAll('a[href]')) {
        let u;
        try { u = new URL(a.href, location.href); } catch (e) { continue; }
        const m = u.pathname.match(/^\/([^/]+)\/status\/(\d+)$/);
        if (m && u.origin === location.origin && m[1].toLowerCase() === q.handle.toLowerCase()) { id = m[2]; url = u.href; break; }
      }
      const t = art.querySelector('[data-testid=tweetText]');
      const time = art.querySelector('time[datetime]');
      out.push({ id, url, text: t ? (t.innerText || '').trim() : '', when: time ? time.getAttribute('datetime') : '' });
    }
    return out;
  },
})
