package x

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

type client struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newClient(t *testing.T, s *Site) *client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &client{t: t, srv: srv, c: &http.Client{Jar: jar}}
}

func (c *client) get(path string, hdr map[string]string) (int, string, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.srv.URL+path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL.Path
}

func (c *client) post(path string, form url.Values) (int, string, string) {
	c.t.Helper()
	res, err := c.c.PostForm(c.srv.URL+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL.Path
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.srv.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// logIn goes through the three steps of the flow.
func (c *client) logIn(s *Site) {
	c.t.Helper()
	l := s.Login()
	if _, body, _ := c.post("/i/flow/login", url.Values{"text": {l.User}}); !strings.Contains(body, "Enter your password") {
		c.t.Fatalf("no password step: %.300s", body)
	}
	_, body, path := c.post("/i/flow/login", url.Values{"text": {l.User}, "password": {l.Password}, "next": {"/home"}})
	if path != "/i/flow/two-factor/" || !strings.Contains(body, "Enter code") {
		c.t.Fatalf("no code step (at %s)", path)
	}
	code, _ := otp.TOTP(l.TOTPSecret, time.Now())
	if _, _, path := c.post("/i/flow/two-factor/", url.Values{"text": {code}}); path != "/home" {
		c.t.Fatalf("after the code: %s", path)
	}
	for _, n := range []string{"auth_token", "twid", "ct0"} {
		if c.cookie(n) == "" {
			c.t.Errorf("no %s cookie after login", n)
		}
	}
}

func TestLoginFlowAndPages(t *testing.T) {
	s := New(sandbox.DemoPersona(), nil)
	c := newClient(t, s)
	if _, _, path := c.get("/settings/contacts", nil); path != "/i/flow/login" {
		t.Fatalf("logged out settings went to %s, want the login flow", path)
	}
	if _, body, _ := c.post("/i/flow/login", url.Values{"text": {s.Login().User}, "password": {"wrong"}}); !strings.Contains(body, "Wrong password!") || !strings.Contains(body, `role="alert"`) {
		t.Error("a wrong password is not refused with an alert")
	}
	c.logIn(s)
	for path, want := range map[string][]string{
		"/settings/audience_and_tagging":       {"Protect your posts", "Protect your videos", "Anyone can tag you"},
		"/settings/tagging":                    {"Photo tagging", "Only people you follow can tag you"},
		"/settings/contacts":                   {"Let people who have your email address find you on X"},
		"/settings/location":                   {"Add location information to your posts"},
		"/settings/direct_messages":            {"Allow message requests from", "Verified users"},
		"/settings/account/login_verification": {"Text message", "Authentication app", "Security key"},
		"/settings/security":                   {"Password reset protect"},
		"/settings/sessions":                   {"Current active session", "Log out of all other sessions", "X for iPhone"},
		"/DrSarahBennett":                      {"Sarah Bennett", "87", "Followers", "fellsandsourdough.example.org"},
		"/DrSarahBennett/followers":            {`data-list="Followers"`},
		"/follower_requests":                   {`data-list="incoming"`},
	} {
		code, body, _ := c.get(path, nil)
		if code != 200 {
			t.Errorf("%s: HTTP %d", path, code)
		}
		for _, w := range want {
			if !strings.Contains(body, strings.ReplaceAll(w, "&", "&amp;")) {
				t.Errorf("%s does not show %q", path, w)
			}
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") && !strings.Contains(body, "%2F%2F") {
			t.Errorf("%s refers to another host", path)
		}
	}
}

func TestGraphQLByRotatingQueryID(t *testing.T) {
	p := sandbox.DemoPersona()
	s, other := New(p, nil), New(p, nil)
	if s.QueryID("Followers") == other.QueryID("Followers") {
		t.Error("two starts share a query ID")
	}
	c := newClient(t, s)
	c.logIn(s)
	h := map[string]string{"x-csrf-token": c.cookie("ct0")}
	vars := url.QueryEscape(`{"userId":"` + s.State().Account().UserID + `","count":20}`)
	if code, body, _ := c.get("/i/api/graphql/"+other.QueryID("Followers")+"/Followers?variables="+vars, h); code != 404 || body != "" {
		t.Errorf("a stale query ID answered %d %q, want 404 with no body", code, body)
	}
	if code, _, _ := c.get("/i/api/graphql/"+s.QueryID("Followers")+"/Followers?variables="+vars, nil); code != 403 {
		t.Errorf("no csrf header answered %d, want 403", code)
	}
	total, cursor := 0, ""
	for range 20 {
		v := `{"userId":"` + s.State().Account().UserID + `","count":20` + map[bool]string{true: "", false: `,"cursor":"` + cursor + `"`}[cursor == ""] + `}`
		code, body, _ := c.get("/i/api/graphql/"+s.QueryID("Followers")+"/Followers?variables="+url.QueryEscape(v), h)
		if code != 200 {
			t.Fatalf("HTTP %d: %s", code, body)
		}
		var res struct {
			Data struct {
				User struct {
					Result struct {
						Timeline struct {
							Timeline struct {
								Instructions []struct {
									Entries []struct {
										EntryID string `json:"entryId"`
										Content struct {
											Value      string `json:"value"`
											CursorType string `json:"cursorType"`
										} `json:"content"`
									} `json:"entries"`
								} `json:"instructions"`
							} `json:"timeline"`
						} `json:"timeline"`
					} `json:"result"`
				} `json:"user"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		cursor = ""
		for _, in := range res.Data.User.Result.Timeline.Timeline.Instructions {
			for _, e := range in.Entries {
				if strings.HasPrefix(e.EntryID, "user-") {
					total++
				}
				if e.Content.CursorType == "Bottom" {
					cursor = e.Content.Value
				}
			}
		}
		if strings.HasPrefix(cursor, "0|") {
			break
		}
	}
	if want := len(s.State().Account().Followers); total != want {
		t.Errorf("paged through %d followers, want %d", total, want)
	}
}

func TestSetAndExpected(t *testing.T) {
	s := New(sandbox.DemoPersona(), nil)
	want := map[string]string{
		FactProtected: audit.On, FactPhotoTagging: "everyone", FactDiscoverEmail: audit.On, FactTwoFactor: audit.On,
		FactTwoFactorHow: MethodAppOrKey, FactSessions: "3", FactPublicPosts: audit.Hidden,
	}
	want[FactRequests] = "3"
	for id, v := range want {
		if got := s.Expected()[id]; got != v {
			t.Errorf("%s = %q, want %q", id, got, v)
		}
	}
	for _, tc := range []struct{ id, v, fact, want string }{
		{FactProtected, audit.Off, FactPublicPosts, audit.Visible},
		{FactTwoFactorHow, MethodSMSOnly, FactTwoFactorHow, MethodSMSOnly},
		{FactTwoFactor, audit.Off, FactTwoFactor, audit.Off},
		{FactPhotoTagging, "following", FactPhotoTagging, "following"},
		{FactDMRequests, "nobody", FactDMRequests, "nobody"},
	} {
		if err := s.Set(tc.id, tc.v); err != nil {
			t.Fatal(err)
		}
		if got := s.Expected()[tc.fact]; got != tc.want {
			t.Errorf("after Set(%s, %s): %s = %q, want %q", tc.id, tc.v, tc.fact, got, tc.want)
		}
	}
	if err := s.Set(FactDMRequests, "maybe"); err == nil {
		t.Error("a value the site does not offer was accepted")
	}
	if !s.RenameLabel("Protect your posts", "Keep your posts private") || s.RenameLabel("No such label", "x") {
		t.Error("RenameLabel")
	}
}
