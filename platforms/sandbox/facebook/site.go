// Package facebook is the sandbox's replica of Facebook, served at the
// root of its own loopback origin by sandbox.Host.
//
// It imitates the real site's structure rather than offering a tidy form:
// generated class names that change every start, ARIA roles, content
// rendered by script from JSON the page fetches, lazily loaded lists, a
// cookie banner, a login wall and a two-factor checkpoint. Nothing it
// serves refers to another host.
package facebook

import (
	"net/http"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

// Site is the Facebook replica. It satisfies sandbox.Site.
type Site struct {
	fb    *State
	ui    *ui
	mux   *http.ServeMux
	h     http.Handler
	now   func() time.Time
	auth  *replica.Sessions
	login *replica.LoginFlow
}

var _ sandbox.Site = (*Site)(nil)

// New builds the replica of persona p's Facebook account (DemoAccount(p));
// clock is the time for one-time codes.
func New(p *sandbox.Persona, clock func() time.Time) *Site {
	return NewFromAccount(DemoAccount(p), clock)
}

// NewSite is New as a sandbox.NewSite, for sandbox.NewHost.
func NewSite(p *sandbox.Persona, clock func() time.Time) sandbox.Site { return New(p, clock) }

// NewFromAccount builds the replica of a given account.
func NewFromAccount(a FacebookAccount, clock func() time.Time) *Site {
	if clock == nil {
		clock = time.Now
	}
	s := &Site{fb: newState(a), now: clock}
	s.ui = newUI(s.fb)
	s.auth = replica.NewSessions("xs", clock)
	s.login = &replica.LoginFlow{
		Sessions:       s.auth,
		Now:            clock,
		LoginPath:      "/login",
		CheckpointPath: "/checkpoint/",
		UserField:      "email",
		PasswordField:  "pass",
		CodeField:      "approvals_code",
		PendingCookie:  "checkpoint",
		Credentials: func() replica.Credentials {
			a := s.fb.Account()
			return replica.Credentials{
				Matches:    func(typed string) bool { return sameAccount(a, typed) },
				Password:   a.Password,
				TOTPSecret: a.TOTPSecret,
				TwoFactor:  s.fb.setting(FactTwoFactor) == audit.On,
			}
		},
		SessionCookies: func() []*http.Cookie {
			return []*http.Cookie{{Name: "c_user", Value: s.fb.Account().UserID}}
		},
		Messages: replica.LoginMessages{
			NoAccount:     msgNoAccount,
			WrongPassword: msgWrongPassword,
			WrongCode:     msgWrongCode,
			CodeFormat:    msgCodeFormat,
			TooManyTries:  msgTooManyTries,
		},
		RenderLogin: func(w http.ResponseWriter, r *http.Request, status int, f replica.LoginForm) {
			s.renderLogin(w, r, status, f)
		},
		RenderCheckpoint: func(w http.ResponseWriter, r *http.Request, status int, f replica.CheckpointForm) {
			s.render(w, r, status, "checkpoint", "Two-factor authentication required", f)
		},
	}
	s.mux = http.NewServeMux()
	s.routes()
	// The host adds these too; the site carries them itself so that it is
	// the same served any other way (httptest in a test).
	s.h = replica.SecurityHeaders(s.mux)
	return s
}

// Platform is audit.Facebook.
func (s *Site) Platform() audit.Platform { return audit.Facebook }

// State is the live Facebook state, for tests to read and change.
func (s *Site) State() *State { return s.fb }

// Login is the account the login form accepts now.
func (s *Site) Login() sandbox.Login {
	a := s.fb.Account()
	return sandbox.Login{User: a.Email, Password: a.Password, TOTPSecret: a.TOTPSecret}
}

// Expected is every fact the replica shows now (see State.Expected).
func (s *Site) Expected() map[string]string { return s.fb.Expected() }

// Set changes a fact as the doctor would (see State.Set).
func (s *Site) Set(factID, value string) error { return s.fb.Set(factID, value) }

// RenameLabel rewords a label everywhere it is shown (see State.RenameLabel).
func (s *Site) RenameLabel(old, renamed string) bool { return s.fb.RenameLabel(old, renamed) }

// ServeHTTP serves the replica, with the headers every page carries.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.h.ServeHTTP(w, r)
}

// session returns the logged-in session of the request, if any.
func (s *Site) session(r *http.Request) *replica.Session { return s.auth.Get(r) }

// templateData is what every page template gets.
type templateData struct {
	Title    string
	LoggedIn bool
	Me       FacebookAccount
	Dtsg     string
	Consent  bool
	Body     any
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	d := templateData{Title: title, Body: body, Me: s.fb.Account()}
	if ws := s.session(r); ws != nil {
		d.LoggedIn = true
		d.Dtsg = ws.CSRF
	}
	if c, err := r.Cookie("cookie_consent"); err == nil && c.Value != "" {
		d.Consent = true
	}
	s.ui.Render(w, status, name, d)
}

// sameAccount reports whether what was typed names the account: its email
// (any case), its username or its phone number (any spacing, with or
// without +44/0).
func sameAccount(a FacebookAccount, typed string) bool {
	if typed == "" {
		return false
	}
	if strings.EqualFold(typed, a.Email) || strings.EqualFold(typed, a.Username) {
		return true
	}
	d := replica.NormalisePhone(typed)
	return d != "" && d == replica.NormalisePhone(a.Phone)
}
