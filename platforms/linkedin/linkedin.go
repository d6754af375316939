// Package linkedin reads a doctor's LinkedIn account through the browser:
// the visibility and sign-in settings, where the account is signed in,
// the connections and pending invitations, the posts, and the public
// profile as a logged-out visitor sees it.
//
// Labels, value words and paths come from assets/platforms/linkedin.json;
// the shared page layer (platforms/page) opens pages on the account's own
// origin, logs in (with two-step verification) and reads settings by
// label. What is here is LinkedIn's own: its server-rendered lists read
// from the page (LinkedIn's JSON APIs are being withdrawn), its activity
// page and its public profile with the authwall.
package linkedin

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"strings"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

//go:embed page.js
var pageJS string

// Adapter is the LinkedIn adapter.
type Adapter struct {
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

// Platform implements platforms.Adapter.
func (Adapter) Platform() audit.Platform { return audit.LinkedIn }

func (a Adapter) config() (*Config, error) {
	if a.Config != nil {
		return a.Config, nil
	}
	return LoadConfig()
}

// Site implements platforms.Adapter.
func (a Adapter) Site() platforms.Site {
	c, err := a.config()
	if err != nil {
		// The data is part of the binary; tests load it.
		panic(err)
	}
	return platforms.Site{Origin: c.Origin, LoginPath: c.Login.Path}
}

// LoggedIn implements platforms.Adapter.
func (a Adapter) LoggedIn(ctx context.Context, tab *browser.Tab, acct platforms.Account) (bool, error) {
	c, err := a.config()
	if err != nil {
		return false, err
	}
	return page.LoggedIn(ctx, tab, &c.Site, acct)
}

// Facts this package reads itself (the settings are in the data file).
const (
	factPublicName    = "linkedin.public_view.name"
	factPublicLinks   = "linkedin.public_view.links"
	factPublicContact = "linkedin.public_view.contact"
	factProfileKind   = "linkedin.profile_kind"
)

var publicFacts = []string{factPublicName, factPublicLinks, factPublicContact}

type auditor struct {
	c *Config
	s *page.Session
	// slug is the account's /in/<slug>/, name its name as its own profile
	// shows it.
	slug, name string
}

// Audit implements platforms.Adapter. The snapshot always carries
// LinkedIn's Coverage, with Error set when it could not be read.
func (a Adapter) Audit(ctx context.Context, b *browser.Browser, acct platforms.Account, o platforms.Options) (*audit.Snapshot, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	s, err := page.Start(ctx, b, &c.Site, acct, o, pageJS)
	au := &auditor{c: c, s: s}
	if err == nil {
		err = au.run(ctx)
	}
	return s.Finish(err, au.allFactIDs())
}

func (a *auditor) allFactIDs() []string {
	var ids []string
	for _, f := range a.c.Facts {
		ids = append(ids, f.ID)
	}
	ids = append(ids, a.c.Sessions.ID, a.c.Connections.ID, a.c.Invitations.ID, factProfileKind)
	return append(ids, publicFacts...)
}

// step runs one part of the audit: a PageError leaves the facts of that
// part missing and the audit goes on; any other error stops it.
func (a *auditor) step(err error, ids ...string) error {
	if err == nil {
		return nil
	}
	if page.IsPageError(err) {
		for _, id := range ids {
			a.s.Missing(id, err.Error())
		}
		return nil
	}
	return err
}

func (a *auditor) run(ctx context.Context) error {
	s := a.s
	order := s.Site.PageOrder()
	steps := float64(len(order) + 6)
	if err := a.answerPicker(ctx, order[0]); err != nil {
		return err
	}
	for i, name := range order {
		s.Progress("Reading "+strings.ReplaceAll(name, "_", " ")+" settings", float64(i)/steps)
		if _, err := s.ReadSettings(ctx, name); err != nil && !page.IsPageError(err) {
			return err
		}
	}
	n := float64(len(order))
	s.Progress("Reading where you're signed in", n/steps)
	if err := a.step(a.readSessions(ctx), a.c.Sessions.ID); err != nil {
		return err
	}
	// LinkedIn is the doctor's professional presence by its nature.
	s.Set(audit.Fact{ID: factProfileKind, Value: audit.KindProfessional, Raw: "LinkedIn", Source: audit.SourceSettings,
		URL: s.URL("/"), Evidence: "LinkedIn is a professional network: the profile counts as professional"})

	s.Progress("Finding your profile", (n+1)/steps)
	profile, err := a.profileURL(ctx)
	if err != nil {
		if err := a.step(err, publicFacts...); err != nil {
			return err
		}
		s.Missing(string(audit.LinkedIn)+".posts", "the profile's address could not be found")
	} else {
		s.Cov.Profile = profile
		s.Progress("Reading your posts", (n+2)/steps)
		if err := a.step(a.readPosts(ctx, profile)); err != nil {
			return err
		}
	}
	s.Progress("Reading your connections", (n+3)/steps)
	if err := a.step(a.readConnections(ctx), a.c.Connections.ID); err != nil {
		return err
	}
	s.Progress("Reading invitations to connect", (n+4)/steps)
	if err := a.step(a.readInvitations(ctx), a.c.Invitations.ID); err != nil {
		return err
	}
	if profile != "" {
		s.Progress("Looking at your public profile as a stranger", (n+5)/steps)
		if err := a.step(a.readPublicView(ctx, profile), publicFacts...); err != nil {
			return err
		}
	}
	s.Progress("Done", 1)
	return nil
}

// answerPicker opens the first page; when LinkedIn answers with its
// "Welcome back" picker of remembered members, it takes the plain sign-in
// form and signs in there with the stored credentials. It never picks a
// card: a remembered member may be someone else (a shared computer), and
// a picker without the known way to the form stops the audit.
func (a *auditor) answerPicker(ctx context.Context, first string) error {
	s, tab := a.s, a.s.Tab()
	if _, err := tab.Navigate(ctx, s.PageURL(first)); err != nil {
		return err
	}
	doc, err := tab.Describe(ctx)
	if err != nil {
		return err
	}
	if platforms.Origin(doc.URL) != s.Acct.Origin || !s.Site.IsWall(doc.URL) {
		// Open checks (and refuses) what is not the account's own page.
		return nil
	}
	picker, err := page.Call[bool](ctx, s, tab, "looking for an account picker", "saysAny", map[string]any{"phrases": a.c.Picker.Phrases})
	if err != nil || !picker {
		return err
	}
	if ok, err := page.Call[bool](ctx, s, tab, "leaving the account picker", "click", map[string]any{"names": a.c.Picker.Other, "origin": s.Acct.Origin}); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w: LinkedIn shows a picker of remembered accounts without %q, and Chaperone does not choose an account it cannot tell is yours: sign in to LinkedIn in Chaperone's window once", platforms.ErrLoginFailed, a.c.Picker.Other[0])
	}
	if err := tab.WaitFor(ctx, "opening the sign-in form", `window.__chaperoneMark === undefined && document.readyState === 'complete'`); err != nil {
		return err
	}
	if s.Opts.Credentials == nil {
		return platforms.ErrLoginRequired
	}
	password, secret, err := s.Opts.Credentials.Login(ctx, s.Site.Platform, s.Acct.User)
	if err != nil {
		return fmt.Errorf("%w (%v)", platforms.ErrLoginRequired, err)
	}
	if password == "" {
		return fmt.Errorf("%w (no password is stored)", platforms.ErrLoginRequired)
	}
	return s.LogIn(ctx, tab, password, secret)
}

// profileURL follows /in/me/ to the account's own profile.
func (a *auditor) profileURL(ctx context.Context) (string, error) {
	doc, err := a.s.Open(ctx, a.c.MePath)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(doc.URL)
	prefix := a.c.ProfilePrefix
	slug := ""
	if err == nil && strings.HasPrefix(u.Path, prefix) {
		slug = strings.Trim(strings.TrimPrefix(u.Path, prefix), "/")
	}
	if slug == "" || strings.Contains(slug, "/") || strings.Trim(a.c.MePath, "/") == strings.Trim(u.Path, "/") {
		return "", &page.PageError{Reason: fmt.Sprintf("could not find the profile address (%s led to %s)", a.c.MePath, doc.URL)}
	}
	a.slug = slug
	id, err := page.Call[struct {
		Headings []string `json:"headings"`
	}](ctx, a.s, a.s.Tab(), "reading your profile's name", "identity", nil)
	if err == nil && len(id.Headings) > 0 {
		a.name = id.Headings[0]
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = prefix + slug + "/"
	return u.String(), nil
}

type sessionsResult struct {
	Found bool   `json:"found"`
	Text  string `json:"text"`
	Items []struct {
		Lines   []string `json:"lines"`
		Current bool     `json:"current"`
	} `json:"items"`
	Rect browser.Rect `json:"rect"`
}

func (a *auditor) readSessions(ctx context.Context) error {
	s, sc := a.s, a.c.Sessions
	doc, err := s.Open(ctx, sc.Path)
	if err != nil {
		return err
	}
	res, err := page.Call[sessionsResult](ctx, s, s.Tab(), "reading where you're signed in", "sessions",
		map[string]any{"labels": sc.Labels, "current": sc.Current})
	if err != nil {
		return err
	}
	switch {
	case !res.Found:
		return &page.PageError{Reason: fmt.Sprintf("the heading %q was not found on %s", sc.Labels[0], doc.URL)}
	case len(res.Items) == 0:
		return &page.PageError{Reason: "no sessions listed under " + sc.Labels[0] + " on " + doc.URL}
	}
	if n := SignedInCount(res.Text); n >= 0 && n != len(res.Items) {
		return &page.PageError{Reason: fmt.Sprintf("the page says %d sessions but lists %d, so the list was not read in full", n, len(res.Items))}
	}
	for _, it := range res.Items {
		s.Snap.Sessions = append(s.Snap.Sessions, parseSession(it.Lines, it.Current, sc.Buttons))
	}
	n := fmt.Sprint(len(res.Items))
	s.Set(audit.Fact{
		ID: sc.ID, Value: n, Raw: n + " sessions", Source: audit.SourceSettings, URL: doc.URL,
		Evidence:   fmt.Sprintf("%s: %d sessions listed", sc.Labels[0], len(res.Items)),
		Screenshot: s.Screenshot(ctx, s.Tab(), res.Rect, sc.ID),
	})
	return nil
}
