({
  // Facebook's own readers; the shared helpers (norm, shown, find, lines,
  // saysAny, scrollEnd, fill, click...) come from the page layer beneath.

  // pickerEntries finds Accounts Centre's "Select your account" (a heading
  // with one of q.picker) and the choices under it, each a button or link
  // with its visible lines; null when no picker is shown.
  pickerEntries(q) {
    const want = new Set(q.picker.map(this.norm));
    const head = Array.from(document.querySelectorAll('body *')).find((el) =>
      want.has(this.norm(el.textContent)) && !Array.from(el.children).some((c) => want.has(this.norm(c.textContent))) && this.shown(el));
    if (!head) return null;
    let box = head.closest('[role=dialog]');
    for (let x = head.parentElement, i = 0; !box && x && i < 6; x = x.parentElement, i++) {
      if (x.querySelector('[role=button], a[href], button')) box = x;
    }
    if (!box) return [];
    const close = new Set(['close', 'back', 'cancel']);
    return Array.from(box.querySelectorAll('[role=button], a[href], button')).filter((el) =>
      this.shown(el) && !close.has(this.norm(el.getAttribute('aria-label') || el.textContent)) &&
      !Array.from(box.querySelectorAll('[role=button], a[href], button')).some((o) => o !== el && el.contains(o)));
  },
  accountPicker(q) {
    const entries = this.pickerEntries(q);
    if (entries === null) return { shown: false };
    return { shown: true, entries: entries.map((el) => ({ lines: this.lines(el) })) };
  },
  // chooseAccount clicks entry q.index of the picker, as a person would.
  chooseAccount(q) {
    const entries = this.pickerEntries(q) || [];
    const el = entries[q.index];
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    el.click();
    return true;
  },
  // sessions reads the list under the "Where you're logged in" heading.
  sessions(q) {
    const labels = new Set(q.labels.map(this.norm));
    let anchor = null;
    for (const el of document.querySelectorAll('body *')) {
      const a = el.getAttribute('aria-label');
      if ((a && labels.has(this.norm(a))) || (el.children.length === 0 && labels.has(this.norm(el.textContent))) ||
          (labels.has(this.norm(el.textContent)) && !Array.from(el.children).some((c) => labels.has(this.norm(c.textContent))))) {
        anchor = el;
        break;
      }
    }
    if (!anchor) return { found: false };
    const itemsIn = (c) => {
      let items = Array.from(c.querySelectorAll('[role=listitem], li'));
      items = items.filter((it) => !items.some((o) => o !== it && o.contains(it)));
      return items;
    };
    // The container: the label itself when it names a list, else the
    // nearest ancestor holding list items.
    let box = anchor;
    for (let i = 0; i < 6 && box && !itemsIn(box).length; i++) box = box.parentElement;
    if (!box) return { found: true, items: [] };
    // Reveal collapsed sessions ("See more").
    const more = new Set(q.more.map(this.norm));
    for (let i = 0; i < 5; i++) {
      const scope = box.parentElement || box;
      const b = Array.from(scope.querySelectorAll('button, [role=button], a')).find((el) => more.has(this.norm(el.textContent)) && this.shown(el));
      if (!b) break;
      b.click();
    }
    const current = q.current.map(this.norm);
    const items = itemsIn(box).map((it) => {
      const lines = (it.hidden || !this.shown(it) ? (it.textContent || '').split(/\n/) : this.lines(it)).map((s) => s.trim()).filter(Boolean);
      const text = this.norm(it.textContent);
      return { lines, current: current.some((c) => c && text.includes(c)) };
    }).filter((x) => x.lines.length);
    const r = box.getBoundingClientRect();
    return { found: true, items, rect: { X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height } };
  },

  // isPersonLink: a link to someone's profile on this site.
  personPath(a, q) {
    let u;
    try { u = new URL(a.href, location.href); } catch (e) { return ''; }
    if (u.origin !== location.origin) return '';
    const parts = u.pathname.split('/').filter(Boolean);
    if (parts.length === 1 && parts[0] === 'profile.php' && u.searchParams.get('id')) return '/profile.php?id=' + u.searchParams.get('id');
    if (parts.length !== 1) return '';
    if (q.reserved.includes(parts[0].toLowerCase())) return '';
    return '/' + parts[0];
  },
  // people lists the people on the page: each distinct profile link with a
  // visible name, outside posts, navigation and the profile's own header,
  // with the facts written next to it.
  people(q) {
    const self = (q.self || '').toLowerCase();
    const seen = new Map();
    const scope = document.querySelector('[role=main]') || document.body;
    for (const a of scope.querySelectorAll('a[href]')) {
      if (a.closest('[role=article],[role=navigation],[role=banner],[role=contentinfo],nav,header,footer,[role=tablist]')) continue;
      const p = this.personPath(a, q);
      if (!p || p.toLowerCase() === self) continue;
      const name = (a.innerText || a.textContent || '').trim().replace(/\s+/g, ' ');
      if (!name || name.length > 120) continue;
      if (seen.has(p)) continue;
      // The item: the widest ancestor that still holds only this person.
      let item = a;
      for (let x = a.parentElement; x && x !== scope; x = x.parentElement) {
        const others = Array.from(x.querySelectorAll('a[href]')).some((b) => { const bp = this.personPath(b, q); return bp && bp !== p; });
        if (others) break;
        item = x;
      }
      let confirm = true;
      if (q.confirm && q.confirm.length) {
        const names = new Set(q.confirm.map(this.norm));
        confirm = Array.from(item.querySelectorAll('button, [role=button], input[type=submit]')).some((b) => names.has(this.norm(this.nameOf(b))));
      }
      if (!confirm) continue;
      seen.set(p, { name, path: p, lines: this.lines(item).filter((l) => l !== name).slice(0, 8) });
    }
    return Array.from(seen.values());
  },
  // posts reads every role=article on the page.
  posts(q) {
    const prefixes = q.prefixes.map(this.norm);
    const out = [];
    for (const art of document.querySelectorAll('[role=article]')) {
      if (art.parentElement && art.parentElement.closest('[role=article]')) continue; // a comment
      let url = '', id = art.getAttribute('data-post-id') || '';
      let when = '';
      for (const a of art.querySelectorAll('a[href]')) {
        let u;
        try { u = new URL(a.href, location.href); } catch (e) { continue; }
        const m = u.pathname.match(/\/(?:posts|permalink|videos|photos)\/([\w.-]+)/) || (u.searchParams.get('story_fbid') ? [null, u.searchParams.get('story_fbid')] : null);
        if (m && !url) {
          url = u.href;
          if (!id) id = m[1];
          when = a.getAttribute('aria-label') || a.getAttribute('title') || a.innerText || '';
        }
      }
      const t = art.querySelector('time[datetime]');
      if (t) when = t.getAttribute('datetime');
      const ab = art.querySelector('abbr[data-utime], abbr[title]');
      if (!when && ab) when = ab.getAttribute('data-utime') || ab.getAttribute('title');
      let audience = '';
      for (const el of art.querySelectorAll('[aria-label], [title]')) {
        const s = el.getAttribute('aria-label') || el.getAttribute('title') || '';
        const n = this.norm(s);
        const p = prefixes.find((p) => n.startsWith(p + ' '));
        if (p) { audience = n.slice(p.length + 1); break; }
      }
      let textEl = art.querySelector('[data-ad-preview="message"], [data-ad-comet-preview="message"], [data-testid="post_message"]');
      if (!textEl) {
        let best = null;
        for (const el of art.querySelectorAll('[dir=auto], p')) {
          if (el.closest('h1,h2,h3,h4,a,[role=button]')) continue;
          if (!best || (el.innerText || '').length > (best.innerText || '').length) best = el;
        }
        textEl = best;
      }
      const text = textEl ? (textEl.innerText || textEl.textContent || '').trim() : '';
      const images = [];
      for (const img of art.querySelectorAll('img')) {
        if (img.closest('[aria-hidden=true]')) continue;
        const r = img.getBoundingClientRect();
        if (r.width && r.width < 60 && r.height < 60) continue; // avatars and emoji
        images.push({ url: img.currentSrc || img.src, alt: img.getAttribute('alt') || '' });
      }
      out.push({ id, url, when, audience, text, images });
    }
    return out;
  },

  // publicView reports what the profile shows a logged-out visitor.
  publicView(q) {
    const norm = this.norm;
    const main = document.querySelector('[role=main]') || document.body;
    // Posts, menus, the footer and dialogs are not the profile's own.
    const notOwn = '[role=article],[role=navigation],[role=banner],[role=contentinfo],nav,footer,[role=dialog],form';
    const outside = (el) => !el.closest(notOwn);
    const visible = Array.from(main.querySelectorAll('*')).filter((el) => outside(el) && this.shown(el));
    const named = (labels) => {
      const want = new Set(labels.map(norm));
      return visible.filter((el) => {
        const n = norm(el.getAttribute('aria-label') || '') ;
        if (n && want.has(n)) return true;
        const t = norm(el.textContent);
        return want.has(t) && !Array.from(el.children).some((c) => want.has(norm(c.textContent)));
      });
    };
    const startsWith = (prefixes) => {
      const ps = prefixes.map(norm);
      const hits = [];
      for (const el of visible) {
        if (el.children.length > 3) continue;
        const t = norm(el.textContent);
        if (t.length > 200) continue;
        const p = ps.find((p) => t.startsWith(p + ' '));
        if (!p) continue;
        if (Array.from(el.children).some((c) => norm(c.textContent) === t)) continue;
        hits.push((el.innerText || el.textContent).trim().replace(/\s+/g, ' '));
      }
      return hits;
    };
    const h1 = document.querySelector('h1');
    const friendsLabel = named(q.friendsLabels);
    const count = visible.map((el) => (el.children.length === 0 ? norm(el.textContent) : ''))
      .find((t) => /^\d[\d,. ]*k? friends?$/.test(t));
    const photosLabel = named(q.photosLabels);
    let photoCount = 0;
    for (const l of photosLabel) {
      let box = l;
      for (let i = 0; i < 5 && box && !box.querySelector('img'); i++) box = box.parentElement;
      if (box) photoCount = Math.max(photoCount, Array.from(box.querySelectorAll('img')).filter((i) => outside(i) && !i.closest('[aria-hidden=true]')).length);
    }
    return {
      name: h1 ? h1.innerText.trim() : '',
      hasMain: !!document.querySelector('[role=main], main'),
      friends: friendsLabel.length > 0 || !!count,
      friendsEvidence: count || (friendsLabel[0] ? friendsLabel[0].textContent.trim() : ''),
      photos: photosLabel.length > 0 && photoCount > 0,
      photoCount,
      workplace: startsWith(q.workplace),
      hometown: startsWith(q.hometown),
      articles: document.querySelectorAll('[role=article]').length,
      // The profile's own links: Intro's websites and social links.
      links: this.links({ within: ['[role=main]'], outside: notOwn, shims: q.shims }),
    };
  },
})
