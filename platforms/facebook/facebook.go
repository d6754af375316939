// Package facebook reads a doctor's Facebook account through the browser:
// the privacy, tagging and security settings, the sessions, the friends list,
// pending requests, posts, and the profile as a logged-out stranger sees it.
//
// Labels, value words and paths come from assets/platforms/facebook.json.
// Every value is read next to its label by text or accessible name; a label
// that cannot be found leaves the fact absent with the reason in
// Coverage.Missing, never a guess.
package facebook

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
)

// ErrLoginRequired means the saved session has expired (or never existed)
// and the adapter has no password to log in again.
var ErrLoginRequired = errors.New("facebook: not logged in and no stored password: log in to Facebook from Chaperone first")

// ErrLoginFailed means the adapter tried to log in and the site refused.
var ErrLoginFailed = errors.New("facebook: login failed")

// ErrPasswordRefused and ErrTwoFactor say which step of a login failed.
var (
	ErrPasswordRefused = fmt.Errorf("%w: the password was refused", ErrLoginFailed)
	ErrTwoFactor       = fmt.Errorf("%w: the two-factor step could not be answered", ErrLoginFailed)
)

// Credentials gives the password and authenticator secret of an account.
type Credentials interface {
	Login(ctx context.Context, p audit.Platform, user string) (password, totpSecret string, err error)
}

// Options configure one audit of one Facebook account.
type Options struct {
	// BaseURL is the site; "" is the real Facebook.
	BaseURL string
	// User is the login name (email or phone) of the account.
	User string
	// Credentials may be nil; then an expired session is ErrLoginRequired.
	Credentials Credentials
	// EvidenceDir, when set, receives a PNG of where each fact was read.
	EvidenceDir string
	// Progress is told what the adapter is doing (fraction 0..1).
	Progress func(step string, fraction float64)
	// Now stamps facts; nil is time.Now.
	Now func() time.Time
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

//go:embed page.js
var pageJS string

// call runs one of page.js's functions in the tab.
func call[T any](ctx context.Context, tab *browser.Tab, step, fn string, arg any) (T, error) {
	a, err := json.Marshal(arg)
	if err != nil {
		var zero T
		return zero, err
	}
	return browser.Eval[T](ctx, tab, step, "("+pageJS+")."+fn+"("+string(a)+")")
}

type auditor struct {
	o    Options
	c    *Config
	b    *browser.Browser
	base string
	snap *audit.Snapshot
	cov  *audit.Coverage
	tab  *browser.Tab
	priv *browser.Tab
}

// Audit reads everything it can from the account. The snapshot it returns
// always carries the platform's Coverage (with Error set when the platform
// could not be read); facts that were read are kept even then.
func Audit(ctx context.Context, b *browser.Browser, o Options) (*audit.Snapshot, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	c := o.Config
	if c == nil {
		var err error
		if c, err = LoadConfig(); err != nil {
			return nil, err
		}
	}
	base := strings.TrimRight(o.BaseURL, "/")
	if base == "" {
		base = strings.TrimRight(c.BaseURL, "/")
	}
	now := o.Now()
	a := &auditor{o: o, c: c, b: b, base: base, snap: audit.NewSnapshot(now)}
	a.cov = &audit.Coverage{
		Platform: audit.Facebook, Account: o.User, BaseURL: base,
		Source: audit.SourceSettings, Started: now.UTC(), Missing: map[string]string{},
	}
	err := a.run(ctx)
	if a.tab != nil {
		a.cov.Pages = append(a.cov.Pages, a.tab.Pages()...)
		a.tab.Close()
	}
	if a.priv != nil {
		a.cov.Pages = append(a.cov.Pages, a.priv.Pages()...)
		a.priv.Close()
	}
	if err != nil {
		a.cov.Error = err.Error()
		// Whatever was not read is missing for the same reason.
		for _, id := range a.allFactIDs() {
			if _, ok := a.snap.Facts[id]; !ok {
				if _, ok := a.cov.Missing[id]; !ok {
					a.cov.Missing[id] = err.Error()
				}
			}
		}
	}
	if len(a.cov.Missing) == 0 {
		a.cov.Missing = nil
	}
	a.cov.Finished = o.Now().UTC()
	a.snap.Coverage = append(a.snap.Coverage, *a.cov)
	return a.snap, err
}

// Public-view fact IDs.
const (
	factPublicFriends   = "facebook.public_view.friends_list"
	factPublicPosts     = "facebook.public_view.posts"
	factPublicWorkplace = "facebook.public_view.workplace"
	factPublicPhotos    = "facebook.public_view.photos"
	factPublicHometown  = "facebook.public_view.hometown"
)

// factConnections is the number of friends read from the friends list.
const factConnections = "facebook.connections"

var publicFacts = []string{factPublicFriends, factPublicPosts, factPublicWorkplace, factPublicPhotos, factPublicHometown}

func (a *auditor) allFactIDs() []string {
	var ids []string
	for _, f := range a.c.Facts {
		ids = append(ids, f.ID)
	}
	ids = append(ids, a.c.Sessions.ID, factConnections)
	if a.c.Requests.ID != "" {
		ids = append(ids, a.c.Requests.ID)
	}
	return append(ids, publicFacts...)
}

func (a *auditor) progress(step string, f float64) {
	if a.o.Progress != nil {
		a.o.Progress(step, f)
	}
}

func (a *auditor) run(ctx context.Context) error {
	tab, err := a.b.NewTab()
	if err != nil {
		return err
	}
	a.tab = tab

	// Settings, page by page, in the order the configuration lists them.
	var order []string
	for _, f := range a.c.Facts {
		if !contains(order, f.Page) {
			order = append(order, f.Page)
		}
	}
	if !contains(order, a.c.Sessions.Page) {
		order = append(order, a.c.Sessions.Page)
	}
	steps := float64(len(order) + 5)
	for i, page := range order {
		a.progress("Reading "+strings.ReplaceAll(page, "_", " ")+" settings", float64(i)/steps)
		if err := a.readSettingsPage(ctx, page); err != nil {
			return err
		}
	}

	n := float64(len(order))
	a.progress("Finding your profile", n/steps)
	profile, err := a.profileURL(ctx)
	if err != nil {
		for _, id := range publicFacts {
			a.cov.Missing[id] = err.Error()
		}
		return nil
	}
	a.cov.Profile = profile

	a.progress("Reading your posts", (n+1)/steps)
	posts, err := a.readPosts(ctx, a.tab, profile, audit.SourceSettings)
	if err != nil {
		return err
	}

	a.progress("Reading your friends list", (n+2)/steps)
	if err := a.readFriends(ctx, profile); err != nil {
		return err
	}
	a.progress("Reading friend requests", (n+3)/steps)
	if err := a.readRequests(ctx); err != nil {
		return err
	}

	a.progress("Looking at your profile as a stranger", (n+4)/steps)
	public, err := a.readPublicView(ctx, profile)
	if err != nil {
		return err
	}
	a.snap.Posts = mergePosts(posts, public)
	a.progress("Done", 1)
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (a *auditor) isWall(raw string) bool { return a.c.IsWall(raw) }

// IsWall reports whether a URL is the login form or its second factor.
func (c *Config) IsWall(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	p := strings.TrimRight(u.Path, "/")
	for _, w := range c.Login.Walls {
		w = strings.TrimRight(w, "/")
		if p == w || strings.HasPrefix(p, w+"/") {
			return true
		}
	}
	return false
}

// open navigates the logged-in tab, logging in again when the site asks.
func (a *auditor) open(ctx context.Context, rawURL string) (string, error) {
	loc, err := a.tab.Navigate(ctx, rawURL)
	if err != nil {
		return "", err
	}
	if !a.isWall(loc) {
		return loc, nil
	}
	if err := a.login(ctx); err != nil {
		return "", err
	}
	if loc, err = a.tab.Navigate(ctx, rawURL); err != nil {
		return "", err
	}
	if a.isWall(loc) {
		return "", fmt.Errorf("%w: still asked to log in after logging in", ErrLoginFailed)
	}
	return loc, nil
}

func (a *auditor) readSettingsPage(ctx context.Context, page string) error {
	loc, err := a.open(ctx, a.base+a.c.Pages[page])
	if err != nil {
		return err
	}
	var facts []FactConfig
	var labels []string
	for _, f := range a.c.Facts {
		if f.Page == page {
			facts = append(facts, f)
			labels = append(labels, f.Labels...)
		}
	}
	if a.c.Sessions.Page == page {
		labels = append(labels, a.c.Sessions.Labels...)
	}
	// Some settings pages draw their rows from an API after the load: wait
	// for a known label (or give up and let each label be reported missing).
	a.settle(ctx, labels)
	others := a.c.allLabels()
	for _, f := range facts {
		res, err := a.tab.ReadLabel(ctx, browser.LabelQuery{Labels: f.Labels, Others: others, Values: f.words(), Switch: f.Switch})
		if err != nil {
			a.cov.Missing[f.ID] = err.Error()
			continue
		}
		switch {
		case !res.Found:
			a.cov.Missing[f.ID] = "label not found on " + loc
			continue
		case res.Key == "":
			a.cov.Missing[f.ID] = res.Reason + " on " + loc
			continue
		}
		v, ok := f.valueFor(res.Key)
		if !ok {
			a.cov.Missing[f.ID] = fmt.Sprintf("unrecognised value %q next to %q on %s", res.Raw, res.Label, loc)
			continue
		}
		fact := audit.Fact{
			ID: f.ID, Value: v, Raw: res.Raw, Source: audit.SourceSettings, URL: loc, At: a.o.Now().UTC(),
			Evidence: res.Label + " = " + res.Raw,
		}
		fact.Screenshot = a.screenshot(ctx, a.tab, res.Rect, f.ID)
		a.snap.SetFact(fact)
	}
	if a.c.Sessions.Page == page {
		a.readSessions(ctx, loc)
	}
	return nil
}

// settle waits, briefly, until the page is not busy and shows one of labels.
func (a *auditor) settle(ctx context.Context, labels []string) {
	norm := make([]string, 0, len(labels))
	for _, l := range labels {
		norm = append(norm, browser.Normalize(l))
	}
	arg, _ := json.Marshal(norm)
	expr := `(() => { const P = ` + pageJS + `; const want = ` + string(arg) + `;
		const busy = Array.from(document.querySelectorAll('[aria-busy=true]')).some((e) => P.shown(e));
		const text = P.norm(document.body ? document.body.innerText : '');
		return !busy && want.some((w) => text.includes(w)); })()`
	wctx, cancel := context.WithTimeout(ctx, min(a.b.StepTimeout(), 5*time.Second))
	defer cancel()
	_ = a.tab.WaitFor(wctx, "waiting for the settings to appear", expr)
}

func (a *auditor) screenshot(ctx context.Context, tab *browser.Tab, r browser.Rect, id string) string {
	if a.o.EvidenceDir == "" {
		return ""
	}
	name := strings.NewReplacer(".", "-", "/", "-").Replace(id) + ".png"
	path := filepath.Join(a.o.EvidenceDir, string(audit.Facebook), name)
	if err := tab.Screenshot(ctx, r, path); err != nil {
		// A missing screenshot does not make the fact unread.
		_ = os.Remove(path)
		return ""
	}
	return path
}

type sessionsResult struct {
	Found bool `json:"found"`
	Items []struct {
		Lines   []string `json:"lines"`
		Current bool     `json:"current"`
	} `json:"items"`
	Rect browser.Rect `json:"rect"`
}

func (a *auditor) readSessions(ctx context.Context, loc string) {
	sc := a.c.Sessions
	res, err := call[sessionsResult](ctx, a.tab, "reading where you're logged in", "sessions",
		map[string]any{"labels": sc.Labels, "more": sc.More, "current": sc.Current})
	if err != nil {
		a.cov.Missing[sc.ID] = err.Error()
		return
	}
	if !res.Found {
		a.cov.Missing[sc.ID] = "label not found on " + loc
		return
	}
	if len(res.Items) == 0 {
		a.cov.Missing[sc.ID] = "no sessions listed under the label on " + loc
		return
	}
	for _, it := range res.Items {
		a.snap.Sessions = append(a.snap.Sessions, parseSession(it.Lines, it.Current))
	}
	n := fmt.Sprint(len(res.Items))
	a.snap.SetFact(audit.Fact{
		ID: sc.ID, Value: n, Raw: n + " sessions", Source: audit.SourceSettings, URL: loc, At: a.o.Now().UTC(),
		Evidence:   fmt.Sprintf("%s: %d sessions listed", sc.Labels[0], len(res.Items)),
		Screenshot: a.screenshot(ctx, a.tab, res.Rect, sc.ID),
	})
}

// parseSession reads "Device · Location" / "Browser · Last active" lines.
func parseSession(lines []string, current bool) audit.Session {
	s := audit.Session{Platform: audit.Facebook, Current: current}
	split := func(l string) []string {
		var out []string
		for _, p := range strings.FieldsFunc(l, func(r rune) bool { return r == '·' || r == '•' || r == '|' }) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	if len(lines) > 0 {
		p := split(lines[0])
		if len(p) > 0 {
			s.Device = p[0]
			s.Location = strings.Join(p[1:], ", ")
		}
	}
	if len(lines) > 1 {
		p := split(lines[1])
		if len(p) > 1 {
			s.Device += " (" + p[0] + ")"
			s.LastActive = p[len(p)-1]
		} else if len(p) == 1 {
			s.LastActive = p[0]
		}
	}
	return s
}

// profileURL finds the account's own profile (the site redirects /me there).
func (a *auditor) profileURL(ctx context.Context) (string, error) {
	loc, err := a.open(ctx, a.base+a.c.MePath)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(loc)
	if err != nil || strings.Trim(u.Path, "/") == strings.Trim(a.c.MePath, "/") || u.Path == "/" || u.Path == "" {
		return "", fmt.Errorf("could not find the profile address (%s led to %s)", a.c.MePath, loc)
	}
	u.RawQuery, u.Fragment = "", ""
	if strings.HasSuffix(u.Path, "/profile.php") {
		u.RawQuery = "id=" + mustQuery(loc, "id")
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func mustQuery(raw, key string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Query().Get(key)
}

// profilePath is the path+query identifying a profile, to tell it from
// other people's.
func profilePath(profile string) string {
	u, err := url.Parse(profile)
	if err != nil {
		return ""
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}
