// Package facebook reads a doctor's Facebook account through the browser:
// the privacy, tagging and security settings, the sessions, the friends list,
// pending requests, posts, and the profile as a logged-out stranger sees it.
//
// Labels, value words and paths come from assets/platforms/facebook.json;
// the shared page layer (platforms/page) opens pages on the account's own
// origin, logs in and reads settings by label. What is here is Facebook's
// own: its lists, its posts, its public profile, the account picker of
// Accounts Centre, and the legacy pages a fact falls back to.
//
// The 2026 layout is read first: privacy on the Posts, How people find and
// contact you, Profile and tagging, and Followers and public content tabs;
// two-factor, login alerts and sessions in Accounts Centre. Accounts Centre
// is its own origin on the real site (accountscenter.facebook.com); the
// site data lists it as a related origin of the account's site, so pages
// from it are accepted as the account's own and nothing is read from any
// other host. Credentials still go only to the login origin: a password
// asked for on Accounts Centre stops the audit rather than being typed
// there. On a sandbox, Accounts Centre is served under /accountscenter/ of
// the account's own origin.
//
// "Limit past posts" is an action with no stored state: it is never read
// from the settings page, only judged from the public view.
package facebook

import (
	"context"
	_ "embed"
	"errors"
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

// Adapter is the Facebook adapter.
type Adapter struct {
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

// Platform implements platforms.Adapter.
func (Adapter) Platform() audit.Platform { return audit.Facebook }

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

// Public-view fact IDs.
const (
	factPublicFriends   = "facebook.public_view.friends_list"
	factPublicPosts     = "facebook.public_view.posts"
	factPublicWorkplace = "facebook.public_view.workplace"
	factPublicPhotos    = "facebook.public_view.photos"
	factPublicHometown  = "facebook.public_view.hometown"
	factPublicName      = "facebook.public_view.name"
	factPublicLinks     = "facebook.public_view.links"
)

// factConnections is the number of friends read from the friends list.
const factConnections = "facebook.connections"

var publicFacts = []string{factPublicFriends, factPublicPosts, factPublicWorkplace, factPublicPhotos, factPublicHometown, factPublicName, factPublicLinks}

type auditor struct {
	c *Config
	s *page.Session
	// name is the profile's display name, read on the logged-in profile.
	name string
}

// Audit implements platforms.Adapter: it reads everything it can from the
// account. The snapshot always carries the platform's Coverage (with Error
// set when Facebook could not be read).
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
	ids = append(ids, a.c.Sessions.ID, factConnections, a.c.PastPosts.ID, a.c.AccountsCentre.TwoFactorMethod.ID)
	if a.c.Requests.ID != "" {
		ids = append(ids, a.c.Requests.ID)
	}
	return append(ids, publicFacts...)
}

func (a *auditor) run(ctx context.Context) error {
	s := a.s
	order := s.Site.PageOrder()
	if !contains(order, a.c.Sessions.Page) {
		order = append(order, a.c.Sessions.Page)
	}
	steps := float64(len(order) + 5)
	if err := a.readSettings(ctx, steps); err != nil {
		return err
	}

	n := float64(len(order))
	s.Progress("Finding your profile", n/steps)
	profile, err := a.profileURL(ctx)
	if err != nil {
		if !page.IsPageError(err) {
			return err
		}
		for _, id := range publicFacts {
			s.Missing(id, err.Error())
		}
		a.judgePastPosts()
		return nil
	}
	s.Cov.Profile = profile

	// /me has left the tab on the profile itself: read it there, not again.
	s.Progress("Reading your posts", (n+1)/steps)
	a.name = a.displayName(ctx)
	posts, err := a.readPosts(ctx, s.Tab(), audit.SourceSettings)
	if errors.Is(err, page.ErrListUnfinished) {
		// No post to scan, said so; the public view still says what
		// strangers see.
		s.Missing(string(audit.Facebook)+".posts", err.Error())
		err = nil
	}
	if err != nil {
		return err
	}

	s.PreparePublic()
	s.Progress("Reading your friends list", (n+2)/steps)
	if err := a.readFriends(ctx, profile); err != nil {
		return err
	}
	s.Progress("Reading friend requests", (n+3)/steps)
	if err := a.readRequests(ctx); err != nil {
		return err
	}

	s.Progress("Looking at your profile as a stranger", (n+4)/steps)
	public, err := a.readPublicView(ctx, profile)
	if err != nil {
		return err
	}
	s.Snap.Posts = mergePosts(posts, public)
	a.judgePastPosts()
	s.Progress("Done", 1)
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

type sessionsResult struct {
	Found bool `json:"found"`
	Items []struct {
		Lines   []string `json:"lines"`
		Current bool     `json:"current"`
	} `json:"items"`
	Rect browser.Rect `json:"rect"`
}

func (a *auditor) readSessions(ctx context.Context, loc string) {
	s, sc := a.s, a.c.Sessions
	res, err := page.Call[sessionsResult](ctx, s, s.Tab(), "reading where you're logged in", "sessions",
		map[string]any{"labels": sc.Labels, "more": sc.More, "current": sc.Current})
	if err != nil {
		s.Missing(sc.ID, err.Error())
		return
	}
	if !res.Found {
		s.Missing(sc.ID, "the list of sessions was not found on "+loc)
		return
	}
	if len(res.Items) == 0 {
		s.Missing(sc.ID, "no sessions listed under the label on "+loc)
		return
	}
	for _, it := range res.Items {
		s.Snap.Sessions = append(s.Snap.Sessions, parseSession(it.Lines, it.Current))
	}
	n := fmt.Sprint(len(res.Items))
	s.Set(audit.Fact{
		ID: sc.ID, Value: n, Raw: n + " sessions", Source: audit.SourceSettings, URL: loc,
		Evidence:   fmt.Sprintf("%s: %d sessions listed", sc.Labels[0], len(res.Items)),
		Screenshot: s.Screenshot(ctx, s.Tab(), res.Rect, sc.ID),
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
	doc, err := a.s.Open(ctx, a.c.MePath)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(doc.URL)
	if err != nil || strings.Trim(u.Path, "/") == strings.Trim(a.c.MePath, "/") || u.Path == "/" || u.Path == "" {
		return "", &page.PageError{Reason: fmt.Sprintf("could not find the profile address (%s led to %s)", a.c.MePath, doc.URL)}
	}
	id := u.Query().Get("id")
	u.RawQuery, u.Fragment = "", ""
	if strings.HasSuffix(u.Path, "/profile.php") {
		u.RawQuery = "id=" + url.QueryEscape(id)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// displayName is the profile's name as its own page shows it.
func (a *auditor) displayName(ctx context.Context) string {
	id, err := page.Call[struct {
		Headings []string `json:"headings"`
	}](ctx, a.s, a.s.Tab(), "reading your profile's name", "identity", nil)
	if err != nil || len(id.Headings) == 0 {
		return ""
	}
	return id.Headings[0]
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
