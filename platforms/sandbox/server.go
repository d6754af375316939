// Package sandbox is a local replica of the social networks Chaperone audits,
// served on 127.0.0.1 from inside the process. The demo and the tests run the
// real audit against it with real Chromium, with no account and no internet.
//
// The replica imitates the real sites' structure rather than offering a tidy
// form: generated class names that change every start, ARIA roles, content
// rendered by script from JSON the page fetches, lazily loaded lists, a
// cookie banner and a login wall. Nothing it serves refers to another host.
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server serves the replica sites.
type Server struct {
	persona *Persona
	fb      *FacebookState
	ui      *ui
	mux     *http.ServeMux
	images  sync.Map // drawn PNGs by key

	// Now is the clock used for one-time codes; tests may replace it
	// before Start.
	Now func() time.Time

	mu       sync.Mutex
	sessions map[string]*webSession // by xs cookie
	pending  map[string]*pendingLogin
	srv      *http.Server
	ln       net.Listener
	url      string
	done     chan struct{}
}

// webSession is one logged-in browser.
type webSession struct {
	dtsg    string
	created time.Time
}

// pendingLogin is a browser that gave the right password and still owes
// the second factor.
type pendingLogin struct {
	next    string
	expires time.Time
	tries   int
}

// New builds a server for p (DemoPersona() when p is nil). It serves nothing
// until Start; Handler may be used directly with httptest.
func New(p *Persona) *Server {
	if p == nil {
		p = DemoPersona()
	}
	s := &Server{
		persona:  p,
		fb:       newFacebookState(p.Facebook),
		Now:      time.Now,
		sessions: map[string]*webSession{},
		pending:  map[string]*pendingLogin{},
	}
	s.ui = newUI(s.fb)
	s.mux = http.NewServeMux()
	s.routes()
	return s
}

// Persona returns the persona the server was built from. Its Facebook
// credentials are the ones the login form accepts.
func (s *Server) Persona() *Persona { return s.persona }

// Facebook returns the live Facebook state, for tests to read and change.
func (s *Server) Facebook() *FacebookState { return s.fb }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s }

// ServeHTTP serves the replica, with the headers every page carries.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// No page may pull anything from another host.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "origin-when-cross-origin")
	s.mux.ServeHTTP(w, r)
}

// Start listens on addr ("" or "127.0.0.1:0" for a random port) and serves
// in the background until ctx ends or Close is called. Only loopback
// addresses are accepted: the replica is for this computer alone.
func (s *Server) Start(ctx context.Context, addr string) error {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("sandbox: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("sandbox: address %q is not a loopback address", addr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return errors.New("sandbox: already started")
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox: listen: %w", err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan struct{})
	srv, done := s.srv, s.done
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // returns http.ErrServerClosed on Close
	}()
	go func() {
		select {
		case <-ctx.Done():
			_ = s.Close()
		case <-done:
		}
	}()
	return nil
}

// URL is the base URL once started, e.g. http://127.0.0.1:41235.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Close stops serving. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	srv, done := s.srv, s.done
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		err = srv.Close()
	}
	<-done
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("sandbox: close: %w", err)
	}
	return nil
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// session returns the logged-in session of the request, if any.
func (s *Server) session(r *http.Request) *webSession {
	c, err := r.Cookie("xs")
	if err != nil || c.Value == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[c.Value]
}

func (s *Server) newSession(w http.ResponseWriter) {
	tok := randomToken(24)
	s.mu.Lock()
	s.sessions[tok] = &webSession{dtsg: randomToken(12), created: s.Now()}
	s.mu.Unlock()
	exp := s.Now().Add(365 * 24 * time.Hour)
	http.SetCookie(w, &http.Cookie{Name: "xs", Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Expires: exp})
	http.SetCookie(w, &http.Cookie{Name: "c_user", Value: s.fb.Account().UserID, Path: "/", SameSite: http.SameSiteLaxMode, Expires: exp})
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie("xs"); err == nil {
		s.mu.Lock()
		delete(s.sessions, c.Value)
		s.mu.Unlock()
	}
	for _, n := range []string{"xs", "c_user"} {
		http.SetCookie(w, &http.Cookie{Name: n, Value: "", Path: "/", MaxAge: -1})
	}
}

// templateData is what every page template gets.
type templateData struct {
	Title    string
	LoggedIn bool
	Me       FacebookAccount
	Dtsg     string
	Consent  bool
	Body     any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	d := templateData{Title: title, Body: body, Me: s.fb.Account()}
	if ws := s.session(r); ws != nil {
		d.LoggedIn = true
		d.Dtsg = ws.dtsg
	}
	if c, err := r.Cookie("cookie_consent"); err == nil && c.Value != "" {
		d.Consent = true
	}
	s.ui.render(w, status, name, d)
}
