function (q) {
  // Must fold text exactly as browser.Normalize does.
  const norm = (s) => (s || '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const labelSet = new Set(q.labels || []);
  const otherSet = new Set(q.others || []);
  const valueSet = new Set(q.values || []);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'OPTION', 'OPTGROUP', 'META', 'LINK']);
  const MAXTEXT = 400;

  const shown = (el) => {
    if (!el || el.nodeType !== 1) return false;
    if (el.closest('[hidden],[aria-hidden="true"]')) return false;
    if (el.getClientRects().length === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.visibility !== 'collapse';
  };
  const ownText = (el) => {
    let s = '';
    for (const n of el.childNodes) if (n.nodeType === 3) s += n.nodeValue;
    return s;
  };
  const textOf = (el) => {
    const t = el.textContent || '';
    return t.length > MAXTEXT ? null : t;
  };
  // matchName says whether el is (the innermost element carrying) a text in
  // set: by aria-label, by its whole text, or by its own text nodes.
  const matchName = (el, set) => {
    const a = el.getAttribute('aria-label');
    if (a && set.has(norm(a))) return 'aria';
    const t = textOf(el);
    if (t !== null) {
      const k = norm(t);
      if (k && set.has(k)) {
        for (const c of el.children) {
          const ct = textOf(c);
          if (ct !== null && norm(ct) === k && shown(c)) return null; // a child carries it
        }
        return 'text';
      }
    }
    const o = ownText(el);
    if (o.trim() && set.has(norm(o))) return 'text';
    return null;
  };

  const elements = Array.from(document.body ? document.body.querySelectorAll('*') : []).filter((el) => !SKIP.has(el.tagName.toUpperCase()));
  const mine = [];
  const others = [];
  for (const el of elements) {
    const m = matchName(el, labelSet);
    if (m) {
      if (shown(el)) mine.push({ el, by: m });
      continue;
    }
    if (otherSet.size && matchName(el, otherSet) && shown(el)) others.push(el);
  }
  if (!mine.length) return { found: false, reason: 'label not found' };

  const within = (a, b) => a === b || b.contains(a);
  const checkable = (el) => {
    const role = (el.getAttribute('role') || '').toLowerCase();
    return role === 'switch' || role === 'checkbox' || role === 'menuitemcheckbox' ||
      (el.tagName === 'INPUT' && (el.type === 'checkbox'));
  };
  // The words a checkbox is named by: a checkbox named "Public" is an option
  // of a list, not an on/off switch.
  const controlName = (el) => {
    let s = el.getAttribute('aria-label') || '';
    if (!s && el.labels && el.labels.length) s = el.labels[0].textContent;
    if (!s && el.tagName !== 'INPUT') s = el.textContent;
    return norm(s);
  };
  const switchState = (el) => {
    if (!q.switch || !checkable(el)) return null;
    if (valueSet.has(controlName(el))) return null;
    if (el.tagName === 'INPUT') return el.checked ? 'on' : 'off';
    const v = el.getAttribute('aria-checked');
    if (v === 'true') return 'on';
    if (v === 'false') return 'off';
    return null;
  };
  // markOf: +1 when the value is marked as the chosen one (checked, selected,
  // pressed, current), -1 when marked as not chosen, 0 when unmarked.
  const markOf = (el, stop) => {
    let x = el;
    for (let i = 0; x && i < 4; i++, x = x.parentElement) {
      for (const attr of ['aria-checked', 'aria-selected', 'aria-pressed']) {
        const v = x.getAttribute(attr);
        if (v === 'true') return 1;
        if (v === 'false') return -1;
      }
      const cur = x.getAttribute('aria-current');
      if (cur && cur !== 'false') return 1;
      if (x.tagName === 'INPUT' && (x.type === 'radio' || x.type === 'checkbox')) return x.checked ? 1 : -1;
      if (x.tagName === 'LABEL' && x.control && (x.control.type === 'radio' || x.control.type === 'checkbox')) return x.control.checked ? 1 : -1;
      if (x === stop) break;
    }
    return 0;
  };
  const valueOf = (el) => {
    if (el.tagName === 'SELECT') {
      const o = el.selectedOptions && el.selectedOptions[0];
      if (o) {
        const k = norm(o.textContent);
        if (valueSet.has(k)) return { key: k, raw: o.textContent.trim(), how: 'select', mark: 1 };
      }
      return null;
    }
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      if (el.type === 'radio' || el.type === 'checkbox' || el.type === 'password') return null;
      const k = norm(el.value);
      if (valueSet.has(k)) return { key: k, raw: el.value.trim(), how: 'input', mark: 1 };
      return null;
    }
    const t = textOf(el);
    if (t !== null) {
      const k = norm(t);
      if (k) {
        if (valueSet.has(k)) {
          for (const c of el.children) {
            const ct = textOf(c);
            if (ct !== null && norm(ct) === k && shown(c)) return null; // the child is the value
          }
          return { key: k, raw: t.trim().replace(/\s+/g, ' '), how: 'text', mark: 0 };
        }
        const o = ownText(el);
        if (o.trim() && valueSet.has(norm(o))) return { key: norm(o), raw: o.trim(), how: 'text', mark: 0 };
        return null;
      }
    }
    const a = el.getAttribute('aria-label') || el.getAttribute('title');
    if (a && valueSet.has(norm(a))) return { key: norm(a), raw: a.trim(), how: 'aria-label', mark: 0 };
    return null;
  };

  // collect lists the value candidates inside container P, outside the
  // label A and outside every other label, and (when lo/hi are set) only
  // between lo and hi in document order.
  const collect = (P, A, lo, hi, self) => {
    const out = [];
    const pool = self ? [P, ...P.querySelectorAll('*')] : P.querySelectorAll('*');
    for (const el of pool) {
      if (SKIP.has(el.tagName.toUpperCase())) continue;
      if (A && (within(el, A) || el.contains(A))) continue;
      if (others.some((o) => within(el, o) || el.contains(o))) continue;
      if (lo && !(lo.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (hi && !(hi.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)) continue;
      // A checkbox drawn by its wrapper (the real input hidden, as some sites
      // do) counts as shown when the wrapper is.
      const drawn = shown(el) || (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio') && shown(el.parentElement));
      if (!drawn) continue;
      const s = switchState(el);
      if (s) {
        out.push({ key: s, raw: s === 'on' ? 'On' : 'Off', how: 'switch', mark: 1, el });
        continue;
      }
      const v = valueOf(el);
      if (v) {
        if (!v.mark) v.mark = markOf(el, P);
        v.el = el;
        out.push(v);
      }
    }
    return out;
  };
  // decide picks the value among candidates, or reports an ambiguity.
  const decide = (cands) => {
    let c = cands.filter((x) => x.mark >= 0);
    const sw = c.filter((x) => x.how === 'switch');
    if (sw.length) c = sw;
    const sel = c.filter((x) => x.mark > 0);
    if (sel.length) c = sel;
    if (!c.length) return null;
    const keys = [...new Set(c.map((x) => x.key))];
    if (keys.length === 1) return { pick: c[0] };
    return { keys };
  };
  const rectOf = (els) => {
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (const el of els) {
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      x1 = Math.min(x1, r.left); y1 = Math.min(y1, r.top);
      x2 = Math.max(x2, r.right); y2 = Math.max(y2, r.bottom);
    }
    if (x1 === Infinity) return { X: 0, Y: 0, W: 0, H: 0 };
    return { X: x1 + window.scrollX, Y: y1 + window.scrollY, W: x2 - x1, H: y2 - y1 };
  };
  const labelText = (A) => (A.getAttribute('aria-label') || A.innerText || A.textContent || '').trim().replace(/\s+/g, ' ');
  const done = (A, pick, container) => ({
    found: true, label: labelText(A), key: pick.key, raw: pick.raw, how: pick.how,
    rect: rectOf([A, pick.el, container].filter(Boolean).slice(0, 2)),
  });

  // A control that the label names explicitly.
  const associated = (A) => {
    const chain = [A];
    const k = norm(A.textContent);
    for (let x = A.parentElement, i = 0; x && i < 3 && k && norm(x.textContent) === k; x = x.parentElement, i++) chain.push(x);
    for (const el of chain) {
      if (el.tagName === 'LABEL' && el.control) return el.control;
      if (el.id) {
        const esc = CSS.escape(el.id);
        const c = document.querySelector('[aria-labelledby~="' + esc + '"]');
        if (c) return c;
      }
    }
    const lab = A.closest('label');
    if (lab && lab.control) return lab.control;
    return null;
  };
  const fromControl = (ctrl, A) => {
    if (!shown(ctrl) && ctrl.tagName !== 'SELECT') return null;
    const s = switchState(ctrl);
    if (s) return { key: s, raw: s === 'on' ? 'On' : 'Off', how: 'switch', mark: 1, el: ctrl };
    if (ctrl.tagName === 'SELECT' || ctrl.tagName === 'INPUT') {
      const v = valueOf(ctrl);
      if (v) v.el = ctrl;
      return v;
    }
    // A group (radiogroup, listbox, a button showing the value): look inside.
    const d = decide(collect(ctrl, A === ctrl ? null : A, null, null, true));
    return d && d.pick ? d.pick : null;
  };

  // valueLike returns the first short visible text inside P (outside the
  // label A and other labels, between lo and hi), "" for a form control
  // there, or null when P shows neither: long sentences are descriptions,
  // not values.
  const valueLike = (P, A, lo, hi) => {
    const inside = (el) => {
      if (A && (within(el, A) || el.contains(A))) return false;
      if (others.some((o) => within(el, o))) return false;
      if (lo && !(lo.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
      if (hi && !(hi.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)) return false;
      return true;
    };
    const walker = document.createTreeWalker(P, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || SKIP.has(el.tagName.toUpperCase()) || !inside(el) || !shown(el)) continue;
      const t = n.nodeValue.trim().replace(/\s+/g, ' ');
      if (!t || !/[\p{L}\p{N}]/u.test(t)) continue;
      if (t.length <= 40 && t.split(' ').length <= 5) return t;
    }
    for (const el of P.querySelectorAll('input:not([type=hidden]), select, textarea, [role=switch], [role=checkbox], [role=radio], [role=combobox], [role=listbox]')) {
      if (inside(el) && shown(el)) return '';
    }
    return null;
  };

  // Words of buttons and links that sit in a setting's row beside its
  // value; anything else there is another row's text.
  const UI = new Set(['edit', 'change', 'manage', 'learn more', 'see more', 'show more', 'more', 'view', 'update', 'review', 'options', 'settings', 'help']);
  // rowSibling reports whether P holds, beside child, another complete
  // setting row: text that is not a value or a button of the row, together
  // with a value or a control. Then P is a list of rows, and the label's own
  // row is child: nothing beyond it may stand in for its value.
  const rowSibling = (P, child) => {
    for (const C of P.children) {
      if (C === child || SKIP.has(C.tagName.toUpperCase()) || !shown(C)) continue;
      let text = false, value = false;
      const walker = document.createTreeWalker(C, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && !(text && value); n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || SKIP.has(el.tagName.toUpperCase()) || !shown(el)) continue;
        const k = norm(n.nodeValue);
        if (!k || UI.has(k)) continue;
        if (valueSet.has(k)) value = true;
        else text = true;
      }
      if (text && !value) {
        value = Array.from(C.querySelectorAll('input:not([type=hidden]), select, [role=switch], [role=checkbox], [role=radio]')).some((el) => shown(el) || shown(el.parentElement));
      }
      if (text && value) return true;
    }
    return false;
  };

  const fromAnchor = (A, by) => {
    if (by === 'aria') {
      const p = fromControl(A, A);
      if (p) return done(A, p);
    }
    const ctrl = associated(A);
    if (ctrl) {
      const p = fromControl(ctrl, A);
      if (p) return done(A, p);
    }
    let child = A;
    for (let depth = 0; depth < 8; depth++) {
      const P = child.parentElement;
      if (!P || P === document.documentElement || P === document.body) break;
      if (depth > 0 && rowSibling(P, child)) {
        // child is the label's whole row, and it showed no value.
        const own = valueLike(child, A, null, null);
        return { found: true, label: labelText(A), raw: own || '', reason: own ? 'unrecognised value "' + own + '" in the setting\'s own row' : 'no value in the setting\'s own row', rect: rectOf([child]) };
      }
      // Past another setting's label, only what lies between this label and
      // the next one can be this label's value.
      const inP = others.filter((o) => P.contains(o) && !o.contains(A) && !A.contains(o));
      let lo = null, hi = null;
      if (inP.length) {
        lo = A;
        for (const o of inP) {
          if (A.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_FOLLOWING) {
            if (!hi || (o.compareDocumentPosition(hi) & Node.DOCUMENT_POSITION_FOLLOWING)) hi = o;
          }
        }
      }
      const d = decide(collect(P, A, lo, hi, false));
      if (d && d.pick) return done(A, d.pick);
      if (d && d.keys) return { found: true, label: labelText(A), reason: 'several values next to the label (' + d.keys.join(', ') + ')', rect: rectOf([P]) };
      // The label's own row ends at the first ancestor that shows something
      // value-like besides the label: a short text or a control. If none of
      // it is a value Chaperone knows, the row's value is unrecognised, and
      // nothing further up (another row, another card) may stand in for it.
      const own = valueLike(P, A, lo, hi);
      if (own !== null) {
        return { found: true, label: labelText(A), raw: own, reason: own ? 'unrecognised value "' + own + '" in the setting\'s own row' : 'no value Chaperone knows in the setting\'s own row', rect: rectOf([P]) };
      }
      if (inP.length) break;
      child = P;
    }
    return { found: true, label: labelText(A), reason: 'no value found next to the label', rect: rectOf([A]) };
  };

  const results = mine.map(({ el, by }) => fromAnchor(el, by));
  const good = results.filter((r) => r.key);
  const keys = [...new Set(good.map((r) => r.key))];
  if (keys.length > 1) return { found: true, label: good[0].label, reason: 'the label appears more than once with different values (' + keys.join(', ') + ')' };
  // A label shown twice, once with a value and once without one Chaperone
  // knows, is not read: which of the two is the setting cannot be told.
  const bad = results.find((r) => !r.key);
  if (bad && good.length) return { found: true, label: good[0].label, reason: 'the label appears more than once, and one of them shows no value Chaperone knows (' + (bad.reason || '') + ')' };
  if (keys.length === 1) return good[0];
  return results[0];
}
