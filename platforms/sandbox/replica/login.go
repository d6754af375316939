package replica

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"chaperone/platforms/otp"
)

// Credentials is what a login form checks, read afresh on every attempt so
// that a test may turn two-factor off between two logins.
type Credentials struct {
	// Matches reports whether what was typed in the user field names the
	// account (an email in any case, a username, a phone number ...).
	Matches    func(typed string) bool
	Password   string
	TOTPSecret string
	// TwoFactor asks for the authenticator code after the password.
	TwoFactor bool
}

// LoginForm is the state of the login form for its template.
type LoginForm struct {
	User     string // what was typed in the user field
	Next     string // where to go after logging in (a path on this site)
	Error    string
	ErrorFor string // the field the error is about: LoginFlow.UserField or .PasswordField
}

// CheckpointForm is the state of the second-factor form for its template.
type CheckpointForm struct {
	Next  string
	Error string
}

// LoginMessages are the errors in the real site's words.
type LoginMessages struct {
	NoAccount     string
	WrongPassword string
	WrongCode     string
	CodeFormat    string // a code that is not 6 digits
	TooManyTries  string // shown on the login form when the checkpoint gives up
}

// LoginFlow is a site's login form and its optional authenticator
// checkpoint: the password page, then (with two-factor on) a page asking
// for the 6-digit code, which gives up after five wrong ones. The site
// supplies the field names, the words and the templates.
type LoginFlow struct {
	Sessions *Sessions
	Now      func() time.Time

	LoginPath      string // e.g. "/login"
	CheckpointPath string // e.g. "/checkpoint/"
	UserField      string // e.g. "email"
	PasswordField  string // e.g. "pass"
	CodeField      string // e.g. "approvals_code"
	PendingCookie  string // cookie of a browser between the two steps, e.g. "checkpoint"

	Credentials func() Credentials
	// SessionCookies are set beside the session cookie on login.
	SessionCookies func() []*http.Cookie
	Messages       LoginMessages

	RenderLogin      func(w http.ResponseWriter, r *http.Request, status int, f LoginForm)
	RenderCheckpoint func(w http.ResponseWriter, r *http.Request, status int, f CheckpointForm)

	mu      sync.Mutex
	pending map[string]*pendingLogin
}

// pendingLogin is a browser that gave the right password and still owes
// the second factor.
type pendingLogin struct {
	next    string
	expires time.Time
	tries   int
}

const (
	checkpointTTL = 10 * time.Minute
	maxCodeTries  = 5
)

func (f *LoginFlow) now() time.Time {
	if f.Now == nil {
		return time.Now()
	}
	return f.Now()
}

func (f *LoginFlow) startSession(w http.ResponseWriter) {
	var extra []*http.Cookie
	if f.SessionCookies != nil {
		extra = f.SessionCookies()
	}
	f.Sessions.Start(w, extra...)
}

// LoginPage shows the form, or sends a logged-in browser on.
func (f *LoginFlow) LoginPage(w http.ResponseWriter, r *http.Request) {
	next := SafeNext(r.URL.Query().Get("next"))
	if f.Sessions.Get(r) != nil {
		http.Redirect(w, r, OrHome(next), http.StatusFound)
		return
	}
	f.RenderLogin(w, r, http.StatusOK, LoginForm{Next: next})
}

// LoginPost checks the password and logs in, or sends the browser to the
// checkpoint when two-factor is on.
func (f *LoginFlow) LoginPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	v := LoginForm{
		User: strings.TrimSpace(r.PostForm.Get(f.UserField)),
		Next: SafeNext(r.PostForm.Get("next")),
	}
	if v.Next == "" {
		v.Next = SafeNext(r.URL.Query().Get("next"))
	}
	c := f.Credentials()
	switch {
	case v.User == "" || !c.Matches(v.User):
		v.Error, v.ErrorFor = f.Messages.NoAccount, f.UserField
	case subtle.ConstantTimeCompare([]byte(r.PostForm.Get(f.PasswordField)), []byte(c.Password)) != 1:
		v.Error, v.ErrorFor = f.Messages.WrongPassword, f.PasswordField
	}
	if v.Error != "" {
		f.RenderLogin(w, r, http.StatusOK, v)
		return
	}
	if !c.TwoFactor {
		f.startSession(w)
		http.Redirect(w, r, OrHome(v.Next), http.StatusFound)
		return
	}
	tok := Token(16)
	f.mu.Lock()
	if f.pending == nil {
		f.pending = map[string]*pendingLogin{}
	}
	f.pending[tok] = &pendingLogin{next: v.Next, expires: f.now().Add(checkpointTTL)}
	f.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: f.PendingCookie, Value: tok, Path: f.CheckpointPath, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, f.CheckpointPath+"?next="+url.QueryEscape(v.Next), http.StatusFound)
}

// pendingFor returns the browser's pending login, if it has one that has
// not expired.
func (f *LoginFlow) pendingFor(r *http.Request) (string, *pendingLogin) {
	c, err := r.Cookie(f.PendingCookie)
	if err != nil {
		return "", nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.pending[c.Value]
	if p != nil && f.now().After(p.expires) {
		delete(f.pending, c.Value)
		return "", nil
	}
	return c.Value, p
}

// CheckpointPage asks for the code, or sends a browser that owes none back
// to the login form.
func (f *LoginFlow) CheckpointPage(w http.ResponseWriter, r *http.Request) {
	_, p := f.pendingFor(r)
	if p == nil {
		http.Redirect(w, r, f.LoginPath+"?next="+url.QueryEscape(SafeNext(r.URL.Query().Get("next"))), http.StatusFound)
		return
	}
	f.RenderCheckpoint(w, r, http.StatusOK, CheckpointForm{Next: p.next})
}

// CheckpointPost checks the authenticator code (one 30-second step of
// drift either way) and logs in.
func (f *LoginFlow) CheckpointPost(w http.ResponseWriter, r *http.Request) {
	tok, p := f.pendingFor(r)
	if p == nil {
		http.Redirect(w, r, f.LoginPath, http.StatusFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	code := strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get(f.CodeField)), " ", "")
	if otp.Verify(f.Credentials().TOTPSecret, code, f.now()) {
		f.mu.Lock()
		delete(f.pending, tok)
		f.mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: f.PendingCookie, Value: "", Path: f.CheckpointPath, MaxAge: -1})
		f.startSession(w)
		http.Redirect(w, r, OrHome(p.next), http.StatusFound)
		return
	}
	f.mu.Lock()
	p.tries++
	tries := p.tries
	if tries >= maxCodeTries {
		delete(f.pending, tok)
	}
	f.mu.Unlock()
	if tries >= maxCodeTries {
		f.RenderLogin(w, r, http.StatusOK, LoginForm{Next: p.next, Error: f.Messages.TooManyTries})
		return
	}
	v := CheckpointForm{Next: p.next, Error: f.Messages.WrongCode}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		v.Error = f.Messages.CodeFormat
	}
	f.RenderCheckpoint(w, r, http.StatusOK, v)
}

// Logout ends the session and shows the login form.
func (f *LoginFlow) Logout(extra ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.Sessions.End(w, r, extra...)
		http.Redirect(w, r, f.LoginPath, http.StatusFound)
	}
}
