package tiktok

import (
	"encoding/json"
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

var fixedNow = time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)

func serve(t testing.TB) (*Site, *httptest.Server) {
	t.Helper()
	s := New(sandbox.DemoPersona(), func() time.Time { return fixedNow })
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func client(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type resp struct {
	Status   int
	Location string
	Body     string
}

func do(t testing.TB, c *http.Client, method, u string, form url.Values) resp {
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

// logIn goes through the password and the 2-step code.
func logIn(t testing.TB, s *Site, srv *httptest.Server, c *http.Client) {
	t.Helper()
	l := s.Login()
	p := do(t, c, http.MethodPost, srv.URL+loginPath, url.Values{"username": {l.User}, "password": {l.Password}})
	if p.Status != http.StatusFound || !strings.HasPrefix(p.Location, verifyPth) {
		t.Fatalf("password step: %d %q", p.Status, p.Location)
	}
	code, err := otp.TOTP(l.TOTPSecret, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	p = do(t, c, http.MethodPost, srv.URL+p.Location, url.Values{"code": {code}})
	if p.Status != http.StatusFound || strings.HasPrefix(p.Location, "/login") {
		t.Fatalf("code step: %d %q", p.Status, p.Location)
	}
	u, _ := url.Parse(srv.URL)
	names := map[string]bool{}
	for _, ck := range c.Jar.Cookies(u) {
		names[ck.Name] = true
	}
	if !names["sessionid"] || !names["sid_tt"] {
		t.Fatalf("session cookies %v", names)
	}
}

func TestDemoAccount(t *testing.T) {
	a := DemoAccount(sandbox.DemoPersona())
	if len(a.Followers) != 87 || len(a.Following) != 64 || len(a.Requests) != 3 || len(a.Videos) != 14 {
		t.Fatalf("people %d/%d/%d, videos %d", len(a.Followers), len(a.Following), len(a.Requests), len(a.Videos))
	}
	// Watch-list patients are planted under a nickname or a handle only.
	var names []string
	for _, p := range append(append([]Person{}, a.Followers...), a.Requests...) {
		names = append(names, p.Nickname+" "+p.Handle)
	}
	all := strings.ToLower(strings.Join(names, "|"))
	for _, w := range []string{"thornton", "aldridge", "o'neil", "whitcombe"} {
		if !strings.Contains(all, w) {
			t.Errorf("no planted match for %q", w)
		}
	}
	for _, w := range sandbox.DemoWatchlist() {
		if strings.Contains(all, strings.ToLower(w.Name)) && w.Name != "Margaret Thornton" {
			t.Errorf("%s planted under the watch-list's own spelling", w.Name)
		}
	}
	for _, v := range a.Videos {
		if uint64ID(v.ID)>>32 != uint64(v.Created) {
			t.Errorf("video %s does not carry its time", v.ID)
		}
	}
	want := map[string]string{FactPrivate: audit.On, FactTwoFactor: audit.On, FactSuggest: "some", FactFollowers: "87", FactPublicVideos: audit.Hidden, FactSecurityAlerts: "some", FactDevices: "3"}
	got := New(sandbox.DemoPersona(), nil).Expected()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Expected()[%s] = %q, want %q", k, got[k], v)
		}
	}
}

func uint64ID(s string) uint64 {
	var n uint64
	_ = json.Unmarshal([]byte(s), &n)
	return n
}

func TestLoginAndWalls(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	if p := do(t, c, http.MethodGet, srv.URL+"/setting?activeTab=privacy", nil); p.Status != http.StatusFound || !strings.HasPrefix(p.Location, loginPath) {
		t.Fatalf("logged out /setting: %d %q", p.Status, p.Location)
	}
	if p := do(t, c, http.MethodPost, srv.URL+loginPath, url.Values{"username": {s.Login().User}, "password": {"wrong"}}); !strings.Contains(p.Body, "Incorrect account or password") {
		t.Error("a wrong password is not refused in the site's words")
	}
	logIn(t, s, srv, c)
	p := do(t, c, http.MethodGet, srv.URL+"/setting?activeTab=privacy", nil)
	for _, w := range []string{"Private account", "Who can comment on your posts", "Who can Duet with your posts", "Following list", "Downloads", "Suggest your account to others"} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("privacy page lacks %q", w)
		}
	}
	// The private checkbox has no role, name or aria-checked.
	m := regexp.MustCompile(`<div class="[^"]*" data-key="private"><input type="checkbox"[^>]*>`).FindString(p.Body)
	if m == "" || strings.Contains(m, "aria-") || strings.Contains(m, "role=") {
		t.Errorf("private checkbox markup %q", m)
	}
	if err := s.Set(FactTwoFactor, audit.Off); err != nil {
		t.Fatal(err)
	}
	c2 := client(t)
	if p := do(t, c2, http.MethodPost, srv.URL+loginPath, url.Values{"username": {"@" + s.State().Account().Handle}, "password": {s.Login().Password}}); p.Status != http.StatusFound || strings.HasPrefix(p.Location, verifyPth) {
		t.Errorf("with 2-step off, by handle: %d %q", p.Status, p.Location)
	}
}

func TestUserListAPI(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	sec := s.State().Account().SecUID
	list := func(c *http.Client, scene string, cursor int) map[string]any {
		p := do(t, c, http.MethodGet, srv.URL+"/api/user/list/?secUid="+url.QueryEscape(sec)+"&count=30&maxCursor=0&scene="+scene+"&minCursor="+itoa(cursor), nil)
		var v map[string]any
		if err := json.Unmarshal([]byte(p.Body), &v); err != nil {
			t.Fatalf("not JSON: %q", p.Body)
		}
		return v
	}
	if v := list(c, "67", 0); v["status_code"].(float64) != 10222 {
		t.Errorf("a logged-out visitor of a private account got the list: %v", v)
	}
	logIn(t, s, srv, c)
	for scene, want := range map[string]int{"67": 87, "21": 64} {
		n, cur := 0, 0
		for i := 0; i < 10; i++ {
			v := list(c, scene, cur)
			n += len(v["userList"].([]any))
			if int(v["total"].(float64)) != want {
				t.Errorf("scene %s total %v", scene, v["total"])
			}
			cur = int(v["minCursor"].(float64))
			if !v["hasMore"].(bool) {
				break
			}
		}
		if n != want {
			t.Errorf("scene %s: %d users over the pages, want %d", scene, n, want)
		}
	}
	s.State().SetVariants(Variants{ShortList: true})
	if v := list(c, "67", 0); v["hasMore"].(bool) || len(v["userList"].([]any)) >= 87 {
		t.Errorf("short list variant: %v", v["hasMore"])
	}
	if v := list(c, "5", 0); v["status_code"].(float64) == 0 {
		t.Error("an unknown scene was answered")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestPublicProfileVariants(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	prof := srv.URL + "/@" + s.State().Account().Handle
	if p := do(t, c, http.MethodGet, prof, nil); p.Status != 200 || !strings.Contains(p.Body, "This account is private") || strings.Contains(p.Body, "user-post-item-list") {
		t.Errorf("private profile to a stranger: %d", p.Status)
	}
	if err := s.Set(FactPrivate, audit.Off); err != nil {
		t.Fatal(err)
	}
	if p := do(t, c, http.MethodGet, prof, nil); strings.Contains(p.Body, "This account is private") || !strings.Contains(p.Body, "user-post-item-list") {
		t.Error("public profile still private")
	}
	if s.Expected()[FactPublicVideos] != audit.Visible {
		t.Error("Expected does not follow Set")
	}
	s.State().SetVariants(Variants{Public403: true})
	if p := do(t, c, http.MethodGet, prof, nil); p.Status != http.StatusForbidden {
		t.Errorf("edge 403 variant: %d", p.Status)
	}
	s.State().SetVariants(Variants{PublicWall: true})
	if p := do(t, c, http.MethodGet, prof, nil); p.Status != http.StatusFound || !strings.HasPrefix(p.Location, loginPath) {
		t.Errorf("wall variant: %d %q", p.Status, p.Location)
	}
	if !s.RenameLabel("Followers", "Fans") || s.RenameLabel("No such label", "x") {
		t.Error("RenameLabel")
	}
}

// TestNoExternalReferences: nothing the replica serves loads from another
// host.
func TestNoExternalReferences(t *testing.T) {
	s, srv := serve(t)
	c := client(t)
	logIn(t, s, srv, c)
	ext := regexp.MustCompile(`(?:src|href|action)="(?:https?:)?//[^"]*"`)
	for _, p := range []string{"/", "/setting?activeTab=privacy", "/setting?activeTab=security", "/setting/privacy/direct-messages", "/inbox/follow-requests", "/@" + s.State().Account().Handle} {
		body := do(t, c, http.MethodGet, srv.URL+p, nil).Body
		for _, m := range ext.FindAllString(body, -1) {
			// The bio's website is a link the doctor chose, on a reserved name.
			if m != `href="https://drsarahbennett.example/"` {
				t.Errorf("%s refers to another host: %s", p, m)
			}
		}
	}
}

func FuzzUserListQuery(f *testing.F) {
	s := New(sandbox.DemoPersona(), nil)
	f.Add("67", "0", "30")
	f.Add("21", "-5", "1000")
	f.Fuzz(func(t *testing.T, scene, cursor, count string) {
		q := url.Values{"secUid": {s.State().Account().SecUID}, "scene": {scene}, "minCursor": {cursor}, "count": {count}}
		r := httptest.NewRequest(http.MethodGet, "/api/user/list/?"+q.Encode(), nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		var v struct {
			Status   *int              `json:"status_code"`
			UserList []json.RawMessage `json:"userList"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || v.Status == nil || len(v.UserList) > 30 {
			t.Fatalf("scene %q cursor %q count %q: %s", scene, cursor, count, w.Body.String())
		}
	})
}
