package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"chaperone/audit"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
)

// StepError says which step of an audit failed and why.
type StepError struct {
	Step    string
	Timeout time.Duration // set when the step ran out of time
	Err     error
}

func (e *StepError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("%s: timed out after %s", e.Step, e.Timeout)
	}
	return fmt.Sprintf("%s: %v", e.Step, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// Step runs actions on the tab of ctx under their own timeout and names the
// step in any error. A timeout leaves the tab and the browser usable.
func Step(ctx context.Context, name string, timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) error {
	_, err := StepValue(ctx, name, timeout, chromedp.Steps(actions...))
	return err
}

// StepValue is Step for an action that returns a value.
func StepValue[T any](ctx context.Context, name string, timeout time.Duration, action chromedp.Action[T]) (T, error) {
	if timeout <= 0 {
		timeout = DefaultStepTimeout
	}
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v, err := chromedp.Run(sctx, action)
	if err != nil {
		se := &StepError{Step: name, Err: err}
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			se.Timeout = timeout
		}
		return v, se
	}
	return v, nil
}

// Tab is one browser tab: a platform's logged-in tab, or a private
// (cookie-less) tab for the public view.
type Tab struct {
	b       *Browser
	ctx     context.Context
	cancel  context.CancelFunc
	private bool

	mu    sync.Mutex
	pages []audit.Page
	seen  map[string]int
	// preloaded are the page code keys defined in every new document.
	preloaded map[string]bool
}

// NewTab opens a tab that shares the browser profile (and so its session
// cookies).
func (b *Browser) NewTab() (*Tab, error) { return b.newTab(false) }

// NewPrivateTab opens a tab in a fresh, empty browser context (like an
// incognito window): no cookies, no storage, nothing shared with the profile.
// It is how the audit sees what a logged-out stranger sees.
func (b *Browser) NewPrivateTab() (*Tab, error) { return b.newTab(true) }

func (b *Browser) newTab(private bool) (*Tab, error) {
	t := &Tab{b: b, private: private, seen: map[string]int{}}
	opts := []chromedp.ContextOption{chromedp.WithListener(t.observe)}
	if private {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	t.ctx, t.cancel = chromedp.NewContext(b.ctx, opts...)
	// The first run binds the tab's life to the context it is given, so it
	// must be the tab's own context; the timer stands in for a step timeout.
	timer := time.AfterFunc(b.opts.StepTimeout, t.cancel)
	err := chromedp.Do(t.ctx)
	if !timer.Stop() {
		err = &StepError{Step: "opening a browser tab", Timeout: b.opts.StepTimeout, Err: context.DeadlineExceeded}
	}
	if err != nil {
		t.cancel()
		var se *StepError
		if !errors.As(err, &se) {
			err = &StepError{Step: "opening a browser tab", Err: err}
		}
		return nil, err
	}
	return t, nil
}

// Close closes the tab (and a private tab's browser context).
func (t *Tab) Close() { t.cancel() }

// Private reports whether the tab is cookie-less.
func (t *Tab) Private() bool { return t.private }

// observe records every document the tab loads, redirects included. It runs
// on the tab's event loop, so it only appends.
func (t *Tab) observe(ev any) {
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		// SkipImages: answer with an empty picture, off the event loop.
		go func() {
			_, _ = chromedp.Run(t.ctx, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
				_, err := cdp.Call(ctx, tt, fetch.FulfillRequest, fetch.FulfillRequestParams{
					RequestID: ev.RequestID, ResponseCode: 200, Body: blankGIF,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "image/gif"}},
				})
				return err
			}))
		}()
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument && ev.Response != nil {
			t.record(ev.Response)
		}
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument && ev.RedirectResponse != nil {
			t.record(ev.RedirectResponse)
		}
	}
}

func (t *Tab) record(r *network.Response) {
	p, ok := ClassifyPage(r.URL, r.SecurityState, r.SecurityDetails != nil)
	if !ok {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if i, dup := t.seen[p.URL]; dup {
		// Keep the worst verdict seen for a URL.
		if t.pages[i].Secure && !p.Secure {
			t.pages[i] = p
		}
		return
	}
	t.seen[p.URL] = len(t.pages)
	t.pages = append(t.pages, p)
}

// blankGIF is a 1x1 transparent picture.
var blankGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// SkipImages makes the tab answer every picture it asks for with an empty
// one, without fetching it: the audit reads text, labels and the
// pictures' descriptions, never their pixels, and a profile's photos and
// a friends list's faces are most of what its pages weigh.
func (t *Tab) SkipImages(ctx context.Context) error {
	return t.Do(ctx, "setting the tab up", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{ResourceType: network.ResourceTypeImage}}})
		return err
	}))
}

// Pages lists every page the tab loaded, in order, each once.
func (t *Tab) Pages() []audit.Page {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]audit.Page(nil), t.pages...)
}

// ClassifyPage decides whether a visited page counts as secure: https with a
// certificate Chromium accepted. Plain http on a loopback address is the
// local sandbox and says so. ok is false for non-network URLs (about:,
// data:), which are not pages of a platform.
func ClassifyPage(rawURL string, state security.State, hasCert bool) (p audit.Page, ok bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return audit.Page{}, false
	}
	p.URL = rawURL
	switch strings.ToLower(u.Scheme) {
	case "https":
		if state == security.StateSecure && hasCert {
			p.Secure = true
		} else {
			p.Why = "https without a valid certificate (security state " + string(state) + ")"
		}
	case "http":
		if IsLoopback(u.Hostname()) {
			p.Why = "loopback"
		} else {
			p.Why = "plain http"
		}
	default:
		return audit.Page{}, false
	}
	return p, true
}

// IsLoopback reports whether host is this computer.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Ctx is the tab's chromedp context combined with the caller's ctx: actions
// run on the tab and stop when either ends.
func (t *Tab) Ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(t.ctx)
	stop := context.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

// Do runs a named step on the tab under the browser's step timeout.
func (t *Tab) Do(ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) error {
	c, cancel := t.Ctx(ctx)
	defer cancel()
	return Step(c, name, t.b.opts.StepTimeout, actions...)
}

// Value runs a named step that returns a value.
func Value[T any](ctx context.Context, t *Tab, name string, action chromedp.Action[T]) (T, error) {
	c, cancel := t.Ctx(ctx)
	defer cancel()
	return StepValue(c, name, t.b.opts.StepTimeout, action)
}

// ErrUnreachable means the browser could not reach the site at all (no
// connection, refused, name not found).
var ErrUnreachable = errors.New("the site could not be reached")

// Navigate loads rawURL, waits for the load event and returns the URL the
// tab ended on (after redirects).
func (t *Tab) Navigate(ctx context.Context, rawURL string) (string, error) {
	if err := t.navigate(ctx, rawURL); err != nil {
		return "", err
	}
	return t.Location(ctx)
}

func (t *Tab) navigate(ctx context.Context, rawURL string) error {
	err := t.Do(ctx, "opening "+rawURL, chromedp.Navigate(rawURL))
	var se *StepError
	if errors.As(err, &se) && netError(se.Err) != "" {
		se.Err = fmt.Errorf("%w (%s)", ErrUnreachable, netError(se.Err))
	}
	return err
}

// netError is Chromium's network error code in err ("ERR_CONNECTION_REFUSED"),
// or "" when err is not a network failure.
func netError(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	i := strings.Index(msg, "net::ERR_")
	if i < 0 {
		return ""
	}
	code := msg[i+len("net::"):]
	if j := strings.IndexFunc(code, func(r rune) bool { return r != '_' && (r < 'A' || r > 'Z') }); j >= 0 {
		code = code[:j]
	}
	switch code {
	case "ERR_ABORTED", "ERR_BLOCKED_BY_CLIENT", "ERR_BLOCKED_BY_RESPONSE":
		return "" // the page itself, not the network
	}
	return code
}

// Load loads rawURL as Navigate does and describes the document the tab
// ended on, in one step fewer than Navigate and Describe.
func (t *Tab) Load(ctx context.Context, rawURL string) (Doc, error) {
	if err := t.navigate(ctx, rawURL); err != nil {
		return Doc{}, err
	}
	return t.Describe(ctx)
}

// Location is the URL the tab shows now.
func (t *Tab) Location(ctx context.Context) (string, error) {
	return Value(ctx, t, "reading the page address", chromedp.Location())
}

// Eval evaluates a JavaScript expression in the page and decodes its result.
func Eval[T any](ctx context.Context, t *Tab, name, expr string) (T, error) {
	return Value(ctx, t, name, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// WaitFor waits until a JavaScript expression is truthy or the step times
// out. The page watches for it itself (on DOM changes, its ready state and
// a short timer) and answers the moment it holds, so no time is lost to
// polling from Go; a navigation in the middle (a form that was just
// submitted) cuts the watch short, and it starts again in the new document.
func (t *Tab) WaitFor(ctx context.Context, name, expr string) error {
	timeout := t.b.opts.StepTimeout
	deadline := time.Now().Add(timeout)
	var last error
	for {
		slice := min(time.Until(deadline), waitSlice)
		ok, err := Value(ctx, t, name, chromedp.Evaluate[bool](watchExpr(expr, slice), chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return nil
		}
		if err != nil {
			last = err
		}
		if ctx.Err() != nil {
			return &StepError{Step: name, Err: ctx.Err()}
		}
		if time.Now().After(deadline) {
			if last == nil {
				last = context.DeadlineExceeded
			}
			return &StepError{Step: name, Timeout: timeout, Err: last}
		}
		if err != nil {
			// The document went away under the watch: give the next one
			// a moment to exist.
			select {
			case <-ctx.Done():
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}

// waitSlice bounds one watch in the page, so that a document that never
// fires an event is looked at again.
const waitSlice = time.Second

// watchExpr is a promise that resolves true as soon as expr holds in the
// page, or false after d.
func watchExpr(expr string, d time.Duration) string {
	return `new Promise((resolve) => {
	const ok = () => { try { return !!(` + expr + `); } catch (e) { return false; } };
	if (ok()) { resolve(true); return; }
	let settled = false;
	const obs = new MutationObserver(() => check());
	const iv = setInterval(() => check(), 25);
	const cap = setTimeout(() => finish(ok()), ` + fmt.Sprint(max(d.Milliseconds(), 1)) + `);
	function finish(v) {
		if (settled) return;
		settled = true;
		obs.disconnect(); clearInterval(iv); clearTimeout(cap);
		document.removeEventListener('readystatechange', check);
		resolve(v);
	}
	function check() { if (ok()) finish(true); }
	obs.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
	document.addEventListener('readystatechange', check);
})`
}

// Cookies returns the cookies the browser would send to rawURL.
func (t *Tab) Cookies(ctx context.Context, rawURL string) ([]*network.Cookie, error) {
	return Value(ctx, t, "reading cookies", func(ctx context.Context, tt *chromedp.Target) ([]*network.Cookie, error) {
		res, err := cdp.Call(ctx, tt, network.GetCookies, network.GetCookiesParams{URLs: []string{rawURL}})
		return res.Cookies, err
	})
}

// ClearCookies deletes every cookie of the tab's browser context.
func (t *Tab) ClearCookies(ctx context.Context) error {
	return t.Do(ctx, "clearing cookies", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
}

// Rect is a region of the page in CSS pixels, relative to the document.
type Rect struct {
	X, Y, W, H float64
}

// Capture returns a PNG of the region r of the page (padded a little, so
// the label and its value are both in it); a zero rect captures the visible
// page. It writes nothing to disk: a screenshot may show other people's
// names, and is kept only sealed (see audit/evidence).
func (t *Tab) Capture(ctx context.Context, r Rect) ([]byte, error) {
	var clip *page.Viewport
	if r.W > 0 && r.H > 0 {
		const pad = 8
		x, y := r.X-pad, r.Y-pad
		if x < 0 {
			x = 0
		}
		if y < 0 {
			y = 0
		}
		clip = &page.Viewport{X: x, Y: y, Width: r.W + 2*pad, Height: r.H + 2*pad, Scale: 1}
	}
	return Value(ctx, t, "taking a screenshot", func(ctx context.Context, tt *chromedp.Target) ([]byte, error) {
		beyond := clip != nil
		res, err := cdp.Call(ctx, tt, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  clip,
			CaptureBeyondViewport: &beyond,
		})
		return res.Data, err
	})
}

// Doc is what a loaded document says of itself: where it is, the HTTP
// status it was served with, its language and title.
type Doc struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Lang   string `json:"lang"`
	Title  string `json:"title"`
}

// Describe reads the document the tab shows now. Status is 0 when the
// browser does not know it (a document written by script).
func (t *Tab) Describe(ctx context.Context) (Doc, error) {
	return Eval[Doc](ctx, t, "reading the page", `(() => {
		const nav = performance.getEntriesByType('navigation')[0];
		return { url: location.href, status: (nav && nav.responseStatus) || 0,
			lang: (document.documentElement && document.documentElement.lang) || '', title: document.title || '' };
	})()`)
}
