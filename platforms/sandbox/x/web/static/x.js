// The replica's page script: lists drawn from the JSON it fetches (GraphQL
// by operation name behind a query ID that changes every start, and one
// REST list), settings saved on click, the confirmation sheet, the account
// switcher. Class names come from the start's table, as on the real site.
(() => {
  const cfgEl = document.getElementById('__client_config');
  const cfg = cfgEl ? JSON.parse(cfgEl.textContent) : {};
  const names = cfg.classes || {};
  const cx = (k) => names[k] || '';
  const cookie = (n) => {
    const c = document.cookie.split('; ').find((x) => x.startsWith(n + '='));
    return c ? decodeURIComponent(c.slice(n.length + 1)) : '';
  };
  const tid = () => Array.from(crypto.getRandomValues(new Uint8Array(48)), (b) => b.toString(36).slice(-1)).join('');
  const headers = () => ({
    authorization: 'Bearer ' + cfg.bearer,
    'x-csrf-token': cookie('ct0'),
    'x-client-transaction-id': tid(),
    'x-twitter-active-user': 'yes',
    'x-twitter-auth-type': cookie('twid') ? 'OAuth2Session' : '',
  });
  const el = (tag, cls, attrs, kids) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const k of kids || []) e.append(k);
    return e;
  };
  const span = (t) => el('span', '', {}, [t]);

  // ---- settings ----
  const save = (key, value) => fetch('/i/api/1.1/account/settings.json', {
    method: 'POST', credentials: 'include',
    headers: Object.assign(headers(), { 'content-type': 'application/x-www-form-urlencoded' }),
    body: new URLSearchParams({ [key]: value }).toString(),
  });
  const sheet = (onConfirm, onCancel) => {
    const layers = document.getElementById('layers') || document.body;
    const box = el('div', cx('sheet'), { role: 'alertdialog', 'aria-modal': 'true', 'data-testid': 'confirmationSheetDialog' }, [
      el('div', cx('sheetin'), {}, [
        el('h1', '', { role: 'heading' }, [span('Protect your posts?')]),
        el('div', '', {}, [span('This will make them visible only to your X followers.')]),
        el('div', cx('btnfill'), { role: 'button', tabindex: '0', 'data-testid': 'confirmationSheetConfirm' }, [span('Protect')]),
        el('div', cx('btn'), { role: 'button', tabindex: '0', 'data-testid': 'confirmationSheetCancel' }, [span('Cancel')]),
      ]),
    ]);
    layers.append(box);
    box.querySelector('[data-testid=confirmationSheetConfirm]').addEventListener('click', () => { box.remove(); onConfirm(); });
    box.querySelector('[data-testid=confirmationSheetCancel]').addEventListener('click', () => { box.remove(); onCancel(); });
  };
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (!t.dataset || !t.dataset.key) return;
    if (t.type === 'radio') { save(t.dataset.key, t.value); return; }
    if (t.type !== 'checkbox') return;
    if (t.dataset.key === 'protected' && t.checked) {
      t.checked = false;
      sheet(() => { t.checked = true; save('protected', 'true'); }, () => {});
      return;
    }
    save(t.dataset.key, t.checked ? 'true' : 'false').then(() => { if (t.dataset.key === 'allow_media_tagging') location.reload(); });
  });
  document.addEventListener('click', (e) => {
    const box = e.target.closest('[role=checkbox][data-key]');
    if (box) {
      const on = !box.classList.contains(cx('ticked').split(' ')[0]);
      const apply = () => {
        for (const c of cx('ticked').split(' ')) box.classList.toggle(c, on);
        if (box.hasAttribute('aria-checked')) box.setAttribute('aria-checked', String(on));
        save(box.dataset.key, on ? 'true' : 'false');
      };
      if (box.dataset.key === 'protected' && on) sheet(apply, () => {}); else apply();
      return;
    }
    const radio = e.target.closest('[role=radio][data-key]');
    if (radio) { save(radio.dataset.key, radio.dataset.value).then(() => location.reload()); return; }
    const sw = e.target.closest('[data-testid=SideNav_AccountSwitcher_Button]');
    if (sw) { const m = sw.parentElement.querySelector('[role=menu]'); if (m) m.hidden = !m.hidden; return; }
    const item = e.target.closest('[role=menuitem][data-handle]');
    if (item) {
      fetch('/i/api/1.1/account/multi/switch.json', { method: 'POST', headers: Object.assign(headers(), { 'content-type': 'application/x-www-form-urlencoded' }), body: 'handle=' + encodeURIComponent(item.dataset.handle) })
        .then(() => location.assign('/home'));
    }
  });

  // ---- lists ----
  const list = document.querySelector('[data-list]');
  if (!list) return;
  const op = list.dataset.list;
  const userId = list.dataset.user;
  const features = { responsive_web_graphql_timeline_navigation_enabled: true, rweb_video_screen_enabled: false, verified_phone_label_enabled: false };
  const loader = el('div', cx('loader'), { role: 'progressbar', 'aria-valuemax': '100', 'aria-label': 'Loading' }, [el('div', cx('spinner'))]);
  const sentinel = el('div', cx('sentinel'));
  list.after(loader, sentinel);
  let cursor = op === 'incoming' ? '-1' : '';
  let loading = false;
  let done = false;
  let seen = 0;

  const userCell = (u, requestButtons) => {
    const href = '/' + u.screen_name;
    const body = el('div', cx('cellbody'), {}, [
      el('div', '', {}, [el('a', cx('cellname'), { href, role: 'link' }, [span(u.name)])]),
      el('div', '', {}, [el('a', cx('cellhandle'), { href, role: 'link', tabindex: '-1' }, [span('@' + u.screen_name)])]),
    ]);
    if (u.description) body.append(el('div', cx('celldesc'), { dir: 'auto' }, [span(u.description)]));
    const side = requestButtons
      ? el('div', '', {}, [el('div', cx('btnfill'), { role: 'button', tabindex: '0', 'data-accept': u.id_str }, [span('Accept')]), el('div', cx('btn'), { role: 'button', tabindex: '0', 'data-decline': u.id_str }, [span('Decline')])])
      : el('div', '', {}, [el('div', cx('btn'), { role: 'button', tabindex: '0' }, [span('Follow')])]);
    return el('div', '', { 'data-testid': 'cellInnerDiv' }, [
      el('div', cx('cell'), { role: 'button', tabindex: '0', 'data-testid': 'UserCell' }, [el('div', cx('avatar'), { 'aria-hidden': 'true' }, [u.name.slice(0, 1)]), body, side]),
    ]);
  };
  const postCell = (t) => {
    const href = '/' + list.dataset.handle + '/status/' + t.rest_id;
    const when = new Date(t.legacy.created_at);
    const text = (t.note_tweet && t.note_tweet.note_tweet_results.result.text) || t.legacy.full_text;
    return el('div', '', { 'data-testid': 'cellInnerDiv' }, [el('article', cx('post'), { role: 'article', tabindex: '0', 'data-testid': 'tweet' }, [
      el('div', cx('avatar'), { 'aria-hidden': 'true' }, [list.dataset.name.slice(0, 1)]),
      el('div', cx('cellbody'), {}, [
        el('div', cx('posthead'), { 'data-testid': 'User-Name' }, [
          el('a', cx('cellname'), { href: '/' + list.dataset.handle, role: 'link' }, [span(list.dataset.name)]),
          el('a', '', { href: '/' + list.dataset.handle, role: 'link', tabindex: '-1' }, [span('@' + list.dataset.handle)]),
          span('·'),
          el('a', '', { href, role: 'link' }, [el('time', '', { datetime: when.toISOString() }, [when.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })])]),
        ]),
        el('div', cx('posttext'), { 'data-testid': 'tweetText', lang: 'en', dir: 'auto' }, [span(text)]),
        el('div', cx('actions'), { role: 'group', 'aria-label': (t.legacy.reply_count || 0) + ' replies, ' + (t.legacy.favorite_count || 0) + ' likes' }, [span(String(t.legacy.reply_count || 0)), span(String(t.legacy.favorite_count || 0))]),
      ]),
    ])]);
  };
  const render = (json) => {
    const out = [];
    let bottom = '';
    if (op === 'incoming') {
      for (const u of json.users || []) out.push(userCell(u, true));
      bottom = json.next_cursor_str || '0';
      return { out, bottom, end: bottom === '0' };
    }
    const tl = json && json.data && json.data.user && json.data.user.result && json.data.user.result.timeline;
    const instr = tl && tl.timeline ? tl.timeline.instructions : [];
    for (const ins of instr || []) {
      const entries = ins.type === 'TimelineAddEntries' ? ins.entries : ins.type === 'TimelinePinEntry' ? [ins.entry] : [];
      for (const e of entries) {
        const c = e.content || {};
        if (c.entryType === 'TimelineTimelineCursor') { if (c.cursorType === 'Bottom') bottom = c.value; continue; }
        const ic = c.itemContent || {};
        if (ic.user_results && ic.user_results.result && ic.user_results.result.__typename === 'User') {
          const r = ic.user_results.result;
          out.push(userCell({ id_str: r.rest_id, name: r.core.name, screen_name: r.core.screen_name, description: r.legacy.description }, false));
        } else if (ic.tweet_results && ic.tweet_results.result) {
          out.push(postCell(ic.tweet_results.result));
        }
      }
    }
    return { out, bottom, end: !out.length || !bottom || bottom.startsWith('0|') };
  };
  const more = () => {
    if (loading || done) return;
    loading = true;
    loader.hidden = false;
    let url;
    if (op === 'incoming') {
      url = '/i/api/1.1/friendships/incoming.json?' + new URLSearchParams({ cursor, stringify_ids: 'true', count: '20' });
    } else {
      const vars = { userId, count: 20, includePromotedContent: false };
      if (cursor) vars.cursor = cursor;
      url = '/i/api/graphql/' + cfg.queryIds[op] + '/' + op + '?' + new URLSearchParams({ variables: JSON.stringify(vars), features: JSON.stringify(features) });
    }
    fetch(url, { credentials: 'include', headers: headers() })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
      .then((json) => {
        const { out, bottom, end } = render(json);
        list.append(...out);
        seen += out.length;
        cursor = bottom;
        if (end) {
          done = true;
          if (!seen && list.dataset.empty) list.append(el('div', cx('empty'), { 'data-testid': 'emptyState' }, [el('div', cx('emptyhead'), {}, [span(list.dataset.empty)])]));
        }
      })
      .catch(() => {
        done = true;
        list.append(el('div', cx('empty'), {}, [span('Something went wrong. Try reloading.')]));
      })
      .finally(() => {
        loading = false;
        loader.hidden = true;
        if (!done && sentinel.getBoundingClientRect().top < innerHeight + 200) setTimeout(more, 0);
      });
  };
  new IntersectionObserver((es) => { if (es.some((x) => x.isIntersecting)) more(); }).observe(sentinel);
  addEventListener('scroll', () => { if (sentinel.getBoundingClientRect().top < innerHeight + 200) more(); }, { passive: true });
  more();
})();
