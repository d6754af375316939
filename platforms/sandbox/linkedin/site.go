// Package linkedin is the sandbox's replica of LinkedIn, served at the
// root of its own loopback origin by sandbox.Host.
//
// It keeps the real site's shape as the 2026 notes describe it: settings
// under /mypreferences/d/ with a list of "setting name + current value"
// per category (in two layouts, an A/B experiment), switches named only by
// their accessible name, a two-step verification checkpoint, server-rendered
// connections and invitations whose further pages the page's script fetches
// from the server-driven pagination action, the activity page, and a
// public profile that often answers a logged-out visitor with the authwall.
package linkedin

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

// Site is the LinkedIn replica. It satisfies sandbox.Site.
type Site struct {
	st    *State
	ui    *replica.UI
	mux   *http.ServeMux
	h     http.Handler
	now   func() time.Time
	auth  *replica.Sessions
	login *replica.LoginFlow
}

var _ sandbox.Site = (*Site)(nil)

// New builds the replica of persona p's LinkedIn (DemoAccount(p)).
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
	s := &Site{st: newState(a), now: clock}
	s.ui = newUI(s.st)
	s.auth = replica.NewSessions("li_at", clock)
	s.login = &replica.LoginFlow{
		Sessions:       s.auth,
		Now:            clock,
		LoginPath:      "/login",
		CheckpointPath: "/checkpoint/challenge/",
		UserField:      "session_key",
		PasswordField:  "session_password",
		CodeField:      "pin",
		PendingCookie:  "chp_token",
		Credentials: func() replica.Credentials {
			a := s.st.Account()
			return replica.Credentials{
				Matches: func(typed string) bool {
					d := replica.NormalisePhone(typed)
					return strings.EqualFold(typed, a.Email) || (d != "" && d == replica.NormalisePhone(a.Phone))
				},
				Password: a.Password, TOTPSecret: a.TOTPSecret,
				TwoFactor: s.st.value(FactTwoFactor) == audit.On,
			}
		},
		SessionCookies: func() []*http.Cookie {
			// li_rm remembers the member after the session ends: the next
			// sign-in starts with the "Welcome back" account picker.
			return []*http.Cookie{{Name: "JSESSIONID", Value: "ajax:" + replica.Token(8)}, {Name: "li_rm", Value: s.st.Account().ID, HttpOnly: true}}
		},
		Messages: replica.LoginMessages{
			NoAccount:     "Couldn’t find a LinkedIn account associated with this email. Try again.",
			WrongPassword: "Wrong email or password. Try again or create an account.",
			WrongCode:     "The verification code you entered isn’t valid. Please check the code and try again.",
			CodeFormat:    "The verification code must be 6 digits.",
			TooManyTries:  "You’ve entered too many incorrect codes. Sign in again.",
		},
		RenderLogin: func(w http.ResponseWriter, r *http.Request, status int, f replica.LoginForm) {
			s.render(w, r, status, "login", "LinkedIn Login, Sign in | LinkedIn", f)
		},
		RenderCheckpoint: func(w http.ResponseWriter, r *http.Request, status int, f replica.CheckpointForm) {
			s.render(w, r, status, "checkpoint", "Security Verification | LinkedIn", f)
		},
	}
	s.mux = http.NewServeMux()
	s.routes()
	s.h = replica.SecurityHeaders(s.mux)
	return s
}

// Platform is audit.LinkedIn.
func (s *Site) Platform() audit.Platform { return audit.LinkedIn }

// State is the live state, for tests to read and change.
func (s *Site) State() *State { return s.st }

// Login is the account the login form accepts.
func (s *Site) Login() sandbox.Login {
	a := s.st.Account()
	return sandbox.Login{User: a.Email, Password: a.Password, TOTPSecret: a.TOTPSecret}
}

// Expected is every fact the replica shows now.
func (s *Site) Expected() map[string]string { return s.st.Expected() }

// Set changes a setting as the doctor would.
func (s *Site) Set(factID, value string) error { return s.st.Set(factID, value) }

// RenameLabel rewords a label wherever it is shown.
func (s *Site) RenameLabel(old, renamed string) bool { return s.st.RenameLabel(old, renamed) }

// ServeHTTP serves the replica.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

type templateData struct {
	Title    string
	LoggedIn bool
	Me       Account
	CSRF     string
	Body     any
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	d := templateData{Title: title, Body: body, Me: s.st.Account()}
	if ws := s.auth.Get(r); ws != nil {
		d.LoggedIn, d.CSRF = true, ws.CSRF
	}
	s.ui.Render(w, status, name, d)
}

func (s *Site) routes() {
	m := s.mux
	need := s.require
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if s.auth.Get(r) == nil {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/feed/", http.StatusFound)
	})
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /checkpoint/lg/login-submit", s.login.LoginPost)
	m.HandleFunc("GET /checkpoint/challenge/{$}", s.login.CheckpointPage)
	m.HandleFunc("POST /checkpoint/challenge/{$}", s.login.CheckpointPost)
	m.HandleFunc("GET /m/logout/{$}", s.login.Logout("JSESSIONID"))
	m.HandleFunc("GET /feed/{$}", need(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "feed", "Feed | LinkedIn", nil)
	}))
	m.HandleFunc("GET /mypreferences/d/categories/{cat}", need(s.away(s.categoryPage)))
	m.HandleFunc("GET /mypreferences/d/settings/{slug}", need(s.away(s.settingPage)))
	m.HandleFunc("GET /mypreferences/d/user-sessions", need(s.away(s.sessionsPage)))
	m.HandleFunc("GET /public-profile/settings", need(s.away(s.publicSettingsPage)))
	m.HandleFunc("GET /in/me/{$}", need(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/in/"+s.st.Account().Slug+"/", http.StatusFound)
	}))
	m.HandleFunc("GET /in/{slug}/{$}", s.profilePage)
	m.HandleFunc("GET /in/{slug}/recent-activity/all/{$}", need(s.activityPage))
	m.HandleFunc("GET /mynetwork/invite-connect/connections/{$}", need(s.connectionsPage))
	m.HandleFunc("GET /flagship-web/rsc-action/actions/pagination", need(s.pagination))
	m.HandleFunc("GET /mynetwork/invitation-manager/{$}", need(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/mynetwork/invitation-manager/received/", http.StatusFound)
	}))
	m.HandleFunc("GET /mynetwork/invitation-manager/received/{$}", need(s.invitationsPage))
	m.HandleFunc("GET /authwall", func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "authwall", "Sign Up | LinkedIn", s.st.Account())
	})
	m.HandleFunc("GET /redir/redirect", func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "redirect", "LinkedIn", r.URL.Query().Get("url"))
	})
	m.HandleFunc("GET /aero-v1/sc/h/{file}", func(w http.ResponseWriter, r *http.Request) {
		if !s.ui.ServeAsset(w, r) {
			http.NotFound(w, r)
		}
	})
	m.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusNotFound, "notfound", "Page not found | LinkedIn", nil)
	})
}

// away sends settings pages to another origin when a test asks for it.
func (s *Site) away(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, _, o := s.st.flags(); o != "" {
			http.Redirect(w, r, o+r.URL.RequestURI(), http.StatusFound)
			return
		}
		h(w, r)
	}
}

func newUI(st *State) *replica.UI {
	u, err := replica.NewUI(replica.UIFiles{
		FS: webFS, Templates: "web/templates", CSS: "web/static/li.css", JS: "web/static/li.js",
		AssetPrefix: "/aero-v1/sc/h/",
		Funcs: template.FuncMap{
			"L":     st.label,
			"named": st.named,
			"ago":   func(t time.Time) string { return ago(t, demoEpoch) },
			"redir": func(u string) string { return "/redir/redirect?url=" + url.QueryEscape(u) },
		},
	})
	if err != nil {
		panic("linkedin replica: " + err.Error())
	}
	return u
}

// ago is the site's short age of a post or a connection ("3d", "2w",
// "5mo", "1yr").
func ago(t, now time.Time) string {
	d := now.Sub(t)
	day := 24 * time.Hour
	switch {
	case d < time.Hour:
		return "now"
	case d < day:
		return itoa(int(d.Hours())) + "h"
	case d < 7*day:
		return itoa(int(d/day)) + "d"
	case d < 30*day:
		return itoa(int(d/(7*day))) + "w"
	case d < 365*day:
		return itoa(int(d/(30*day))) + "mo"
	}
	return itoa(int(d/(365*day))) + "yr"
}
