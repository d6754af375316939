package linkedin

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

type pagePost struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	When     string `json:"when"`
	Audience string `json:"audience"`
}

// readPosts reads the activity page: every update with its text, for the
// scanner.
func (a *auditor) readPosts(ctx context.Context) error {
	path := strings.ReplaceAll(a.c.Posts.Path, "{profile}", strings.TrimRight(a.c.ProfilePrefix+a.slug, "/"))
	if _, err := a.s.Open(ctx, path); err != nil {
		if page.IsPageError(err) {
			a.s.Missing(string(audit.LinkedIn)+".posts", err.Error())
			return nil
		}
		return err
	}
	if err := a.grow(ctx, `[data-urn^="urn:li:activity:"]`, nil, a.c.Posts.Max, 40); err != nil {
		if page.IsPageError(err) {
			a.s.Missing(string(audit.LinkedIn)+".posts", err.Error())
			return nil
		}
		return err
	}
	raw, err := page.Call[[]pagePost](ctx, a.s, a.s.Tab(), "reading posts", "posts", nil)
	if err != nil {
		return err
	}
	for _, p := range raw {
		if p.ID == "" {
			continue
		}
		post := audit.Post{
			Platform: audit.LinkedIn, ID: p.ID, Text: p.Text, At: ParseTime(p.When), Source: audit.SourceSettings,
			URL: a.s.URL("/feed/update/urn:li:activity:" + p.ID + "/"), Audience: a.audience(p.Audience),
		}
		a.s.Snap.Posts = append(a.s.Snap.Posts, post)
	}
	return nil
}

// audience maps the update's "Visible to ..." words; unknown words are
// custom, never narrower.
func (a *auditor) audience(words string) string {
	if words == "" {
		return ""
	}
	key := browser.Normalize(words)
	for w, v := range a.c.Posts.AudienceValues {
		if browser.Normalize(w) == key {
			return v
		}
	}
	return audit.AudienceCustom
}

// grow makes a lazily loaded list show all it has: it presses the list's
// "Show more" button when there is one, else scrolls to the end, and waits
// on the page's own changes until nothing more comes (or max items, or
// rounds run out).
func (a *auditor) grow(ctx context.Context, css string, more []string, max, rounds int) error {
	_, err := page.Grow(ctx, a.s, a.s.Tab(), "loading more", page.List{CSS: css, More: more, Limit: max, Rounds: rounds})
	return err
}

type person struct {
	Name  string   `json:"name"`
	Slug  string   `json:"slug"`
	Lines []string `json:"lines"`
}

var mutualRe = regexp.MustCompile(`(?i)^(\d[\d,]*)\s+mutual\s+connections?$`)

func (a *auditor) connection(p person, kind string) audit.Connection {
	c := audit.Connection{Platform: audit.LinkedIn, Kind: kind, Name: p.Name, Handle: p.Slug,
		URL: a.s.URL(a.c.ProfilePrefix + p.Slug + "/"), Mutual: -1}
	for _, l := range p.Lines {
		if m := mutualRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			if n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); err == nil {
				c.Mutual = n
			}
		}
	}
	return c
}

func (a *auditor) peopleQuery(accept []string) map[string]any {
	return map[string]any{"self": a.slug, "prefix": a.c.ProfilePrefix, "accept": accept}
}

// readConnections reads the whole connections list and holds it to the
// count the page shows: a shorter list was not read in full.
func (a *auditor) readConnections(ctx context.Context) error {
	cc := a.c.Connections
	doc, err := a.s.Open(ctx, cc.Path)
	if err != nil {
		return err
	}
	rounds := cc.MaxRounds
	if rounds <= 0 {
		rounds = 200
	}
	const item = `main a[href*="/in/"]`
	if err := a.grow(ctx, item, cc.More, 0, rounds); err != nil {
		return err
	}
	people, err := page.Call[[]person](ctx, a.s, a.s.Tab(), "reading connections", "people", a.peopleQuery(nil))
	if err != nil {
		return err
	}
	shown, err := page.Call[int](ctx, a.s, a.s.Tab(), "reading the number of connections", "countNear", map[string]any{"words": cc.CountWords})
	if err != nil {
		return err
	}
	switch {
	case shown == 0:
		return &page.PageError{Reason: "the connections page at " + doc.URL + " does not show how many connections there are, so the list cannot be proved complete"}
	case shown < 0 && (cc.Max == 0 || len(people) < cc.Max):
		return &page.PageError{Reason: "the connections page shows a rounded count, so the list cannot be proved complete"}
	case shown > 0 && len(people) < shown && (cc.Max == 0 || len(people) < cc.Max):
		return &page.PageError{Reason: fmt.Sprintf("the connections list showed %d of the %d connections the page counts, so it was not read in full", len(people), shown)}
	}
	for _, p := range people {
		a.s.Snap.Connections = append(a.s.Snap.Connections, a.connection(p, audit.ConnFriend))
	}
	n := fmt.Sprint(len(people))
	a.s.Set(audit.Fact{
		ID: cc.ID, Value: n, Raw: n + " connections", Source: audit.SourceSettings, URL: doc.URL,
		Evidence:   fmt.Sprintf("Connections: %d read, as many as the page counts", len(people)),
		Screenshot: a.s.Screenshot(ctx, a.s.Tab(), browser.Rect{}, cc.ID),
	})
	return nil
}

// readInvitations reads the received invitations, held to the page's
// "Invitations (n)"; none counts only when the page says so.
func (a *auditor) readInvitations(ctx context.Context) error {
	ic := a.c.Invitations
	doc, err := a.s.Open(ctx, ic.Path)
	if err != nil {
		return err
	}
	people, err := page.Call[[]person](ctx, a.s, a.s.Tab(), "reading invitations", "people", a.peopleQuery(ic.Accept))
	if err != nil {
		return err
	}
	texts, err := page.Call[[]string](ctx, a.s, a.s.Tab(), "reading the number of invitations", "bracketCounts", nil)
	if err != nil {
		return err
	}
	shown := -1
	for _, t := range texts {
		if n := CountAfter(t, ic.CountPrefixes); n >= 0 {
			shown = n
			break
		}
	}
	evidence := fmt.Sprintf("Invitations: %d waiting", len(people))
	switch {
	case shown >= 0 && shown != len(people):
		return &page.PageError{Reason: fmt.Sprintf("the invitations page counts %d but lists %d, so it was not read in full", shown, len(people))}
	case len(people) == 0:
		empty, err := page.Call[bool](ctx, a.s, a.s.Tab(), "reading invitations", "saysAny", map[string]any{"phrases": ic.Empty})
		if err != nil {
			return err
		}
		if !empty {
			return &page.PageError{Reason: "no invitations listed and no \"no pending invitations\" message on " + doc.URL}
		}
		evidence = "Invitations: the page says there are none"
	case shown < 0:
		return &page.PageError{Reason: "the invitations page at " + doc.URL + " does not show how many invitations there are, so the list cannot be proved complete"}
	}
	for _, p := range people {
		a.s.Snap.PendingRequests = append(a.s.Snap.PendingRequests, a.connection(p, audit.ConnRequest))
	}
	n := fmt.Sprint(len(people))
	a.s.Set(audit.Fact{
		ID: ic.ID, Value: n, Raw: n + " pending", Source: audit.SourceSettings, URL: doc.URL, Evidence: evidence,
		Screenshot: a.s.Screenshot(ctx, a.s.Tab(), browser.Rect{}, ic.ID),
	})
	return nil
}

type publicResult struct {
	HasMain  bool     `json:"hasMain"`
	Name     string   `json:"name"`
	Sections []string `json:"sections"`
	Links    []string `json:"links"`
	Text     string   `json:"text"`
}

// readPublicView opens the profile in a cookie-less tab. A login wall
// (LinkedIn's authwall), a redirect or an error page leaves the public
// facts missing with what the page was: never "hidden".
func (a *auditor) readPublicView(ctx context.Context, profile string) error {
	s := a.s
	var names []string
	if a.name != "" {
		names = append(names, a.name)
	}
	doc, err := s.OpenPublic(ctx, page.Profile{URL: profile, Names: names})
	if err != nil {
		return err
	}
	tab, err := s.PublicTab()
	if err != nil {
		return err
	}
	res, err := page.Call[publicResult](ctx, s, tab, "reading the public profile", "publicView", nil)
	if err != nil {
		return err
	}
	if !res.HasMain || res.Name == "" {
		return &page.PageError{Reason: "the public profile was not recognised at " + doc.URL}
	}
	loc := doc.URL
	shot := s.Screenshot(ctx, tab, browser.Rect{}, "linkedin.public_view")
	sections := "sections shown: " + strings.Join(res.Sections, ", ")
	s.Set(audit.Fact{ID: factPublicName, Value: res.Name, Raw: res.Name, Source: audit.SourcePublicView, URL: loc,
		Evidence: "Name a logged-out visitor sees; " + sections, Screenshot: shot})
	s.Set(audit.Fact{ID: factPublicSections, Value: strings.Join(res.Sections, ", "), Raw: strings.Join(res.Sections, ", "), Source: audit.SourcePublicView,
		URL: loc, Evidence: "Sections a logged-out visitor sees: " + strings.Join(res.Sections, ", "), Screenshot: shot})
	var links []string
	origin := strings.TrimRight(s.URL("/"), "/")
	for _, l := range res.Links {
		if out := OutsideLink(l, origin, a.c.PublicView.RedirectPath, a.c.PublicView.RedirectParam); out != "" && !contains(links, out) {
			links = append(links, out)
		}
	}
	ev := "Links on the public profile: none"
	if len(links) > 0 {
		ev = fmt.Sprintf("Links on the public profile: %d", len(links))
	}
	s.Set(audit.Fact{ID: factPublicLinks, Value: strings.Join(links, " "), Raw: strings.Join(links, " "), Source: audit.SourcePublicView,
		URL: loc, Evidence: ev, Screenshot: shot})
	kinds := ContactDetails(res.Text)
	v, ev := audit.Hidden, "No email address or phone number on the public profile ("+sections+")"
	if len(kinds) > 0 {
		v, ev = audit.Visible, "The public profile shows: "+strings.Join(kinds, ", ")+" ("+sections+")"
	}
	// The details themselves stay out of the record.
	s.Set(audit.Fact{ID: factPublicContact, Value: v, Raw: strings.Join(kinds, ", "), Source: audit.SourcePublicView,
		URL: loc, Evidence: ev, Screenshot: shot})
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
