// The LinkedIn replica's page script: "Show more results" on the
// connections list fetches the next rows from the server-driven pagination
// action and appends them; switches toggle in place.
(function () {
  const cls = JSON.parse(document.getElementById('__cls').textContent || '{}');
  const cx = (k) => cls[k] || '';
  void cx("conncard");
  function more(btn) {
    const list = document.querySelector('[data-conn-list]');
    if (!list || btn.getAttribute('aria-busy') === 'true') return;
    btn.setAttribute('aria-busy', 'true');
    const u = '/flagship-web/rsc-action/actions/pagination?sduiid=' + encodeURIComponent(btn.dataset.sduiid) + '&cursor=' + encodeURIComponent(btn.dataset.cursor);
    fetch(u, { credentials: 'same-origin' }).then((r) => r.text()).then((html) => {
      const box = document.createElement('div');
      box.innerHTML = html;
      const t = box.querySelector('template');
      if (!t) return;
      list.appendChild(t.content.cloneNode(true));
      const next = t.getAttribute('data-next');
      btn.removeAttribute('aria-busy');
      if (next) btn.dataset.cursor = next;
      else btn.parentElement.remove();
    }).catch(() => btn.removeAttribute('aria-busy'));
  }
  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-cursor]');
    if (b) more(b);
    const sw = e.target.closest('input[role=switch]');
    if (sw) sw.setAttribute('aria-checked', String(sw.checked));
  });
})();
