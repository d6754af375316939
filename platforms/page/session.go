package page

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

//go:embed page.js
var kitJS string

// Session is one account being read: its logged-in tab (and, once asked
// for, a cookie-less tab for the public view), bound to the account's
// origin, and the snapshot and coverage being filled.
type Session struct {
	Site *Site
	Acct platforms.Account
	Opts platforms.Options
	// Snap and Cov are what the audit has read so far.
	Snap *audit.Snapshot
	Cov  *audit.Coverage

	b   *browser.Browser
	tab *browser.Tab
	pub *browser.Tab
	// pubReady is closed once a tab PreparePublic opens is in pubNext (or
	// failed with pubErr).
	pubReady chan struct{}
	pubNext  *browser.Tab
	pubErr   error
	// js is the adapter's own page code, laid over the kit's.
	js string
	// in is set once a page was read logged in, so that a login wall
	// after it means the session ended rather than never existed.
	in bool
}

// Start opens the account's tab. acct.Origin must be a valid account
// origin (https, or http on this computer); empty means the real site.
// js is the adapter's own page code (an object literal; may be "").
func Start(ctx context.Context, b *browser.Browser, site *Site, acct platforms.Account, opts platforms.Options, js string) (*Session, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if acct.Origin == "" {
		acct.Origin = site.Origin
	}
	now := opts.Now().UTC()
	s := &Session{Site: site, Acct: acct, Opts: opts, b: b, js: js, Snap: audit.NewSnapshot(now)}
	s.Cov = &audit.Coverage{
		Platform: site.Platform, Account: acct.User, BaseURL: acct.Origin,
		Source: audit.SourceSettings, Started: now, Missing: map[string]string{},
	}
	if err := platforms.CheckOrigin(acct.Origin); err != nil {
		return s, fmt.Errorf("%w: %v", platforms.ErrOtherOrigin, err)
	}
	tab, err := b.NewTab()
	if err != nil {
		return s, err
	}
	s.tab = tab
	if err := tab.SkipImages(ctx); err != nil {
		return s, err
	}
	return s, nil
}

// Tab is the logged-in tab.
func (s *Session) Tab() *browser.Tab { return s.tab }

// Now is the session's clock.
func (s *Session) Now() time.Time { return s.Opts.Now().UTC() }

// Progress reports a step.
func (s *Session) Progress(step string, f float64) {
	if s.Opts.Progress != nil {
		s.Opts.Progress(step, f)
	}
}

// Missing records why a fact was not read (the first reason wins).
func (s *Session) Missing(id, why string) {
	if _, ok := s.Cov.Missing[id]; !ok {
		s.Cov.Missing[id] = why
	}
}

// Set records a fact that was read, stamped now.
func (s *Session) Set(f audit.Fact) {
	if f.At.IsZero() {
		f.At = s.Now()
	}
	delete(s.Cov.Missing, f.ID)
	s.Snap.SetFact(f)
}

// Finish closes the tabs and returns the snapshot with its coverage. With
// err set, the network was not read: the coverage says why, and every
// fact in ids not yet read is missing for that reason.
func (s *Session) Finish(err error, ids []string) (*audit.Snapshot, error) {
	if s.pubReady != nil {
		// A tab prepared and never used is closed like the others (one
		// that failed to open leaves s.pub nil).
		_, _ = s.PublicTab()
	}
	for _, t := range []*browser.Tab{s.tab, s.pub} {
		if t != nil {
			s.Cov.Pages = append(s.Cov.Pages, t.Pages()...)
			t.Close()
		}
	}
	s.tab, s.pub = nil, nil
	if err != nil {
		s.Cov.Error = err.Error()
		s.Cov.Problem = platforms.ProblemOf(err)
		for _, id := range ids {
			if _, ok := s.Snap.Facts[id]; !ok {
				s.Missing(id, err.Error())
			}
		}
	}
	if len(s.Cov.Missing) == 0 {
		s.Cov.Missing = nil
	}
	s.Cov.Finished = s.Now()
	s.Snap.Coverage = append(s.Snap.Coverage, *s.Cov)
	return s.Snap, err
}

// Origins are the origins the account's pages may come from: its own, and
// the site's related ones (a sandbox serves those under its own origin).
func (s *Session) Origins() []string {
	out := []string{s.Acct.Origin}
	if s.Acct.Origin == s.Site.Origin {
		for _, o := range s.Site.Related {
			out = append(out, o)
		}
	}
	return out
}

// URL is the absolute address of a path on the account's site. A path
// "@name/rest" is on the related origin name (on a sandbox, under
// "/name/rest" of the account's own origin).
func (s *Session) URL(path string) string {
	if rest, ok := strings.CutPrefix(path, "@"); ok {
		name, p, _ := strings.Cut(rest, "/")
		if o, known := s.Site.Related[name]; known && s.Acct.Origin == s.Site.Origin {
			return o + "/" + p
		}
		return s.Acct.Origin + "/" + name + "/" + p
	}
	return s.Acct.Origin + path
}

// PageURL is the address of a named page of the site.
func (s *Session) PageURL(name string) string { return s.URL(s.Site.Pages[name]) }

// ownOrigin reports whether a document is from the account's site.
func (s *Session) ownOrigin(raw string) bool {
	o := platforms.Origin(raw)
	for _, want := range s.Origins() {
		if o == want {
			return true
		}
	}
	return false
}

// otherOrigin is the error for a document served from somewhere else.
func (s *Session) otherOrigin(raw string) error {
	host := raw
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		host = u.Host
	}
	return &platforms.OriginError{What: "the page came from " + host, Site: s.Acct.Origin}
}

// PageError is a problem with one page that leaves the rest of the
// network readable: the facts of that page are missing, the audit goes on.
type PageError struct{ Reason string }

func (e *PageError) Error() string { return e.Reason }

// IsPageError reports whether err concerns one page only.
func IsPageError(err error) bool {
	var pe *PageError
	return errors.As(err, &pe)
}

// Open loads a path of the site in the logged-in tab and checks what came
// back: a document from another origin is refused (nothing is read from
// it, and the network stops); a login wall is answered with the stored
// credentials, then the path is loaded again; a server error stops the
// network; a missing page or one in a language the labels are not in is a
// PageError. It returns the document that was loaded.
func (s *Session) Open(ctx context.Context, path string) (browser.Doc, error) {
	var after *browser.Doc // where the login left the tab
	for attempt := 0; ; attempt++ {
		var doc browser.Doc
		var err error
		if after != nil && samePath(after.URL, s.URL(path)) {
			// The site sent the tab back to the page asked for: it is
			// checked as if loaded, not loaded twice.
			doc = *after
		} else {
			doc, err = s.tab.Load(ctx, s.URL(path))
		}
		if err != nil {
			return doc, err
		}
		if !s.ownOrigin(doc.URL) {
			return doc, s.otherOrigin(doc.URL)
		}
		wall, err := s.walled(ctx, doc)
		if err != nil {
			return doc, err
		}
		if wall {
			if attempt > 0 {
				return doc, fmt.Errorf("%w: still asked to log in after logging in", platforms.ErrLoginFailed)
			}
			if err := s.logIn(ctx); err != nil {
				return doc, err
			}
			after = s.landed(ctx)
			continue
		}
		if err := s.checkDoc(doc); err != nil {
			return doc, err
		}
		s.in = true
		return doc, nil
	}
}

// landed is the document a login left the tab on, when it is a whole
// page worth checking where it is (loaded, a success, in a known
// language); nil means load the page again.
func (s *Session) landed(ctx context.Context) *browser.Doc {
	if err := s.tab.WaitFor(ctx, "waiting for the page", `document.readyState === 'complete'`); err != nil {
		return nil
	}
	d, err := s.tab.Describe(ctx)
	if err != nil || d.Status < 200 || d.Status >= 300 || !s.Site.KnowsLanguage(d.Lang) {
		return nil
	}
	return &d
}

// walled reports whether the tab shows the site's login wall: its login or
// checkpoint address, or a password form with the site's wall words.
func (s *Session) walled(ctx context.Context, doc browser.Doc) (bool, error) {
	if s.Site.IsWall(doc.URL) {
		return true, nil
	}
	if len(s.Site.Login.WallPhrases) == 0 {
		return false, nil
	}
	says, err := Call[bool](ctx, s, s.tab, "looking for a login wall", "saysAny", map[string]any{"phrases": s.Site.Login.WallPhrases})
	if err != nil || !says {
		return false, err
	}
	return true, nil
}

// checkDoc turns what a document says of itself into an error: server
// errors stop the network; a missing page or another language is a
// PageError.
func (s *Session) checkDoc(doc browser.Doc) error {
	switch {
	case doc.Status >= 500:
		return fmt.Errorf("%w (HTTP %d at %s)", platforms.ErrServerError, doc.Status, doc.URL)
	case doc.Status == 404 || doc.Status == 410:
		return &PageError{fmt.Sprintf("the page %s was not found (HTTP %d): it may have moved", doc.URL, doc.Status)}
	case doc.Status >= 400:
		return &PageError{fmt.Sprintf("the site refused the page %s (HTTP %d)", doc.URL, doc.Status)}
	case !s.Site.KnowsLanguage(doc.Lang):
		lang := doc.Lang
		if lang == "" {
			lang = "no declared language"
		}
		return &PageError{fmt.Sprintf("the page %s is in %s, and Chaperone only knows its %s labels; set the account's language to English to audit it", doc.URL, lang, strings.Join(s.Site.Languages, "/"))}
	}
	return nil
}

// Call runs one function of the page code (the adapter's, over the kit's)
// in tab and decodes its result. The code is compiled once per document
// (see browser.Invoke), except for typing into a field: a value typed may
// be a secret, and only code sent with it types it.
func Call[T any](ctx context.Context, s *Session, tab *browser.Tab, step, fn string, arg any) (T, error) {
	obj := "(" + kitJS + ")"
	if s != nil && s.js != "" {
		obj = "Object.assign(Object.create(" + obj + "), (" + s.js + "))"
	}
	return browser.Invoke[T](ctx, tab, step, obj, fn, arg, fn == "fill")
}

// Screenshot keeps a PNG of region r of tab, sealed, as the evidence of
// fact id, and returns its path; "" when evidence is not kept or the shot
// failed (a missing screenshot does not make a fact unread). Nothing is
// written in clear.
func (s *Session) Screenshot(ctx context.Context, tab *browser.Tab, r browser.Rect, id string) string {
	if s.Opts.Evidence == nil {
		return ""
	}
	png, err := tab.Capture(ctx, r)
	if err != nil {
		return ""
	}
	path, err := s.Opts.Evidence.Keep(s.Site.Platform, id, png)
	if err != nil {
		return ""
	}
	return path
}

// Settle waits, briefly, until the page is not busy and shows one of
// labels: pages that draw their rows from an API after the load.
func (s *Session) Settle(ctx context.Context, tab *browser.Tab, labels []string) {
	norm := make([]string, 0, len(labels))
	for _, l := range labels {
		norm = append(norm, browser.Normalize(l))
	}
	arg, _ := json.Marshal(norm)
	expr := `(() => { const P = ` + kitJS + `; const want = ` + string(arg) + `;
		const busy = Array.from(document.querySelectorAll('[aria-busy=true]')).some((e) => P.shown(e));
		const text = P.norm(document.body ? document.body.innerText : '');
		return !busy && want.some((w) => text.includes(w)); })()`
	wctx, cancel := context.WithTimeout(ctx, min(s.b.StepTimeout(), 5*time.Second))
	defer cancel()
	_ = tab.WaitFor(wctx, "waiting for the page to show its settings", expr)
}

// LoggedIn reports whether tab shows a live session of the site at the
// account's origin: off the login and checkpoint pages, with every session
// cookie the site sets after a login. The interactive login waits for it.
func LoggedIn(ctx context.Context, tab *browser.Tab, site *Site, acct platforms.Account) (bool, error) {
	origin := acct.Origin
	if origin == "" {
		origin = site.Origin
	}
	loc, err := tab.Location(ctx)
	if err != nil {
		return false, err
	}
	if platforms.Origin(loc) != origin || site.IsWall(loc) {
		return false, nil
	}
	cookies, err := tab.Cookies(ctx, origin+"/")
	if err != nil {
		return false, err
	}
	var names []string
	for _, ck := range cookies {
		names = append(names, ck.Name)
	}
	return site.HasSession(names), nil
}
