package linkedin

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

var fixedNow = time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC)

func serve(t *testing.T) (*Site, *httptest.Server) {
	t.Helper()
	s := New(sandbox.DemoPersona(), func() time.Time { return fixedNow })
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type resp struct {
	status   int
	location string
	body     string
}

func do(t *testing.T, c *http.Client, method, u string, form url.Values) resp {
	t.Helper()
	var r *http.Response
	var err error
	if method == http.MethodPost {
		r, err = c.PostForm(u, form)
	} else {
		r, err = c.Get(u)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return resp{r.StatusCode, r.Header.Get("Location"), string(b)}
}

// logIn signs c in through the password and the two-step code.
func logIn(t *testing.T, s *Site, srv *httptest.Server, c *http.Client) {
	t.Helper()
	l := s.Login()
	r := do(t, c, http.MethodPost, srv.URL+"/checkpoint/lg/login-submit", url.Values{"session_key": {l.User}, "session_password": {l.Password}})
	if r.status != http.StatusFound || !strings.HasPrefix(r.location, "/checkpoint/challenge/") {
		t.Fatalf("login: %d %q", r.status, r.location)
	}
	code, err := otp.TOTP(l.TOTPSecret, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	r = do(t, c, http.MethodPost, srv.URL+r.location, url.Values{"pin": {code}})
	if r.status != http.StatusFound || strings.HasPrefix(r.location, "/checkpoint/") {
		t.Fatalf("checkpoint: %d %q", r.status, r.location)
	}
}

var tags = regexp.MustCompile(`<[^>]+>`)

func text(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(body, " "))), " ")
}

func TestLoginNeedsBothSteps(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	r := do(t, c, http.MethodGet, srv.URL+"/mypreferences/d/categories/profile-visibility", nil)
	if r.status != http.StatusFound || !strings.HasPrefix(r.location, "/login?next=") {
		t.Fatalf("logged out: %d %q", r.status, r.location)
	}
	l := s.Login()
	r = do(t, c, http.MethodPost, srv.URL+"/checkpoint/lg/login-submit", url.Values{"session_key": {l.User}, "session_password": {"wrong"}})
	if !strings.Contains(r.body, "Wrong email or password") {
		t.Error("a wrong password was not refused in LinkedIn's words")
	}
	logIn(t, s, srv, c)
	r = do(t, c, http.MethodGet, srv.URL+"/mypreferences/d/categories/profile-visibility", nil)
	if r.status != http.StatusOK {
		t.Fatalf("logged in: %d", r.status)
	}
	u, _ := url.Parse(srv.URL)
	names := map[string]bool{}
	for _, ck := range c.Jar.Cookies(u) {
		names[ck.Name] = true
	}
	if !names["li_at"] || !names["JSESSIONID"] {
		t.Errorf("cookies %v, want li_at and JSESSIONID", names)
	}
}

func TestSettingsShowLabelsValuesAndDrift(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	logIn(t, s, srv, c)
	page := func(p string) string { return text(do(t, c, http.MethodGet, srv.URL+p, nil).body) }
	for _, tc := range []struct{ path, want string }{
		{"/mypreferences/d/categories/profile-visibility", "Profile discovery using email address Anyone"},
		{"/mypreferences/d/categories/profile-visibility", "Who can see or download your email address 1st-degree connections"},
		{"/mypreferences/d/categories/sign-in-and-security", "Two-step verification On"},
		{"/mypreferences/d/user-sessions", "signed in to 3 sessions"},
		{"/mynetwork/invitation-manager/received/", "Invitations (3)"},
		{"/mynetwork/invite-connect/connections/", "57 connections"},
	} {
		if got := page(tc.path); !strings.Contains(got, tc.want) {
			t.Errorf("%s does not say %q", tc.path, tc.want)
		}
	}
	if err := s.Set(FactDiscoverEmail, "nobody"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(FactDiscoverEmail, "martians"); err == nil {
		t.Error("an unknown value was accepted")
	}
	if !s.RenameLabel("Manage active status", "Show when you're online") || s.RenameLabel("No such label", "x") {
		t.Error("RenameLabel")
	}
	got := page("/mypreferences/d/categories/profile-visibility")
	if !strings.Contains(got, "Profile discovery using email address Nobody") || strings.Contains(got, "Manage active status") || !strings.Contains(got, "Show when you") {
		t.Errorf("change or rename not served: %s", got)
	}
	if s.Expected()[FactDiscoverEmail] != "nobody" {
		t.Error("Expected does not follow Set")
	}
	if err := s.State().SetVariant("b"); err != nil {
		t.Fatal(err)
	}
	if got := page("/mypreferences/d/categories/profile-visibility"); !strings.Contains(got, "Visibility of your profile & network") || !strings.Contains(got, "Change") {
		t.Error("variant B not served")
	}
	body := do(t, c, http.MethodGet, srv.URL+"/mypreferences/d/settings/connections-visibility", nil).body
	if !strings.Contains(body, `aria-label="Connection visibility"`) {
		t.Error("the connections switch has no accessible name")
	}
	s.State().Unname("Connection visibility")
	body = do(t, c, http.MethodGet, srv.URL+"/mypreferences/d/settings/connections-visibility", nil).body
	if strings.Contains(body, `aria-label="Connection visibility"`) || !strings.Contains(body, `role="switch"`) {
		t.Error("Unname did not take the switch's name away")
	}
}

func TestConnectionsPaginateAndDrop(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	logIn(t, s, srv, c)
	first := do(t, c, http.MethodGet, srv.URL+"/mynetwork/invite-connect/connections/", nil).body
	cur := regexp.MustCompile(`data-cursor="([^"]+)"`).FindStringSubmatch(first)
	if cur == nil {
		t.Fatal("no Show more results cursor")
	}
	links := regexp.MustCompile(`class="[^"]*" aria-hidden="true" tabindex="-1"`)
	n := len(links.FindAllString(first, -1))
	next := cur[1]
	for next != "" {
		r := do(t, c, http.MethodGet, srv.URL+"/flagship-web/rsc-action/actions/pagination?sduiid=com.linkedin.sdui.pagers.mynetwork.connectionsList&cursor="+url.QueryEscape(next), nil)
		if r.status != http.StatusOK {
			t.Fatalf("pagination: %d", r.status)
		}
		n += len(links.FindAllString(r.body, -1))
		m := regexp.MustCompile(`data-next="([^"]*)"`).FindStringSubmatch(r.body)
		if m == nil {
			t.Fatal("no data-next")
		}
		next = m[1]
	}
	if total := len(s.State().Account().Connections); n != total {
		t.Errorf("paged %d connections, want %d", n, total)
	}
	if r := do(t, c, http.MethodGet, srv.URL+"/flagship-web/rsc-action/actions/pagination?sduiid=com.linkedin.sdui.pagers.mynetwork.connectionsList&cursor=bogus", nil); r.status != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", r.status)
	}
	s.State().DropConnections(4)
	if _, ok := s.Expected()[FactConnections]; ok {
		t.Error("a list shorter than its count still has an expected count")
	}
}

func TestPublicProfileAndAuthwall(t *testing.T) {
	s, srv := serve(t)
	a := s.State().Account()
	stranger := client(t)
	r := do(t, stranger, http.MethodGet, srv.URL+"/in/"+a.Slug+"/", nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, "<h1") || !strings.Contains(r.body, a.Name) || !strings.Contains(r.body, a.Email) {
		t.Fatalf("public profile: %d", r.status)
	}
	if strings.Contains(r.body, `href="https://`) {
		t.Error("an outside link is not wrapped in the site's redirect")
	}
	s.State().SetAuthwall(true)
	if r := do(t, stranger, http.MethodGet, srv.URL+"/in/"+a.Slug+"/", nil); r.status != http.StatusFound || !strings.HasPrefix(r.location, "/authwall") {
		t.Errorf("authwall: %d %q", r.status, r.location)
	}
	if _, ok := s.Expected()[FactPublicName]; ok {
		t.Error("the authwall still expects a public name")
	}
	s.State().SetAuthwall(false)
	if err := s.Set(FactPublicProfile, audit.Off); err != nil {
		t.Fatal(err)
	}
	if r := do(t, stranger, http.MethodGet, srv.URL+"/in/"+a.Slug+"/", nil); r.status != http.StatusFound {
		t.Errorf("hidden public profile: %d", r.status)
	}
}

func TestNoOtherHosts(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	logIn(t, s, srv, c)
	a := s.State().Account()
	host := regexp.MustCompile(`(?i)(src|href|action)="(https?:)?//`)
	for _, p := range []string{"/feed/", "/mypreferences/d/categories/profile-visibility", "/mypreferences/d/categories/sign-in-and-security",
		"/mypreferences/d/settings/email-address-visibility", "/public-profile/settings", "/in/" + a.Slug + "/", "/in/" + a.Slug + "/recent-activity/all/",
		"/mynetwork/invite-connect/connections/", "/mynetwork/invitation-manager/received/", "/mypreferences/d/user-sessions"} {
		r := do(t, c, http.MethodGet, srv.URL+p, nil)
		if r.status != http.StatusOK {
			t.Errorf("%s: %d", p, r.status)
		}
		if m := host.FindString(r.body); m != "" {
			t.Errorf("%s refers to another host: %s", p, m)
		}
	}
}

func TestDemoAccount(t *testing.T) {
	a := DemoAccount(sandbox.DemoPersona())
	seen := map[string]bool{}
	for _, p := range append(append([]Person{}, a.Connections...), a.Invitations...) {
		if seen[p.Slug] || seen[p.Name] {
			t.Errorf("%s twice", p.Slug)
		}
		seen[p.Slug], seen[p.Name] = true, true
	}
	// Watch-list patients appear under another spelling, one as an
	// invitation, one not at all.
	hits := 0
	for _, w := range sandbox.DemoWatchlist() {
		sur := w.Name[strings.LastIndex(w.Name, " ")+1:]
		for n := range seen {
			if strings.HasSuffix(n, " "+sur) {
				hits++
				if n == w.Name {
					t.Errorf("%s appears under the watch-list's own spelling", n)
				}
			}
		}
	}
	if hits != 3 {
		t.Errorf("%d watch-list people among connections and invitations, want 3", hits)
	}
	if a.Password == "" || a.TOTPSecret == "" {
		t.Error("no secret")
	}
	if got := sortedFacts(); len(got) != 9 {
		t.Errorf("settings facts %v", got)
	}
}
