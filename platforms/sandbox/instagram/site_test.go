package instagram

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

var fixedNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func start(t *testing.T) (*Site, string) {
	t.Helper()
	var site *Site
	h := sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, _ func() time.Time) sandbox.Site {
		site = New(p, func() time.Time { return fixedNow })
		return site
	})
	if err := h.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return site, h.URL(audit.Instagram)
}

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func fetch(t *testing.T, c *http.Client, req *http.Request) (int, http.Header, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func get(t *testing.T, c *http.Client, u string, hdr ...string) (int, http.Header, string) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return fetch(t, c, req)
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (int, http.Header, string) {
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return fetch(t, c, req)
}

func logIn(t *testing.T, s *Site, base string, c *http.Client) {
	t.Helper()
	l := s.Login()
	st, h, _ := postForm(t, c, base+"/accounts/login/", url.Values{"username": {l.User}, "password": {l.Password}})
	if st != http.StatusFound || !strings.HasPrefix(h.Get("Location"), "/accounts/login/two_factor/") {
		t.Fatalf("login: %d %q, want the two-factor step", st, h.Get("Location"))
	}
	code, err := otp.TOTP(l.TOTPSecret, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	st, h, _ = postForm(t, c, base+h.Get("Location"), url.Values{"verificationCode": {code}})
	if st != http.StatusFound || strings.Contains(h.Get("Location"), "two_factor") {
		t.Fatalf("code: %d %q", st, h.Get("Location"))
	}
}

func TestLoginWallAndTwoFactor(t *testing.T) {
	s, base := start(t)
	c := client(t)
	st, h, _ := get(t, c, base+"/accounts/settings/v2/account_privacy/")
	if st != http.StatusFound || !strings.HasPrefix(h.Get("Location"), "/accounts/login/?next=") {
		t.Fatalf("logged out settings: %d %q", st, h.Get("Location"))
	}
	_, _, body := postForm(t, c, base+"/accounts/login/", url.Values{"username": {s.Login().User}, "password": {"wrong"}})
	if !strings.Contains(body, "your password was incorrect") {
		t.Error("a wrong password is not refused in the site's words")
	}
	logIn(t, s, base, c)
	st, _, body = get(t, c, base+"/accounts/settings/v2/account_privacy/")
	if st != http.StatusOK || !strings.Contains(body, `aria-label="Private account"`) || !strings.Contains(body, `role="switch"`) {
		t.Fatalf("account privacy: %d", st)
	}
	s.State().UnnamePrivate()
	if _, _, body = get(t, c, base+"/accounts/settings/v2/account_privacy/"); strings.Contains(body, `aria-label="Private account"`) {
		t.Error("the private switch kept its name")
	}
	if _, _, body = get(t, c, base+"/accounts/comments/"); strings.Contains(body, `aria-label="Everyone"`) || !strings.Contains(body, `role="radio"`) {
		t.Error("the comment radios must be there, with no accessible name")
	}
}

func TestAPI(t *testing.T) {
	s, base := start(t)
	c := client(t)
	a := s.State().Account()
	list := base + "/api/v1/friendships/" + a.PK + "/followers/?count=12&search_surface=follow_list_page"
	if st, _, _ := get(t, c, list, "X-IG-App-ID", appID); st != http.StatusUnauthorized {
		t.Errorf("logged out API: %d", st)
	}
	logIn(t, s, base, c)
	if st, _, _ := get(t, c, list); st != http.StatusBadRequest {
		t.Errorf("API without the app id: %d", st)
	}
	var got []Person
	next := ""
	for pages := 0; pages < 10; pages++ {
		u := list
		if next != "" {
			u += "&max_id=" + url.QueryEscape(next)
		}
		_, _, body := get(t, c, u, "X-IG-App-ID", appID)
		var p userPage
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Users) > 12 {
			t.Fatalf("a page of %d", len(p.Users))
		}
		got = append(got, p.Users...)
		if !p.HasMore {
			break
		}
		next = *p.NextMaxID
	}
	if len(got) != len(a.Followers) {
		t.Errorf("%d followers served, want %d", len(got), len(a.Followers))
	}
	s.State().CapLists(20)
	_, _, body := get(t, c, list+"&count=200", "X-IG-App-ID", appID)
	if !strings.Contains(body, `"has_more":true`) {
		t.Errorf("a count the site does not serve must be ignored: %s", body[:min(200, len(body))])
	}
	if st, _, _ := get(t, c, list+"&max_id=bogus", "X-IG-App-ID", appID); st != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", st)
	}
}

func TestPickerAndPublicView(t *testing.T) {
	s, base := start(t)
	c := client(t)
	a := s.State().Account()
	anon := client(t)
	_, _, body := get(t, anon, base+"/"+a.Username+"/")
	if !strings.Contains(body, "This account is private") || strings.Contains(body, "/p/") {
		t.Error("a private account shows its posts to a stranger")
	}
	if err := s.Set(FactPrivate, audit.Off); err != nil {
		t.Fatal(err)
	}
	if _, _, body = get(t, anon, base+"/"+a.Username+"/"); !strings.Contains(body, "/p/"+a.Posts[0].Code+"/") {
		t.Error("a public account hides its posts")
	}
	s.State().WallPublic()
	if st, _, _ := get(t, anon, base+"/"+a.Username+"/"); st != http.StatusFound {
		t.Errorf("walled public view: %d", st)
	}
	logIn(t, s, base, c)
	_, _, body = get(t, c, base+"/accountscenter/password_and_security/two_factor/")
	if !strings.Contains(body, "Select an account") || !strings.Contains(body, "account_id="+a.PK) {
		t.Fatal("no account picker in front of two-factor")
	}
	_, _, body = get(t, c, base+"/accountscenter/password_and_security/two_factor/?account_id="+a.PK)
	if !strings.Contains(body, "Two-factor authentication") || !strings.Contains(body, ">On<") {
		t.Error("two-factor page for the account")
	}
	s.State().SetPicker(PickerOtherOnly)
	if _, _, body = get(t, c, base+"/accountscenter/password_and_security/two_factor/"); strings.Contains(body, "account_id="+a.PK) {
		t.Error("the changed picker still offers the account")
	}
	if s.RenameLabel("no such label", "x") {
		t.Error("renamed a label the site does not show")
	}
	if err := s.Set(FactSearchEngine, audit.On); err == nil {
		t.Error("a personal account took the search engine switch")
	}
}
