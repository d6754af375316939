package instagram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

// UserPage is one page of a follow list as the web API sends it.
type UserPage struct {
	Users   []User
	HasMore bool
	Next    string
}

// User is one account in a follow list.
type User struct {
	PK       string
	Username string
	FullName string
}

// ErrLegacyList is the old GraphQL follow-list shape, which since 2026
// answers with the right count and no people: never a list to trust.
var ErrLegacyList = errors.New("the old follow-list format, which no longer lists anyone")

// ParseUserPage reads one response of the follow-list, pending-request
// API. Anything that is not a successful page of people is an error, so
// that an empty list is only ever what the site said.
func ParseUserPage(body []byte) (UserPage, error) {
	var raw struct {
		Users *[]struct {
			PK       json.RawMessage `json:"pk"`
			PKID     string          `json:"pk_id"`
			Username string          `json:"username"`
			FullName string          `json:"full_name"`
		} `json:"users"`
		HasMore   *bool           `json:"has_more"`
		BigList   bool            `json:"big_list"`
		NextMaxID json.RawMessage `json:"next_max_id"`
		Status    string          `json:"status"`
		Message   string          `json:"message"`
		Data      json.RawMessage `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return UserPage{}, fmt.Errorf("not JSON: %w", err)
	}
	switch {
	case raw.Users == nil && len(raw.Data) > 0:
		return UserPage{}, ErrLegacyList
	case raw.Status != "ok":
		msg := raw.Message
		if msg == "" {
			msg = "status " + fmt.Sprintf("%q", raw.Status)
		}
		return UserPage{}, fmt.Errorf("the site refused the list (%s)", msg)
	case raw.Users == nil:
		return UserPage{}, errors.New("no list of people in the answer")
	}
	var p UserPage
	for _, u := range *raw.Users {
		pk := strings.Trim(string(u.PK), `"`)
		if pk == "" || pk == "null" {
			pk = u.PKID
		}
		if u.Username == "" {
			return UserPage{}, errors.New("a person without a username in the list")
		}
		p.Users = append(p.Users, User{PK: pk, Username: u.Username, FullName: u.FullName})
	}
	next := strings.Trim(string(raw.NextMaxID), `"`)
	if next == "null" {
		next = ""
	}
	p.Next = next
	if raw.HasMore != nil {
		p.HasMore = *raw.HasMore
	} else {
		p.HasMore = next != "" && raw.BigList
	}
	return p, nil
}

type netResponse struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Body   string `json:"body"`
}

type tileResult struct {
	Code string `json:"code"`
	URL  string `json:"url"`
	Alt  string `json:"alt"`
	Src  string `json:"src"`
}

type growth struct {
	Before int  `json:"before"`
	N      int  `json:"n"`
	Busy   bool `json:"busy"`
}

// profileTitle splits the profile page's title, "Name (@handle) •
// Instagram photos and videos", into name and handle.
func profileTitle(title string) (name, handle string) {
	i := strings.LastIndex(title, " (@")
	if i <= 0 {
		return "", ""
	}
	j := strings.Index(title[i:], ")")
	if j < 0 {
		return "", ""
	}
	return strings.TrimSpace(title[:i]), title[i+3 : i+j]
}

// readProfile reads the account's own profile: its name, its posts (the
// grid, scrolled to its end and checked against the posts count), and the
// follow lists, each from the JSON the page fetches for its dialog.
func (a *auditor) readProfile(ctx context.Context) ([]audit.Post, error) {
	s := a.s
	listIDs := make([]string, 0, len(a.c.Lists))
	for _, l := range a.c.Lists {
		listIDs = append(listIDs, l.ID)
	}
	doc, err := s.Open(ctx, "/"+a.user+"/")
	if page.IsPageError(err) {
		a.missingAll(listIDs, err.Error())
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.Cov.Profile = doc.URL
	if name, handle := profileTitle(doc.Title); strings.EqualFold(handle, a.user) {
		a.name = name
	}
	posts, err := a.readPosts(ctx, s.Tab(), audit.SourceSettings)
	if err != nil {
		return nil, err
	}
	for _, l := range a.c.Lists {
		if err := a.readList(ctx, l, doc.URL); err != nil {
			return nil, err
		}
	}
	return posts, nil
}

// readPosts scrolls the grid tab shows until it stops growing and reads
// its posts. A grid shorter than the posts count the profile shows is
// reported missing (under "instagram.posts"): the scanner then knows it
// did not see everything.
func (a *auditor) readPosts(ctx context.Context, tab *browser.Tab, src audit.Source) ([]audit.Post, error) {
	s := a.s
	const item = `a[href*="/p/"], a[href*="/reel/"]`
	maxPosts := a.c.Profile.MaxPosts
	shown, err := page.Call[int](ctx, s, tab, "reading the number of posts", "countOf", map[string]any{"path": "", "words": a.c.Profile.PostsWords})
	if err != nil {
		return nil, err
	}
	// The grid asks for more on the page's scroll event, which a busy
	// browser may deliver late: while it shows fewer posts than it
	// counts, a quiet spell is waited out a few times, each longer.
	idle, patience := 150, 3
	if src == audit.SourcePublicView {
		// A stranger is shown only the first posts: no more will come.
		patience = 0
	}
	for round := 0; round < 80; round++ {
		g, err := page.Call[growth](ctx, s, tab, "loading more posts", "growPosts", map[string]any{"css": item, "idle": idle, "max": 4000})
		if err != nil {
			return nil, err
		}
		if maxPosts > 0 && g.N >= maxPosts {
			break
		}
		if g.N == g.Before && !g.Busy {
			if g.N >= shown || patience == 0 {
				break
			}
			patience--
			idle *= 3
		}
	}
	tiles, err := page.Call[[]tileResult](ctx, s, tab, "reading posts", "tiles", nil)
	if err != nil {
		return nil, err
	}
	if src == audit.SourceSettings && shown >= 0 && len(tiles) < shown && (maxPosts == 0 || len(tiles) < maxPosts) {
		s.Missing("instagram.posts", fmt.Sprintf("the profile showed %d of the %d posts it counts, so not every post was scanned", len(tiles), shown))
	}
	out := make([]audit.Post, 0, len(tiles))
	for _, t := range tiles {
		p := audit.Post{Platform: audit.Instagram, ID: t.Code, URL: t.URL, Text: t.Alt, Source: src, Public: src == audit.SourcePublicView}
		if t.Src != "" {
			p.Images = []audit.Image{{URL: t.Src, Alt: t.Alt}}
		}
		out = append(out, p)
	}
	return out, nil
}

// readList opens a follow list's dialog from the profile (tab at loc)
// and reads the people from the JSON the page fetches as the dialog
// scrolls. The list is read only when it holds as many people as the
// profile counts.
func (a *auditor) readList(ctx context.Context, l ListConfig, loc string) error {
	s := a.s
	tab := s.Tab()
	link := strings.ReplaceAll(l.Link, "{username}", a.user)
	shown, err := page.Call[int](ctx, s, tab, "reading the number of "+l.CountWords[0], "countOf", map[string]any{"path": link, "words": l.CountWords})
	if err != nil {
		return err
	}
	if _, err := page.Call[bool](ctx, s, tab, "watching the list's requests", "hook", map[string]any{"patterns": []string{l.Request}}); err != nil {
		return err
	}
	from, err := page.Call[int](ctx, s, tab, "watching the list's requests", "netCount", nil)
	if err != nil {
		return err
	}
	ok, err := page.Call[bool](ctx, s, tab, "opening the "+l.CountWords[0]+" list", "clickPath", map[string]any{"path": link})
	if err != nil {
		return err
	}
	if !ok {
		s.Missing(l.ID, fmt.Sprintf("the link to the %s list (%s) was not found on %s", l.CountWords[0], link, loc))
		return nil
	}
	defer func() { _, _ = page.Call[bool](ctx, s, tab, "closing the list", "closeDialog", nil) }()

	seen := map[string]bool{}
	var people []User
	more, pages, why := true, 0, ""
	for round := 0; more && round < 2000 && why == ""; round++ {
		got, err := page.Call[[]netResponse](ctx, s, tab, "loading the "+l.CountWords[0]+" list", "pull",
			map[string]any{"from": from + pages, "max": 5000, "scroll": round > 0})
		if err != nil {
			return err
		}
		if len(got) == 0 {
			why = "the site sent no more of the list"
			break
		}
		for _, r := range got {
			pages++
			if r.Status != 200 {
				why = fmt.Sprintf("the site answered HTTP %d for the list", r.Status)
				break
			}
			up, err := ParseUserPage([]byte(r.Body))
			if err != nil {
				why = err.Error()
				break
			}
			for _, u := range up.Users {
				if !seen[u.Username] {
					seen[u.Username] = true
					people = append(people, u)
				}
			}
			more = up.HasMore
		}
		if l.Max > 0 && len(people) >= l.Max {
			break
		}
	}
	switch {
	case why != "":
		s.Missing(l.ID, fmt.Sprintf("the %s list was not read in full (%s); %d of %d read", l.CountWords[0], why, len(people), shown))
		return nil
	case shown == -2:
		s.Missing(l.ID, fmt.Sprintf("the profile shows the number of %s only rounded, so the list of %d could not be checked against it", l.CountWords[0], len(people)))
		return nil
	case shown < 0:
		s.Missing(l.ID, fmt.Sprintf("the profile did not show how many %s there are, so the list could not be checked against it", l.CountWords[0]))
		return nil
	case len(people) < shown && (l.Max == 0 || len(people) < l.Max):
		s.Missing(l.ID, fmt.Sprintf("the %s list gave %d of the %d the profile counts, so it was not read in full", l.CountWords[0], len(people), shown))
		return nil
	}
	for _, u := range people {
		s.Snap.Connections = append(s.Snap.Connections, a.connection(u, l.Kind))
	}
	n := fmt.Sprint(len(people))
	s.Set(audit.Fact{ID: l.ID, Value: n, Raw: n + " " + l.CountWords[0], Source: audit.SourceSettings, URL: loc,
		Evidence: fmt.Sprintf("%s list: %d read, as the profile counts", strings.ToUpper(l.CountWords[0][:1])+l.CountWords[0][1:], len(people))})
	return nil
}

func (a *auditor) connection(u User, kind string) audit.Connection {
	name := u.FullName
	if name == "" {
		name = u.Username
	}
	return audit.Connection{Platform: audit.Instagram, Kind: kind, Name: name, Handle: u.Username, URL: a.s.URL("/" + url.PathEscape(u.Username) + "/"), Mutual: -1}
}

// readRequests opens the follow requests panel and reads the people from
// the JSON it fetches.
func (a *auditor) readRequests(ctx context.Context) error {
	s, rc := a.s, a.c.Requests
	doc, err := s.Open(ctx, rc.Path)
	if page.IsPageError(err) {
		s.Missing(rc.ID, err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	tab := s.Tab()
	if _, err := page.Call[bool](ctx, s, tab, "watching follow requests", "hook", map[string]any{"patterns": []string{rc.Request}}); err != nil {
		return err
	}
	ok, err := page.Call[bool](ctx, s, tab, "opening follow requests", "clickNamed", map[string]any{"names": rc.Open})
	if err != nil {
		return err
	}
	if !ok {
		s.Missing(rc.ID, fmt.Sprintf("no %q entry on %s", rc.Open[0], doc.URL))
		return nil
	}
	if _, err := page.Call[int](ctx, s, tab, "loading follow requests", "waitNet", map[string]any{"before": 0, "max": 5000}); err != nil {
		return err
	}
	got, err := page.Call[[]netResponse](ctx, s, tab, "reading follow requests", "captured", map[string]any{"from": 0})
	if err != nil {
		return err
	}
	if len(got) == 0 {
		s.Missing(rc.ID, "the follow requests panel on "+doc.URL+" fetched no list")
		return nil
	}
	r := got[0]
	if r.Status != 200 {
		s.Missing(rc.ID, fmt.Sprintf("the site answered HTTP %d for the follow requests", r.Status))
		return nil
	}
	up, err := ParseUserPage([]byte(r.Body))
	if err != nil {
		s.Missing(rc.ID, "the follow requests could not be read: "+err.Error())
		return nil
	}
	if up.HasMore {
		s.Missing(rc.ID, fmt.Sprintf("the site sent %d follow requests and said more follow", len(up.Users)))
		return nil
	}
	for _, u := range up.Users {
		s.Snap.PendingRequests = append(s.Snap.PendingRequests, a.connection(u, audit.ConnRequest))
	}
	n := fmt.Sprint(len(up.Users))
	s.Set(audit.Fact{ID: rc.ID, Value: n, Raw: n + " pending", Source: audit.SourceSettings, URL: doc.URL,
		Evidence: fmt.Sprintf("%s: %d waiting", rc.Open[0], len(up.Users))})
	return nil
}

// readPublicView opens the profile in a cookie-less tab, as a stranger
// (or a patient) sees it. Nothing is read from a page that is not
// provably the profile.
func (a *auditor) readPublicView(ctx context.Context) ([]audit.Post, error) {
	s, pv := a.s, a.c.PublicView
	names := []string{a.user}
	if a.name != "" {
		names = append(names, a.name)
	}
	doc, err := s.OpenPublic(ctx, page.Profile{URL: s.URL("/" + a.user + "/"), Names: names, Private: a.c.Profile.Private})
	if page.IsPageError(err) {
		a.missingAll(a.publicFacts(), err.Error())
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	tab, err := s.PublicTab()
	if err != nil {
		return nil, err
	}
	loc := doc.URL
	at := s.Now()
	set := func(id, value, raw, evidence string) {
		s.Set(audit.Fact{ID: id, Value: value, Raw: raw, Source: audit.SourcePublicView, URL: loc, At: at, Evidence: evidence})
	}
	name, handle := profileTitle(doc.Title)
	if strings.EqualFold(handle, a.user) && name != "" {
		set(pv.Name, name, name, "The public profile is titled "+doc.Title)
	} else {
		s.Missing(pv.Name, "the public profile's title did not give its name ("+doc.Title+")")
	}
	links, err := page.Call[[]string](ctx, s, tab, "reading the profile's links", "links", map[string]any{
		"within": []string{"header", "[role=main]", "main"}, "shims": pv.LinkShims,
	})
	if err != nil {
		return nil, err
	}
	lf := page.LinksFact(pv.Links, links)
	lf.URL, lf.At = loc, at
	s.Set(lf)
	if doc.Private {
		set(pv.Posts, audit.Hidden, "private", "The profile tells a logged-out visitor the account is private")
		return nil, nil
	}
	posts, err := a.readPosts(ctx, tab, audit.SourcePublicView)
	if err != nil {
		return nil, err
	}
	shown, err := page.Call[int](ctx, s, tab, "reading the number of posts", "countOf", map[string]any{"path": "", "words": a.c.Profile.PostsWords})
	if err != nil {
		return nil, err
	}
	switch {
	case len(posts) > 0:
		set(pv.Posts, audit.Visible, fmt.Sprint(len(posts)), fmt.Sprintf("%d posts shown to a logged-out visitor", len(posts)))
	case shown == 0:
		set(pv.Posts, audit.Hidden, "0", "The profile has no posts")
	default:
		// Neither private nor showing posts it counts: not a page to judge by.
		s.Missing(pv.Posts, fmt.Sprintf("the public profile at %s neither said it was private nor showed its posts", loc))
	}
	return posts, nil
}

// mergePosts marks the posts a stranger could see as public and keeps
// those seen only publicly.
func mergePosts(own, public []audit.Post) []audit.Post {
	idx := map[string]int{}
	for i, p := range own {
		idx[p.ID] = i
	}
	for _, p := range public {
		if i, ok := idx[p.ID]; ok {
			own[i].Public = true
			continue
		}
		own = append(own, p)
	}
	return own
}
