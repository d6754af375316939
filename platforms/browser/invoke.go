package browser

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"hash/fnv"
	"strconv"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// libKey prefixes the window property a document keeps page code under:
// random per process, so a page cannot plant code of its own there before
// Chaperone first sends it; once there, the property can be neither
// written nor redefined.
var libKey = func() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "__chaperone_" + hex.EncodeToString(b)
}()

// Invoke calls method of the page code lib (an expression giving an
// object; method "" calls lib itself as a function) with arg, and decodes
// what it returns (awaiting a promise). The code is sent to a tab once:
// it is kept under a key the page cannot guess, and registered to be
// defined in every later document of the tab before the document's own
// scripts run, so a call after a navigation finds it already compiled.
// Only a miss (a document the code was not defined in) sends it again.
// With fresh set, the code is sent whatever the document holds, and not
// kept: for calls that carry a secret, which must only ever run Chaperone's
// own code.
func Invoke[T any](ctx context.Context, t *Tab, step, lib, method string, arg any, fresh bool) (T, error) {
	var zero T
	a, err := json.Marshal(arg)
	if err != nil {
		return zero, err
	}
	call := func(o string) string {
		if method == "" {
			return o + "(" + string(a) + ")"
		}
		return o + "." + method + "(" + string(a) + ")"
	}
	if fresh {
		return Eval[T](ctx, t, step, call("("+lib+")"))
	}
	h := fnv.New64a()
	h.Write([]byte(lib))
	key := strconv.Quote(libKey + "_" + strconv.FormatUint(h.Sum64(), 36))
	type cached struct {
		Miss bool `json:"miss"`
		V    T    `json:"v"`
	}
	expr := `(() => { const o = Object.getOwnPropertyDescriptor(window, ` + key + `);
	if (!o) return { miss: true };
	return Promise.resolve(` + call("o.value") + `).then((v) => ({ v })); })()`
	res, err := Eval[cached](ctx, t, step, expr)
	if err != nil || !res.Miss {
		return res.V, err
	}
	define := `Object.defineProperty(window, ` + key + `, { value: (` + lib + `) })`
	t.preload(ctx, key, `try { `+define+`; } catch (e) {}`)
	return Eval[T](ctx, t, step, `(() => { `+define+`; return `+call("window["+key+"]")+`; })()`)
}

// preload registers src to run in every new document of the tab, once per
// key. A failure only costs a miss in the next document.
func (t *Tab) preload(ctx context.Context, key, src string) {
	t.mu.Lock()
	if t.preloaded == nil {
		t.preloaded = map[string]bool{}
	}
	done := t.preloaded[key]
	t.preloaded[key] = true
	t.mu.Unlock()
	if done {
		return
	}
	_ = t.Do(ctx, "preparing the page code", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}
