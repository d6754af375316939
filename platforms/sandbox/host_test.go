package sandbox_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/facebook"
	"chaperone/platforms/sandbox/replica"
)

// tinySite is a second network for the host tests, built from the toolkit
// in a few lines: a password login with its own session cookie, a page
// that says which cookies it was sent, and one setting.
type tinySite struct {
	login sandbox.Login
	auth  *replica.Sessions
	mux   *http.ServeMux

	mu      sync.Mutex
	private string
	label   string
}

func newTinySite(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
	sec := p.Secret(audit.Instagram)
	s := &tinySite{login: sandbox.Login{User: "dr.sarah.test", Password: sec.Password}, private: audit.Off, label: "Private account"}
	s.auth = replica.NewSessions("sessionid", clock)
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /accounts/login/", func(w http.ResponseWriter, r *http.Request) {
		if r.PostFormValue("username") != s.login.User || r.PostFormValue("password") != s.login.Password {
			http.Error(w, "Sorry, your password was incorrect.", http.StatusUnauthorized)
			return
		}
		s.auth.Start(w)
		http.Redirect(w, r, "/", http.StatusFound)
	})
	s.mux.HandleFunc("GET /cookies", func(w http.ResponseWriter, r *http.Request) {
		var names []string
		for _, c := range r.Cookies() {
			names = append(names, c.Name)
		}
		slices.Sort(names)
		replica.WriteJSON(w, map[string]any{"cookies": names, "logged_in": s.auth.Get(r) != nil})
	})
	return s
}

func (s *tinySite) Platform() audit.Platform                         { return audit.Instagram }
func (s *tinySite) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }
func (s *tinySite) Login() sandbox.Login                             { return s.login }

func (s *tinySite) Expected() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]string{"instagram.private": s.private}
}

func (s *tinySite) Set(factID, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if factID != "instagram.private" || (value != audit.On && value != audit.Off) {
		return fmt.Errorf("set %s=%s: not a setting of this site", factID, value)
	}
	s.private = value
	return nil
}

func (s *tinySite) RenameLabel(old, renamed string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old != s.label {
		return false
	}
	s.label = renamed
	return true
}

func startHost(t *testing.T, p *sandbox.Persona, addr string) *sandbox.Host {
	t.Helper()
	h := sandbox.NewHost(p, facebook.NewSite, newTinySite)
	if err := h.Start(t.Context(), addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func newJarClient(t *testing.T) (*http.Client, http.CookieJar) {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}, jar
}

func fetch(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string, http.Header) {
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
	return r.StatusCode, string(b), r.Header
}

func TestHostServesEachSiteOnItsOwnOrigin(t *testing.T) {
	h := startHost(t, nil, "")
	fbURL, tinyURL := h.URL(audit.Facebook), h.URL(audit.Instagram)
	fu, err1 := url.Parse(fbURL)
	tu, err2 := url.Parse(tinyURL)
	if err1 != nil || err2 != nil || fu.Scheme != "http" || tu.Scheme != "http" || fu.Path != "" || tu.Path != "" {
		t.Fatalf("URLs %q and %q are not origins", fbURL, tinyURL)
	}
	if fu.Host == tu.Host || fu.Port() == tu.Port() || fu.Hostname() != "127.0.0.1" {
		t.Fatalf("origins %s and %s: want the first on 127.0.0.1 and distinct ports", fu.Host, tu.Host)
	}
	for _, u := range []*url.URL{fu, tu} {
		if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
			t.Errorf("%s is not a loopback address", u.Host)
		}
	}
	if got := h.Sites(); len(got) != 2 || got[0].Platform() != audit.Facebook || got[1].Platform() != audit.Instagram {
		t.Errorf("sites not in the order given")
	}
	if h.Site(audit.X) != nil || h.URL(audit.X) != "" {
		t.Error("a platform the host lacks has a site or a URL")
	}
	if h.Site(audit.Facebook) == nil || h.Persona() == nil {
		t.Fatal("no Facebook site or persona")
	}

	c, jar := newJarClient(t)
	// Log in to Facebook through both factors.
	fb := h.Site(audit.Facebook).Login()
	st, _, hd := fetch(t, c, "POST", fbURL+"/login", url.Values{"email": {fb.User}, "pass": {fb.Password}})
	if st != http.StatusFound || !strings.HasPrefix(hd.Get("Location"), "/checkpoint/") {
		t.Fatalf("facebook login: %d %q", st, hd.Get("Location"))
	}
	code, err := otp.TOTP(fb.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if st, _, _ := fetch(t, c, "POST", fbURL+hd.Get("Location"), url.Values{"approvals_code": {code}}); st != http.StatusFound {
		t.Fatalf("checkpoint: %d", st)
	}
	if st, _, _ := fetch(t, c, "GET", fbURL+"/settings/?tab=posts", nil); st != http.StatusOK {
		t.Fatalf("facebook settings after login: %d", st)
	}
	// Facebook's session cookies are not sent to the other site...
	_, body, _ := fetch(t, c, "GET", tinyURL+"/cookies", nil)
	if strings.Contains(body, `"xs"`) || strings.Contains(body, `"c_user"`) {
		t.Errorf("the other site was sent Facebook's cookies: %s", body)
	}
	// ...and the other site's session does not reach Facebook or end its own.
	tl := h.Site(audit.Instagram).Login()
	if st, _, _ := fetch(t, c, "POST", tinyURL+"/accounts/login/", url.Values{"username": {tl.User}, "password": {tl.Password}}); st != http.StatusFound {
		t.Fatalf("tiny site login: %d", st)
	}
	if _, body, _ := fetch(t, c, "GET", tinyURL+"/cookies", nil); body != `{"cookies":["sessionid"],"logged_in":true}`+"\n" {
		t.Errorf("tiny site after its login: %s", body)
	}
	for _, ck := range jar.Cookies(fu) {
		if ck.Name == "sessionid" {
			t.Error("the other site's session cookie would be sent to Facebook")
		}
	}
	if st, _, _ := fetch(t, c, "GET", fbURL+"/settings/?tab=posts", nil); st != http.StatusOK {
		t.Errorf("facebook session lost after logging in to the other site: %d", st)
	}
	// Every site gets the security headers from the host.
	for _, u := range []string{fbURL + "/login", tinyURL + "/cookies"} {
		_, _, hd := fetch(t, c, "GET", u, nil)
		if hd.Get("Content-Security-Policy") != replica.CSP || hd.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: security headers missing", u)
		}
	}
}

func TestHostTestControls(t *testing.T) {
	h := startHost(t, nil, "")
	for _, s := range h.Sites() {
		if len(s.Expected()) == 0 {
			t.Errorf("%s: no expected facts", s.Platform())
		}
	}
	tiny := h.Site(audit.Instagram)
	if err := tiny.Set("instagram.private", audit.On); err != nil || tiny.Expected()["instagram.private"] != audit.On {
		t.Errorf("Set through the Site interface: %v", err)
	}
	if tiny.Set("instagram.private", "maybe") == nil {
		t.Error("a bad value was accepted")
	}
	if !tiny.RenameLabel("Private account", "Private profile") || tiny.RenameLabel("Private account", "x") {
		t.Error("RenameLabel through the Site interface")
	}
	fb := h.Site(audit.Facebook)
	if err := fb.Set("facebook.login_alerts", audit.On); err != nil || fb.Expected()["facebook.login_alerts"] != audit.On {
		t.Errorf("Facebook Set: %v", err)
	}
}

func TestSamePersonaSameLogins(t *testing.T) {
	p := sandbox.DemoPersona()
	a := sandbox.NewHost(p, facebook.NewSite, newTinySite)
	b := sandbox.NewHost(p, facebook.NewSite, newTinySite)
	other := sandbox.NewHost(sandbox.DemoPersona(), facebook.NewSite, newTinySite)
	for _, pl := range []audit.Platform{audit.Facebook, audit.Instagram} {
		la, lb, lo := a.Site(pl).Login(), b.Site(pl).Login(), other.Site(pl).Login()
		if la != lb {
			t.Errorf("%s: one persona, two logins", pl)
		}
		if la.Password == lo.Password || la.Password == "" {
			t.Errorf("%s: two personas share a password", pl)
		}
	}
	if a.Site(audit.Facebook).Login().Password == a.Site(audit.Instagram).Login().Password {
		t.Error("one password for two networks")
	}
	var wg sync.WaitGroup
	got := make([]sandbox.Secret, 8)
	q := sandbox.DemoPersona()
	for i := range got {
		wg.Go(func() { got[i] = q.Secret(audit.X) })
	}
	wg.Wait()
	for _, s := range got {
		if s != got[0] {
			t.Fatal("concurrent first uses made different secrets")
		}
	}
	if _, err := otp.DecodeSecret(got[0].TOTPSecret); err != nil {
		t.Errorf("authenticator secret: %v", err)
	}
}

func TestHostConsecutivePorts(t *testing.T) {
	// Find two free consecutive ports; another process may take one in
	// between, so try a few times.
	var lastErr error
	for range 5 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if port >= 65535 {
			continue
		}
		h := sandbox.NewHost(nil, facebook.NewSite, newTinySite)
		if err := h.Start(t.Context(), "127.0.0.1:"+strconv.Itoa(port)); err != nil {
			lastErr = err
			continue
		}
		defer h.Close()
		fu, _ := url.Parse(h.URL(audit.Facebook))
		tu, _ := url.Parse(h.URL(audit.Instagram))
		if fu.Host != "127.0.0.1:"+strconv.Itoa(port) || tu.Port() != strconv.Itoa(port+1) {
			t.Errorf("sites at %s and %s, want ports %d and %d", fu.Host, tu.Host, port, port+1)
		}
		return
	}
	t.Fatalf("no two free consecutive ports: %v", lastErr)
}

func TestHostStartRefusesAndCloses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "example.org:80", "[::]:0", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:65535"} {
		h := sandbox.NewHost(nil, facebook.NewSite, newTinySite)
		if err := h.Start(t.Context(), addr); err == nil {
			h.Close()
			t.Errorf("Start(%q) accepted", addr)
		}
	}
	if err := sandbox.NewHost(nil).Start(t.Context(), ""); err == nil {
		t.Error("a host with no sites started")
	}

	ctx, cancel := context.WithCancel(context.Background())
	h := sandbox.NewHost(nil, facebook.NewSite, newTinySite)
	if err := h.Start(ctx, "localhost:0"); err != nil {
		t.Fatal(err)
	}
	if err := h.Start(ctx, ""); err == nil {
		t.Error("a second Start accepted")
	}
	u := h.URL(audit.Instagram) + "/cookies"
	c := &http.Client{Timeout: 5 * time.Second}
	if r, err := c.Get(u); err != nil {
		t.Fatal(err)
	} else {
		r.Body.Close()
	}
	cancel() // the end of ctx stops every site
	deadline := time.Now().Add(5 * time.Second)
	for {
		r, err := c.Get(u)
		if err != nil {
			break
		}
		r.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("still serving after ctx ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for range 2 {
		if err := h.Close(); err != nil {
			t.Errorf("Close after the end: %v", err)
		}
	}
}

func TestHostRefusesTwoSitesOfOnePlatform(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "two Facebook sites") {
			t.Errorf("panic = %v", r)
		}
	}()
	sandbox.NewHost(nil, facebook.NewSite, facebook.NewSite)
}

func TestPersonaPlace(t *testing.T) {
	p := sandbox.DemoPersona()
	if p.Place() != p.Town+", "+p.County || (&sandbox.Persona{Town: "Hull"}).Place() != "Hull" {
		t.Errorf("Place = %q", p.Place())
	}
	// The watch-list's surnames are not in the pools replicas draw from.
	for _, w := range sandbox.DemoWatchlist() {
		f := strings.Fields(w.Name)
		if slices.Contains(sandbox.Surnames(), f[len(f)-1]) {
			t.Errorf("%s is in the surname pool", f[len(f)-1])
		}
	}
}
