package whatsapp

import (
	"encoding/json"
	"image/png"
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
	"chaperone/platforms/sandbox"
)

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func serve(t *testing.T, variant string) (*Site, *httptest.Server, *clock) {
	t.Helper()
	ck := &clock{t: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
	s := NewFromAccount(DemoAccount(sandbox.DemoPersona()), variant, ck.now)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv, ck
}

func client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var refRe = regexp.MustCompile(`data-ref="([^"]+)"`)

// link links c the way the page does: read the code, have the phone scan
// it, poll.
func link(t *testing.T, s *Site, srv *httptest.Server, c *http.Client) {
	t.Helper()
	_, body := get(t, c, srv.URL+"/")
	m := refRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no QR code on the landing page")
	}
	ref := htmlUnescape(m[1])
	resp, err := c.PostForm(srv.URL+"/_sandbox/phone/scan", url.Values{"ref": {ref}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("phone scan: %d", resp.StatusCode)
	}
	if _, b := get(t, c, srv.URL+"/api/link/poll?ref="+url.QueryEscape(ref)); !strings.Contains(b, `"linked"`) {
		t.Fatalf("poll after the scan: %s", b)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`).Replace(s)
}

func TestLinkingByQRCode(t *testing.T) {
	s, srv, ck := serve(t, variantRail)
	c := client(t)
	// Not linked: the landing page with a code, and no data.
	status, body := get(t, c, srv.URL+"/")
	for _, want := range []string{"Steps to log in", "Scan this QR code to link a device!", `lang="en"`} {
		if status != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("landing page lacks %q (status %d)", want, status)
		}
	}
	if status, _ := get(t, c, srv.URL+"/api/privacy"); status != http.StatusUnauthorized {
		t.Errorf("privacy before linking: %d", status)
	}
	ref := htmlUnescape(refRe.FindStringSubmatch(body)[1])
	if _, b := get(t, c, srv.URL+"/api/link/poll?ref="+url.QueryEscape(ref)); !strings.Contains(b, `"waiting"`) {
		t.Errorf("an unscanned code: %s", b)
	}
	// A code left on screen too long expires; the phone cannot scan it.
	ck.t = ck.t.Add(qrTTL + time.Second)
	if _, b := get(t, c, srv.URL+"/api/link/poll?ref="+url.QueryEscape(ref)); !strings.Contains(b, `"expired"`) {
		t.Errorf("an old code: %s", b)
	}
	if s.Phone().Scan(ref) {
		t.Error("the phone scanned an expired code")
	}
	link(t, s, srv, c)
	status, body = get(t, c, srv.URL+"/")
	if status != http.StatusOK || !strings.Contains(body, `aria-label="Chat list"`) || strings.Contains(body, "data-ref=") {
		t.Fatalf("app after linking: %d", status)
	}
	// The phone logs every browser out: the QR code again.
	s.Phone().LogOutAll()
	if _, body = get(t, c, srv.URL+"/"); !strings.Contains(body, "Steps to log in") {
		t.Error("still linked after the phone logged every browser out")
	}
}

func TestPhoneAtHandScansByItself(t *testing.T) {
	s, srv, ck := serve(t, variantRail)
	s.Phone().SetAtHand(true)
	c := client(t)
	_, body := get(t, c, srv.URL+"/")
	ref := htmlUnescape(refRe.FindStringSubmatch(body)[1])
	if _, b := get(t, c, srv.URL+"/api/link/poll?ref="+url.QueryEscape(ref)); !strings.Contains(b, `"waiting"`) {
		t.Errorf("scanned before the phone was pointed at it: %s", b)
	}
	ck.t = ck.t.Add(scanDelay)
	if _, b := get(t, c, srv.URL+"/api/link/poll?ref="+url.QueryEscape(ref)); !strings.Contains(b, `"linked"`) {
		t.Errorf("the phone at hand did not scan: %s", b)
	}
}

func TestDemoAccount(t *testing.T) {
	p := sandbox.DemoPersona()
	a := DemoAccount(p)
	st := newState(a, variantRail)
	exp := st.Expected()
	for _, id := range []string{FactLastSeen, FactOnline, FactProfilePhoto, FactAbout, FactLinks, FactStatus, FactGroups,
		FactReadReceipts, FactDefaultTimer, FactSilenceCallers, FactBlockUnknown, FactNoLinkPreviews} {
		if exp[id] == "" {
			t.Errorf("no expected value for %s", id)
		}
	}
	if exp[FactClinicalGroups] != "some" || exp[FactGroupChats] != "7" {
		t.Errorf("groups: %s clinical, %s groups", exp[FactClinicalGroups], exp[FactGroupChats])
	}
	// Watch-list patients are among the chats under another spelling,
	// never by their listed name.
	names := map[string]bool{}
	for _, c := range a.Chats {
		names[c.Name] = true
	}
	for _, w := range sandbox.DemoWatchlist() {
		if names[w.Name] {
			t.Errorf("%s planted under the watch-list's own spelling", w.Name)
		}
	}
	for _, n := range []string{"Maggie Thornton", "Steve Aldridge", "Dan Whitcombe"} {
		if !names[n] {
			t.Errorf("%s not planted", n)
		}
	}
	flagged := 0
	for _, u := range a.Statuses {
		if strings.Contains(u.Text, "NHS number") || strings.Contains(u.Text, "leg ulcer") {
			flagged++
		}
	}
	if flagged != 2 || len(a.Statuses) < 4 {
		t.Errorf("%d statuses, %d to flag", len(a.Statuses), flagged)
	}
	if s := New(p, nil); s.Login().User != p.Phone || s.Login().Password != "" {
		t.Error("the login is the phone, with no password")
	}
}

func TestSetRenameAndUnname(t *testing.T) {
	s, srv, _ := serve(t, variantMenu)
	c := client(t)
	link(t, s, srv, c)
	if err := s.Set(FactGroups, audit.AudienceNobody); err == nil {
		t.Error("groups accepted Nobody, which the protocol does not have")
	}
	if err := s.Set(FactLastSeen, audit.AudienceNobody); err != nil {
		t.Fatal(err)
	}
	if !s.RenameLabel("Profile photo", "Profile picture") || s.RenameLabel("No such label", "x") {
		t.Error("RenameLabel")
	}
	_, b := get(t, c, srv.URL+"/api/privacy")
	var p struct {
		Sections []struct {
			Rows []rowJSON `json:"rows"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(b), &p); err != nil {
		t.Fatal(err)
	}
	got := map[string]rowJSON{}
	for _, sec := range p.Sections {
		for _, r := range sec.Rows {
			got[r.Key] = r
		}
	}
	if got[FactLastSeen].Value != "Nobody" || got[FactProfilePhoto].Label != "Profile picture" || !got[FactReadReceipts].Checked {
		t.Errorf("privacy rows: %+v", got)
	}
	if !s.State().Unname("Menu") {
		t.Fatal("Unname")
	}
	_, body := get(t, c, srv.URL+"/")
	if strings.Contains(body, `aria-label="Menu"`) || !strings.Contains(body, "data-menu") {
		t.Error("the Menu button kept its name")
	}
}

func TestChatListPagesAndCount(t *testing.T) {
	s, srv, _ := serve(t, variantRail)
	c := client(t)
	link(t, s, srv, c)
	var all []chatJSON
	cursor := ""
	total := 0
	for range 20 {
		_, b := get(t, c, srv.URL+"/api/chats?filter=all&cursor="+url.QueryEscape(cursor))
		var pg struct {
			Chats  []chatJSON `json:"chats"`
			Cursor string     `json:"cursor"`
			Total  int        `json:"total"`
		}
		if err := json.Unmarshal([]byte(b), &pg); err != nil {
			t.Fatal(err)
		}
		all, total, cursor = append(all, pg.Chats...), pg.Total, pg.Cursor
		if cursor == "" {
			break
		}
	}
	if len(all) != total || total != len(s.State().Account().Chats) {
		t.Errorf("%d chats fetched, %d counted", len(all), total)
	}
	if status, _ := get(t, c, srv.URL+"/api/chats?cursor=garbage"); status != http.StatusBadRequest {
		t.Errorf("a bad cursor: %d", status)
	}
	s.State().SetShortList(true)
	_, b := get(t, c, srv.URL+"/api/chats?filter=all&count=50")
	var pg struct {
		Chats []chatJSON `json:"chats"`
		Total int        `json:"total"`
	}
	_ = json.Unmarshal([]byte(b), &pg)
	if len(pg.Chats) >= pg.Total {
		t.Errorf("short list: %d of %d", len(pg.Chats), pg.Total)
	}
}

func TestQRImageAndNoExternalReferences(t *testing.T) {
	s, srv, _ := serve(t, variantRail)
	c := client(t)
	_, landing := get(t, c, srv.URL+"/")
	resp, err := c.Get(srv.URL + "/qr.png?ref=2@abc")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(resp.Body)
	resp.Body.Close()
	if err != nil || img.Bounds().Dx() != (33+8)*8 {
		t.Fatalf("QR image: %v", err)
	}
	link(t, s, srv, c)
	_, app := get(t, c, srv.URL+"/")
	ext := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`)
	for name, body := range map[string]string{"landing": landing, "app": app} {
		if ext.MatchString(body) {
			t.Errorf("%s page refers to another host", name)
		}
	}
	if h := resp.Header.Get("Content-Security-Policy"); !strings.Contains(h, "default-src 'self'") {
		t.Errorf("CSP %q", h)
	}
}
