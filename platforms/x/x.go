// Package x reads a doctor's X account through the browser: the privacy,
// tagging, discoverability, Chat and security settings, the sessions, the
// followers, the accounts followed, pending follower requests and posts
// (from the JSON the page itself fetched, matched by operation name), and
// the profile as a logged-out stranger sees it.
//
// Labels, value words and paths come from assets/platforms/x.json; the
// shared page layer (platforms/page) opens pages on the account's own
// origin, logs in and reads settings by label.
package x

import (
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

//go:embed page.js
var pageJS string

// Adapter is the X adapter.
type Adapter struct {
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

// Platform implements platforms.Adapter.
func (Adapter) Platform() audit.Platform { return audit.X }

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

// factPosts is where a reason goes when the posts were not all read.
const factPosts = "x.posts"

type auditor struct {
	c *Config
	s *page.Session
	// handle and name are the account's, read from its own profile.
	handle, name string
	profile      string
}

// Audit implements platforms.Adapter. The snapshot always carries X's
// Coverage, with Error set when X could not be read.
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

// allFactIDs are the facts an audit reads, every one of them missing with
// the reason when X could not be read.
func (a *auditor) allFactIDs() []string {
	c := a.c
	var ids []string
	for _, f := range c.Facts {
		ids = append(ids, f.ID)
	}
	pv := c.PublicView
	return append(ids, c.PhotoTagging.ID, c.TwoFactor.ID, c.TwoFactor.MethodID, c.Sessions.ID,
		c.Followers.ID, c.Following.ID, c.Requests.ID, pv.PostsID, pv.NameID, pv.LinksID)
}

func (a *auditor) run(ctx context.Context) error {
	s, c := a.s, a.c
	if err := page.WatchJSON(ctx, s.Tab(), c.ops()); err != nil {
		return err
	}
	const steps = 16.0
	// Which account the browser is in comes first: every setting read
	// after it is that account's.
	s.Progress("Finding your profile", 0)
	if err := a.findProfile(ctx); err != nil {
		return err
	}
	for i, name := range s.Site.PageOrder() {
		s.Progress("Reading "+strings.ReplaceAll(name, "_", " ")+" settings", float64(i+1)/steps)
		if _, err := s.ReadSettings(ctx, name); err != nil && !page.IsPageError(err) {
			return err
		}
	}
	s.Progress("Reading photo tagging", 8/steps)
	if err := a.readPhotoTagging(ctx); err != nil {
		return err
	}
	s.Progress("Reading two-factor authentication", 9/steps)
	if err := a.readTwoFactor(ctx); err != nil {
		return err
	}
	s.Progress("Reading your sessions", 10/steps)
	if err := a.readSessions(ctx); err != nil {
		return err
	}
	s.Progress("Reading your posts", 11/steps)
	counts, err := a.readOwnProfile(ctx)
	if err != nil {
		return err
	}
	s.Progress("Reading your followers", 12/steps)
	if err := a.readList(ctx, c.Followers, audit.ConnFollower, counts["followers"]); err != nil {
		return err
	}
	s.Progress("Reading who you follow", 13/steps)
	if err := a.readList(ctx, c.Following, audit.ConnFollowing, counts["following"]); err != nil {
		return err
	}
	s.Progress("Reading follower requests", 14/steps)
	if err := a.readRequests(ctx); err != nil {
		return err
	}
	s.Progress("Looking at your profile as a stranger", 15/steps)
	if err := a.readPublicView(ctx); err != nil {
		return err
	}
	s.Progress("Done", 1)
	return nil
}

var handleRe = regexp.MustCompile(`^@?[A-Za-z0-9_]{1,15}$`)

// ErrOtherAccount is a browser logged in to X as another account than the
// one being audited (X's account switcher).
var ErrOtherAccount = fmt.Errorf("%w: the browser is logged in to another X account", platforms.ErrLoginFailed)

// findProfile reads the account's handle from the navigation's Profile
// link, and refuses to go on when it is not the account being audited.
func (a *auditor) findProfile(ctx context.Context) error {
	s := a.s
	doc, err := s.Open(ctx, s.Site.Pages["home"])
	if err != nil {
		if page.IsPageError(err) {
			return fmt.Errorf("%w: %v", platforms.ErrPageChanged, err)
		}
		return err
	}
	path, err := page.Call[string](ctx, s, s.Tab(), "finding your profile", "profileLink",
		map[string]any{"names": a.c.Profile.Nav, "reserved": a.c.Profile.Reserved})
	if err != nil {
		return err
	}
	if path == "" {
		return fmt.Errorf("%w: no link to your profile on %s", platforms.ErrPageChanged, doc.URL)
	}
	a.handle = strings.TrimPrefix(path, "/")
	if user := strings.TrimPrefix(strings.TrimSpace(s.Acct.User), "@"); handleRe.MatchString(user) && !strings.EqualFold(user, a.handle) {
		return fmt.Errorf("%w (@%s, not @%s): switch back to @%s in X and audit again", ErrOtherAccount, a.handle, user, user)
	}
	a.profile = s.URL(path)
	s.Cov.Profile = a.profile
	return nil
}

// switchState reads one checkbox by its label.
func (a *auditor) switchState(ctx context.Context, labels, others []string) (browser.LabelResult, string) {
	res, err := a.s.Tab().ReadLabel(ctx, browser.LabelQuery{Labels: labels, Others: others, Switch: true})
	switch {
	case err != nil:
		return res, err.Error()
	case !res.Found:
		return res, fmt.Sprintf("the setting %q was not found", labels[0])
	case res.Key != audit.On && res.Key != audit.Off:
		if res.Reason != "" {
			return res, res.Reason
		}
		return res, fmt.Sprintf("unrecognised value %q next to %q", res.Raw, res.Label)
	}
	return res, ""
}

// open loads a settings page, making the facts in ids missing on a page
// problem (reported as handled).
func (a *auditor) open(ctx context.Context, name string, labels []string, ids ...string) (browser.Doc, bool, error) {
	doc, err := a.s.Open(ctx, a.s.Site.Pages[name])
	if err != nil {
		if page.IsPageError(err) {
			for _, id := range ids {
				a.s.Missing(id, err.Error())
			}
			return doc, false, nil
		}
		return doc, false, err
	}
	a.s.Settle(ctx, a.s.Tab(), labels)
	return doc, true, nil
}

type optionState struct {
	Count int    `json:"count"`
	State string `json:"state"`
}

// readPhotoTagging reads the Photo tagging checkbox and, when it is on,
// which of its radios is chosen.
func (a *auditor) readPhotoTagging(ctx context.Context) error {
	s, pt := a.s, a.c.PhotoTagging
	var opts []string
	for o := range pt.Options {
		opts = append(opts, o)
	}
	doc, ok, err := a.open(ctx, pt.Page, append(append([]string{}, pt.Labels...), opts...), pt.ID)
	if !ok {
		return err
	}
	res, why := a.switchState(ctx, pt.Labels, append(s.Site.Labels(), opts...))
	if why != "" {
		s.Missing(pt.ID, why+" on "+doc.URL)
		return nil
	}
	value, raw := audit.Off, res.Raw
	if res.Key == audit.On {
		st, err := page.Call[map[string]optionState](ctx, s, s.Tab(), "reading who can tag you", "options", map[string]any{"names": opts})
		if err != nil {
			return err
		}
		value = ""
		for _, o := range opts {
			r := st[o]
			switch {
			case r.Count != 1 || (r.State != audit.On && r.State != audit.Off):
				s.Missing(pt.ID, fmt.Sprintf("photo tagging is on, and the choice %q could not be read on %s (shown %d times, state %q)", o, doc.URL, r.Count, r.State))
				return nil
			case r.State == audit.On && value != "":
				s.Missing(pt.ID, "photo tagging is on, and more than one of who may tag you is chosen on "+doc.URL)
				return nil
			case r.State == audit.On:
				value, raw = pt.Options[o], o
			}
		}
		if value == "" {
			s.Missing(pt.ID, "photo tagging is on, and none of who may tag you is chosen on "+doc.URL)
			return nil
		}
	}
	s.Set(audit.Fact{ID: pt.ID, Value: value, Raw: raw, Source: audit.SourceSettings, URL: doc.URL,
		Evidence: res.Label + " = " + raw, Screenshot: s.Screenshot(ctx, s.Tab(), res.Rect, pt.ID)})
	return nil
}

// Two-factor method values.
const (
	methodNone     = "none"
	methodSMSOnly  = "sms_only"
	methodAppOrKey = "app_or_key"
)

// readTwoFactor reads the three method checkboxes: two-factor is on when
// any is, and relies on SMS alone when only the text message one is.
func (a *auditor) readTwoFactor(ctx context.Context) error {
	s, tf := a.s, a.c.TwoFactor
	all := append(append(append([]string{}, tf.SMS...), tf.App...), tf.Key...)
	doc, ok, err := a.open(ctx, tf.Page, all, tf.ID, tf.MethodID)
	if !ok {
		return err
	}
	others := append(s.Site.Labels(), all...)
	on := map[string]bool{}
	var ev []string
	for _, m := range []struct {
		name   string
		labels []string
	}{{"sms", tf.SMS}, {"app", tf.App}, {"key", tf.Key}} {
		res, why := a.switchState(ctx, m.labels, others)
		if why != "" {
			why += " on " + doc.URL
			s.Missing(tf.ID, why)
			s.Missing(tf.MethodID, why)
			return nil
		}
		on[m.name] = res.Key == audit.On
		ev = append(ev, res.Label+" = "+res.Raw)
	}
	method := methodNone
	switch {
	case on["app"] || on["key"]:
		method = methodAppOrKey
	case on["sms"]:
		method = methodSMSOnly
	}
	state := audit.On
	if method == methodNone {
		state = audit.Off
	}
	shot := s.Screenshot(ctx, s.Tab(), browser.Rect{}, tf.ID)
	evidence := strings.Join(ev, "; ")
	s.Set(audit.Fact{ID: tf.ID, Value: state, Raw: evidence, Source: audit.SourceSettings, URL: doc.URL, Evidence: evidence, Screenshot: shot})
	s.Set(audit.Fact{ID: tf.MethodID, Value: method, Raw: evidence, Source: audit.SourceSettings, URL: doc.URL, Evidence: evidence, Screenshot: shot})
	return nil
}

type sessionsResult struct {
	Found bool `json:"found"`
	Items []struct {
		Lines   []string `json:"lines"`
		Current bool     `json:"current"`
	} `json:"items"`
	Rect browser.Rect `json:"rect"`
}

func (a *auditor) readSessions(ctx context.Context) error {
	s, sc := a.s, a.c.Sessions
	doc, ok, err := a.open(ctx, sc.Page, sc.Current, sc.ID)
	if !ok {
		return err
	}
	res, err := page.Call[sessionsResult](ctx, s, s.Tab(), "reading your sessions", "sessions",
		map[string]any{"current": sc.Current, "others": sc.Others, "link": sc.Link})
	if err != nil {
		return err
	}
	switch {
	case !res.Found:
		s.Missing(sc.ID, fmt.Sprintf("the heading %q was not found on %s", sc.Current[0], doc.URL))
		return nil
	case len(res.Items) == 0:
		s.Missing(sc.ID, "no sessions listed on "+doc.URL)
		return nil
	}
	current := 0
	for _, it := range res.Items {
		se := parseSession(it.Lines, it.Current)
		if se.Current {
			current++
		}
		s.Snap.Sessions = append(s.Snap.Sessions, se)
	}
	if current != 1 {
		s.Missing(sc.ID, fmt.Sprintf("%d sessions are marked as this one on %s, so the others cannot be told apart", current, doc.URL))
		return nil
	}
	n := fmt.Sprint(len(res.Items))
	s.Set(audit.Fact{ID: sc.ID, Value: n, Raw: n + " sessions", Source: audit.SourceSettings, URL: doc.URL,
		Evidence:   fmt.Sprintf("Sessions: %d listed, 1 of them this one", len(res.Items)),
		Screenshot: s.Screenshot(ctx, s.Tab(), res.Rect, sc.ID)})
	return nil
}

// parseSession reads a session row: device, app, "location · when".
func parseSession(lines []string, current bool) audit.Session {
	se := audit.Session{Platform: audit.X, Current: current}
	// Icons and chevrons are lines of their own in the row's text.
	var kept []string
	for _, l := range lines {
		if strings.IndexFunc(l, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			kept = append(kept, strings.TrimSpace(l))
		}
	}
	lines = kept
	if len(lines) > 0 {
		se.Device = lines[0]
	}
	if len(lines) > 2 {
		se.Device += " (" + lines[1] + ")"
	}
	if len(lines) > 1 {
		last := lines[len(lines)-1]
		parts := strings.Split(last, "·")
		if len(parts) > 1 {
			se.Location = strings.TrimSpace(strings.Join(parts[:len(parts)-1], "·"))
		}
		se.LastActive = strings.TrimSpace(parts[len(parts)-1])
	}
	return se
}

type headerResult struct {
	Found    bool              `json:"found"`
	Name     string            `json:"name"`
	Handle   string            `json:"handle"`
	Links    []string          `json:"links"`
	Category string            `json:"category"`
	Counts   map[string]string `json:"counts"`
}

func (a *auditor) header(ctx context.Context, tab *browser.Tab) (headerResult, error) {
	return page.Call[headerResult](ctx, a.s, tab, "reading the profile", "header", map[string]any{
		"handle": a.handle,
		"words":  map[string][]string{"followers": a.c.Followers.CountWords, "following": a.c.Following.CountWords},
	})
}

// loadAll scrolls a lazily loaded list until it stops growing, and
// returns the JSON the page fetched for it meanwhile.
func (a *auditor) loadAll(ctx context.Context, css string, max int) (page.FetchedSet, error) {
	s := a.s
	nudged := false
	for round := 0; round < 400; round++ {
		n, err := browser.Eval[int](ctx, s.Tab(), "counting the list", `document.querySelectorAll('`+css+`').length`)
		if err != nil {
			return page.FetchedSet{}, err
		}
		if _, err := page.Call[bool](ctx, s, s.Tab(), "loading more", "scrollEnd", nil); err != nil {
			return page.FetchedSet{}, err
		}
		g, err := page.Call[struct {
			N    int  `json:"n"`
			Busy bool `json:"busy"`
		}](ctx, s, s.Tab(), "loading more", "waitGrowth", map[string]any{"css": css, "before": n, "idle": 250, "max": 5000})
		if err != nil {
			return page.FetchedSet{}, err
		}
		if g.N >= max {
			break
		}
		if g.N == n && !g.Busy {
			// Nothing came: nudge the list once more (a loader that
			// watches the end coming into view needs it to leave first).
			if nudged {
				break
			}
			nudged = true
			if _, err := browser.Eval[bool](ctx, s.Tab(), "loading more", `(window.scrollBy(0, -600), true)`); err != nil {
				return page.FetchedSet{}, err
			}
			continue
		}
		nudged = false
	}
	return page.TakeJSON(ctx, s.Tab(), 3*time.Second)
}

// readOwnProfile opens the account's profile, reads its counts and its
// posts (from the UserTweets responses), and returns the counts.
func (a *auditor) readOwnProfile(ctx context.Context) (map[string]string, error) {
	s := a.s
	if _, err := page.TakeJSON(ctx, s.Tab(), 0); err != nil {
		return nil, err
	}
	doc, err := s.Open(ctx, "/"+a.handle)
	if err != nil {
		if page.IsPageError(err) {
			for _, id := range []string{a.c.Followers.ID, a.c.Following.ID} {
				s.Missing(id, err.Error())
			}
			s.Missing(factPosts, err.Error())
			return nil, nil
		}
		return nil, err
	}
	h, err := a.header(ctx, s.Tab())
	if err != nil {
		return nil, err
	}
	if !h.Found || !strings.EqualFold(h.Handle, a.handle) {
		why := "the profile header was not recognised on " + doc.URL
		s.Missing(a.c.Followers.ID, why)
		s.Missing(a.c.Following.ID, why)
		s.Missing(factPosts, why)
		return nil, nil
	}
	a.name = h.Name
	set, err := a.loadAll(ctx, "article[data-testid=tweet]", a.c.Posts.Max)
	if err != nil {
		return nil, err
	}
	tweets, complete, why := a.collect(set, a.c.Posts.Ops, parseTimeline)
	for _, t := range tweets.tweets {
		s.Snap.Posts = append(s.Snap.Posts, audit.Post{
			Platform: audit.X, ID: t.ID, URL: s.URL("/" + a.handle + "/status/" + t.ID), Text: t.Text, At: t.At,
			Source: audit.SourceSettings, Audience: a.audience(),
		})
	}
	if !complete {
		s.Missing(factPosts, why+" on "+doc.URL)
	}
	return h.Counts, nil
}

// audience is who can see the account's posts: its followers when
// protected, everyone otherwise; "" when the setting was not read.
func (a *auditor) audience() string {
	f, ok := a.s.Snap.Fact("x.protected")
	switch {
	case !ok:
		return ""
	case f.Value == audit.On:
		return audit.AudienceFollowers
	}
	return audit.AudiencePublic
}

type collected struct {
	people []person
	tweets []tweet
}

// collect gathers the items of every response kept for ops, in order,
// each once, and says whether the responses reached the end of the list.
func (a *auditor) collect(set page.FetchedSet, ops []string, parse func([]byte) (chunk, error)) (collected, bool, string) {
	var out collected
	seen := map[string]bool{}
	var got []page.Fetched
	for _, op := range ops {
		got = append(got, set.Of(op)...)
	}
	switch {
	case set.Over:
		return out, false, "the page fetched more than Chaperone keeps, so the list may not be whole"
	case set.Pending > 0:
		return out, false, "the list was still loading"
	case len(got) == 0:
		return out, false, fmt.Sprintf("the page fetched no %s list", strings.Join(ops, "/"))
	}
	end, skipped := false, 0
	for _, f := range got {
		if f.Status != 200 {
			return out, false, fmt.Sprintf("the site answered HTTP %d to the %s list", f.Status, f.Op)
		}
		c, err := parse([]byte(f.Body))
		if err != nil {
			return out, false, fmt.Sprintf("the %s list could not be read (%v)", f.Op, err)
		}
		skipped += c.Skipped
		for _, p := range c.People {
			if !seen[p.ID] {
				seen[p.ID] = true
				out.people = append(out.people, p)
			}
		}
		for _, t := range c.Tweets {
			if !seen[t.ID] {
				seen[t.ID] = true
				out.tweets = append(out.tweets, t)
			}
		}
		end = c.End
	}
	switch {
	case skipped > 0:
		return out, false, fmt.Sprintf("%d entries of the list could not be read", skipped)
	case !end:
		return out, false, "the list did not load to its end"
	}
	return out, true, ""
}

func (a *auditor) connection(p person, kind string) audit.Connection {
	return audit.Connection{Platform: audit.X, Kind: kind, Name: p.Name, Handle: p.Handle,
		URL: a.s.URL("/" + p.Handle), Location: p.Location, Mutual: -1}
}

// readList reads followers or following from the JSON the list page
// fetched, and holds it to the count the profile shows.
func (a *auditor) readList(ctx context.Context, lc ListConfig, kind, shown string) error {
	s := a.s
	if _, ok := s.Cov.Missing[lc.ID]; ok {
		return nil // the profile could not be read
	}
	lo, hi, ok := parseCount(shown)
	if !ok {
		s.Missing(lc.ID, fmt.Sprintf("the profile shows no count of %s (%q) to hold the list to", strings.ToLower(lc.CountWords[0]), shown))
		return nil
	}
	if _, err := page.TakeJSON(ctx, s.Tab(), 0); err != nil {
		return err
	}
	doc, err := s.Open(ctx, strings.ReplaceAll(lc.Path, "{handle}", a.handle))
	if err != nil {
		if page.IsPageError(err) {
			s.Missing(lc.ID, err.Error())
			return nil
		}
		return err
	}
	set, err := a.loadAll(ctx, "[data-testid=UserCell]", lc.Max)
	if err != nil {
		return err
	}
	got, complete, why := a.collect(set, lc.Ops, parseTimeline)
	n := len(got.people)
	switch {
	case lo > lc.Max:
		s.Missing(lc.ID, fmt.Sprintf("the profile counts %s %s, more than the %d Chaperone reads", shown, strings.ToLower(lc.CountWords[0]), lc.Max))
		return nil
	case n < lo || n > hi:
		s.Missing(lc.ID, fmt.Sprintf("the list on %s held %d of the %s %s the profile counts, so it was not read in full", doc.URL, n, shown, strings.ToLower(lc.CountWords[0])))
		return nil
	case !complete && n != lo:
		s.Missing(lc.ID, why+" on "+doc.URL)
		return nil
	}
	for _, p := range got.people {
		s.Snap.Connections = append(s.Snap.Connections, a.connection(p, kind))
	}
	v := fmt.Sprint(n)
	s.Set(audit.Fact{ID: lc.ID, Value: v, Raw: fmt.Sprintf("%d of %s %s", n, shown, lc.CountWords[0]), Source: audit.SourceSettings, URL: doc.URL,
		Evidence:   fmt.Sprintf("%s: %d read from the page's %s list, as the profile counts", lc.CountWords[0], n, strings.Join(lc.Ops, "/")),
		Screenshot: s.Screenshot(ctx, s.Tab(), browser.Rect{}, lc.ID)})
	return nil
}

// readRequests reads pending follower requests from the JSON the requests
// page fetched, held to the cells the page drew; none only when the page
// says so itself.
func (a *auditor) readRequests(ctx context.Context) error {
	s, rc := a.s, a.c.Requests
	if _, err := page.TakeJSON(ctx, s.Tab(), 0); err != nil {
		return err
	}
	doc, err := s.Open(ctx, rc.Path)
	if err != nil {
		if page.IsPageError(err) {
			s.Missing(rc.ID, err.Error())
			return nil
		}
		return err
	}
	set, err := a.loadAll(ctx, "[data-testid=UserCell]", rc.Max)
	if err != nil {
		return err
	}
	got, complete, why := a.collect(set, rc.Ops, parseIncoming)
	if !complete {
		s.Missing(rc.ID, why+" on "+doc.URL)
		return nil
	}
	cells, err := page.Call[int](ctx, s, s.Tab(), "counting follower requests", "cells", nil)
	if err != nil {
		return err
	}
	n := len(got.people)
	if cells != n {
		s.Missing(rc.ID, fmt.Sprintf("the page showed %d follower requests and its list held %d, so they could not be counted", cells, n))
		return nil
	}
	evidence := fmt.Sprintf("Follower requests: %d waiting", n)
	if n == 0 {
		empty, err := page.Call[bool](ctx, s, s.Tab(), "reading follower requests", "saysAny", map[string]any{"phrases": rc.Empty})
		if err != nil {
			return err
		}
		if !empty {
			s.Missing(rc.ID, "no follower requests listed and no \"no requests\" message on "+doc.URL)
			return nil
		}
		evidence = "Follower requests: the page says there are none"
	}
	for _, p := range got.people {
		s.Snap.PendingRequests = append(s.Snap.PendingRequests, a.connection(p, audit.ConnRequest))
	}
	v := fmt.Sprint(n)
	s.Set(audit.Fact{ID: rc.ID, Value: v, Raw: v + " pending", Source: audit.SourceSettings, URL: doc.URL, Evidence: evidence,
		Screenshot: s.Screenshot(ctx, s.Tab(), browser.Rect{}, rc.ID)})
	return nil
}

type publicPost struct {
	ID   string `json:"id"`
	URL  string `json:"url"`
	Text string `json:"text"`
	When string `json:"when"`
}

// readPublicView opens the profile in a cookie-less tab. A login wall, a
// redirect, an error page or a page that is not provably the profile
// leaves every public fact missing with what the page was instead: never
// "hidden".
func (a *auditor) readPublicView(ctx context.Context) error {
	s, pv := a.s, a.c.PublicView
	ids := []string{pv.PostsID, pv.NameID, pv.LinksID}
	missing := func(why string) {
		for _, id := range ids {
			s.Missing(id, why)
		}
	}
	names := []string{"@" + a.handle}
	if a.name != "" {
		names = append(names, a.name)
	}
	doc, err := s.OpenPublic(ctx, page.Profile{URL: a.profile, Names: names, Private: pv.Protected})
	if page.IsPageError(err) {
		missing(err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	tab, err := s.PublicTab()
	if err != nil {
		return err
	}
	h, err := a.header(ctx, tab)
	if err != nil {
		return err
	}
	if !h.Found || !strings.EqualFold(h.Handle, a.handle) {
		missing("the profile header a logged-out visitor saw at " + doc.URL + " was not recognised")
		return nil
	}
	shot := s.Screenshot(ctx, tab, browser.Rect{}, "x.public_view")
	set := func(id, v, raw string) {
		s.Set(audit.Fact{ID: id, Value: v, Raw: raw, Source: audit.SourcePublicView, URL: doc.URL, Evidence: raw, Screenshot: shot})
	}
	set(pv.NameID, h.Name, "Name shown to a logged-out visitor: "+h.Name)
	links := strings.Join(h.Links, " ")
	if links == "" {
		set(pv.LinksID, "none", "No links shown to a logged-out visitor")
	} else {
		set(pv.LinksID, links, "Links shown to a logged-out visitor: "+links)
	}
	if h.Category != "" {
		for _, c := range a.c.Profile.Professional {
			if browser.Normalize(c) == browser.Normalize(h.Category) {
				set(pv.KindID, audit.KindProfessional, "Professional category shown: "+h.Category)
			}
		}
	}
	if doc.Private {
		set(pv.PostsID, audit.Hidden, "A logged-out visitor is told the posts are protected")
		return nil
	}
	// Posts load after the page: wait for them (or for nothing to come).
	if _, err := page.Call[struct {
		N int `json:"n"`
	}](ctx, s, tab, "waiting for the public posts", "waitGrowth", map[string]any{"css": "article[data-testid=tweet]", "before": 0, "idle": 400, "max": 5000}); err != nil {
		return err
	}
	posts, err := page.Call[[]publicPost](ctx, s, tab, "reading the public posts", "publicPosts", map[string]any{"handle": a.handle})
	if err != nil {
		return err
	}
	if len(posts) == 0 {
		// Neither posts nor the protected notice: what a stranger sees
		// cannot be told (X often shows logged-out visitors nothing).
		s.Missing(pv.PostsID, "a logged-out visitor saw neither posts nor a protected notice at "+doc.URL)
		return nil
	}
	byID := map[string]int{}
	for i, p := range s.Snap.Posts {
		byID[p.ID] = i
	}
	for _, p := range posts {
		if i, ok := byID[p.ID]; ok && p.ID != "" {
			s.Snap.Posts[i].Public = true
			continue
		}
		at, _ := time.Parse(time.RFC3339, p.When)
		s.Snap.Posts = append(s.Snap.Posts, audit.Post{Platform: audit.X, ID: p.ID, URL: p.URL, Text: p.Text, At: at.UTC(),
			Source: audit.SourcePublicView, Public: true})
	}
	set(pv.PostsID, audit.Visible, fmt.Sprintf("%d posts shown to a logged-out visitor", len(posts)))
	return nil
}
