// Package tiktok is the sandbox's replica of TikTok on the web, served at
// the root of its own loopback origin by sandbox.Host.
//
// It copies the real site's shape and defects (platform notes 2026, §5):
// the email login with 2-step verification, one settings page with
// activeTab=privacy/security, rows whose value is on the text line after
// the label, the "Private account" control as a bare hidden checkbox with
// no accessible name, the direct-messages sub-page, profile pages whose
// videos and follower lists the page script fetches as JSON
// (/api/post/item_list/, /api/user/list/?scene=67|21), follow requests,
// an A/B layout, and the edge's 403 to logged-out automated visits.
package tiktok

import (
	"net/http"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

// Site is the TikTok replica. It satisfies sandbox.Site.
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

// Paths of the real site.
const (
	loginPath = "/login/phone-or-email/email"
	verifyPth = "/login/2sv/"
)

// New builds the replica of persona p's TikTok account.
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
	s.auth = replica.NewSessions("sessionid", clock)
	s.login = &replica.LoginFlow{
		Sessions:       s.auth,
		Now:            clock,
		LoginPath:      loginPath,
		CheckpointPath: verifyPth,
		UserField:      "username",
		PasswordField:  "password",
		CodeField:      "code",
		PendingCookie:  "passport_2sv",
		Credentials: func() replica.Credentials {
			a := s.st.Account()
			return replica.Credentials{
				Matches: func(typed string) bool {
					t := strings.TrimPrefix(strings.TrimSpace(typed), "@")
					return t != "" && (strings.EqualFold(t, a.Email) || strings.EqualFold(t, a.Handle))
				},
				Password:   a.Password,
				TOTPSecret: a.TOTPSecret,
				TwoFactor:  a.Settings[FactTwoFactor] == audit.On,
			}
		},
		SessionCookies: func() []*http.Cookie {
			return []*http.Cookie{{Name: "sid_tt", Value: replica.Token(16)}, {Name: "tt_csrf_token", Value: replica.Token(8)}}
		},
		Messages: replica.LoginMessages{
			NoAccount:     "Couldn't find an account with that email or username.",
			WrongPassword: "Incorrect account or password",
			WrongCode:     "Verification code is expired or incorrect. Try again.",
			CodeFormat:    "Enter a 6-digit code.",
			TooManyTries:  "Too many attempts. Try again later.",
		},
		RenderLogin: func(w http.ResponseWriter, r *http.Request, status int, f replica.LoginForm) {
			s.render(w, r, status, "login", "Log in | TikTok", f)
		},
		RenderCheckpoint: func(w http.ResponseWriter, r *http.Request, status int, f replica.CheckpointForm) {
			s.render(w, r, status, "verify", "2-step verification | TikTok", f)
		},
	}
	s.mux = http.NewServeMux()
	s.routes()
	s.h = replica.SecurityHeaders(s.mux)
	return s
}

// Platform is audit.TikTok.
func (s *Site) Platform() audit.Platform { return audit.TikTok }

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
		d.LoggedIn = true
		d.CSRF = ws.CSRF
	}
	s.ui.Render(w, status, name, d)
}
