package replica

import (
	"html/template"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"chaperone/platforms/otp"
)

// miniSite is a replica in a few lines, built only from the toolkit the
// way a network's folder would be: templates, class names, a login with an
// authenticator checkpoint, a page behind it and an account picker.
type miniSite struct {
	ui     *UI
	auth   *Sessions
	flow   *LoginFlow
	picker *Picker
	mux    *http.ServeMux

	mu        sync.Mutex
	clock     time.Time
	twoFactor bool
	secret    string
}

var miniFiles = fstest.MapFS{
	"web/t/_layout.html":    {Data: []byte(`{{define "layout"}}<!DOCTYPE html><html><head><title>{{.Title}}</title><link rel="stylesheet" href="{{cssPath}}"><script src="{{jsPath}}" defer></script></head><body class="{{cls "body"}}"><div class="{{cls "root"}}">{{template "content" .}}</div></body></html>{{end}}`)},
	"web/t/login.html":      {Data: []byte(`{{define "content"}}{{with .Body}}{{if .Error}}<p role="alert" data-for="{{.ErrorFor}}">{{.Error}}</p>{{end}}<form method="post" action="/accounts/login/"><input type="hidden" name="next" value="{{.Next}}"><input name="username" value="{{.User}}" aria-label="{{shout "username"}}"><input name="password" type="password"></form>{{end}}{{end}}`)},
	"web/t/checkpoint.html": {Data: []byte(`{{define "content"}}{{with .Body}}{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}<form method="post"><input name="verificationCode" aria-label="Security code"></form>{{end}}{{end}}`)},
	"web/t/private.html":    {Data: []byte(`{{define "content"}}<div role="main">{{with .Body}}<h1>{{.Name}}</h1>{{template "replica_switch" .Named}}{{template "replica_switch" .Unnamed}}{{template "replica_switch" .Bare}}{{template "replica_radios" .Radios}}{{end}}</div>{{end}}`)},
	"web/t/picker.html":     {Data: []byte(`{{define "content"}}{{template "replica_picker" .Body}}{{end}}`)},
	"web/t/broken.html":     {Data: []byte(`{{define "content"}}<p>half</p>{{.Body.NoSuchField}}{{end}}`)},
	"web/s/style.css":       {Data: []byte(`[[s "body"]]{margin:0}` + "\n" + `[[s "root"]]{display:flex}`)},
	"web/s/app.js":          {Data: []byte(`document.body.className = cx("body") + " " + cx("fromscript");`)},
}

const (
	miniUser = "dr.test"
	miniPass = "correct horse"
)

func newMiniSite(t *testing.T) *miniSite {
	t.Helper()
	m := &miniSite{clock: time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC), twoFactor: true, secret: otp.NewSecret()}
	ui, err := NewUI(UIFiles{FS: miniFiles, Templates: "web/t", CSS: "web/s/style.css", JS: "web/s/app.js", AssetPrefix: "/static/bundles/",
		Funcs: template.FuncMap{"shout": strings.ToUpper}})
	if err != nil {
		t.Fatal(err)
	}
	m.ui = ui
	m.auth = NewSessions("sessionid", m.now)
	render := func(name string) func(w http.ResponseWriter, r *http.Request, status int, body any) {
		return func(w http.ResponseWriter, r *http.Request, status int, body any) {
			m.ui.Render(w, status, name, map[string]any{"Title": name, "Body": body})
		}
	}
	m.flow = &LoginFlow{
		Sessions: m.auth, Now: m.now,
		LoginPath: "/accounts/login/", CheckpointPath: "/accounts/login/two_factor/",
		UserField: "username", PasswordField: "password", CodeField: "verificationCode", PendingCookie: "two_factor",
		Credentials: func() Credentials {
			m.mu.Lock()
			defer m.mu.Unlock()
			return Credentials{Matches: func(s string) bool { return strings.EqualFold(s, miniUser) }, Password: miniPass, TOTPSecret: m.secret, TwoFactor: m.twoFactor}
		},
		SessionCookies: func() []*http.Cookie { return []*http.Cookie{{Name: "ds_user_id", Value: "42"}} },
		Messages:       LoginMessages{NoAccount: "no such user", WrongPassword: "wrong password", WrongCode: "wrong code", CodeFormat: "six digits", TooManyTries: "too many"},
		RenderLogin: func(w http.ResponseWriter, r *http.Request, status int, f LoginForm) {
			render("login")(w, r, status, f)
		},
		RenderCheckpoint: func(w http.ResponseWriter, r *http.Request, status int, f CheckpointForm) {
			render("checkpoint")(w, r, status, f)
		},
	}
	m.picker = &Picker{Param: "account_id", Title: "Select an account", Help: "Choose the profile to change.",
		Accounts: func() []PickerAccount {
			return []PickerAccount{{ID: "17841", Name: "dr.test", Network: "Instagram", Avatar: "/a.png"}, {ID: "10000", Name: "Test Doctor", Network: "Facebook"}}
		},
		Render: func(w http.ResponseWriter, r *http.Request, v PickerView) { render("picker")(w, r, http.StatusOK, v) },
	}
	m.mux = http.NewServeMux()
	m.mux.HandleFunc("GET /accounts/login/", m.flow.LoginPage)
	m.mux.HandleFunc("POST /accounts/login/", m.flow.LoginPost)
	m.mux.HandleFunc("GET /accounts/login/two_factor/", m.flow.CheckpointPage)
	m.mux.HandleFunc("POST /accounts/login/two_factor/", m.flow.CheckpointPost)
	m.mux.HandleFunc("GET /accounts/logout/", m.flow.Logout("ds_user_id"))
	m.mux.HandleFunc("GET /accounts/privacy/", m.auth.Require("/accounts/login/", m.picker.Require(func(w http.ResponseWriter, r *http.Request, a PickerAccount) {
		render("private")(w, r, http.StatusOK, map[string]any{
			"Name":    a.Name,
			"Named":   Switch{Key: "private", Label: "Private account", On: true},
			"Unnamed": Switch{Key: "status", On: false},
			"Bare":    Switch{Key: "tt_private", On: true, Bare: true},
			"Radios": Radios{Options: []Option{
				{Value: "EVERYONE", Text: "Everyone", Named: true},
				{Value: "FOLLOWERS", Text: "Your followers", Description: "People who follow you", Checked: true},
			}},
		})
	})))
	m.mux.HandleFunc("GET /broken/", func(w http.ResponseWriter, r *http.Request) { render("broken")(w, r, http.StatusOK, 1) })
	m.mux.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		if !m.ui.ServeAsset(w, r) {
			http.NotFound(w, r)
		}
	})
	return m
}

func (m *miniSite) now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.clock
}

func (m *miniSite) advance(d time.Duration) {
	m.mu.Lock()
	m.clock = m.clock.Add(d)
	m.mu.Unlock()
}

func (m *miniSite) code(t *testing.T, at time.Time) string {
	t.Helper()
	c, err := otp.TOTP(m.secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type resp struct {
	status   int
	location string
	body     string
	header   http.Header
}

// client is a browser-like client that keeps cookies and shows redirects.
func client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, c *http.Client, method, u string, form url.Values) resp {
	t.Helper()
	var (
		r   *http.Response
		err error
	)
	if method == http.MethodPost {
		r, err = c.PostForm(u, form)
	} else {
		r, err = c.Get(u)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return resp{status: r.StatusCode, location: r.Header.Get("Location"), body: string(b), header: r.Header}
}

func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(SecurityHeaders(h))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestLoginFlowWithCheckpoint(t *testing.T) {
	m := newMiniSite(t)
	base := serve(t, m.mux)
	c := client(t)

	if p := do(t, c, "GET", base+"/accounts/privacy/?account_id=17841", nil); p.status != http.StatusFound || p.location != "/accounts/login/?next="+url.QueryEscape("/accounts/privacy/?account_id=17841") {
		t.Fatalf("page behind the login: %d %q", p.status, p.location)
	}
	for _, tc := range []struct {
		name, user, pass, msg, field string
	}{
		{"unknown user", "someone", miniPass, "no such user", "username"},
		{"empty", "", "", "no such user", "username"},
		{"wrong password", miniUser, "nope", "wrong password", "password"},
	} {
		p := do(t, c, "POST", base+"/accounts/login/", url.Values{"username": {tc.user}, "password": {tc.pass}})
		if p.status != http.StatusOK || !strings.Contains(p.body, tc.msg) || !strings.Contains(p.body, `data-for="`+tc.field+`"`) {
			t.Errorf("%s: %d, want %q about %s", tc.name, p.status, tc.msg, tc.field)
		}
	}
	next := "/accounts/privacy/?account_id=17841"
	p := do(t, c, "POST", base+"/accounts/login/", url.Values{"username": {"DR.TEST"}, "password": {miniPass}, "next": {next}})
	if p.status != http.StatusFound || p.location != "/accounts/login/two_factor/?next="+url.QueryEscape(next) {
		t.Fatalf("right password: %d %q", p.status, p.location)
	}
	if q := do(t, c, "GET", base+next, nil); q.status != http.StatusFound {
		t.Fatalf("the page opened before the second factor: %d", q.status)
	}
	cp := base + "/accounts/login/two_factor/"
	if q := do(t, c, "GET", cp, nil); q.status != http.StatusOK || !strings.Contains(q.body, "verificationCode") {
		t.Fatalf("checkpoint page: %d", q.status)
	}
	if q := do(t, c, "POST", cp, url.Values{"verificationCode": {m.code(t, m.now().Add(-10*time.Minute))}}); !strings.Contains(q.body, "wrong code") {
		t.Error("an old code was not refused as wrong")
	}
	if q := do(t, c, "POST", cp, url.Values{"verificationCode": {"12ab"}}); !strings.Contains(q.body, "six digits") {
		t.Error("a malformed code was not refused as malformed")
	}
	q := do(t, c, "POST", cp, url.Values{"verificationCode": {m.code(t, m.now().Add(-30*time.Second))}})
	if q.status != http.StatusFound || q.location != next {
		t.Fatalf("right code: %d %q, want redirect to %s", q.status, q.location, next)
	}
	cookies := map[string]*http.Cookie{}
	for _, ck := range (&http.Response{Header: q.header}).Cookies() {
		cookies[ck.Name] = ck
	}
	if s := cookies["sessionid"]; s == nil || !s.HttpOnly || s.Value == "" || s.Path != "/" {
		t.Errorf("session cookie %+v", s)
	}
	if e := cookies["ds_user_id"]; e == nil || e.Value != "42" || e.Expires.IsZero() {
		t.Errorf("extra cookie %+v", e)
	}
	if pc := cookies["two_factor"]; pc == nil || pc.MaxAge >= 0 {
		t.Errorf("the pending cookie was not cleared: %+v", pc)
	}
	if r := do(t, c, "GET", base+next, nil); r.status != http.StatusOK || !strings.Contains(r.body, "<h1>dr.test</h1>") {
		t.Fatalf("page after login: %d", r.status)
	}
	if r := do(t, c, "GET", base+"/accounts/login/?next=%2Faccounts%2Fprivacy%2F", nil); r.status != http.StatusFound || r.location != "/accounts/privacy/" {
		t.Errorf("login page when logged in: %d %q", r.status, r.location)
	}
	do(t, c, "GET", base+"/accounts/logout/", nil)
	if r := do(t, c, "GET", base+next, nil); r.status != http.StatusFound {
		t.Errorf("page after logout: %d", r.status)
	}
}

func TestLoginFlowWithoutSecondFactorAndUnsafeNext(t *testing.T) {
	m := newMiniSite(t)
	m.twoFactor = false
	base := serve(t, m.mux)
	c := client(t)
	for _, next := range []string{"//elsewhere.example/", "https://elsewhere.example/", "/\\x"} {
		p := do(t, c, "POST", base+"/accounts/login/", url.Values{"username": {miniUser}, "password": {miniPass}, "next": {next}})
		if p.status != http.StatusFound || p.location != "/" {
			t.Errorf("next %q: %d %q, want the site's root", next, p.status, p.location)
		}
	}
}

func TestCheckpointGivesUpAndExpires(t *testing.T) {
	m := newMiniSite(t)
	base := serve(t, m.mux)
	cp := base + "/accounts/login/two_factor/"

	c := client(t)
	do(t, c, "POST", base+"/accounts/login/", url.Values{"username": {miniUser}, "password": {miniPass}})
	var last resp
	for range 5 {
		last = do(t, c, "POST", cp, url.Values{"verificationCode": {"000000"}})
	}
	if !strings.Contains(last.body, "too many") || !strings.Contains(last.body, `name="password"`) {
		t.Error("the fifth wrong code did not send the browser back to the login form")
	}
	if p := do(t, c, "POST", cp, url.Values{"verificationCode": {m.code(t, m.now())}}); p.status != http.StatusFound || p.location != "/accounts/login/" {
		t.Errorf("a right code after five wrong ones: %d %q", p.status, p.location)
	}

	c = client(t)
	do(t, c, "POST", base+"/accounts/login/", url.Values{"username": {miniUser}, "password": {miniPass}})
	m.advance(11 * time.Minute)
	if p := do(t, c, "GET", cp, nil); p.status != http.StatusFound || !strings.HasPrefix(p.location, "/accounts/login/") {
		t.Errorf("checkpoint after it expired: %d %q", p.status, p.location)
	}
}

func TestUIClassesAssetsAndErrors(t *testing.T) {
	a, b := newMiniSite(t), newMiniSite(t)
	if a.ui.Classes.Class("root") == b.ui.Classes.Class("root") || a.ui.CSSPath() == b.ui.CSSPath() {
		t.Error("two starts made the same class names")
	}
	if !strings.HasPrefix(a.ui.CSSPath(), "/static/bundles/") || !strings.HasSuffix(a.ui.JSPath(), ".js") {
		t.Errorf("asset paths %s %s", a.ui.CSSPath(), a.ui.JSPath())
	}
	if a.ui.JSPath() != b.ui.JSPath() {
		t.Error("the unchanged script got another URL")
	}
	css := string(a.ui.CSS())
	if !strings.Contains(css, a.ui.Classes.Selector("root")+"{display:flex}") || strings.Count(css, "\n") < 40 {
		t.Errorf("style sheet lacks this start's selectors or its noise:\n%s", css)
	}
	if !strings.Contains(string(a.ui.Classes.JSON()), `"fromscript"`) {
		t.Error("a class the script asks for is not in the class map")
	}
	base := serve(t, a.mux)
	c := client(t)
	for _, path := range []string{a.ui.CSSPath(), a.ui.JSPath()} {
		if p := do(t, c, "GET", base+path, nil); p.status != http.StatusOK || p.header.Get("Cache-Control") == "" {
			t.Errorf("%s: %d", path, p.status)
		}
	}
	p := do(t, c, "GET", base+"/accounts/login/", nil)
	if !strings.Contains(p.body, `aria-label="USERNAME"`) || !strings.Contains(p.body, `class="`+a.ui.Classes.Class("root")+`"`) {
		t.Error("the site's own template functions or class names are not in the page")
	}
	if csp := p.header.Get("Content-Security-Policy"); csp != CSP || p.header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("security headers: %q", csp)
	}
	if !strings.Contains(CSP, "frame-ancestors 'none'") || strings.Contains(CSP, "http") {
		t.Errorf("CSP allows more than this origin: %s", CSP)
	}
	if p := do(t, c, "GET", base+"/broken/", nil); p.status != http.StatusInternalServerError || strings.Contains(p.body, "half") {
		t.Errorf("a template error: %d %q, want a plain 500", p.status, p.body)
	}
}

func TestPickerAndControls(t *testing.T) {
	m := newMiniSite(t)
	m.twoFactor = false
	base := serve(t, m.mux)
	c := client(t)
	do(t, c, "POST", base+"/accounts/login/", url.Values{"username": {miniUser}, "password": {miniPass}})

	for _, path := range []string{"/accounts/privacy/?tab=a", "/accounts/privacy/?tab=a&account_id=999"} {
		p := do(t, c, "GET", base+path, nil)
		if p.status != http.StatusOK || !strings.Contains(p.body, "Select an account") || strings.Contains(p.body, `role="main"`) {
			t.Fatalf("%s: the picker was not shown", path)
		}
		for _, want := range []string{`href="/accounts/privacy/?account_id=17841&amp;tab=a"`, `href="/accounts/privacy/?account_id=10000&amp;tab=a"`, ">Instagram<", ">Test Doctor<", `role="list"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("%s: picker lacks %s", path, want)
			}
		}
	}
	p := do(t, c, "GET", base+"/accounts/privacy/?account_id=10000", nil)
	if !strings.Contains(p.body, "<h1>Test Doctor</h1>") {
		t.Fatal("the chosen account's page was not shown")
	}
	for _, want := range []string{
		`<input type="checkbox" role="switch" aria-label="Private account" aria-checked="true" checked`,
		`<input type="checkbox" role="switch" aria-checked="false"`,
		`data-key="tt_private"><input type="checkbox" class=`,
		`role="radio" tabindex="0" aria-checked="false" aria-label="Everyone" data-value="EVERYONE"`,
		`role="radio" tabindex="0" aria-checked="true" data-value="FOLLOWERS"`,
		`People who follow you`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("controls lack %s", want)
		}
	}
	// The bare checkbox has no role and no aria at all, as TikTok's.
	i := strings.Index(p.body, `data-key="tt_private"`)
	if bare := p.body[i : i+strings.Index(p.body[i:], "</div>")]; strings.Contains(bare, "role=") || strings.Contains(bare, "aria-checked") || strings.Contains(bare, "aria-label") {
		t.Errorf("the bare switch has an accessible name or role: %s", bare)
	}
}
