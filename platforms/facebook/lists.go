package facebook

import (
	"context"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

type pagePost struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	When     string `json:"when"`
	Audience string `json:"audience"`
	Text     string `json:"text"`
	Images   []struct {
		URL string `json:"url"`
		Alt string `json:"alt"`
	} `json:"images"`
}

// readPosts reads every post of the profile tab shows, scrolling while
// the timeline grows (page.ErrListUnfinished when it never shows one).
func (a *auditor) readPosts(ctx context.Context, tab *browser.Tab, src audit.Source) ([]audit.Post, error) {
	if _, err := page.Grow(ctx, a.s, tab, "loading more posts", page.List{
		CSS: "[role=article]", Limit: a.c.Posts.Max, Rounds: 30, Idle: 120 * time.Millisecond, Max: 3 * time.Second,
	}); err != nil {
		return nil, err
	}
	raw, err := page.Call[[]pagePost](ctx, a.s, tab, "reading posts", "posts", map[string]any{"prefixes": a.c.Posts.AudiencePrefixes})
	if err != nil {
		return nil, err
	}
	out := make([]audit.Post, 0, len(raw))
	for _, p := range raw {
		post := audit.Post{
			Platform: audit.Facebook, ID: p.ID, URL: p.URL, Text: p.Text,
			At: ParseTime(p.When), Source: src, Public: src == audit.SourcePublicView,
		}
		if p.Audience != "" {
			post.Audience = a.audience(p.Audience)
		}
		if post.ID == "" {
			h := fnv.New64a()
			h.Write([]byte(p.When + "\x00" + p.Text))
			post.ID = fmt.Sprintf("h%x", h.Sum64())
		}
		for _, im := range p.Images {
			post.Images = append(post.Images, audit.Image{URL: im.URL, Alt: im.Alt})
		}
		out = append(out, post)
	}
	return out, nil
}

// audience maps the words after "Shared with" to an Audience* value; an
// unknown word becomes custom rather than a guess at something narrower.
func (a *auditor) audience(norm string) string {
	for w, v := range a.c.Posts.AudienceValues {
		if browser.Normalize(w) == norm {
			return v
		}
	}
	return audit.AudienceCustom
}

// mergePosts marks the posts a stranger could see as public and keeps those
// seen only publicly.
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

var postTimeLayouts = []string{
	time.RFC3339,
	"Monday 2 January 2006 at 15:04",
	"Monday, 2 January 2006 at 15:04",
	"Monday, January 2, 2006 at 3:04 PM",
	"Monday, January 2, 2006 at 15:04",
	"2 January 2006 at 15:04",
	"January 2, 2006 at 3:04 PM",
	"2 January 2006",
	"January 2, 2006",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a post's timestamp as pages write it (ISO, a long
// English date, Unix seconds). It returns the zero time when it cannot.
func ParseTime(s string) time.Time {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 1e8 && n < 1e11 {
		return time.Unix(n, 0).UTC()
	}
	for _, l := range postTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

type person struct {
	Name  string   `json:"name"`
	Path  string   `json:"path"`
	Lines []string `json:"lines"`
}

var (
	mutualRe  = regexp.MustCompile(`(?i)(\d[\d,]*)\s+mutual\s+friends?`)
	livesInRe = regexp.MustCompile(`(?i)^lives in\s+(.+)$`)
)

func (a *auditor) connection(p person, kind string) audit.Connection {
	c := audit.Connection{Platform: audit.Facebook, Kind: kind, Name: p.Name, URL: a.s.URL(p.Path), Mutual: -1}
	c.Handle = strings.TrimPrefix(p.Path, "/")
	c.Handle = strings.TrimPrefix(c.Handle, "profile.php?id=")
	for _, l := range p.Lines {
		if m := mutualRe.FindStringSubmatch(l); m != nil {
			if n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); err == nil {
				c.Mutual = n
			}
		}
		if m := livesInRe.FindStringSubmatch(l); m != nil {
			c.Location = strings.TrimSpace(m[1])
		}
	}
	return c
}

func (a *auditor) peopleQuery(self string, confirm []string) map[string]any {
	return map[string]any{"self": self, "reserved": a.c.ReservedPaths, "confirm": confirm}
}

// readFriends scrolls the friends list until it stops growing (or the cap)
// and records every friend.
func (a *auditor) readFriends(ctx context.Context, profile string) error {
	self := profilePath(profile)
	path := strings.ReplaceAll(a.c.Friends.Path, "{username}", strings.TrimPrefix(self, "/"))
	if strings.Contains(self, "?") {
		// profile.php?id=... profiles keep the list under sk=friends.
		path = self + "&sk=friends"
	}
	fdoc, err := a.s.Open(ctx, path)
	if page.IsPageError(err) {
		a.s.Missing(factConnections, err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	floc := fdoc.URL
	q := a.peopleQuery(self, nil)
	const item = "[role=main] [role=listitem]"
	// The list's own loader says when more has come or nothing will.
	if _, err := page.Grow(ctx, a.s, a.s.Tab(), "loading more friends", page.List{
		CSS: item, Limit: a.c.Friends.Max, Rounds: a.c.Friends.MaxRounds,
	}); err != nil {
		return err
	}
	var people []person
	if people, err = page.Call[[]person](ctx, a.s, a.s.Tab(), "reading friends", "people", q); err != nil {
		return err
	}
	if a.c.Friends.Max > 0 && len(people) > a.c.Friends.Max {
		people = people[:a.c.Friends.Max]
	}
	// A list shorter than the count the page shows was not read in full.
	shown, err := page.Call[int](ctx, a.s, a.s.Tab(), "reading the number of friends", "countNear", map[string]any{"words": []string{"friends", "friend"}})
	if err != nil {
		return err
	}
	if shown > 0 && len(people) < shown && (a.c.Friends.Max == 0 || len(people) < a.c.Friends.Max) {
		a.s.Missing(factConnections, fmt.Sprintf("the friends list showed %d of the %d friends the page counts, so it was not read in full", len(people), shown))
		return nil
	}
	for _, p := range people {
		a.s.Snap.Connections = append(a.s.Snap.Connections, a.connection(p, audit.ConnFriend))
	}
	// The count is the proof the list was read: an empty list on a page
	// laid out differently must not pass for "no friends".
	if len(people) == 0 {
		a.s.Missing(factConnections, "no friends listed on "+floc)
		return nil
	}
	n := fmt.Sprint(len(people))
	a.s.Set(audit.Fact{
		ID: factConnections, Value: n, Raw: n + " friends", Source: audit.SourceSettings, URL: floc,
		Evidence:   fmt.Sprintf("Friends list: %d friends read", len(people)),
		Screenshot: a.s.Screenshot(ctx, a.s.Tab(), browser.Rect{}, factConnections),
	})
	return nil
}

func (a *auditor) readRequests(ctx context.Context) error {
	rc := a.c.Requests
	doc, err := a.s.Open(ctx, rc.Path)
	if page.IsPageError(err) {
		a.s.Missing(rc.ID, err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	loc := doc.URL
	people, err := page.Call[[]person](ctx, a.s, a.s.Tab(), "reading friend requests", "people", a.peopleQuery(profilePath(a.s.Cov.Profile), rc.Confirm))
	if err != nil {
		return err
	}
	for _, p := range people {
		a.s.Snap.PendingRequests = append(a.s.Snap.PendingRequests, a.connection(p, audit.ConnRequest))
	}
	if rc.ID == "" {
		return nil
	}
	evidence := fmt.Sprintf("Friend requests: %d waiting", len(people))
	if len(people) == 0 {
		// An empty list proves nothing unless the page says so itself.
		empty, err := page.Call[bool](ctx, a.s, a.s.Tab(), "reading friend requests", "saysAny", map[string]any{"phrases": rc.Empty})
		if err != nil {
			return err
		}
		if !empty {
			a.s.Missing(rc.ID, "no friend requests listed and no \"no requests\" message on "+loc)
			return nil
		}
		evidence = "Friend requests: the page says there are none"
	}
	n := fmt.Sprint(len(people))
	a.s.Set(audit.Fact{
		ID: rc.ID, Value: n, Raw: n + " pending", Source: audit.SourceSettings, URL: loc,
		Evidence:   evidence,
		Screenshot: a.s.Screenshot(ctx, a.s.Tab(), browser.Rect{}, rc.ID),
	})
	return nil
}

type publicResult struct {
	Name            string   `json:"name"`
	HasMain         bool     `json:"hasMain"`
	Friends         bool     `json:"friends"`
	FriendsEvidence string   `json:"friendsEvidence"`
	Photos          bool     `json:"photos"`
	PhotoCount      int      `json:"photoCount"`
	Workplace       []string `json:"workplace"`
	Hometown        []string `json:"hometown"`
	Articles        int      `json:"articles"`
	Links           []string `json:"links"`
}

// readPublicView opens the profile in a cookie-less tab: what a stranger
// (or a patient) sees. Nothing is read from a page that is not provably
// the profile (a login wall, an error page, a redirect, another language):
// the public facts are then missing with what the page was instead.
func (a *auditor) readPublicView(ctx context.Context, profile string) ([]audit.Post, error) {
	s := a.s
	missing := func(why string) {
		for _, id := range publicFacts {
			s.Missing(id, why)
		}
	}
	names := []string{}
	if a.name != "" {
		names = append(names, a.name)
	}
	doc, err := s.OpenPublic(ctx, page.Profile{URL: profile, Names: names})
	if page.IsPageError(err) {
		missing(err.Error())
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	priv, err := s.PublicTab()
	if err != nil {
		return nil, err
	}
	loc := doc.URL
	pv := a.c.PublicView
	res, err := page.Call[publicResult](ctx, s, priv, "reading the public profile", "publicView", map[string]any{
		"friendsLabels": pv.FriendsLabels, "photosLabels": pv.PhotosLabels,
		"workplace": pv.WorkplacePrefixes, "hometown": pv.HometownPrefixes, "shims": pv.LinkShims,
	})
	if err != nil {
		return nil, err
	}
	if !res.HasMain {
		missing("the profile page was not recognised at " + loc)
		return nil, nil
	}
	shot := s.Screenshot(ctx, priv, browser.Rect{}, "facebook.public_view")
	set := func(id string, visible bool, evidence string) {
		v := audit.Hidden
		if visible {
			v = audit.Visible
		}
		s.Set(audit.Fact{ID: id, Value: v, Raw: evidence, Source: audit.SourcePublicView, URL: loc,
			Evidence: evidence, Screenshot: shot})
	}
	seen := func(what string, items []string) string {
		if len(items) == 0 {
			return what + ": not shown to a logged-out visitor"
		}
		return what + " shown to a logged-out visitor"
	}
	// The name a stranger sees is the profile's heading; the page was
	// proved to be the profile (OpenPublic) before it is read.
	if name := strings.TrimSpace(res.Name); name != "" {
		s.Set(audit.Fact{ID: factPublicName, Value: name, Raw: name, Source: audit.SourcePublicView, URL: loc,
			Evidence: "The public profile is headed " + name, Screenshot: shot})
	} else {
		s.Missing(factPublicName, "the public profile showed no name heading at "+loc)
	}
	links := page.LinksFact(factPublicLinks, res.Links)
	links.URL, links.Screenshot = loc, shot
	s.Set(links)
	set(factPublicWorkplace, len(res.Workplace) > 0, seen("Workplace", res.Workplace))
	set(factPublicHometown, len(res.Hometown) > 0, seen("Hometown", res.Hometown))
	if res.Friends {
		set(factPublicFriends, true, "Friends list shown to a logged-out visitor ("+res.FriendsEvidence+")")
	} else {
		set(factPublicFriends, false, "Friends list: not shown to a logged-out visitor")
	}
	if res.Photos {
		set(factPublicPhotos, true, fmt.Sprintf("Photos shown to a logged-out visitor (%d)", res.PhotoCount))
	} else {
		set(factPublicPhotos, false, "Photos: not shown to a logged-out visitor")
	}
	posts, err := a.readPosts(ctx, priv, audit.SourcePublicView)
	if err != nil {
		s.Missing(factPublicPosts, err.Error())
		return nil, nil
	}
	if len(posts) > 0 {
		set(factPublicPosts, true, fmt.Sprintf("%d posts shown to a logged-out visitor", len(posts)))
	} else {
		set(factPublicPosts, false, "Posts: none shown to a logged-out visitor")
	}
	return posts, nil
}
