// Package instagram reads a doctor's Instagram account through the
// browser: the privacy, tagging and comment settings, two-factor and the
// sessions in Accounts Centre (behind its account picker), followers and
// following from the JSON the page fetches (checked against the counts
// the profile shows), pending follow requests, the posts with their
// captions, and the profile as a logged-out stranger sees it.
//
// Labels, value words and paths come from assets/platforms/instagram.json;
// the shared page layer (platforms/page) opens pages on the account's own
// origin, logs in and reads settings by label. What is here is
// Instagram's own.
package instagram

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

//go:embed page.js
var pageJS string

// Adapter is the Instagram adapter.
type Adapter struct {
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

// Platform implements platforms.Adapter.
func (Adapter) Platform() audit.Platform { return audit.Instagram }

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

type auditor struct {
	c *Config
	s *page.Session
	// user is the account's handle and name the profile's display name.
	user, name string
	kind       string
}

// Audit implements platforms.Adapter.
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
	ids = append(ids, a.c.SearchEngine.ID, a.c.ProfileKind.ID, a.c.Sessions.ID, a.c.Requests.ID)
	for _, l := range a.c.Lists {
		ids = append(ids, l.ID)
	}
	return append(ids, a.publicFacts()...)
}

func (a *auditor) publicFacts() []string {
	pv := a.c.PublicView
	return []string{pv.Posts, pv.Name, pv.Links}
}

func (a *auditor) missingAll(ids []string, why string) {
	for _, id := range ids {
		a.s.Missing(id, why)
	}
}

func (a *auditor) run(ctx context.Context) error {
	s := a.s
	order := s.Site.PageOrder()
	steps := float64(len(order) + 7)
	step := 0.0
	progress := func(what string) {
		s.Progress(what, step/steps)
		step++
	}

	// The account type page needs a login, so it is where a login wall
	// shows first; its navigation names the profile.
	progress("Reading your account type")
	doc, err := a.readKind(ctx)
	if err != nil {
		return err
	}
	if doc.URL != "" {
		path, err := page.Call[string](ctx, s, s.Tab(), "finding your profile", "profilePath",
			map[string]any{"labels": a.c.Profile.NavLabels, "reserved": a.c.Profile.Reserved})
		if err != nil {
			return err
		}
		a.user = strings.Trim(path, "/")
	}
	if a.user == "" {
		why := "the link to the profile was not found in the site's navigation"
		var profileIDs []string
		for _, l := range a.c.Lists {
			profileIDs = append(profileIDs, l.ID)
		}
		a.missingAll(append(profileIDs, a.publicFacts()...), why)
	}
	var posts []audit.Post
	if a.user != "" {
		progress("Reading your posts, followers and following")
		if posts, err = a.readProfile(ctx); err != nil {
			return err
		}
	}
	for _, name := range order {
		progress("Reading " + strings.ReplaceAll(name, "_", " ") + " settings")
		if err := a.readPage(ctx, name); err != nil {
			return err
		}
	}
	progress("Reading where you're logged in")
	if err := a.readSessions(ctx); err != nil {
		return err
	}
	if a.user != "" {
		s.PreparePublic()
	}
	progress("Reading follow requests")
	if err := a.readRequests(ctx); err != nil {
		return err
	}
	if a.user != "" {
		progress("Looking at your profile as a stranger")
		public, err := a.readPublicView(ctx)
		if err != nil {
			return err
		}
		posts = mergePosts(posts, public)
	}
	s.Snap.Posts = append(s.Snap.Posts, posts...)
	s.Progress("Done", 1)
	return nil
}

// readKind reads whether the account is personal or professional from
// the switch its account type page offers.
func (a *auditor) readKind(ctx context.Context) (browser.Doc, error) {
	s, pk := a.s, a.c.ProfileKind
	doc, err := s.Open(ctx, pk.Path)
	if page.IsPageError(err) {
		a.missingAll([]string{pk.ID, a.c.SearchEngine.ID}, err.Error())
		return browser.Doc{}, nil
	}
	if err != nil {
		return doc, err
	}
	says := func(phrases []string) (bool, error) {
		return page.Call[bool](ctx, s, s.Tab(), "reading your account type", "saysAny", map[string]any{"phrases": phrases})
	}
	personal, err := says(pk.Personal)
	if err != nil {
		return doc, err
	}
	pro, err := says(pk.Professional)
	if err != nil {
		return doc, err
	}
	switch {
	case personal && !pro:
		a.kind = "personal"
	case pro && !personal:
		a.kind = "professional"
	default:
		why := fmt.Sprintf("the account type page %s did not say whether the account is personal or professional", doc.URL)
		a.missingAll([]string{pk.ID, a.c.SearchEngine.ID}, why)
		return doc, nil
	}
	s.Set(audit.Fact{ID: pk.ID, Value: a.kind, Raw: a.kind, Source: audit.SourceSettings, URL: doc.URL,
		Evidence: "Account type and tools offers the switch to the other kind of account: a " + a.kind + " account"})
	if a.kind == "personal" {
		// Instagram shows public photos to search engines only for
		// professional accounts; a personal account is not offered the switch.
		s.Set(audit.Fact{ID: a.c.SearchEngine.ID, Value: "not_offered", Raw: "personal account", Source: audit.SourceSettings, URL: doc.URL,
			Evidence: "A personal account: search engine results are offered to professional accounts only"})
	}
	return doc, nil
}

// readPage opens a settings page (choosing the account first where
// Accounts Centre asks) and reads its facts by label.
func (a *auditor) readPage(ctx context.Context, name string) error {
	s := a.s
	facts := s.Site.FactsOn(name)
	se := a.c.SearchEngine
	if a.kind == "professional" && se.Page == name {
		facts = append(facts, page.Fact{ID: se.ID, Page: name, Labels: se.Labels, Values: map[string]string{"On": audit.On, "Off": audit.Off}, Switch: true})
	}
	ids := make([]string, 0, len(facts))
	for _, f := range facts {
		ids = append(ids, f.ID)
	}
	doc, err := a.open(ctx, s.Site.Pages[name])
	if page.IsPageError(err) {
		a.missingAll(ids, err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	var labels []string
	for _, f := range facts {
		labels = append(labels, f.Labels...)
	}
	s.Settle(ctx, s.Tab(), labels)
	var read []page.Fact
	for _, f := range facts {
		if !contains(a.c.NamedSwitches, f.ID) {
			read = append(read, f)
			continue
		}
		named, err := page.Call[bool](ctx, s, s.Tab(), "reading "+f.Labels[0], "namedSwitch", map[string]any{"labels": f.Labels})
		if err != nil {
			return err
		}
		if !named {
			s.Missing(f.ID, fmt.Sprintf("no switch named %q on %s: the control may have lost its name or changed", f.Labels[0], doc.URL))
			continue
		}
		read = append(read, f)
	}
	s.ReadFacts(ctx, s.Tab(), doc.URL, read)
	return nil
}

type pickerResult struct {
	Picker bool `json:"picker"`
	Titled bool `json:"titled"`
	// Choices are the accounts offered, each its text lines and the
	// address that picks it.
	Choices []struct {
		Lines []string `json:"lines"`
		Href  string   `json:"href"`
	} `json:"choices"`
}

// open loads a page; where Accounts Centre first asks which account to
// manage, it picks the Instagram account being audited, by its network and
// its name or handle, and loads the page for it. A picker that offers it
// not once but never or twice is a PageError: the facts behind it are
// then not read.
func (a *auditor) open(ctx context.Context, path string) (browser.Doc, error) {
	s := a.s
	doc, err := s.Open(ctx, path)
	if err != nil || !strings.HasPrefix(path, "@") {
		return doc, err
	}
	pr, err := page.Call[pickerResult](ctx, s, s.Tab(), "reading the account picker", "picker", map[string]any{"titles": a.c.Picker.Titles})
	if err != nil || !pr.Picker {
		return doc, err
	}
	choice, why := a.choose(pr)
	if why != "" {
		return doc, &page.PageError{Reason: "Accounts Centre asked which account to manage at " + doc.URL + ", and " + why}
	}
	// The choice must lead to a page of the same Accounts Centre.
	name, _, _ := strings.Cut(strings.TrimPrefix(path, "@"), "/")
	base := s.URL("@" + name + "/")
	rest, ok := strings.CutPrefix(choice, base)
	if !ok {
		return doc, &page.PageError{Reason: "the account picker at " + doc.URL + " led away from Accounts Centre (" + choice + ")"}
	}
	next := "@" + name + "/" + rest
	return s.Open(ctx, next)
}

// choose picks the one choice that is this Instagram account.
func (a *auditor) choose(pr pickerResult) (string, string) {
	var hits []string
	var offered []string
	who := []string{browser.Normalize(a.user), browser.Normalize(a.name)}
	for _, c := range pr.Choices {
		text := " " + browser.Normalize(strings.Join(c.Lines, " ")) + " "
		offered = append(offered, strings.Join(c.Lines, " "))
		if !strings.Contains(text, " "+browser.Normalize(a.c.Picker.Network)+" ") {
			continue
		}
		for _, w := range who {
			if w != "" && strings.Contains(text, " "+w+" ") {
				hits = append(hits, c.Href)
				break
			}
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], ""
	case len(hits) == 0:
		return "", fmt.Sprintf("it did not offer the Instagram account @%s (it offered: %s)", a.user, strings.Join(offered, "; "))
	}
	return "", fmt.Sprintf("it offered %d Instagram accounts that could be @%s, so which one is audited cannot be told", len(hits), a.user)
}

type sessionsResult struct {
	Found bool       `json:"found"`
	Items [][]string `json:"items"`
}

func (a *auditor) readSessions(ctx context.Context) error {
	s, sc := a.s, a.c.Sessions
	doc, err := a.open(ctx, sc.Path)
	if page.IsPageError(err) {
		s.Missing(sc.ID, err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	s.Settle(ctx, s.Tab(), sc.Labels)
	res, err := page.Call[sessionsResult](ctx, s, s.Tab(), "reading where you're logged in", "sessions", map[string]any{"labels": sc.Labels})
	if err != nil {
		return err
	}
	switch {
	case !res.Found:
		s.Missing(sc.ID, fmt.Sprintf("the setting %q was not found on %s", sc.Labels[0], doc.URL))
		return nil
	case len(res.Items) == 0:
		s.Missing(sc.ID, "no devices listed under "+sc.Labels[0]+" on "+doc.URL)
		return nil
	}
	for _, lines := range res.Items {
		s.Snap.Sessions = append(s.Snap.Sessions, ParseSession(lines))
	}
	n := fmt.Sprint(len(res.Items))
	s.Set(audit.Fact{ID: sc.ID, Value: n, Raw: n + " sessions", Source: audit.SourceSettings, URL: doc.URL,
		Evidence:   fmt.Sprintf("%s: %d devices listed", sc.Labels[0], len(res.Items)),
		Screenshot: s.Screenshot(ctx, s.Tab(), browser.Rect{}, sc.ID)})
	return nil
}

// ParseSession reads a device row: "Device · App" then "Place · When".
func ParseSession(lines []string) audit.Session {
	out := audit.Session{Platform: audit.Instagram}
	split := func(l string) []string {
		var parts []string
		for _, p := range strings.FieldsFunc(l, func(r rune) bool { return r == '·' || r == '•' || r == '|' }) {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		return parts
	}
	if len(lines) > 0 {
		out.Device = strings.Join(split(lines[0]), " (") + strings.Repeat(")", max(0, len(split(lines[0]))-1))
	}
	if len(lines) > 1 {
		p := split(lines[1])
		if len(p) > 0 {
			out.LastActive = p[len(p)-1]
			out.Location = strings.Join(p[:len(p)-1], ", ")
		}
	}
	when := strings.ToLower(out.LastActive)
	out.Current = when == "this device" || when == "active now" || when == "current session"
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
