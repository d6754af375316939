({
  // Instagram's own readers, laid over the kit's helpers (norm, shown,
  // find, lines, saysAny, scrollEnd, waitGrowth ...). Found by text, role,
  // accessible name and link targets, never by class names.

  // hook records the JSON responses of the requests the page itself makes
  // whose path matches one of q.patterns ("*" is one path segment). It
  // observes only: nothing is sent that the page did not send.
  hook(q) {
    const res = q.patterns.map((p) => new RegExp('^' + p.split('*').map((s) => s.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('[^/]+') + '$'));
    window.__chaperoneRes = res;
    if (!window.__chaperoneNet) window.__chaperoneNet = [];
    if (window.__chaperoneHooked) return true;
    window.__chaperoneHooked = true;
    const keep = (url, status, body) => {
      let u;
      try { u = new URL(url, location.href); } catch (e) { return; }
      if (u.origin !== location.origin) return;
      if (!(window.__chaperoneRes || []).some((r) => r.test(u.pathname))) return;
      window.__chaperoneNet.push({ url: u.pathname + u.search, status, body: String(body).slice(0, 2000000) });
      for (const w of (window.__chaperoneWaiters || []).splice(0)) w();
    };
    const orig = window.fetch;
    window.fetch = function (...args) {
      const p = orig.apply(this, args);
      p.then((r) => { r.clone().text().then((t) => keep(r.url, r.status, t), () => {}); }, () => {});
      return p;
    };
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (m, url, ...rest) {
      this.addEventListener('load', () => { try { keep(url, this.status, this.responseText); } catch (e) { /* not text */ } });
      return open.call(this, m, url, ...rest);
    };
    return true;
  },
  // captured returns the responses recorded since index q.from.
  captured(q) {
    return (window.__chaperoneNet || []).slice(q.from || 0);
  },
  // waitNet resolves once more than q.before responses are recorded, or
  // after q.max ms.
  waitNet(q) {
    // Woken by the hook itself: timers and animation frames are throttled
    // in a tab that is not in front.
    return new Promise((resolve) => {
      const n = () => (window.__chaperoneNet || []).length;
      if (n() > q.before) { resolve(n()); return; }
      const cap = setTimeout(() => resolve(n()), q.max);
      const wake = () => {
        if (n() > q.before) { clearTimeout(cap); resolve(n()); return; }
        (window.__chaperoneWaiters = window.__chaperoneWaiters || []).push(wake);
      };
      (window.__chaperoneWaiters = window.__chaperoneWaiters || []).push(wake);
    });
  },
  // pull asks the open dialog's list for more (q.scroll), waits for the
  // next response the page receives and returns those since q.from: one
  // round trip per page of the list.
  async pull(q) {
    if (q.scroll) this.scrollEnd({ dialog: true });
    await this.waitNet({ before: q.from, max: q.max });
    return this.captured({ from: q.from });
  },
  // growPosts scrolls to the end of the page and waits, on the page's own
  // events, until the grid grows or settles; it returns the count before
  // and after.
  async growPosts(q) {
    const before = document.querySelectorAll(q.css).length;
    this.scrollEnd(null);
    const g = await this.waitGrowth({ css: q.css, before, idle: q.idle, max: q.max });
    return { before, n: g.n, busy: g.busy };
  },
  // netCount is how many responses are recorded.
  netCount() { return (window.__chaperoneNet || []).length; },

  // clickNamed clicks the first shown button, link or role=button whose
  // text or accessible name is one of q.names.
  clickNamed(q) {
    const want = new Set(q.names.map(this.norm));
    const act = 'button, [role=button], a[href], [role=link]';
    let b = this.pick(this.find(act, q.names));
    if (!b) {
      const t = Array.from(document.querySelectorAll('span, div')).find((el) => this.shown(el) && want.has(this.norm(el.innerText)) && el.closest(act));
      b = t ? t.closest(act) : null;
    }
    if (!b) return false;
    b.click();
    return true;
  },
  // clickPath clicks the shown link to path q.path on this origin.
  clickPath(q) {
    const a = Array.from(document.querySelectorAll('a[href]')).find((x) => {
      try { const u = new URL(x.href, location.href); return u.origin === location.origin && u.pathname === q.path; } catch (e) { return false; }
    });
    if (!a || !this.shown(a)) return false;
    a.click();
    return true;
  },
  // closeDialog closes the shown dialog with its own close control, else
  // with Escape.
  // A list dialog opened at its own address (/user/followers/) goes back
  // in history when closed; that step is asynchronous, and a page opened
  // before it lands would be navigated away from, so closing waits for it
  // (at most a second).
  closeDialog() {
    const d = Array.from(document.querySelectorAll('[role=dialog]')).find((x) => this.shown(x));
    if (!d) return true;
    const pushed = /\/(followers|following)\/?$/.test(location.pathname);
    const closed = () => !Array.from(document.querySelectorAll('[role=dialog]')).some((x) => this.shown(x));
    const c = Array.from(d.querySelectorAll('[role=button], button')).find((b) => ['close'].includes(this.norm(this.nameOf(b))));
    if (c) c.click();
    else document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    if (!pushed) return closed();
    return new Promise((resolve) => {
      const cap = setTimeout(() => resolve(closed()), 1000);
      const check = () => {
        if (/\/(followers|following)\/?$/.test(location.pathname)) return false;
        clearTimeout(cap);
        resolve(closed());
        return true;
      };
      if (!check()) window.addEventListener('popstate', check, { once: true });
    });
  },

  // profilePath is the path of the navigation link named q.labels
  // ("Profile"): the account's own profile.
  profilePath(q) {
    const want = new Set(q.labels.map(this.norm));
    for (const a of document.querySelectorAll('[role=navigation] a[href], nav a[href]')) {
      if (!this.shown(a) || !want.has(this.norm(a.innerText || a.getAttribute('aria-label') || ''))) continue;
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      if (u.origin !== location.origin) continue;
      const parts = u.pathname.split('/').filter(Boolean);
      if (parts.length === 1 && !q.reserved.includes(parts[0].toLowerCase())) return '/' + parts[0] + '/';
    }
    return '';
  },

  // countOf reads the number the profile shows for a list: the link to
  // q.path (its exact title first, as the site puts the full number
  // there), else a short text "<n> <word>". -1: not shown; -2: shown only
  // rounded ("1.2K").
  countOf(q) {
    const words = q.words.map(this.norm);
    const parse = (t) => {
      const m = (t || '').trim().toLowerCase().match(/^([\d][\d,.]*)\s*([km])?$/);
      if (!m) return null;
      if (m[2] || /[.]\d$/.test(m[1])) return -2;
      return parseInt(m[1].replace(/[,.]/g, ''), 10);
    };
    const cands = [];
    for (const a of document.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      if (u.origin === location.origin && u.pathname === q.path && this.shown(a)) cands.push(a);
    }
    if (!cands.length) {
      for (const el of document.querySelectorAll('header li, header div, main li')) {
        const t = this.norm(el.innerText || '');
        if (t.length < 40 && words.some((w) => t.endsWith(' ' + w)) && this.shown(el)) cands.push(el);
      }
    }
    for (const c of cands) {
      const t = c.querySelector('[title]');
      if (t) {
        const n = parse(t.getAttribute('title'));
        if (n !== null) return n;
      }
      const text = (c.innerText || '').replace(/\s+/g, ' ').trim().toLowerCase();
      for (const w of words) {
        if (text.endsWith(' ' + w)) {
          const n = parse(text.slice(0, text.length - w.length).trim());
          if (n !== null) return n;
        }
      }
    }
    return -1;
  },

  // tiles lists the posts of the grid: links to /p/<code>/ or /reel/<code>/
  // with the picture's alt text (the caption, where the site shows it).
  tiles() {
    const out = [];
    const seen = new Set();
    const main = document.querySelector('[role=main], main') || document.body;
    for (const a of main.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      const m = u.pathname.match(/^\/(?:[^/]+\/)?(p|reel)\/([\w-]+)\/?$/);
      if (!m || u.origin !== location.origin || seen.has(m[2])) continue;
      if (a.closest('[role=dialog]')) continue;
      seen.add(m[2]);
      const img = a.querySelector('img');
      out.push({ code: m[2], url: u.origin + u.pathname, alt: img ? img.getAttribute('alt') || '' : '', src: img ? img.currentSrc || img.src : '' });
    }
    return out;
  },

  // picker reads an Accounts Centre account picker: the choices (links in
  // a list, or under a picker title) with their text.
  picker(q) {
    const titles = new Set(q.titles.map(this.norm));
    const titled = Array.from(document.querySelectorAll('h1, h2, h3, [role=heading]')).some((h) => this.shown(h) && titles.has(this.norm(h.innerText)));
    const choices = [];
    for (const a of document.querySelectorAll('[role=list] [role=listitem] a[href], [role=listbox] a[href]')) {
      if (!this.shown(a)) continue;
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      if (u.origin !== location.origin) continue;
      choices.push({ lines: this.lines(a), href: u.href });
    }
    return { picker: titled || (choices.length > 0 && !document.querySelector('[role=switch], [role=radio]')), titled, choices };
  },

  // namedSwitch reports whether a shown switch or checkbox carries one of
  // q.labels as its own accessible name (aria-label or aria-labelledby).
  namedSwitch(q) {
    const want = new Set(q.labels.map(this.norm));
    for (const el of document.querySelectorAll('[role=switch], [role=checkbox], input[type=checkbox]')) {
      if (!this.shown(el) && !this.shown(el.parentElement)) continue;
      let name = el.getAttribute('aria-label') || '';
      const by = el.getAttribute('aria-labelledby');
      if (!name && by) name = by.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
      if (want.has(this.norm(name))) return true;
    }
    return false;
  },

  // sessions reads the devices listed under the "Where you're logged in"
  // heading.
  sessions(q) {
    const labels = new Set(q.labels.map(this.norm));
    const head = Array.from(document.querySelectorAll('h1, h2, h3, [role=heading], span, div')).find((el) =>
      this.shown(el) && labels.has(this.norm(el.innerText)) && !Array.from(el.children).some((c) => labels.has(this.norm(c.innerText))));
    if (!head) return { found: false, items: [] };
    let box = head;
    for (let i = 0; i < 6 && box && !box.querySelector('[role=listitem], li'); i++) box = box.parentElement;
    if (!box) return { found: true, items: [] };
    const items = Array.from(box.querySelectorAll('[role=listitem], li')).filter((it) => this.shown(it)).map((it) => this.lines(it));
    return { found: true, items };
  },
})
