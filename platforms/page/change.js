async function (q) {
  // Changes one setting in its own row, as a person would: the row is found
  // from the label the reader uses, and only the control the page knowledge
  // names is operated. Anything else is reported, never answered.
  const norm = (s) => (s || '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (location.origin !== q.origin) return { ok: false, why: 'origin', saw: location.origin };
  const labelSet = new Set(q.labels);
  const otherSet = new Set(q.others);
  const valueSet = new Set(q.values);
  const uiSet = new Set(q.ui);
  const wordSet = new Set(q.words);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'OPTGROUP']);
  const shown = (el) => {
    if (!el || el.nodeType !== 1 || !el.isConnected) return false;
    if (el.closest('[hidden],[aria-hidden="true"]')) return false;
    if (el.getClientRects().length === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.visibility !== 'collapse';
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // Requests the page makes are counted, so that "calm" means the page's
  // own save has been answered, not merely that nothing moved for a while.
  if (!window.__chaperoneNet) {
    const net = { n: 0 };
    window.__chaperoneNet = net;
    const f = window.fetch;
    if (f) window.fetch = function () { net.n++; return f.apply(this, arguments).finally(() => { net.n--; }); };
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function () {
      net.n++;
      this.addEventListener('loadend', () => { net.n--; }, { once: true });
      return send.apply(this, arguments);
    };
  }
  const calm = (idle, max) => new Promise((resolve) => {
    let last = Date.now();
    const start = last;
    const obs = new MutationObserver(() => { last = Date.now(); });
    obs.observe(document.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
    const tick = () => {
      const now = Date.now();
      if ((window.__chaperoneNet.n === 0 && now - last >= idle) || now - start >= max) { obs.disconnect(); resolve(); return; }
      setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
  });
  const textOf = (el) => { const t = el.textContent || ''; return t.length > 400 ? null : t; };
  const named = (el, set) => {
    const a = el.getAttribute('aria-label');
    if (a && set.has(norm(a))) return true;
    const t = textOf(el);
    if (t === null) return false;
    const k = norm(t);
    if (!k || !set.has(k)) return false;
    for (const c of el.children) {
      const ct = textOf(c);
      if (ct !== null && norm(ct) === k && shown(c)) return false; // a child carries it
    }
    return true;
  };
  const all = Array.from(document.body.querySelectorAll('*')).filter((el) => !SKIP.has(el.tagName));
  const anchors = all.filter((el) => named(el, labelSet) && shown(el));
  const others = otherSet.size ? all.filter((el) => named(el, otherSet) && shown(el)) : [];
  if (!anchors.length) return { ok: false, why: 'label' };

  const SWITCH = '[role=switch], [role=checkbox], input[type=checkbox]';
  const FIELD = 'input:not([type=hidden]), select, ' + SWITCH + ', [role=radio]';
  const BUTTON = 'button, [role=button], a[href], input[type=submit]';
  const nameOf = (el) => el.getAttribute('aria-label') || (el.labels && el.labels.length ? el.labels[0].textContent : '') || el.textContent || el.value || '';
  const drawn = (el) => shown(el) || (el.tagName === 'INPUT' && shown(el.parentElement));
  // Another setting's row beside child: text that is not a value or a
  // button word, with a value or a control of its own.
  const rowSibling = (P, child) => {
    for (const C of P.children) {
      if (C === child || SKIP.has(C.tagName) || !shown(C)) continue;
      if (others.some((o) => C.contains(o))) return true;
      let text = false, value = false;
      const w = document.createTreeWalker(C, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n && !(text && value); n = w.nextNode()) {
        const el = n.parentElement;
        if (!el || SKIP.has(el.tagName) || !shown(el)) continue;
        const k = norm(n.nodeValue);
        if (!k || uiSet.has(k)) continue;
        if (valueSet.has(k)) value = true; else text = true;
      }
      if (text && !value) value = Array.from(C.querySelectorAll(FIELD + ', ' + BUTTON)).some(drawn);
      if (text && value) return true;
    }
    return false;
  };
  const rowOf = (A) => {
    for (let child = A, depth = 0; depth < 10; depth++) {
      const P = child.parentElement;
      if (!P || P === document.body || P === document.documentElement) break;
      if (others.some((o) => P.contains(o) && !o.contains(A) && !A.contains(o))) return child;
      if (depth > 0 && rowSibling(P, child)) return child;
      child = P;
    }
    return null;
  };
  // A label may be shown twice in one row (title and description, both
  // wordings the data knows); in two rows it is ambiguous.
  const rows = [...new Set(anchors.map(rowOf))];
  if (rows.includes(null)) return { ok: false, why: 'row' };
  if (rows.length > 1) return { ok: false, why: 'twice' };
  const row = rows[0];

  const one = (root, css, test) => {
    const list = Array.from(root.querySelectorAll(css)).filter((el) => drawn(el) && (!test || test(el)));
    return list;
  };
  const isOn = (el) => el.tagName === 'INPUT' ? el.checked : el.getAttribute('aria-checked') === 'true';
  const dialogs = () => Array.from(document.querySelectorAll('[role=dialog], [role=alertdialog], dialog[open]')).filter(shown);
  // Dialogs already open (a cookie banner) are the page's, not the change's.
  const before = new Set(dialogs());
  const fresh = () => dialogs().filter((d) => !before.has(d));
  const titleOf = (d) => {
    const ids = (d.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const t = ids.map((id) => { const e = document.getElementById(id); return e ? e.textContent : ''; }).join(' ').trim();
    if (t) return t;
    if (d.getAttribute('aria-label')) return d.getAttribute('aria-label');
    const h = d.querySelector('h1, h2, h3, [role=heading]');
    return h ? h.textContent.trim() : (d.innerText || '').trim().slice(0, 80);
  };
  const known = new Set([...q.labels, ...(q.dialogs || [])]);
  const ours = (d) => known.has(norm(titleOf(d)));
  // buttonIn finds the buttons of root named by the first of names that
  // any button has (names are in order of preference: "Done" before
  // "Close").
  const buttonIn = (root, names) => {
    for (const n of names) {
      const hit = one(root, BUTTON, (el) => norm(nameOf(el)) === n && el.getAttribute('aria-disabled') !== 'true');
      if (hit.length) return hit;
    }
    return [];
  };
  const alertIn = (root) => Array.from(root.querySelectorAll('[role=alert]')).filter(shown).map((e) => e.innerText.trim()).join(' ').slice(0, 200);

  if (q.kind === 'switch') {
    const sws = one(row, SWITCH);
    if (sws.length !== 1) return { ok: false, why: sws.length ? 'control' : 'nocontrol', saw: sws.length + ' switches in the row' };
    const sw = sws[0];
    if (isOn(sw) !== (q.want === 'on')) (sw.tagName === 'INPUT' && !shown(sw) ? sw.parentElement : sw).click();
    await calm(q.idle, q.max);
    const top = fresh().pop();
    if (top) return { ok: false, why: 'unknown', saw: titleOf(top) };
    return { ok: true };
  }
  if (q.kind === 'select') {
    const sels = one(row, 'select');
    if (sels.length !== 1) return { ok: false, why: sels.length ? 'control' : 'nocontrol', saw: sels.length + ' lists in the row' };
    const sel = sels[0];
    const opt = Array.from(sel.options).find((o) => wordSet.has(norm(o.textContent)));
    if (!opt) return { ok: false, why: 'option', saw: Array.from(sel.options).map((o) => o.textContent.trim()).join(', ') };
    sel.value = opt.value;
    sel.dispatchEvent(new Event('input', { bubbles: true }));
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    await calm(q.idle, q.max);
    const top = fresh().pop();
    if (top) return { ok: false, why: 'unknown', saw: titleOf(top) };
    return { ok: true };
  }

  // dialog or confirm: the row's own button opens a dialog.
  const opens = buttonIn(row, q.open);
  if (opens.length !== 1) return { ok: false, why: opens.length ? 'control' : 'nocontrol', saw: opens.length + ' buttons named ' + q.open[0] + ' in the row' };
  opens[0].click();
  let dlg = null;
  for (const end = Date.now() + q.max; Date.now() < end && !dlg; await sleep(50)) {
    dlg = fresh().pop() || null;
  }
  if (!dlg) return { ok: false, why: 'nodialog' };
  if (!ours(dlg)) return { ok: false, why: 'unknown', saw: titleOf(dlg) };

  if (q.kind === 'dialog') {
    if (q.sw) {
      const sws = one(dlg, SWITCH);
      if (sws.length !== 1) return { ok: false, why: 'control', saw: sws.length + ' switches in the dialog' };
      if (isOn(sws[0]) !== (q.want === 'on')) sws[0].click();
    } else {
      const radios = one(dlg, '[role=radio], input[type=radio]');
      const names = (r) => {
        const out = [nameOf(r)];
        for (const c of r.querySelectorAll('*')) out.push(c.textContent || '');
        if (r.tagName === 'INPUT' && r.labels) for (const l of r.labels) out.push(l.textContent);
        return out.map(norm);
      };
      const hits = radios.filter((r) => names(r).some((n) => wordSet.has(n)));
      if (hits.length !== 1) return { ok: false, why: 'option', saw: radios.map((r) => (r.innerText || nameOf(r)).split('\n')[0].trim()).join(', ') };
      const r = hits[0];
      const checked = r.tagName === 'INPUT' ? r.checked : r.getAttribute('aria-checked') === 'true';
      if (!checked) r.click();
    }
    await calm(q.idle, q.max);
    const top = fresh().pop();
    if (top && top !== dlg) return { ok: false, why: 'unknown', saw: titleOf(top) };
  }
  // A Save (or the confirming button) when the dialog has one; otherwise
  // the choice was saved on selection and the dialog is closed.
  let btn = buttonIn(dlg, q.kind === 'confirm' ? q.confirm : q.save);
  let saved = btn.length > 0;
  if (!saved) btn = buttonIn(dlg, q.done);
  if (btn.length !== 1) return { ok: false, why: 'control', saw: 'no ' + (q.kind === 'confirm' ? q.confirm[0] : q.save[0]) + ' or ' + q.done[0] + ' button in the dialog' };
  btn[0].click();
  for (const end = Date.now() + q.max; Date.now() < end; await sleep(50)) {
    await calm(q.idle, q.max);
    const top = fresh().pop();
    if (!top || !dlg.isConnected || !shown(dlg)) {
      if (top) return { ok: false, why: 'unknown', saw: titleOf(top) };
      return { ok: true, saved };
    }
    if (top !== dlg) return { ok: false, why: 'unknown', saw: titleOf(top) };
    const a = alertIn(dlg);
    if (a) return { ok: false, why: 'alert', saw: a };
  }
  return { ok: false, why: 'stuck', saw: titleOf(dlg) };
}
