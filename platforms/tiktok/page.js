({
  // TikTok's own readers; the shared helpers (norm, shown, find, lines,
  // saysAny, scrollEnd, waitGrowth, click...) come from the page layer.

  // wordEls are the shown elements whose whole text is one of words,
  // innermost first (a profile count's word, a heading, a link's text).
  wordEls(words) {
    const want = new Set(words.map(this.norm));
    const all = Array.from(document.querySelectorAll('body *')).filter((el) => want.has(this.norm(el.textContent)) && this.shown(el));
    return all.filter((el) => !all.some((o) => o !== el && el.contains(o)));
  },
  wordEl(words) { return this.wordEls(words)[0] || null; },
  // navLink is the path of the link named by one of q.names that leads to
  // a profile (/@handle).
  navLink(q) {
    const want = new Set(q.names.map(this.norm));
    for (const a of document.querySelectorAll('a[href]')) {
      if (!this.shown(a) || !want.has(this.norm(a.textContent || a.getAttribute('aria-label')))) continue;
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      if (u.origin === location.origin && /^\/@[^/]+\/?$/.test(u.pathname)) return u.pathname.replace(/\/$/, '');
    }
    return '';
  },
  // counted is the word element of one of words with a number written
  // just before it ("87 Followers"), and that number's text.
  counted(words) {
    for (const w of this.wordEls(words)) {
      if (w.closest('nav, [role=navigation], [role=dialog]')) continue;
      const num = w.previousElementSibling;
      let text = num ? num.textContent.trim() : '';
      if (!/^[\d.,]+\s*[KMB]?$/i.test(text)) {
        const whole = (w.parentElement ? w.parentElement.textContent : '').trim();
        const m = whole.match(/^([\d.,]+\s*[KMB]?)\s/i);
        text = m ? m[1] : '';
      }
      if (text) return { el: w, text };
    }
    return null;
  },
  countOf(q) {
    const c = this.counted(q.words);
    return c ? { found: true, text: c.text } : { found: false };
  },
  // clickWord clicks the count's word (the page's handler is on its
  // wrapper; the click bubbles to it).
  clickWord(q) {
    const c = this.counted(q.words);
    if (!c) return false;
    c.el.click();
    return true;
  },
  // watch records, from now on, the JSON answers the page fetches from a
  // path containing q.path. Signed requests are never replayed: only what
  // the page asked for itself is read.
  watch(q) {
    if (!window.__chaperoneJSON) {
      window.__chaperoneJSON = [];
      const keep = (url, status, body) => {
        try { if (new URL(url, location.href).pathname.includes(q.path)) window.__chaperoneJSON.push({ url: String(url), status, body }); } catch (e) {}
      };
      const f = window.fetch;
      window.fetch = function (input, init) {
        const url = typeof input === 'string' ? input : (input && input.url) || '';
        return f.call(this, input, init).then((r) => {
          r.clone().text().then((t) => keep(url, r.status, t), () => {});
          return r;
        });
      };
      const open = XMLHttpRequest.prototype.open;
      XMLHttpRequest.prototype.open = function (m, url) {
        this.addEventListener('load', () => keep(url, this.status, this.responseText));
        return open.apply(this, arguments);
      };
    }
    window.__chaperoneJSON.length = 0;
    return true;
  },
  // seen is how many answers were recorded; taken returns them.
  seen() { return (window.__chaperoneJSON || []).length; },
  taken() { return (window.__chaperoneJSON || []).slice(); },
  // closeDialog closes the open dialog with its close control, or Escape.
  closeDialog(q) {
    const d = Array.from(document.querySelectorAll('[role=dialog]')).find((x) => this.shown(x));
    if (!d) return true;
    const want = new Set(q.names.map(this.norm));
    const b = Array.from(d.querySelectorAll('button, [role=button]')).find((x) => want.has(this.norm(x.getAttribute('aria-label') || x.textContent)));
    if (b) b.click();
    else document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    return !Array.from(document.querySelectorAll('[role=dialog]')).some((x) => this.shown(x));
  },
  // videos lists the profile's video links with their cover pictures.
  videos(q) {
    const out = [];
    const seen = new Set();
    for (const a of document.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      if (u.origin !== location.origin || !u.pathname.includes(q.path) || seen.has(u.pathname)) continue;
      if (a.closest('[role=dialog]')) continue;
      seen.add(u.pathname);
      const img = a.querySelector('img');
      out.push({ path: u.pathname, alt: img ? img.getAttribute('alt') || '' : '', src: img ? img.getAttribute('src') || '' : '' });
    }
    return out;
  },
  // header reads the profile's own header: the name under the handle and
  // the links in the bio.
  header() {
    const sub = document.querySelector('[data-e2e="user-subtitle"]');
    const links = Array.from(document.querySelectorAll('[data-e2e="user-link"]')).filter((a) => this.shown(a)).map((a) => a.getAttribute('href') || '');
    return { name: sub && this.shown(sub) ? sub.textContent.trim() : '', hasName: !!sub, links };
  },
  // listUnder returns the items of the list under the heading named by one
  // of q.labels, and whether one of q.empty is written there instead.
  listUnder(q) {
    const h = this.wordEl(q.labels);
    if (!h) return { found: false };
    const empty = (q.empty || []).map(this.norm);
    let box = h;
    for (let i = 0; i < 5 && box; i++, box = box.parentElement) {
      const items = Array.from(box.querySelectorAll('[role=listitem]')).filter((it) => this.shown(it));
      const text = ' ' + this.norm(box.innerText) + ' ';
      const isEmpty = empty.some((e) => e && text.includes(' ' + e + ' '));
      if (items.length || isEmpty) {
        const r = box.getBoundingClientRect();
        return { found: true, empty: isEmpty && !items.length, items: items.map((it) => this.lines(it)),
          rect: { X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height } };
      }
    }
    return { found: true, items: [] };
  },
  // requests lists the people with an accept button beside them.
  requests(q) {
    const want = new Set(q.accept.map(this.norm));
    const out = [];
    const seen = new Set();
    for (const b of document.querySelectorAll('button, [role=button]')) {
      if (!this.shown(b) || !want.has(this.norm(b.textContent))) continue;
      let item = b.parentElement;
      for (let i = 0; i < 4 && item && !item.querySelector('a[href^="/@"]'); i++) item = item.parentElement;
      const a = item && item.querySelector('a[href^="/@"]');
      if (!a) continue;
      const path = new URL(a.href, location.href).pathname;
      if (seen.has(path)) continue;
      seen.add(path);
      out.push({ path, lines: this.lines(a) });
    }
    return out;
  },
})
