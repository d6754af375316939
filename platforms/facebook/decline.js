async function (q) {
  // Declines one pending request: the card holding a link to the person's
  // profile (path and name both), and that card's own decline button. Two
  // such cards, or a card with two decline buttons, is not guessed at.
  const norm = (s) => (s || '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (location.origin !== q.origin) return { ok: false, why: 'origin', saw: location.origin };
  const shown = (el) => !!el && el.isConnected && !el.closest('[hidden],[aria-hidden="true"]') && el.getClientRects().length > 0;
  const pathOf = (a) => { try { const u = new URL(a.href, location.href); return u.pathname.replace(/\/+$/, '') + u.search; } catch (e) { return ''; } };
  const want = new Set(q.decline.map(norm));
  const buttons = (root) => Array.from(root.querySelectorAll('button, [role=button]')).filter((b) => shown(b) &&
    want.has(norm(b.getAttribute('aria-label') || b.textContent)));
  const links = Array.from(document.querySelectorAll('a[href]')).filter((a) => shown(a) && pathOf(a) === q.path && norm(a.textContent) === norm(q.name));
  const cards = new Set();
  for (const a of links) {
    let card = null;
    for (let x = a.parentElement; x && x !== document.body; x = x.parentElement) {
      const n = buttons(x).length;
      if (n === 1) { card = x; break; }
      if (n > 1) break;
    }
    if (card) cards.add(card);
  }
  if (cards.size === 0) return { ok: false, why: 'missing' };
  if (cards.size > 1) return { ok: false, why: 'twice' };
  const card = [...cards][0];
  const dialogs = () => Array.from(document.querySelectorAll('[role=dialog], [role=alertdialog]')).filter(shown);
  const before = new Set(dialogs());
  buttons(card)[0].click();
  // Wait for the page's own request to be answered.
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const d = dialogs().filter((x) => !before.has(x)).pop();
    if (d) return { ok: false, why: 'unknown', saw: (d.getAttribute('aria-label') || d.innerText || '').trim().slice(0, 80) };
    if (!card.isConnected) break;
  }
  return { ok: true };
}
