package replica

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Session is one logged-in browser.
type Session struct {
	// CSRF is the token the site's pages carry and its changes must send
	// back (Facebook's fb_dtsg, Instagram's csrftoken ...).
	CSRF    string
	Created time.Time
}

// Sessions are the logged-in browsers of one site, each known by a random
// token in an HttpOnly cookie.
type Sessions struct {
	cookie string
	now    func() time.Time
	ttl    time.Duration

	mu sync.Mutex
	m  map[string]*Session
}

// NewSessions keeps sessions in the cookie named cookie (the real site's
// name for it, which adapters look for). now is the site's clock.
func NewSessions(cookie string, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	return &Sessions{cookie: cookie, now: now, ttl: 365 * 24 * time.Hour, m: map[string]*Session{}}
}

// Cookie is the name of the session cookie.
func (s *Sessions) Cookie() string { return s.cookie }

// Get returns the session of the request, or nil.
func (s *Sessions) Get(r *http.Request) *Session {
	c, err := r.Cookie(s.cookie)
	if err != nil || c.Value == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[c.Value]
}

// Start logs the browser in: a new session and its cookie, plus any extra
// cookies the real site sets beside it (Facebook's c_user ...), which get
// the session cookie's lifetime unless they carry their own.
func (s *Sessions) Start(w http.ResponseWriter, extra ...*http.Cookie) *Session {
	tok := Token(24)
	now := s.now()
	ws := &Session{CSRF: Token(12), Created: now}
	s.mu.Lock()
	s.m[tok] = ws
	s.mu.Unlock()
	exp := now.Add(s.ttl)
	http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Expires: exp})
	for _, e := range extra {
		c := *e
		if c.Path == "" {
			c.Path = "/"
		}
		if c.Expires.IsZero() && c.MaxAge == 0 {
			c.Expires = exp
		}
		if c.SameSite == 0 {
			c.SameSite = http.SameSiteLaxMode
		}
		http.SetCookie(w, &c)
	}
	return ws
}

// End logs the browser out and clears the session cookie and the extra
// cookies named.
func (s *Sessions) End(w http.ResponseWriter, r *http.Request, extra ...string) {
	if c, err := r.Cookie(s.cookie); err == nil {
		s.mu.Lock()
		delete(s.m, c.Value)
		s.mu.Unlock()
	}
	for _, n := range append([]string{s.cookie}, extra...) {
		http.SetCookie(w, &http.Cookie{Name: n, Value: "", Path: "/", MaxAge: -1})
	}
}

// Require sends a browser without a session to loginPath, with the page it
// wanted in next=, as the real sites do.
func (s *Sessions) Require(loginPath string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Get(r) == nil {
			http.Redirect(w, r, loginPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
			return
		}
		h(w, r)
	}
}
