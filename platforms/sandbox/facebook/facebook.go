package facebook

import (
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

func (s *Site) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.home)
	for _, p := range []string{"/login", "/login/{$}", "/login.php"} {
		m.HandleFunc("GET "+p, s.login.LoginPage)
		m.HandleFunc("POST "+p, s.login.LoginPost)
	}
	m.HandleFunc("GET /checkpoint/{$}", s.login.CheckpointPage)
	m.HandleFunc("POST /checkpoint/{$}", s.login.CheckpointPost)
	logout := s.login.Logout("c_user")
	m.HandleFunc("GET /logout.php", logout)
	m.HandleFunc("POST /logout.php", logout)
	m.HandleFunc("GET /settings", s.requireLogin(s.settingsPage))
	m.HandleFunc("GET /settings/{$}", s.requireLogin(s.settingsPage))
	m.HandleFunc("GET /friends", s.requireLogin(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/friends/requests", http.StatusFound)
	}))
	m.HandleFunc("GET /friends/requests", s.requireLogin(s.requestsPage))
	m.HandleFunc("GET /me", s.requireLogin(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/"+s.fb.Account().Username, http.StatusFound)
	}))
	s.acRoutes()
	m.HandleFunc("POST /api/graphql/{$}", s.graphql)
	m.HandleFunc("GET /rsrc.php/v3/{file}", s.static)
	m.HandleFunc("GET /scontent/{kind}/{file}", s.image)
	m.HandleFunc("GET /favicon.ico", s.favicon)
	m.HandleFunc("GET /profile.php", s.profilePage)
	m.HandleFunc("GET /l.php", s.leaving)
	m.HandleFunc("GET /", s.profileRoutes)
}

// profileRoutes serves /<username>, /<username>/friends, /<username>/photos
// and /<username>/posts/<id>. They are matched here rather than in the mux
// because a username may be any first path segment.
func (s *Site) profileRoutes(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(segs) == 0 || segs[0] == "" || len(segs) > 3 {
		s.notFound(w, r)
		return
	}
	r.SetPathValue("username", segs[0])
	switch {
	case len(segs) == 1:
		s.profilePage(w, r)
	case len(segs) == 2 && segs[1] == "friends":
		s.friendsPage(w, r)
	case len(segs) == 2 && segs[1] == "photos":
		s.profilePage(w, r)
	case len(segs) == 3 && segs[1] == "posts":
		r.SetPathValue("id", segs[2])
		s.postPage(w, r)
	default:
		s.notFound(w, r)
	}
}

// requireLogin sends a browser without a session to the login page, with
// the page it wanted in next=, as the real site does.
func (s *Site) requireLogin(h http.HandlerFunc) http.HandlerFunc {
	return s.auth.Require("/login", h)
}

func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", "Facebook", nil)
}

// leaving is the page an outbound link goes through: it names the target
// (u=) and links on to it, as the real site's warning page does.
func (s *Site) leaving(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("u"))
	if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "leaving", "Leaving Facebook", u.String())
}

// shimLink is href as an outbound link on a page: through /l.php, with a
// per-link token the real site adds as h=.
func shimLink(href string) string {
	h := fnv.New32a()
	h.Write([]byte(href))
	return "/l.php?u=" + url.QueryEscape(href) + "&h=AT" + strconv.FormatUint(uint64(h.Sum32()), 36)
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	if s.session(r) == nil {
		s.renderLogin(w, r, http.StatusOK, replica.LoginForm{})
		return
	}
	a := s.fb.Account()
	v := homeView{Me: a, Requests: len(a.Requests)}
	for _, p := range a.Posts {
		v.Posts = append(v.Posts, s.postView(a, p))
		if len(v.Posts) == 5 {
			break
		}
	}
	s.render(w, r, http.StatusOK, "home", "Facebook", v)
}

type homeView struct {
	Me       FacebookAccount
	Requests int
	Posts    []postView
}

func (s *Site) renderLogin(w http.ResponseWriter, r *http.Request, status int, f replica.LoginForm) {
	s.render(w, r, status, "login", "Log in to Facebook", f)
}

// Messages in the real site's words.
const (
	msgWrongPassword = "The password that you've entered is incorrect."
	msgNoAccount     = "The email address or mobile number you entered isn't connected to an account."
	msgWrongCode     = "The login code you entered doesn't match the one sent to your phone. Please check the number and try again."
	msgCodeFormat    = "Login codes are 6 digits long. Please check the code and try again."
	msgTooManyTries  = "You've entered too many incorrect codes. Please log in again."
)

// ---- profile ----

type introItem struct {
	Icon     string
	Pre      string
	Text     string
	Href     string // an outbound link (websites and social links), through /l.php
	Audience string
}

type profileView struct {
	Owner      bool // the viewer is the account holder
	LoggedOut  bool
	IsFriend   bool // the page of one of the persona's friends
	UserID     string
	Name       string
	Username   string
	URL        string
	Avatar     string
	Cover      string
	Bio        string
	Intro      []introItem
	ShowFriend bool
	Friends    int
	Tiles      []friendView
	ShowPhotos bool
	Photos     []photoView
	Posts      []postView
	Tab        string // posts, friends, photos
}

type friendView struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	Avatar    string `json:"profile_picture"`
	Mutual    int    `json:"mutual_friends"`
	Town      string `json:"lives_in,omitempty"`
	Work      string `json:"work,omitempty"`
	Requested string `json:"requested_at,omitempty"`
}

type photoView struct {
	Src string
	Alt string
	URL string
}

type postView struct {
	ID       string
	URL      string
	Text     string
	At       time.Time
	Audience string
	AudWord  string
	AudIcon  string
	Place    string
	Photo    *photoView
	Likes    int
	Comments int
	Shares   int
	Author   string
	Avatar   string
	Profile  string
}

func friendURL(f Friend) string {
	if f.Username != "" {
		return "/" + f.Username
	}
	return "/profile.php?id=" + f.ID
}

func toFriendView(f Friend) friendView {
	return friendView{ID: f.ID, Name: f.Name, URL: friendURL(f), Avatar: "/scontent/avatar/" + f.ID + ".png", Mutual: f.Mutual, Town: f.Town, Work: f.Work}
}

func (s *Site) postView(a FacebookAccount, p Post) postView {
	h := fnv.New32a()
	h.Write([]byte(p.ID))
	n := int(h.Sum32())
	v := postView{
		ID: p.ID, URL: "/" + a.Username + "/posts/" + p.ID, Text: p.Text, At: p.At,
		Audience: p.Audience, AudWord: audienceWords[p.Audience], AudIcon: audienceIcon(p.Audience),
		Place: p.Place, Likes: 3 + n%90, Comments: n / 7 % 23, Shares: n / 11 % 6,
		Author: a.DisplayName, Avatar: "/scontent/avatar/" + a.UserID + ".png", Profile: "/" + a.Username,
	}
	if p.Photo != nil {
		v.Photo = &photoView{Src: "/scontent/photo/" + p.Photo.ID + ".png", Alt: p.Photo.Alt, URL: v.URL}
	}
	return v
}

// lookupProfile finds whose profile a request names: the persona (by
// username or ID) or one of their friends.
func (s *Site) lookupProfile(r *http.Request) (a FacebookAccount, friend *Friend, ok bool) {
	a = s.fb.Account()
	name := r.PathValue("username")
	if name == "" {
		name = r.URL.Query().Get("id")
	}
	if name == "" {
		return a, nil, false
	}
	if strings.EqualFold(name, a.Username) || name == a.UserID {
		return a, nil, true
	}
	for _, list := range [][]Friend{a.Friends, a.Requests} {
		for i := range list {
			if list[i].ID == name || (list[i].Username != "" && strings.EqualFold(list[i].Username, name)) {
				return a, &list[i], true
			}
		}
	}
	return a, nil, false
}

func (s *Site) buildProfile(r *http.Request, a FacebookAccount, friend *Friend, tab string) profileView {
	owner := s.session(r) != nil
	v := profileView{Owner: owner && friend == nil, LoggedOut: !owner, Tab: tab}
	if friend != nil {
		v.IsFriend = true
		v.UserID, v.Name, v.URL = friend.ID, friend.Name, friendURL(*friend)
		v.Avatar = "/scontent/avatar/" + friend.ID + ".png"
		v.Cover = "/scontent/cover/" + friend.ID + ".png"
		if friend.Work != "" {
			v.Intro = append(v.Intro, introItem{Icon: "work", Text: friend.Work, Audience: audit.AudiencePublic})
		}
		if friend.Town != "" {
			v.Intro = append(v.Intro, introItem{Icon: "home", Pre: "Lives in", Text: friend.Town, Audience: audit.AudiencePublic})
		}
		return v
	}
	v.UserID, v.Name, v.Username, v.URL = a.UserID, a.DisplayName, a.Username, "/"+a.Username
	v.Avatar = "/scontent/avatar/" + a.UserID + ".png"
	v.Cover = "/scontent/cover/" + a.UserID + ".png"
	sees := func(aud string) bool { return v.Owner || aud == audit.AudiencePublic }
	v.Bio = a.Bio
	if a.Workplace != "" && sees(a.WorkplaceAudience) {
		v.Intro = append(v.Intro, introItem{Icon: "work", Pre: "Works at", Text: a.Workplace, Audience: a.WorkplaceAudience})
	}
	if a.Town != "" && sees(a.TownAudience) {
		v.Intro = append(v.Intro, introItem{Icon: "home", Pre: "Lives in", Text: a.Town, Audience: a.TownAudience})
	}
	if a.Hometown != "" && sees(a.HometownAudience) {
		v.Intro = append(v.Intro, introItem{Icon: "pin", Pre: "From", Text: a.Hometown, Audience: a.HometownAudience})
	}
	for _, site := range a.Websites {
		if sees(site.Audience) {
			shown := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(site.URL, "https://"), "http://"), "/")
			v.Intro = append(v.Intro, introItem{Icon: "link", Text: shown, Href: shimLink(site.URL), Audience: site.Audience})
		}
	}
	v.ShowFriend = sees(a.Settings[FactFriendsList])
	if v.ShowFriend {
		v.Friends = len(a.Friends)
		for _, f := range a.Friends[:min(9, len(a.Friends))] {
			v.Tiles = append(v.Tiles, toFriendView(f))
		}
	}
	for _, p := range a.Posts {
		if sees(p.Audience) {
			v.Posts = append(v.Posts, s.postView(a, p))
		}
	}
	v.ShowPhotos = sees(a.PhotosAudience)
	if v.ShowPhotos {
		for _, p := range v.Posts {
			if p.Photo != nil {
				v.Photos = append(v.Photos, *p.Photo)
			}
		}
		for _, ph := range a.Photos {
			v.Photos = append(v.Photos, photoView{Src: "/scontent/photo/" + ph.ID + ".png", Alt: ph.Alt, URL: "/" + a.Username + "/photos"})
		}
	}
	return v
}

func (s *Site) profilePage(w http.ResponseWriter, r *http.Request) {
	a, friend, ok := s.lookupProfile(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	tab := "posts"
	if strings.HasSuffix(r.URL.Path, "/photos") {
		tab = "photos"
	}
	v := s.buildProfile(r, a, friend, tab)
	s.render(w, r, http.StatusOK, "profile", v.Name+" | Facebook", v)
}

func (s *Site) friendsPage(w http.ResponseWriter, r *http.Request) {
	a, friend, ok := s.lookupProfile(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	v := s.buildProfile(r, a, friend, "friends")
	s.render(w, r, http.StatusOK, "profile", v.Name+" | Facebook", v)
}

func (s *Site) postPage(w http.ResponseWriter, r *http.Request) {
	a, friend, ok := s.lookupProfile(r)
	if !ok || friend != nil {
		s.notFound(w, r)
		return
	}
	id := r.PathValue("id")
	i := slices.IndexFunc(a.Posts, func(p Post) bool { return p.ID == id })
	if i < 0 || (s.session(r) == nil && a.Posts[i].Audience != audit.AudiencePublic) {
		s.notFound(w, r)
		return
	}
	v := s.buildProfile(r, a, nil, "post")
	v.Posts = []postView{s.postView(a, a.Posts[i])}
	s.render(w, r, http.StatusOK, "profile", v.Name+" | Facebook", v)
}

// ---- friend requests ----

type requestsView struct {
	Requests []friendView
}

func (s *Site) requestsPage(w http.ResponseWriter, r *http.Request) {
	a := s.fb.Account()
	var v requestsView
	for _, f := range a.Requests {
		fv := toFriendView(f)
		fv.Requested = relativeTime(f.Since, s.now())
		v.Requests = append(v.Requests, fv)
	}
	s.render(w, r, http.StatusOK, "requests", "Friend requests | Facebook", v)
}

// relativeTime is the site's short "3w" style of age.
func relativeTime(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "Just now"
	case d < time.Hour:
		return itoa(int(d.Minutes())) + "m"
	case d < 24*time.Hour:
		return itoa(int(d.Hours())) + "h"
	case d < 7*24*time.Hour:
		return itoa(int(d.Hours()/24)) + "d"
	case d < 365*24*time.Hour:
		return itoa(int(d.Hours()/24/7)) + "w"
	}
	return itoa(int(d.Hours()/24/365)) + "y"
}
