({
  // WhatsApp Web's own readers; the shared helpers (norm, shown, saysAny,
  // waitGrowth ...) come from the page layer beneath. Everything is found
  // by accessible name, visible text, role and aria attributes.

  // controls lists the shown controls named by one of q.names: by
  // accessible name (icon buttons carry only an aria-label) when q.by is
  // "name", by their own visible words when it is "text".
  controls(q) {
    const want = new Set((q.names || []).map(this.norm));
    const sel = 'button, [role=button], [role=tab], [role=menuitem], a[href]';
    const out = [];
    const seen = new Set();
    for (const el of document.querySelectorAll('body *')) {
      if (!this.shown(el)) continue;
      let hit = false;
      if (q.by === 'name') {
        const a = el.getAttribute('aria-label') || el.getAttribute('title') || '';
        hit = a !== '' && want.has(this.norm(a)) && el.matches(sel);
      } else if (el.children.length === 0 || Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.nodeValue.trim())) {
        hit = want.has(this.norm(el.textContent));
      }
      if (!hit) continue;
      const c = el.matches(sel) ? el : el.closest(sel);
      if (c && !seen.has(c) && this.shown(c)) { seen.add(c); out.push(c); }
    }
    return out;
  },
  // press clicks the first such control at once (the app draws the next
  // panel in place; nothing navigates) and reports whether there was one.
  press(q) {
    if (q.origin && location.origin !== q.origin) return false;
    const c = this.controls(q)[0];
    if (!c) return false;
    c.click();
    return true;
  },
  shows(q) { return this.controls(q).length > 0; },

  // appState says what the one page shows: the app (its chat list), the QR
  // code to link a device, the QR timed out, or the other-window notice.
  appState(q) {
    const named = (names) => {
      const want = new Set(names.map(this.norm));
      return Array.from(document.querySelectorAll('[aria-label]')).some((el) => want.has(this.norm(el.getAttribute('aria-label'))) && this.shown(el));
    };
    const grid = named(q.chatList);
    return {
      app: grid,
      qr: !grid && (named(q.qr) || !!document.querySelector('[data-ref]') && this.shown(document.querySelector('[data-ref]'))),
      expired: !grid && this.controls({ names: q.expired, by: 'text' }).length > 0,
      other: this.saysAny({ phrases: q.other }),
    };
  },

  grid(q) {
    const want = new Set(q.chatList.map(this.norm));
    return Array.from(document.querySelectorAll('[role=grid], [role=list], [role=listbox]')).find((el) => want.has(this.norm(el.getAttribute('aria-label') || '')) && this.shown(el));
  },
  // chatRows reads the rows the chat list holds now: each row's title (the
  // span carrying the chat's name in its title), its index in the list,
  // and the count the list declares.
  chatRows(q) {
    const g = this.grid(q);
    if (!g) return { found: false };
    const rows = [];
    for (const r of g.querySelectorAll('[role=row], [role=listitem], [role=option]')) {
      const t = r.querySelector('span[title]');
      const name = t ? t.getAttribute('title').trim() : '';
      const i = parseInt(r.getAttribute('aria-rowindex') || '0', 10);
      rows.push({ i, name });
    }
    const busy = Array.from(document.querySelectorAll('[aria-busy=true], [role=progressbar]')).some((el) => this.shown(el));
    const rc = parseInt(g.getAttribute('aria-rowcount') || '-1', 10);
    return { found: true, count: isNaN(rc) ? -1 : rc, rows, busy };
  },
  // scrollChats scrolls the chat list's own box to its end, which asks the
  // app for the next page.
  scrollChats(q) {
    const g = this.grid(q);
    if (!g) return false;
    for (let x = g; x && x !== document.body; x = x.parentElement) {
      const cs = getComputedStyle(x);
      if ((cs.overflowY === 'auto' || cs.overflowY === 'scroll') && x.scrollHeight > x.clientHeight) {
        x.scrollTop = x.scrollHeight;
        x.dispatchEvent(new Event('scroll'));
        return true;
      }
    }
    return false;
  },

  // fieldText is the text under a field's label in a drawer ("About" on
  // the profile): the first shown text after the label, within its block.
  fieldText(q) {
    const want = new Set(q.labels.map(this.norm));
    for (const el of document.querySelectorAll('body *')) {
      if (el.children.length || !this.shown(el) || !want.has(this.norm(el.textContent))) continue;
      for (let box = el.parentElement, i = 0; box && i < 3; box = box.parentElement, i++) {
        const texts = this.lines(box).filter((t) => !want.has(this.norm(t)));
        if (texts.length) return { found: true, text: texts[0] };
      }
      return { found: true, text: '' };
    }
    return { found: false, text: '' };
  },
  // statusList reads the items of the list headed or named by q.mine.
  statusList(q) {
    const want = new Set(q.mine.map(this.norm));
    const list = Array.from(document.querySelectorAll('[role=list]')).find((el) => want.has(this.norm(el.getAttribute('aria-label') || '')) && this.shown(el)) ||
      (() => {
        const h = Array.from(document.querySelectorAll('body *')).find((el) => !el.children.length && this.shown(el) && want.has(this.norm(el.textContent)));
        return h && h.parentElement ? h.parentElement.querySelector('[role=list]') : null;
      })();
    if (!list) return { found: false, items: [] };
    return { found: true, items: Array.from(list.querySelectorAll('[role=listitem]')).map((it) => this.lines(it)) };
  },
})
