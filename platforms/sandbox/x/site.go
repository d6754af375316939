// Package x is the sandbox's replica of X, served at the root of its own
// loopback origin by sandbox.Host.
//
// It keeps the real site's awkwardness: a login flow that asks for the
// name, then the password, then the authenticator code, in a dialog;
// class names made up every start; settings saved on click with a
// confirmation sheet; followers, following and posts drawn by the page
// from GraphQL responses whose query IDs change every start (a stale one
// is a 404 with an empty body); follower requests from a REST list; a
// logged-out profile that shows a protected notice, posts, or a login
// wall; an account switcher. Nothing it serves refers to another host.
package x

import (
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

//go:embed all:web
var webFS embed.FS

// Operations the page fetches by GraphQL.
var operations = []string{"Followers", "Following", "BlueVerifiedFollowers", "UserTweets", "UserByScreenName"}

// Site is the X replica. It satisfies sandbox.Site.
type Site struct {
	st    *State
	ui    *replica.UI
	mux   *http.ServeMux
	h     http.Handler
	now   func() time.Time
	auth  *replica.Sessions
	login *replica.LoginFlow
	// qids are this start's GraphQL query IDs, by operation name.
	qids   map[string]string
	bearer string

	mu sync.Mutex
	// active is the handle each session shows (the account switcher).
	active map[string]string
}

var _ sandbox.Site = (*Site)(nil)

// New builds the replica of persona p's X account; clock is the time for
// one-time codes.
func New(p *sandbox.Persona, clock func() time.Time) *Site {
	return NewFromAccount(DemoAccount(p), clock)
}

// NewSite is New as a sandbox.NewSite.
func NewSite(p *sandbox.Persona, clock func() time.Time) sandbox.Site { return New(p, clock) }

// NewFromAccount builds the replica of a given account.
func NewFromAccount(a Account, clock func() time.Time) *Site {
	if clock == nil {
		clock = time.Now
	}
	s := &Site{st: newState(a), now: clock, qids: map[string]string{}, active: map[string]string{}}
	for _, op := range operations {
		s.qids[op] = queryID()
	}
	s.bearer = "AAAAAAAAAAAAAAAAAAAAA" + replica.Token(24)
	ui, err := replica.NewUI(replica.UIFiles{
		FS: webFS, Templates: "web/templates", CSS: "web/static/x.css", JS: "web/static/x.js",
		AssetPrefix: "/responsive-web/client-web/main.",
		Funcs: template.FuncMap{
			"initial": func(n string) string {
				for _, r := range n {
					return string(r)
				}
				return ""
			},
		},
	})
	if err != nil {
		// The templates are embedded: an error is a bug caught by every test.
		panic(fmt.Sprintf("x replica: %v", err))
	}
	s.ui = ui
	s.auth = replica.NewSessions("auth_token", clock)
	s.login = &replica.LoginFlow{
		Sessions: s.auth, Now: clock,
		LoginPath: "/i/flow/login", CheckpointPath: "/i/flow/two-factor/",
		UserField: "text", PasswordField: "password", CodeField: "text", PendingCookie: "att",
		Credentials: func() replica.Credentials {
			a := s.st.Account()
			return replica.Credentials{
				Matches: func(typed string) bool { return sameAccount(a, typed) }, Password: a.Password,
				TOTPSecret: a.TOTPSecret, TwoFactor: s.st.twoFactorApp(),
			}
		},
		SessionCookies: func() []*http.Cookie {
			return []*http.Cookie{
				{Name: "twid", Value: "u%3D" + s.st.Account().UserID},
				// ct0 is read by the page's script and sent back as x-csrf-token.
				{Name: "ct0", Value: replica.Token(16), HttpOnly: false},
			}
		},
		Messages: replica.LoginMessages{
			NoAccount:     "Sorry, we could not find your account.",
			WrongPassword: "Wrong password!",
			WrongCode:     "Your verification code is incorrect.",
			CodeFormat:    "Please enter a 6-digit code.",
			TooManyTries:  "You have made too many attempts. Please log in again.",
		},
		RenderLogin: func(w http.ResponseWriter, r *http.Request, status int, f replica.LoginForm) {
			s.renderFlow(w, r, status, "login", "Log in to X / X", loginView{LoginForm: f, Password: f.ErrorFor == "password"})
		},
		RenderCheckpoint: func(w http.ResponseWriter, r *http.Request, status int, f replica.CheckpointForm) {
			s.renderFlow(w, r, status, "code", "Log in to X / X", f)
		},
	}
	s.mux = http.NewServeMux()
	s.routes()
	s.h = replica.SecurityHeaders(s.mux)
	return s
}

// queryID is a made-up GraphQL query ID of the real ones' shape.
func queryID() string {
	return strings.NewReplacer("-", "a", "_", "b").Replace(base64.RawURLEncoding.EncodeToString([]byte(replica.Token(8)))[:22])
}

// QueryID is this start's query ID of a GraphQL operation.
func (s *Site) QueryID(op string) string { return s.qids[op] }

// Platform is audit.X.
func (s *Site) Platform() audit.Platform { return audit.X }

// State is the live state, for tests to read and change.
func (s *Site) State() *State { return s.st }

// Login is the account the login form accepts: its handle.
func (s *Site) Login() sandbox.Login {
	a := s.st.Account()
	return sandbox.Login{User: a.Handle, Password: a.Password, TOTPSecret: a.TOTPSecret}
}

// Expected is every fact the replica shows now.
func (s *Site) Expected() map[string]string { return s.st.Expected() }

// Set changes a fact as the doctor would.
func (s *Site) Set(factID, value string) error { return s.st.Set(factID, value) }

// RenameLabel rewords a label everywhere it is shown.
func (s *Site) RenameLabel(old, renamed string) bool { return s.st.RenameLabel(old, renamed) }

// ServeHTTP serves the replica.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if to := s.st.redirectFor(r.URL.Path); to != "" {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	s.h.ServeHTTP(w, r)
}

// sameAccount reports whether what was typed names the account: its
// handle (with or without @), email or phone.
func sameAccount(a Account, typed string) bool {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return false
	}
	if strings.EqualFold(strings.TrimPrefix(typed, "@"), a.Handle) || strings.EqualFold(typed, a.Email) {
		return true
	}
	d := replica.NormalisePhone(typed)
	return d != "" && d == replica.NormalisePhone(a.Phone)
}

type loginView struct {
	replica.LoginForm
	Password bool // the password step
}

// pageData is what every template gets.
type pageData struct {
	Title    string
	LoggedIn bool
	Flow     bool // a login step: no bottom bar
	Wall     bool
	Me       Person
	Accounts []Person
	Config   template.JS
	Body     any
}

func (s *Site) config() template.JS {
	b, _ := json.Marshal(map[string]any{"queryIds": s.qids, "bearer": s.bearer})
	// The class table is merged in as raw JSON.
	return template.JS(strings.TrimSuffix(string(b), "}") + `,"classes":` + string(s.ui.Classes.JSON()) + "}")
}

func (s *Site) data(r *http.Request, title string, body any) pageData {
	d := pageData{Title: title, Body: body, Config: s.config()}
	if ws := s.auth.Get(r); ws != nil {
		d.LoggedIn = true
		d.Me = s.me(r)
		a := s.st.Account()
		d.Accounts = []Person{{ID: a.UserID, Handle: a.Handle, Name: a.DisplayName}, s.st.other}
	}
	return d
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	s.ui.Render(w, status, name, s.data(r, title, body))
}

func (s *Site) renderFlow(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	d := s.data(r, title, body)
	d.Flow = true
	s.ui.Render(w, status, name, d)
}

// me is the account the request's session shows.
func (s *Site) me(r *http.Request) Person {
	a := s.st.Account()
	s.st.mu.RLock()
	cur, other := s.st.current, s.st.other
	s.st.mu.RUnlock()
	if c, err := r.Cookie("auth_token"); err == nil {
		s.mu.Lock()
		if h, ok := s.active[c.Value]; ok {
			cur = h
		}
		s.mu.Unlock()
	}
	if strings.EqualFold(cur, other.Handle) {
		return other
	}
	return Person{ID: a.UserID, Handle: a.Handle, Name: a.DisplayName}
}

func (s *Site) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if s.auth.Get(r) != nil {
			http.Redirect(w, r, "/home", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/i/flow/login", http.StatusFound)
	})
	m.HandleFunc("GET /i/flow/login", s.login.LoginPage)
	m.HandleFunc("POST /i/flow/login", s.loginPost)
	m.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/i/flow/login?"+r.URL.RawQuery, http.StatusFound)
	})
	m.HandleFunc("GET /i/flow/two-factor/{$}", s.login.CheckpointPage)
	m.HandleFunc("POST /i/flow/two-factor/{$}", s.login.CheckpointPost)
	m.HandleFunc("GET /logout", s.login.Logout("twid", "ct0"))
	m.HandleFunc("GET /home", s.require(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "home", "Home / X", nil)
	}))
	m.HandleFunc("GET /settings/{page...}", s.require(s.settingsPage))
	m.HandleFunc("GET /follower_requests", s.require(s.requestsPage))
	m.HandleFunc("GET /i/api/graphql/{qid}/{op}", s.graphql)
	m.HandleFunc("GET /i/api/1.1/friendships/incoming.json", s.incoming)
	m.HandleFunc("GET /i/api/1.1/account/settings.json", s.accountSettingsGet)
	m.HandleFunc("POST /i/api/1.1/account/settings.json", s.accountSettingsPost)
	m.HandleFunc("POST /i/api/1.1/account/multi/switch.json", s.switchAccount)
	m.HandleFunc("GET "+s.ui.CSSPath(), s.asset)
	m.HandleFunc("GET "+s.ui.JSPath(), s.asset)
	m.HandleFunc("GET /i/redirect", func(w http.ResponseWriter, r *http.Request) {
		// Links out are not followed in the sandbox.
		s.render(w, r, http.StatusOK, "notfound", "X", nil)
	})
	m.HandleFunc("GET /", s.profileRoutes)
}

// profileRoutes serves /<handle> and /<handle>/<list>: a handle may be
// any first path segment, so they are matched here rather than in the mux.
func (s *Site) profileRoutes(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(segs) == 1 && segs[0] != "":
		r.SetPathValue("handle", segs[0])
		s.profilePage(w, r)
	case len(segs) == 2:
		r.SetPathValue("handle", segs[0])
		r.SetPathValue("list", segs[1])
		s.listPage(w, r)
	default:
		s.notFound(w, r)
	}
}

func (s *Site) asset(w http.ResponseWriter, r *http.Request) {
	if !s.ui.ServeAsset(w, r) {
		http.NotFound(w, r)
	}
}

func (s *Site) require(h http.HandlerFunc) http.HandlerFunc {
	return s.auth.Require("/i/flow/login", h)
}

func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", "Page not found / X", nil)
}

// loginPost is the name step, or (with a password) the password step of
// the login flow.
func (s *Site) loginPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	if _, ok := r.PostForm["password"]; ok {
		s.login.LoginPost(w, r)
		return
	}
	f := replica.LoginForm{User: strings.TrimSpace(r.PostForm.Get("text")), Next: replica.SafeNext(r.PostForm.Get("next"))}
	if f.Next == "" {
		f.Next = replica.SafeNext(r.URL.Query().Get("next"))
	}
	if !sameAccount(s.st.Account(), f.User) {
		f.Error = "Sorry, we could not find your account."
		s.renderFlow(w, r, http.StatusOK, "login", "Log in to X / X", loginView{LoginForm: f})
		return
	}
	s.renderFlow(w, r, http.StatusOK, "login", "Log in to X / X", loginView{LoginForm: f, Password: true})
}

// switchAccount is the account switcher: the session shows another
// account from now on.
func (s *Site) switchAccount(w http.ResponseWriter, r *http.Request) {
	if !s.apiAuth(w, r) {
		return
	}
	c, _ := r.Cookie("auth_token")
	h := r.FormValue("handle")
	s.mu.Lock()
	s.active[c.Value] = h
	s.mu.Unlock()
	replica.WriteJSON(w, map[string]string{"screen_name": h})
}

// apiAuth checks a logged-in session and the ct0 double-submit header, as
// the real API does.
func (s *Site) apiAuth(w http.ResponseWriter, r *http.Request) bool {
	c, err := r.Cookie("ct0")
	if s.auth.Get(r) == nil || err != nil || c.Value == "" || r.Header.Get("x-csrf-token") != c.Value {
		replica.WriteJSONStatus(w, http.StatusForbidden, map[string]any{"errors": []map[string]any{{"code": 353, "message": "This request requires a matching csrf cookie and header."}}})
		return false
	}
	return true
}

// hereURL is the request's own path and query, for next=.
func hereURL(r *http.Request) string {
	u := url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	return u.RequestURI()
}
