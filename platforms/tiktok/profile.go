package tiktok

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

// openProfile finds the account's profile from the "Profile" link of the
// logged-in page and opens it. false means the profile could not be
// found: its facts are missing and the audit goes on.
func (a *auditor) openProfile(ctx context.Context) (bool, error) {
	s := a.s
	missing := func(why string) {
		for _, id := range []string{factFollowers, factFollowing} {
			s.Missing(id, why)
		}
		s.Missing(factPosts, why)
	}
	path, err := page.Call[string](ctx, s, s.Tab(), "finding your profile", "navLink", map[string]any{"names": a.c.Profile.Nav})
	if err != nil {
		return false, err
	}
	if path == "" {
		missing("the link to your profile was not found on the settings page")
		for _, id := range publicFacts {
			s.Missing(id, "the address of your profile is not known")
		}
		return false, nil
	}
	a.handle = strings.TrimPrefix(path, "/@")
	a.profile = s.URL(path)
	s.Cov.Profile = a.profile
	doc, err := s.Open(ctx, path)
	if page.IsPageError(err) {
		missing(err.Error())
		return false, nil
	}
	if err != nil {
		return false, err
	}
	h, err := page.Call[header](ctx, s, s.Tab(), "reading your profile", "header", nil)
	if err != nil {
		return false, err
	}
	a.name = h.Name
	a.private = s.Snap.Facts["tiktok.private"].Value == audit.On
	_ = doc
	return true, nil
}

type header struct {
	Name    string   `json:"name"`
	HasName bool     `json:"hasName"`
	Links   []string `json:"links"`
}

type pageVideo struct {
	Path string `json:"path"`
	Alt  string `json:"alt"`
	Src  string `json:"src"`
}

// readVideos reads every video of the profile tab shows, scrolling while
// the grid grows: the caption (from the cover's description) for the
// scanner and the cover as a picture for the photo checks.
func (a *auditor) readVideos(ctx context.Context, tab *browser.Tab, src audit.Source) ([]audit.Post, error) {
	pc := a.c.Profile
	css := `a[href*="` + pc.VideoPath + `"]`
	limit := pc.MaxVideos
	if limit <= 0 {
		limit = 300
	}
	if _, err := page.Grow(ctx, a.s, tab, "loading more videos", page.List{CSS: css, Limit: limit, Rounds: 60, Max: 4 * time.Second}); err != nil {
		return nil, err
	}
	raw, err := page.Call[[]pageVideo](ctx, a.s, tab, "reading videos", "videos", map[string]any{"path": pc.VideoPath})
	if err != nil {
		return nil, err
	}
	audience := audit.AudienceEveryone
	if a.private {
		audience = audit.AudienceFollowers
	}
	var out []audit.Post
	for _, v := range raw {
		id := v.Path[strings.LastIndex(v.Path, "/")+1:]
		p := audit.Post{
			Platform: audit.TikTok, ID: id, URL: a.s.URL(v.Path), Text: captionFromAlt(v.Alt),
			At: timeFromID(id), Audience: audience, Source: src, Public: src == audit.SourcePublicView,
		}
		if v.Src != "" {
			p.Images = []audit.Image{{URL: a.s.URL(v.Src), Alt: v.Alt}}
		}
		out = append(out, p)
	}
	if len(out) == 0 && src == audit.SourceSettings {
		empty, err := page.Call[bool](ctx, a.s, tab, "reading videos", "saysAny", map[string]any{"phrases": pc.EmptyVideos})
		if err != nil {
			return nil, err
		}
		if !empty {
			a.s.Missing(factPosts, "no videos were shown on your profile and it does not say there are none")
		}
	}
	return out, nil
}

type countResult struct {
	Found bool   `json:"found"`
	Text  string `json:"text"`
}

type seenJSON struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// readList opens the followers (or following) list from its count on the
// profile and reads the JSON answers the page fetches for it while the
// list is scrolled, then checks the list against the count.
func (a *auditor) readList(ctx context.Context, id string, words []string, scene, kind string) error {
	s, pc := a.s, a.c.Profile
	loc := a.profile
	cnt, err := page.Call[countResult](ctx, s, s.Tab(), "reading the "+words[0]+" count", "countOf", map[string]any{"words": words})
	if err != nil {
		return err
	}
	if !cnt.Found {
		s.Missing(id, fmt.Sprintf("the %q count was not found on your profile %s (it may have lost its name)", words[0], loc))
		return nil
	}
	shown, approx, ok := parseCount(cnt.Text)
	if !ok {
		s.Missing(id, fmt.Sprintf("the %q count %q on your profile is not a number Chaperone can read", words[0], cnt.Text))
		return nil
	}
	if _, err := page.Call[bool](ctx, s, s.Tab(), "watching the "+words[0]+" list", "watch", map[string]any{"path": pc.ListPath}); err != nil {
		return err
	}
	if ok, err := page.Call[bool](ctx, s, s.Tab(), "opening the "+words[0]+" list", "clickWord", map[string]any{"words": words}); err != nil || !ok {
		if err != nil {
			return err
		}
		s.Missing(id, fmt.Sprintf("the %q list could not be opened on %s", words[0], loc))
		return nil
	}
	defer func() {
		_, _ = page.Call[bool](ctx, s, s.Tab(), "closing the list", "closeDialog", map[string]any{"names": pc.Close})
	}()
	max := pc.Max
	if max <= 0 {
		max = 5000
	}
	var users []listUser
	seenUser := map[string]bool{}
	total, used := -1, 0
	for round := 0; round < max/10+5; round++ {
		// The step's own timeout bounds the wait: a list that never comes
		// is not read, and the audit goes on.
		err := s.Tab().WaitFor(ctx, "waiting for the "+words[0]+" list", fmt.Sprintf(`(window.__chaperoneJSON || []).length > %d`, used))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.Missing(id, fmt.Sprintf("the %s list did not load on %s (%v)", strings.ToLower(words[0]), loc, err))
			return nil
		}
		all, err := page.Call[[]seenJSON](ctx, s, s.Tab(), "reading the "+words[0]+" list", "taken", nil)
		if err != nil {
			return err
		}
		more := false
		for _, j := range all[used:] {
			if !strings.Contains(j.URL, "scene="+scene) {
				continue
			}
			if j.Status != 200 {
				s.Missing(id, fmt.Sprintf("the %s list answered HTTP %d", strings.ToLower(words[0]), j.Status))
				return nil
			}
			pg, err := parseUserList([]byte(j.Body))
			if err != nil {
				s.Missing(id, err.Error())
				return nil
			}
			if pg.Status == statusListHidden {
				s.Missing(id, fmt.Sprintf("TikTok did not show the %s list (status %d: %s)", strings.ToLower(words[0]), pg.Status, pg.Message))
				return nil
			}
			if pg.Status != statusOK {
				s.Missing(id, fmt.Sprintf("the %s list answered with status %d (%s)", strings.ToLower(words[0]), pg.Status, pg.Message))
				return nil
			}
			total, more = pg.Total, pg.HasMore
			for _, u := range pg.Users {
				key := u.ID + "/" + u.Handle
				if !seenUser[key] {
					seenUser[key] = true
					users = append(users, u)
				}
			}
		}
		used = len(all)
		if !more || len(users) >= max {
			break
		}
		if _, err := page.Call[bool](ctx, s, s.Tab(), "loading more of the list", "scrollEnd", map[string]any{"dialog": true}); err != nil {
			return err
		}
	}
	word := strings.ToLower(words[0])
	switch {
	case total < 0:
		s.Missing(id, fmt.Sprintf("the %s list gave no answer Chaperone could read", word))
		return nil
	case len(users) < total && len(users) < max:
		s.Missing(id, fmt.Sprintf("the %s list gave %d of the %d accounts it counts, so it was not read in full", word, len(users), total))
		return nil
	case !approx && total != shown:
		s.Missing(id, fmt.Sprintf("the %s list counts %d but your profile shows %d, so it was not read in full", word, total, shown))
		return nil
	case approx && (float64(total) < 0.9*float64(shown) || float64(total) > 1.1*float64(shown)+1000):
		s.Missing(id, fmt.Sprintf("the %s list counts %d but your profile shows about %s", word, total, cnt.Text))
		return nil
	}
	for _, u := range users {
		s.Snap.Connections = append(s.Snap.Connections, audit.Connection{
			Platform: audit.TikTok, Kind: kind, Name: u.Nickname, Handle: u.Handle, URL: s.URL("/@" + u.Handle), Mutual: -1,
		})
	}
	n := fmt.Sprint(len(users))
	s.Set(audit.Fact{
		ID: id, Value: n, Raw: n + " " + word, Source: audit.SourceSettings, URL: loc,
		Evidence:   fmt.Sprintf("%s: %d accounts read from the list the profile loads, as its count says", words[0], len(users)),
		Screenshot: s.Screenshot(ctx, s.Tab(), browser.Rect{}, id),
	})
	return nil
}

type request struct {
	Path  string   `json:"path"`
	Lines []string `json:"lines"`
}

// readRequests reads pending follow requests (private accounts get them).
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
	reqs, err := page.Call[[]request](ctx, s, s.Tab(), "reading follow requests", "requests", map[string]any{"accept": rc.Accept})
	if err != nil {
		return err
	}
	evidence := fmt.Sprintf("Follow requests: %d waiting", len(reqs))
	if len(reqs) == 0 {
		empty, err := page.Call[bool](ctx, s, s.Tab(), "reading follow requests", "saysAny", map[string]any{"phrases": rc.Empty})
		if err != nil {
			return err
		}
		if !empty {
			s.Missing(rc.ID, "no follow requests listed and no \"no requests\" message on "+doc.URL)
			return nil
		}
		evidence = "Follow requests: the page says there are none"
	}
	for _, r := range reqs {
		c := audit.Connection{Platform: audit.TikTok, Kind: audit.ConnRequest, Handle: strings.TrimPrefix(r.Path, "/@"), URL: s.URL(r.Path), Mutual: -1}
		if len(r.Lines) > 0 {
			c.Name = r.Lines[0]
		}
		s.Snap.PendingRequests = append(s.Snap.PendingRequests, c)
	}
	n := fmt.Sprint(len(reqs))
	s.Set(audit.Fact{
		ID: rc.ID, Value: n, Raw: n + " pending", Source: audit.SourceSettings, URL: doc.URL,
		Evidence: evidence, Screenshot: s.Screenshot(ctx, s.Tab(), browser.Rect{}, rc.ID),
	})
	return nil
}

// readPublicView opens the profile in a cookie-less tab. Nothing is read
// from a page that is not provably the profile: a 403 at the edge, a
// login wall, another origin or language leave the public facts missing
// with what the page was instead, never "hidden".
func (a *auditor) readPublicView(ctx context.Context) ([]audit.Post, error) {
	s := a.s
	missing := func(why string) {
		for _, id := range publicFacts {
			s.Missing(id, why)
		}
	}
	if a.profile == "" {
		missing("the address of your profile is not known")
		return nil, nil
	}
	names := []string{"@" + a.handle, a.handle}
	if a.name != "" {
		names = append(names, a.name)
	}
	doc, err := s.OpenPublic(ctx, page.Profile{URL: a.profile, Names: names, Private: a.c.Profile.Private})
	if page.IsPageError(err) {
		missing(err.Error())
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
	h, err := page.Call[header](ctx, s, tab, "reading the public profile", "header", nil)
	if err != nil {
		return nil, err
	}
	shot := s.Screenshot(ctx, tab, browser.Rect{}, "tiktok.public_view")
	set := func(id, v, raw string) {
		s.Set(audit.Fact{ID: id, Value: v, Raw: raw, Source: audit.SourcePublicView, URL: loc, Evidence: raw, Screenshot: shot})
	}
	if h.HasName {
		set(factPublicName, h.Name, h.Name)
	} else {
		s.Missing(factPublicName, "the name under the handle was not found on the public profile "+loc)
	}
	links := strings.Join(h.Links, " ")
	raw := "Links on the public profile: " + links
	if links == "" {
		raw = "No link on the public profile"
	}
	set(factPublicLinks, links, raw)
	if doc.Private {
		set(factPublicVideos, audit.Hidden, "A logged-out visitor is told “This account is private” and sees no videos")
		return nil, nil
	}
	posts, err := a.readVideos(ctx, tab, audit.SourcePublicView)
	if err != nil {
		s.Missing(factPublicVideos, err.Error())
		return nil, nil
	}
	if len(posts) > 0 {
		set(factPublicVideos, audit.Visible, fmt.Sprintf("%d videos shown to a logged-out visitor", len(posts)))
		return posts, nil
	}
	empty, err := page.Call[bool](ctx, s, tab, "reading the public videos", "saysAny", map[string]any{"phrases": a.c.Profile.EmptyVideos})
	if err != nil {
		return nil, err
	}
	if !empty {
		s.Missing(factPublicVideos, "a logged-out visitor saw neither videos nor a private-account notice at "+loc)
		return nil, nil
	}
	set(factPublicVideos, audit.Hidden, "A logged-out visitor sees no videos")
	return nil, nil
}

// mergePosts marks the videos a stranger could see as public and keeps
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
