({
  // Helpers every adapter's page code shares (an adapter's own object is
  // laid over this one, so its functions reach these as this.norm ...).
  // Everything is found by text, role, accessible name and link targets,
  // never by class names.
  norm: (s) => (s || '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
  shown(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.closest('[hidden],[aria-hidden="true"]')) return false;
    if (el.getClientRects().length === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.visibility !== 'collapse';
  },
  nameOf(el) {
    return el.getAttribute('aria-label') || el.getAttribute('title') || el.getAttribute('placeholder') ||
      (el.labels && el.labels.length ? el.labels[0].textContent : '') || el.textContent || el.value || '';
  },
  // find returns the elements (matching css) whose accessible name or text
  // is one of names.
  find(css, names) {
    const want = new Set((names || []).map(this.norm));
    return Array.from(document.querySelectorAll(css)).filter((el) => want.has(this.norm(this.nameOf(el))));
  },
  lines(el) {
    return (el.innerText || '').split('\n').map((s) => s.trim()).filter(Boolean);
  },
  // pick prefers what is in the page's main region, then in the form last
  // filled, so a login form in the top bar does not win over the page's own.
  pick(list) {
    const f = window.__chaperoneForm;
    const rank = (el) => (f && f.contains(el) ? 0 : 2) + (el.closest('[role=main], main, [role=dialog]') ? 0 : 1);
    return list.filter((el) => this.shown(el)).sort((a, b) => rank(a) - rank(b))[0];
  },
  // links are the external links of a region of the page: the first of
  // q.within (selectors) found, less what is inside q.outside. A link
  // through the site's redirect shim (q.shims: an address prefix, or a
  // path on the page's own origin) is reported as its target.
  links(q) {
    const root = (q.within || []).map((c) => document.querySelector(c)).find(Boolean) || document.body;
    const out = [];
    for (const a of root.querySelectorAll('a[href]')) {
      if (q.outside && a.closest(q.outside)) continue;
      let u;
      try { u = new URL(a.href, location.href); } catch (e) { continue; }
      const shim = (q.shims || []).some((s) => (s.startsWith('/') ? u.origin === location.origin && u.pathname === s : u.href.startsWith(s)));
      if (shim && u.searchParams.get('u')) out.push(u.searchParams.get('u'));
      else if (u.origin !== location.origin && /^https?:$/.test(u.protocol)) out.push(u.href);
    }
    return out;
  },
  // saysAny reports whether the page's visible text contains one of the
  // phrases, ignoring case and punctuation.
  saysAny(q) {
    const text = ' ' + this.norm(document.body ? document.body.innerText : '') + ' ';
    return q.phrases.some((p) => { const n = this.norm(p); return n && text.includes(' ' + n + ' '); });
  },
  has(q) {
    return !!this.pick(this.find('input:not([type=hidden]), textarea', q.names));
  },
  // hasPassword reports whether the page shows a password field: a login
  // form standing in for the page asked for.
  hasPassword() {
    return Array.from(document.querySelectorAll('input[type=password]')).some((el) => this.shown(el));
  },
  // fill types into the field named by one of names (aria-label, label,
  // placeholder), as a user would, so the page's own handlers see it. It
  // refuses when the document is not at the expected origin: a secret is
  // never typed into another site, whatever happened since the caller
  // last looked.
  fill(q) {
    if (location.origin !== q.origin) return 'origin';
    const f = this.pick(this.find('input:not([type=hidden]), textarea', q.names));
    if (!f) return 'missing';
    window.__chaperoneForm = f.form || f.closest('[role=main], main, [role=dialog]') || document.body;
    if (f.form && f.form.getAttribute('action')) {
      let to;
      try { to = new URL(f.form.action, location.href); } catch (e) { return 'action:?'; }
      if (to.origin !== q.origin) return 'action:' + to.host;
    }
    f.focus();
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(f), 'value').set;
    setter.call(f, q.value);
    f.dispatchEvent(new Event('input', { bubbles: true }));
    f.dispatchEvent(new Event('change', { bubbles: true }));
    return 'ok';
  },
  // click activates the first shown button or link named by one of names,
  // after this evaluation returns (a navigation would cut it short). The
  // mark lets the caller wait for the next document.
  click(q) {
    if (q.origin && location.origin !== q.origin) return false;
    const b = this.pick(this.find('button, [role=button], input[type=submit], a', q.names));
    if (!b) return false;
    window.__chaperoneMark = 1;
    setTimeout(() => {
      if (b.form && b.type === 'submit' && typeof b.form.requestSubmit === 'function') b.form.requestSubmit(b);
      else b.click();
    }, 0);
    return true;
  },
  alertText() {
    const a = Array.from(document.querySelectorAll('[role=alert]')).filter((el) => this.shown(el));
    return a.map((el) => el.innerText.trim()).join(' ').slice(0, 300);
  },
  // scrollEnd asks a lazily loaded list (the window, or the innermost
  // scrollable box of a dialog) for more, and reports whether a loading
  // indicator is still shown.
  scrollEnd(q) {
    let box = null;
    const dialog = q && q.dialog ? Array.from(document.querySelectorAll('[role=dialog]')).find((d) => this.shown(d)) : null;
    if (dialog) {
      for (const el of dialog.querySelectorAll('*')) {
        const cs = getComputedStyle(el);
        if ((cs.overflowY === 'auto' || cs.overflowY === 'scroll') && el.scrollHeight > el.clientHeight) box = el;
      }
    }
    if (box) box.scrollTop = box.scrollHeight;
    else window.scrollTo(0, document.documentElement.scrollHeight);
    return Array.from(document.querySelectorAll('[aria-busy=true], [role=progressbar]')).some((el) => this.shown(el));
  },
  // waitGrowth waits, on the page's own events, until a lazily loaded list
  // grows past q.before items (matching q.css), or nothing changes for
  // q.idle ms while no loader is busy, or q.max ms pass. It resolves to the
  // count and whether a loader still shows.
  waitGrowth(q) {
    const count = () => document.querySelectorAll(q.css).length;
    const busy = () => Array.from(document.querySelectorAll('[aria-busy=true], [role=progressbar]')).some((el) => this.shown(el));
    return new Promise((resolve) => {
      let quiet = null;
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        obs.disconnect();
        clearTimeout(quiet);
        clearTimeout(cap);
        resolve({ n: count(), busy: busy() });
      };
      const calm = () => {
        clearTimeout(quiet);
        quiet = setTimeout(() => { if (!busy()) done(); else calm(); }, q.idle);
      };
      const obs = new MutationObserver(() => {
        if (count() !== q.before) done();
        else calm();
      });
      obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy', 'hidden'] });
      const cap = setTimeout(done, q.max);
      if (count() !== q.before) done();
      else calm();
    });
  },
  // showMore clicks a list's own "Show more" button (named by one of
  // q.names), if shown and not busy, and reports whether it did.
  showMore(q) {
    const b = this.pick(this.find('button, [role=button]', q.names));
    if (!b || b.getAttribute('aria-busy') === 'true' || b.disabled) return false;
    b.scrollIntoView({ block: 'center' });
    b.click();
    return true;
  },
  // grow shows a lazily loaded list (items matching q.css) to its end as a
  // person would: it presses the list's "Show more" (q.more) when there is
  // one, else scrolls to the end, and waits on the page's own events
  // (waitGrowth) for more; again, until a round brings nothing while no
  // loader shows (the end), q.limit items show, q.rounds rounds ran, three
  // rounds in a row brought nothing while a loader kept showing (stuck),
  // or q.slice ms passed, when the caller asks again. It resolves to the
  // count, the rounds it ran and whether the list came to its end.
  async grow(q) {
    const start = Date.now();
    let n = document.querySelectorAll(q.css).length;
    let rounds = 0;
    let stalls = q.stalls || 0;
    while (!(q.limit > 0 && n >= q.limit) && rounds < q.rounds && Date.now() - start < q.slice) {
      rounds++;
      if (!(q.more && q.more.length && this.showMore({ names: q.more }))) this.scrollEnd(q);
      const g = await this.waitGrowth({ css: q.css, before: n, idle: q.idle, max: q.max });
      if (g.n === n && !g.busy) return { n, rounds, stalls: 0, end: true };
      stalls = g.n === n ? stalls + 1 : 0;
      n = g.n;
      if (stalls >= 3) return { n, rounds, stalls, stuck: true, end: false };
    }
    return { n, rounds, stalls, end: q.limit > 0 && n >= q.limit };
  },
  // countNear reads a total a page shows as text ("121 friends",
  // "1,204 followers"): the largest number in a short text ending in one of
  // q.words; 0 when none is shown. A count in thousands ("1.2K") is -1:
  // known to be large, not exactly.
  countNear(q) {
    const words = q.words.map(this.norm);
    let best = 0;
    for (const el of document.querySelectorAll('body *')) {
      if (el.children.length || !this.shown(el)) continue;
      const t = (el.textContent || '').trim().toLowerCase();
      if (t.length > 40) continue;
      const m = t.match(/^([\d][\d,.]*)\s*([km])?\s+(.+)$/);
      if (!m || !words.includes(this.norm(m[3]))) continue;
      if (m[2]) return -1;
      const n = parseInt(m[1].replace(/[,.]/g, ''), 10);
      if (n > best) best = n;
    }
    return best;
  },
  // heading is the page's main heading and title, for telling which
  // profile a page is.
  identity() {
    const h = Array.from(document.querySelectorAll('h1, [role=heading][aria-level="1"]')).filter((el) => this.shown(el))
      .map((el) => (el.innerText || el.textContent || '').trim());
    const og = document.querySelector('meta[property="og:title"]');
    return { headings: h.slice(0, 5), title: document.title || '', og: og ? og.getAttribute('content') || '' : '',
      text: this.norm(document.body ? document.body.innerText : '').slice(0, 20000) };
  },
})
