package page

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"chaperone/platforms/browser"
)

// Lists on some sites (X's followers, its timelines) are drawn by the
// page's script from JSON it fetches, with signed headers that must not
// be replayed. WatchJSON keeps a copy of those responses as the page
// receives them, so an adapter reads the very data the page drew, matched
// by the operation's name in the address, never by an identifier that
// rotates (a GraphQL query ID).

// Fetched is one JSON response the page fetched.
type Fetched struct {
	// Op is the operation name it was kept for.
	Op     string `json:"op"`
	URL    string `json:"url"`
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// FetchedSet is what a tab kept since it was last asked.
type FetchedSet struct {
	Items []Fetched `json:"items"`
	// Over is set when the tab had to drop responses (too many, too
	// large): a list read from it may be incomplete.
	Over bool `json:"over"`
	// Pending counts responses still being read when the set was taken.
	Pending int `json:"pending"`
}

// Of lists the responses kept for op, in the order they arrived.
func (fs FetchedSet) Of(op string) []Fetched {
	var out []Fetched
	for _, f := range fs.Items {
		if f.Op == op {
			out = append(out, f)
		}
	}
	return out
}

// watchJS is laid into every document of the tab before the page's own
// scripts run. It wraps fetch and XMLHttpRequest, and keeps the text of
// same-origin responses whose path ends in one of the operation names.
const watchJS = `(() => {
  const ops = __OPS__;
  let store = window.__chaperoneJSON;
  if (!store) {
    store = { ops: [], items: [], over: false, bytes: 0, pending: 0 };
    Object.defineProperty(window, '__chaperoneJSON', { value: store, enumerable: false });
    const match = (raw) => {
      let u;
      try { u = new URL(raw, location.href); } catch (e) { return ''; }
      if (u.origin !== location.origin) return '';
      for (const op of store.ops) if (u.pathname === '/' + op || u.pathname.endsWith('/' + op)) return op;
      return '';
    };
    const keep = (op, url, status, text) => {
      store.pending--;
      if (typeof text !== 'string') return;
      if (store.items.length >= 1000 || store.bytes + text.length > (48 << 20)) { store.over = true; return; }
      store.bytes += text.length;
      store.items.push({ op, url, status, body: text });
    };
    const f = window.fetch;
    if (f) {
      window.fetch = function (input) {
        const p = f.apply(this, arguments);
        const raw = typeof input === 'string' ? input : (input && input.url) || String(input);
        const op = match(raw);
        if (op) {
          store.pending++;
          p.then((r) => r.clone().text().then((t) => keep(op, r.url || raw, r.status, t), () => keep(op, raw, 0, null)),
            () => keep(op, raw, 0, null));
        }
        return p;
      };
    }
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) {
      const op = match(String(url));
      if (op) {
        store.pending++;
        let done = false;
        const fin = (t) => { if (!done) { done = true; keep(op, this.responseURL || String(url), this.status, t); } };
        this.addEventListener('load', () => {
          let t = null;
          try { t = this.responseType === '' || this.responseType === 'text' ? this.responseText : JSON.stringify(this.response); } catch (e) { t = null; }
          fin(t);
        });
        this.addEventListener('error', () => fin(null));
        this.addEventListener('abort', () => fin(null));
      }
      return open.apply(this, arguments);
    };
  }
  for (const op of ops) if (!store.ops.includes(op)) store.ops.push(op);
})()`

// WatchJSON makes tab keep, from its next document on, the JSON responses
// the page fetches from its own origin whose path ends in one of ops: a
// GraphQL operation name ("Followers"), or the tail of a REST path
// ("friendships/incoming.json").
func WatchJSON(ctx context.Context, tab *browser.Tab, ops []string) error {
	for _, op := range ops {
		if op == "" || strings.HasPrefix(op, "/") {
			return fmt.Errorf("watching fetched lists: bad operation name %q", op)
		}
	}
	list, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	src := strings.Replace(watchJS, "__OPS__", string(list), 1)
	_, err = browser.Value(ctx, tab, "watching the lists the page fetches", func(ctx context.Context, t *chromedp.Target) (cdppage.ScriptIdentifier, error) {
		res, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return res.Identifier, err
	})
	return err
}

// TakeJSON returns what tab kept since it was last asked and forgets it,
// after waiting (up to wait) for responses still being read.
func TakeJSON(ctx context.Context, tab *browser.Tab, wait time.Duration) (FetchedSet, error) {
	const take = `(() => { const s = window.__chaperoneJSON;
		if (!s) return { items: [], over: false, pending: 0, absent: true };
		const out = { items: s.items, over: s.over, pending: s.pending };
		s.items = []; s.over = false; s.bytes = 0; return out; })()`
	const pending = `(() => { const s = window.__chaperoneJSON; return s ? s.pending : 0; })()`
	deadline := time.Now().Add(wait)
	for {
		n, err := browser.Eval[int](ctx, tab, "waiting for the lists the page fetches", pending)
		if err != nil {
			return FetchedSet{}, err
		}
		if n <= 0 || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return FetchedSet{}, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	type taken struct {
		FetchedSet
		Absent bool `json:"absent"`
	}
	res, err := browser.Eval[taken](ctx, tab, "reading the lists the page fetched", take)
	if err != nil {
		return FetchedSet{}, err
	}
	if res.Absent {
		return FetchedSet{}, fmt.Errorf("reading the lists the page fetched: the page was not being watched (WatchJSON before loading it)")
	}
	return res.FetchedSet, nil
}
