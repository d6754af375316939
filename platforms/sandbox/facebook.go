package sandbox

import (
	"crypto/subtle"
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/otp"
)

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.home)
	for _, p := range []string{"/login", "/login/{$}", "/login.php"} {
		m.HandleFunc("GET "+p, s.loginPage)
		m.HandleFunc("POST "+p, s.loginPost)
	}
	m.HandleFunc("GET /checkpoint/{$}", s.checkpointPage)
	m.HandleFunc("POST /checkpoint/{$}", s.checkpointPost)
	m.HandleFunc("GET /logout.php", s.logout)
	m.HandleFunc("POST /logout.php", s.logout)
	m.HandleFunc("GET /settings", s.requireLogin(s.settingsPage))
	m.HandleFunc("GET /settings/{$}", s.requireLogin(s.settingsPage))
	m.HandleFunc("GET /friends", s.requireLogin(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/friends/requests", http.StatusFound)
	}))
	m.HandleFunc("GET /friends/requests", s.requireLogin(s.requestsPage))
	m.HandleFunc("GET /me", s.requireLogin(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/"+s.fb.Account().Username, http.StatusFound)
	}))
	m.HandleFunc("POST /api/graphql/{$}", s.graphql)
	m.HandleFunc("GET /rsrc.php/v3/{file}", s.static)
	m.HandleFunc("GET /scontent/{kind}/{file}", s.image)
	m.HandleFunc("GET /favicon.ico", s.favicon)
	m.HandleFunc("GET /profile.php", s.profilePage)
	m.HandleFunc("GET /", s.profileRoutes)
}

// profileRoutes serves /<username>, /<username>/friends, /<username>/photos
// and /<username>/posts/<id>. They are matched here rather than in the mux
// because a username may be any first path segment.
func (s *Server) profileRoutes(w http.ResponseWriter, r *http.Request) {
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
func (s *Server) requireLogin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.session(r) == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
			return
		}
		h(w, r)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", "Facebook", nil)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if s.session(r) == nil {
		s.renderLogin(w, r, http.StatusOK, loginView{})
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

// loginView is the login form's state.
type loginView struct {
	Email    string
	Next     string
	Error    string
	ErrorFor string // "email" or "pass": which field the error is about
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := SafeNext(r.URL.Query().Get("next"))
	if s.session(r) != nil {
		http.Redirect(w, r, orHome(next), http.StatusFound)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginView{Next: next})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	s.render(w, r, status, "login", "Log in to Facebook", v)
}

func orHome(next string) string {
	if next == "" {
		return "/"
	}
	return next
}

// Messages in the real site's words.
const (
	msgWrongPassword = "The password that you've entered is incorrect."
	msgNoAccount     = "The email address or mobile number you entered isn't connected to an account."
	msgWrongCode     = "The login code you entered doesn't match the one sent to your phone. Please check the number and try again."
	msgCodeFormat    = "Login codes are 6 digits long. Please check the code and try again."
	msgTooManyTries  = "You've entered too many incorrect codes. Please log in again."
)

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	v := loginView{
		Email: strings.TrimSpace(r.PostForm.Get("email")),
		Next:  SafeNext(r.PostForm.Get("next")),
	}
	if v.Next == "" {
		v.Next = SafeNext(r.URL.Query().Get("next"))
	}
	a := s.fb.Account()
	switch {
	case !sameAccount(a, v.Email):
		v.Error, v.ErrorFor = msgNoAccount, "email"
	case subtle.ConstantTimeCompare([]byte(r.PostForm.Get("pass")), []byte(a.Password)) != 1:
		v.Error, v.ErrorFor = msgWrongPassword, "pass"
	}
	if v.Error != "" {
		s.renderLogin(w, r, http.StatusOK, v)
		return
	}
	if s.fb.setting(FactTwoFactor) != audit.On {
		s.newSession(w)
		http.Redirect(w, r, orHome(v.Next), http.StatusFound)
		return
	}
	tok := randomToken(16)
	s.mu.Lock()
	s.pending[tok] = &pendingLogin{next: v.Next, expires: s.Now().Add(10 * time.Minute)}
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "checkpoint", Value: tok, Path: "/checkpoint/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/checkpoint/?next="+url.QueryEscape(v.Next), http.StatusFound)
}

// sameAccount reports whether what was typed names the account: its email
// (any case) or its phone number (any spacing, with or without +44/0).
func sameAccount(a FacebookAccount, typed string) bool {
	if typed == "" {
		return false
	}
	if strings.EqualFold(typed, a.Email) || strings.EqualFold(typed, a.Username) {
		return true
	}
	d := NormalisePhone(typed)
	return d != "" && d == NormalisePhone(a.Phone)
}

// NormalisePhone reduces a UK phone number to its national digits, so that
// "+44 7700 900461", "07700900461" and "0044 7700-900461" compare equal. It
// returns "" for anything that is not a phone number.
func NormalisePhone(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return ""
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0044"):
		d = d[4:]
	case strings.HasPrefix(s, "+44") || (strings.HasPrefix(d, "44") && len(d) == 12):
		d = d[2:]
	}
	d = strings.TrimPrefix(d, "0")
	if len(d) < 9 || len(d) > 11 {
		return ""
	}
	return d
}

type checkpointView struct {
	Next  string
	Error string
}

func (s *Server) pendingLogin(r *http.Request) (string, *pendingLogin) {
	c, err := r.Cookie("checkpoint")
	if err != nil {
		return "", nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending[c.Value]
	if p != nil && s.Now().After(p.expires) {
		delete(s.pending, c.Value)
		return "", nil
	}
	return c.Value, p
}

func (s *Server) checkpointPage(w http.ResponseWriter, r *http.Request) {
	_, p := s.pendingLogin(r)
	if p == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(SafeNext(r.URL.Query().Get("next"))), http.StatusFound)
		return
	}
	s.render(w, r, http.StatusOK, "checkpoint", "Two-factor authentication required", checkpointView{Next: p.next})
}

func (s *Server) checkpointPost(w http.ResponseWriter, r *http.Request) {
	tok, p := s.pendingLogin(r)
	if p == nil {
		http.Redirect(w, r, "/login", http.StatusFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	code := strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get("approvals_code")), " ", "")
	if otp.Verify(s.fb.Account().TOTPSecret, code, s.Now()) {
		s.mu.Lock()
		delete(s.pending, tok)
		s.mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: "checkpoint", Value: "", Path: "/checkpoint/", MaxAge: -1})
		s.newSession(w)
		http.Redirect(w, r, orHome(p.next), http.StatusFound)
		return
	}
	s.mu.Lock()
	p.tries++
	tries := p.tries
	if tries >= 5 {
		delete(s.pending, tok)
	}
	s.mu.Unlock()
	v := checkpointView{Next: p.next, Error: msgWrongCode}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		v.Error = msgCodeFormat
	}
	if tries >= 5 {
		s.renderLogin(w, r, http.StatusOK, loginView{Next: p.next, Error: msgTooManyTries})
		return
	}
	s.render(w, r, http.StatusOK, "checkpoint", "Two-factor authentication required", v)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.endSession(w, r)
	http.Redirect(w, r, "/login", http.StatusFound)
}

// SafeNext keeps a next= target only when it is a path on this site, so the
// login form cannot be used to send someone elsewhere.
func SafeNext(next string) string {
	if next == "" || len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return u.RequestURI()
}

// ---- profile ----

type introItem struct {
	Icon     string
	Pre      string
	Text     string
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

func (s *Server) postView(a FacebookAccount, p Post) postView {
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
func (s *Server) lookupProfile(r *http.Request) (a FacebookAccount, friend *Friend, ok bool) {
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

func (s *Server) buildProfile(r *http.Request, a FacebookAccount, friend *Friend, tab string) profileView {
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

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request) {
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

func (s *Server) friendsPage(w http.ResponseWriter, r *http.Request) {
	a, friend, ok := s.lookupProfile(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	v := s.buildProfile(r, a, friend, "friends")
	s.render(w, r, http.StatusOK, "profile", v.Name+" | Facebook", v)
}

func (s *Server) postPage(w http.ResponseWriter, r *http.Request) {
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

func (s *Server) requestsPage(w http.ResponseWriter, r *http.Request) {
	a := s.fb.Account()
	var v requestsView
	for _, f := range a.Requests {
		fv := toFriendView(f)
		fv.Requested = relativeTime(f.Since, s.Now())
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
