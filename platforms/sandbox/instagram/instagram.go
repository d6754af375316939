// Package instagram is the sandbox's replica of Instagram and of the
// Accounts Centre pages that hold its security settings, served at the
// root of its own loopback origin by sandbox.Host.
//
// It keeps the real site's awkwardness: class names made up per start,
// settings as switches and radio groups (the private switch named only by
// its aria-label, the comment radios with no name at all), an account
// picker in front of every Accounts Centre page, follower lists opened in
// a dialog and fetched as JSON a dozen at a time, follow requests fetched
// when their panel opens, and a login with an authenticator checkpoint.
// Nothing it serves refers to another host.
package instagram

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

//go:embed all:web
var webFS embed.FS

// appID is the web client's X-IG-App-ID; the API refuses calls without it.
const appID = "936619743392459"

// Site is the Instagram replica. It satisfies sandbox.Site.
type Site struct {
	st     *State
	ui     *replica.UI
	mux    *http.ServeMux
	h      http.Handler
	now    func() time.Time
	auth   *replica.Sessions
	login  *replica.LoginFlow
	picker *replica.Picker
}

var _ sandbox.Site = (*Site)(nil)

// New builds the replica of persona p's Instagram (DemoAccount(p)); clock
// is the time for one-time codes.
func New(p *sandbox.Persona, clock func() time.Time) *Site {
	return NewFromAccount(DemoAccount(p), clock)
}

// NewSite is New as a sandbox.NewSite, for sandbox.NewHost.
func NewSite(p *sandbox.Persona, clock func() time.Time) sandbox.Site { return New(p, clock) }

// NewFromAccount builds the replica of a given account.
func NewFromAccount(a Account, clock func() time.Time) *Site {
	if clock == nil {
		clock = time.Now
	}
	s := &Site{st: newState(a), now: clock}
	ui, err := replica.NewUI(replica.UIFiles{
		FS: webFS, Templates: "web/templates", CSS: "web/static/style.css", JS: "web/static/app.js",
		AssetPrefix: "/static/bundles/",
		Funcs: template.FuncMap{
			"L":     s.st.label,
			"count": func(n int) string { return fmt.Sprint(n) },
		},
	})
	if err != nil {
		// The templates are embedded: an error is a bug caught by every test.
		panic(fmt.Sprintf("instagram replica: %v", err))
	}
	s.ui = ui
	s.auth = replica.NewSessions("sessionid", clock)
	s.login = &replica.LoginFlow{
		Sessions: s.auth, Now: clock,
		LoginPath: "/accounts/login/", CheckpointPath: "/accounts/login/two_factor/",
		UserField: "username", PasswordField: "password", CodeField: "verificationCode",
		PendingCookie: "ig_2fa",
		Credentials: func() replica.Credentials {
			a := s.st.Account()
			return replica.Credentials{
				Matches:    func(typed string) bool { return sameAccount(a, typed) },
				Password:   a.Password,
				TOTPSecret: a.TOTPSecret,
				TwoFactor:  a.Settings[FactTwoFactor] == audit.On,
			}
		},
		SessionCookies: func() []*http.Cookie {
			return []*http.Cookie{{Name: "ds_user_id", Value: s.st.Account().PK}, {Name: "csrftoken", Value: replica.Token(16)}}
		},
		Messages: replica.LoginMessages{
			NoAccount:     "The username you entered doesn't belong to an account. Please check your username and try again.",
			WrongPassword: "Sorry, your password was incorrect. Please double-check your password.",
			WrongCode:     "Please check the security code and try again.",
			CodeFormat:    "Please check the security code and try again.",
			TooManyTries:  "Please wait a few minutes before you try again.",
		},
		RenderLogin: func(w http.ResponseWriter, r *http.Request, status int, f replica.LoginForm) {
			s.render(w, r, status, "login", "Login • Instagram", f)
		},
		RenderCheckpoint: func(w http.ResponseWriter, r *http.Request, status int, f replica.CheckpointForm) {
			s.render(w, r, status, "twofactor", "Login • Instagram", f)
		},
	}
	s.picker = &replica.Picker{
		Param: "account_id", Title: s.st.label("picker_title"),
		Help:     "Choose the account you want to manage.",
		Accounts: s.pickerAccounts,
		Render: func(w http.ResponseWriter, r *http.Request, v replica.PickerView) {
			v.Title = s.st.label("picker_title")
			s.render(w, r, http.StatusOK, "picker", "Accounts Centre", v)
		},
	}
	s.mux = http.NewServeMux()
	s.routes()
	s.h = replica.SecurityHeaders(http.HandlerFunc(s.serve))
	return s
}

// Platform is audit.Instagram.
func (s *Site) Platform() audit.Platform { return audit.Instagram }

// State is the live account, for tests to read and change.
func (s *Site) State() *State { return s.st }

// Login is the account the login form accepts now.
func (s *Site) Login() sandbox.Login {
	a := s.st.Account()
	return sandbox.Login{User: a.Username, Password: a.Password, TOTPSecret: a.TOTPSecret}
}

// Expected is every fact the replica shows now (see State.Expected).
func (s *Site) Expected() map[string]string { return s.st.Expected() }

// Set changes a setting as the doctor would (see State.Set).
func (s *Site) Set(factID, value string) error { return s.st.Set(factID, value) }

// RenameLabel rewords a label everywhere it is shown.
func (s *Site) RenameLabel(old, renamed string) bool { return s.st.RenameLabel(old, renamed) }

// ServeHTTP serves the replica, with the headers every page carries.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	if _, _, _, _, to, _ := s.st.quirks(); to != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
		http.Redirect(w, r, to+r.URL.RequestURI(), http.StatusFound)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// sameAccount: the username, the email (any case) or the phone number.
func sameAccount(a Account, typed string) bool {
	if typed == "" {
		return false
	}
	if strings.EqualFold(typed, a.Username) || strings.EqualFold(typed, a.Email) {
		return true
	}
	d := replica.NormalisePhone(typed)
	return d != "" && d == replica.NormalisePhone(a.Phone)
}

// page is what every template gets.
type page struct {
	Title    string
	LoggedIn bool
	Me       Account
	CSRF     string
	Body     any
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	d := page{Title: title, Body: body, Me: s.st.Account()}
	if ws := s.auth.Get(r); ws != nil {
		d.LoggedIn, d.CSRF = true, ws.CSRF
	}
	s.ui.Render(w, status, name, d)
}

func (s *Site) pickerAccounts() []replica.PickerAccount {
	a := s.st.Account()
	_, mode, _, _, _, _ := s.st.quirks()
	ig := replica.PickerAccount{ID: a.PK, Name: a.FullName, Network: "Instagram", Avatar: "/static/img/avatar/" + a.PK + ".png"}
	fb := replica.PickerAccount{ID: "1000" + a.PK, Name: a.Linked, Network: "Facebook", Avatar: "/static/img/avatar/" + a.PK + ".png"}
	switch mode {
	case PickerOtherOnly:
		return []replica.PickerAccount{fb}
	case PickerTwins:
		twin := ig
		twin.ID = "7" + a.PK
		return []replica.PickerAccount{ig, twin, fb}
	}
	return []replica.PickerAccount{ig, fb}
}
