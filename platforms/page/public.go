package page

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/browser"
)

// Profile identifies the profile a public view must show: its address
// and the name or handle it must be recognisable by.
type Profile struct {
	URL     string
	Names   []string // display name, handle: any one must be shown
	Private []string // the site's words for "this account is private"
}

// PublicDoc is a public profile page that proved to be the one asked for.
type PublicDoc struct {
	browser.Doc
	// Private is set when the page says the account is private.
	Private bool
}

// PreparePublic opens the cookie-less tab for the public view in the
// background, so that it is ready by the time the audit gets there
// (opening one costs a fresh browser context).
func (s *Session) PreparePublic() {
	if s.pub != nil || s.pubReady != nil {
		return
	}
	ready := make(chan struct{})
	s.pubReady = ready
	go func() {
		defer close(ready)
		s.pubNext, s.pubErr = s.b.NewPrivateTab()
	}()
}

// PublicTab is the cookie-less tab a logged-out stranger's view is read
// in, opened on first use (or by PreparePublic).
func (s *Session) PublicTab() (*browser.Tab, error) {
	if s.pubReady != nil {
		<-s.pubReady
		s.pubReady = nil
		s.pub, s.pubNext = s.pubNext, nil
		if err := s.pubErr; err != nil {
			s.pubErr = nil
			return nil, err
		}
	}
	if s.pub != nil {
		return s.pub, nil
	}
	t, err := s.b.NewPrivateTab()
	if err != nil {
		return nil, err
	}
	s.pub = t
	return t, nil
}

// OpenPublic loads a profile as a logged-out stranger sees it and proves
// the page is that profile before anything is read from it: from the
// account's site, a success status, a language the labels are in, not a
// login wall or an error page, and showing the profile's name or handle.
// Anything else is a PageError saying what the page was instead: never
// "nothing visible".
func (s *Session) OpenPublic(ctx context.Context, p Profile) (PublicDoc, error) {
	tab, err := s.PublicTab()
	if err != nil {
		return PublicDoc{}, err
	}
	doc, err := tab.Load(ctx, p.URL)
	if err != nil {
		return PublicDoc{}, err
	}
	pd := PublicDoc{Doc: doc}
	if !s.ownOrigin(doc.URL) {
		return pd, &PageError{s.otherOrigin(doc.URL).Error() + " (a logged-out visitor was sent elsewhere)"}
	}
	if s.Site.IsWall(doc.URL) {
		return pd, &PageError{"a logged-out visitor is shown the login page (" + doc.URL + "), so what strangers see could not be read"}
	}
	switch {
	case doc.Status == 403 || doc.Status == 429:
		return pd, &PageError{fmt.Sprintf("the site refused the logged-out visit (HTTP %d), so what strangers see could not be read", doc.Status)}
	case doc.Status >= 400:
		return pd, &PageError{fmt.Sprintf("the profile page answered HTTP %d to a logged-out visitor", doc.Status)}
	case !s.Site.KnowsLanguage(doc.Lang):
		return pd, &PageError{fmt.Sprintf("the public profile was shown in %q, a language Chaperone cannot read", doc.Lang)}
	}
	if !samePath(doc.URL, p.URL) {
		return pd, &PageError{"a logged-out visitor was sent from the profile to " + doc.URL}
	}
	id, err := Call[identity](ctx, s, tab, "reading the public profile", "identity", nil)
	if err != nil {
		return pd, err
	}
	text := " " + id.Text + " "
	for _, w := range s.Site.Login.WallPhrases {
		if n := browser.Normalize(w); n != "" && strings.Contains(text, " "+n+" ") {
			return pd, &PageError{"a logged-out visitor is asked to log in (" + w + "), so what strangers see could not be read"}
		}
	}
	for _, w := range s.Site.NotFound {
		if n := browser.Normalize(w); n != "" && strings.Contains(text, " "+n+" ") {
			return pd, &PageError{"the profile page says “" + w + "” to a logged-out visitor"}
		}
	}
	if !id.shows(p.Names) {
		return pd, &PageError{"the page a logged-out visitor saw at " + doc.URL + " did not show the profile's name, so it may not be the profile"}
	}
	for _, w := range p.Private {
		if n := browser.Normalize(w); n != "" && strings.Contains(text, " "+n+" ") {
			pd.Private = true
		}
	}
	return pd, nil
}

type identity struct {
	Headings []string `json:"headings"`
	Title    string   `json:"title"`
	OG       string   `json:"og"`
	Text     string   `json:"text"`
}

// shows reports whether the page's main heading, title or og:title names
// one of names (whole words, folded).
func (id identity) shows(names []string) bool {
	places := append([]string{id.Title, id.OG}, id.Headings...)
	for _, n := range names {
		want := browser.Normalize(n)
		if want == "" {
			continue
		}
		for _, p := range places {
			if strings.Contains(" "+browser.Normalize(p)+" ", " "+want+" ") {
				return true
			}
		}
	}
	return false
}

// samePath reports whether two addresses name the same page (path and
// query), ignoring a trailing slash and the fragment.
func samePath(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.TrimRight(ua.Path, "/") == strings.TrimRight(ub.Path, "/") && ua.RawQuery == ub.RawQuery
}

// LinksFact is fact id of the external links a public profile shows (as
// the page code's links reader gives them), worded alike for every
// network; the caller adds where and when it was read.
func LinksFact(id string, links []string) audit.Fact {
	joined := strings.Join(links, " ")
	evidence := "Links on the public profile: " + joined
	if len(links) == 0 {
		evidence = "No link shown on the public profile"
	}
	return audit.Fact{ID: id, Value: joined, Raw: joined, Source: audit.SourcePublicView, Evidence: evidence}
}
