package facebook

import (
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

func TestDemoAccount(t *testing.T) {
	p := sandbox.DemoPersona()
	fb := DemoAccount(p)
	if n := len(fb.Friends); n < 100 || n > 140 {
		t.Errorf("friends = %d, want about 120", n)
	}
	if n := len(fb.Requests); n < 3 || n > 4 {
		t.Errorf("requests = %d, want 3-4", n)
	}
	if n := len(fb.Posts); n < 12 || n > 18 {
		t.Errorf("posts = %d, want about 15", n)
	}
	if q := DemoAccount(sandbox.DemoPersona()); q.Password == fb.Password || q.TOTPSecret == fb.TOTPSecret {
		t.Error("two demo personas share a credential; each must get fresh random ones")
	}
	if q := New(p, nil).Login(); q.Password != fb.Password || q.TOTPSecret != fb.TOTPSecret || q.User != fb.Email {
		t.Error("two replicas of one persona accept different logins")
	}
	if fb.DisplayName != p.DisplayName || fb.Email != p.Email || fb.Workplace != p.Practice || fb.Town != p.Place() {
		t.Errorf("account not built from the persona: %s, %s, %s, %s", fb.DisplayName, fb.Email, fb.Workplace, fb.Town)
	}
	if _, err := otp.DecodeSecret(fb.TOTPSecret); err != nil {
		t.Errorf("TOTP secret: %v", err)
	}
	st := newState(fb)
	want := map[string]string{
		FactFuturePosts: audit.AudiencePublic, FactPastPosts: audit.NotDone, FactFriendsList: audit.AudiencePublic,
		FactFriendRequests: audit.AudienceEveryone, FactLookupEmail: audit.AudienceEveryone, FactLookupPhone: audit.AudienceFriends,
		FactSearchEngines: audit.On, FactTagReview: audit.Off, FactTwoFactor: audit.On, FactLoginAlerts: AlertsPartial,
		FactTimelineReview: audit.Off, FactTaggedVisibility: audit.AudienceFriendsOfFriend, FactOthersPostVisibility: audit.AudienceFriends,
		FactWhoCanFollow: audit.AudiencePublic, FactFollowersVisibility: audit.AudiencePublic, FactTwoFactorMethod: MethodSMS,
		FactSessions:      "3",
		FactPublicFriends: audit.Visible, FactPublicPosts: audit.Visible, FactPublicWorkplace: audit.Visible,
		FactPublicPhotos: audit.Visible, FactPublicHometown: audit.Hidden,
	}
	got := st.Expected()
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s = %q, want %q", id, got[id], v)
		}
	}
	// The watch-list is planted: some patients are friends under another
	// spelling, one sent a request, and one is absent.
	surnames := map[string]string{}
	for _, w := range sandbox.DemoWatchlist() {
		f := strings.Fields(w.Name)
		surnames[strings.TrimRight(strings.ReplaceAll(f[len(f)-1], "'", ""), "l")] = w.Name
	}
	var asFriend, asRequest, exact int
	for _, list := range []struct {
		people []Friend
		n      *int
	}{{fb.Friends, &asFriend}, {fb.Requests, &asRequest}} {
		for _, f := range list.people {
			parts := strings.Fields(f.Name)
			key := strings.TrimRight(strings.ReplaceAll(parts[len(parts)-1], "'", ""), "l")
			if full, ok := surnames[key]; ok {
				*list.n++
				if full == f.Name {
					exact++
				}
			}
		}
	}
	if asFriend < 2 || asRequest != 1 || exact != 0 {
		t.Errorf("watch-list planting: %d friends, %d requests, %d exact names; want >=2, 1, 0", asFriend, asRequest, exact)
	}
}

func TestLoginSecondFactorAndRedirects(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	fb := s.Seed()

	// A logged-in page without a session goes to the login form.
	for _, path := range []string{"/settings?tab=privacy", "/settings?tab=security", "/friends/requests"} {
		p := get(t, c, s.URL()+path)
		if p.Status != http.StatusFound || p.Location != "/login?next="+url.QueryEscape(path) {
			t.Errorf("GET %s: %d %q, want redirect to login with next", path, p.Status, p.Location)
		}
	}
	p := get(t, c, s.URL()+"/login?next=%2Fsettings%3Ftab%3Dprivacy")
	for _, want := range []string{"Email address or phone number", "Password", "Log in"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("login page lacks %q", want)
		}
	}

	tests := []struct {
		name, email, pass, wantMsg string
	}{
		{"wrong password", fb.Email, "not-the-password", msgWrongPassword},
		{"unknown account", "someone.else@example.org", fb.Password, msgNoAccount},
		{"empty", "", "", msgNoAccount},
	}
	for _, tc := range tests {
		p := post(t, c, s.URL()+"/login", url.Values{"email": {tc.email}, "pass": {tc.pass}, "next": {"/settings?tab=privacy"}})
		if p.Status != http.StatusOK || !strings.Contains(p.Body, esc(tc.wantMsg)) || !strings.Contains(p.Body, `role="alert"`) {
			t.Errorf("%s: status %d, message missing", tc.name, p.Status)
		}
	}

	// Right password: on to the second factor, not logged in yet.
	p = post(t, c, s.URL()+"/login", url.Values{"email": {strings.ToUpper(fb.Email)}, "pass": {fb.Password}, "next": {"/settings?tab=privacy"}})
	if p.Status != http.StatusFound || !strings.HasPrefix(p.Location, "/checkpoint/") {
		t.Fatalf("login: %d %q, want redirect to /checkpoint/", p.Status, p.Location)
	}
	if q := get(t, c, s.URL()+"/settings?tab=privacy"); q.Status != http.StatusFound {
		t.Fatalf("settings reachable before the second factor: %d", q.Status)
	}
	cp := get(t, c, s.URL()+p.Location)
	if !strings.Contains(cp.Body, "6-digit code") || !strings.Contains(cp.Body, `name="approvals_code"`) {
		t.Fatal("checkpoint page does not ask for the 6-digit code")
	}
	wrong, _ := otp.TOTP(fb.TOTPSecret, fixedNow.Add(-10*time.Minute))
	q := post(t, c, s.URL()+p.Location, url.Values{"approvals_code": {wrong}})
	if q.Status != http.StatusOK || !strings.Contains(q.Body, esc(msgWrongCode)) {
		t.Errorf("wrong code: status %d, message missing", q.Status)
	}
	q = post(t, c, s.URL()+p.Location, url.Values{"approvals_code": {"12ab"}})
	if !strings.Contains(q.Body, msgCodeFormat) {
		t.Error("malformed code: message missing")
	}
	code, _ := otp.TOTP(fb.TOTPSecret, fixedNow.Add(-30*time.Second)) // one step of drift
	q = post(t, c, s.URL()+p.Location, url.Values{"approvals_code": {code}})
	if q.Status != http.StatusFound || q.Location != "/settings?tab=privacy" {
		t.Fatalf("right code: %d %q, want redirect to next", q.Status, q.Location)
	}
	var xs *http.Cookie
	for _, ck := range (&http.Response{Header: q.Header}).Cookies() {
		if ck.Name == "xs" {
			xs = ck
		}
	}
	if xs == nil || !xs.HttpOnly || xs.Value == "" {
		t.Fatalf("session cookie missing or not HttpOnly: %+v", xs)
	}
	if r := get(t, c, s.URL()+"/settings?tab=privacy"); r.Status != http.StatusOK {
		t.Fatalf("settings after login: %d", r.Status)
	}
	// Logged in, the login page sends you on.
	if r := get(t, c, s.URL()+"/login?next=%2Ffriends%2Frequests"); r.Status != http.StatusFound || r.Location != "/friends/requests" {
		t.Errorf("login page when logged in: %d %q", r.Status, r.Location)
	}
	// Log out ends the session.
	get(t, c, s.URL()+"/logout.php")
	if r := get(t, c, s.URL()+"/settings?tab=privacy"); r.Status != http.StatusFound {
		t.Errorf("settings after logout: %d", r.Status)
	}
}

func TestLoginWithoutSecondFactorAndByPhone(t *testing.T) {
	s := startServer(t)
	if err := s.State().Set(FactTwoFactor, audit.Off); err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	fb := s.Seed()
	p := post(t, c, s.URL()+"/login?next=%2Fsettings%3Ftab%3Dsecurity", url.Values{"email": {"07700 900461"}, "pass": {fb.Password}})
	if p.Status != http.StatusFound || p.Location != "/settings?tab=security" {
		t.Fatalf("login by phone without 2FA: %d %q", p.Status, p.Location)
	}
}

func TestCheckpointLocksAfterFiveWrongCodes(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	fb := s.Seed()
	p := post(t, c, s.URL()+"/login", url.Values{"email": {fb.Email}, "pass": {fb.Password}})
	for range 5 {
		post(t, c, s.URL()+p.Location, url.Values{"approvals_code": {"000000"}})
	}
	code, _ := otp.TOTP(fb.TOTPSecret, fixedNow)
	q := post(t, c, s.URL()+p.Location, url.Values{"approvals_code": {code}})
	if q.Status != http.StatusFound || !strings.HasPrefix(q.Location, "/login") {
		t.Errorf("after five wrong codes the checkpoint still accepted a code: %d %q", q.Status, q.Location)
	}
}

// esc escapes like html/template does for the apostrophes in messages.
func esc(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

// settingsWant lists each fact's label, tab, and the words shown for the
// demo values.
var settingsWant = []struct {
	fact, tab, label, word string
}{
	{FactFuturePosts, "privacy", "Who can see your future posts?", "Public"},
	{FactPastPosts, "privacy", "Limit who can see past posts", "Not limited"},
	{FactFriendsList, "privacy", "Who can see your friends list?", "Public"},
	{FactFriendRequests, "privacy", "Who can send you friend requests?", "Everyone"},
	{FactLookupEmail, "privacy", "Who can look you up using the email address you provided?", "Everyone"},
	{FactLookupPhone, "privacy", "Who can look you up using the phone number you provided?", "Friends"},
	{FactSearchEngines, "privacy", "Do you want search engines outside of Facebook to link to your profile?", "Yes"},
	{FactTwoFactor, "security", "Two-factor authentication", "On"},
	// The legacy single switch is on while alerts reach either channel.
	{FactLoginAlerts, "security", "Get alerts about unrecognised logins", "On"},
}

func TestSettingsPagesShowLabelsAndValues(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	login(t, s, c)
	docs := map[string]string{}
	for _, tab := range []string{"privacy", "security"} {
		p := get(t, c, s.URL()+"/settings?tab="+tab)
		if p.Status != http.StatusOK {
			t.Fatalf("tab %s: %d", tab, p.Status)
		}
		docs[tab] = p.Body
	}
	for _, tc := range settingsWant {
		doc := parse(t, docs[tc.tab])
		row, ok := rowFor(doc, tc.label)
		if !ok {
			t.Errorf("%s: no row with label %q", tc.fact, tc.label)
			continue
		}
		if !strings.Contains(row, tc.label+" ") || !hasWord(row, tc.word) {
			t.Errorf("%s: row %q lacks value %q", tc.fact, row, tc.word)
		}
	}
	// Sessions: three, the current one "Active now".
	doc := parse(t, docs["security"])
	if !strings.Contains(textOf(doc), "Where you're logged in") {
		t.Error("security tab lacks \"Where you're logged in\"")
	}
	var sessions []string
	for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "data-session"); return ok }) {
		sessions = append(sessions, textOf(n))
	}
	if len(sessions) != 3 || !strings.Contains(sessions[0], "Active now") {
		t.Errorf("sessions = %q, want 3 with the first active now", sessions)
	}
	for _, x := range sessions[1:] {
		if strings.Contains(x, "Active now") {
			t.Errorf("non-current session %q says Active now", x)
		}
	}
	// The tag-review row is drawn by the page's script from the API.
	var rows struct {
		Data struct {
			Viewer struct {
				Settings struct {
					Rows []settingRow `json:"rows"`
				} `json:"settings"`
			} `json:"viewer"`
		} `json:"data"`
	}
	apiCall(t, c, s, "CometSettingsPageQuery", map[string]any{"tab": "profile_and_tagging"}, &rows)
	found := false
	for _, r := range rows.Data.Viewer.Settings.Rows {
		if r.Label == "Review tags people add to your posts" {
			found = true
			if r.Text != "Off" || r.Kind != "switch" {
				t.Errorf("tag review row = %+v, want Off switch", r)
			}
		}
	}
	if !found {
		t.Error("profile_and_tagging API lacks the tag review row")
	}
	if p := get(t, c, s.URL()+"/settings?tab=profile_and_tagging"); !strings.Contains(p.Body, `data-settings-root="profile_and_tagging"`) {
		t.Error("profile_and_tagging page has no script-rendered root")
	}
}

func hasWord(text, word string) bool {
	return regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(word) + `(\s|$)`).MatchString(text)
}

// apiCall posts to /api/graphql/ as the page script does.
func apiCall(t *testing.T, c *http.Client, s *testSite, name string, vars map[string]any, out any) {
	t.Helper()
	b, _ := json.Marshal(vars)
	form := url.Values{"fb_api_req_friendly_name": {name}, "variables": {string(b)}}
	if dtsg := pageToken(t, c, s); dtsg != "" {
		form.Set("fb_dtsg", dtsg)
	}
	p := post(t, c, s.URL()+"/api/graphql/", form)
	if p.Status != http.StatusOK {
		t.Fatalf("%s: status %d", name, p.Status)
	}
	if err := json.Unmarshal([]byte(p.Body), out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

var dtsgRe = regexp.MustCompile(`"dtsg":"([0-9a-f]*)"`)

// pageToken reads the fb_dtsg the pages carry for the client's session.
func pageToken(t *testing.T, c *http.Client, s *testSite) string {
	t.Helper()
	p := get(t, c, s.URL()+"/settings?tab=account")
	if m := dtsgRe.FindStringSubmatch(p.Body); m != nil {
		return m[1]
	}
	return ""
}

func TestSetAndRenameChangeWhatIsServed(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	login(t, s, c)
	fb := s.State()
	changes := []struct {
		fact, value, tab, label, word string
	}{
		{FactFuturePosts, audit.AudienceFriends, "privacy", "Who can see your future posts?", "Friends"},
		{FactFriendsList, audit.AudienceOnlyMe, "privacy", "Who can see your friends list?", "Only me"},
		{FactFriendRequests, audit.AudienceFriendsOfFriend, "privacy", "Who can send you friend requests?", "Friends of friends"},
		{FactLookupEmail, audit.AudienceOnlyMe, "privacy", "Who can look you up using the email address you provided?", "Only me"},
		{FactSearchEngines, audit.Off, "privacy", "Do you want search engines outside of Facebook to link to your profile?", "No"},
		{FactPastPosts, audit.Done, "privacy", "Limit who can see past posts", "Limited"},
		{FactTwoFactor, audit.Off, "security", "Two-factor authentication", "Off"},
		{FactLoginAlerts, audit.On, "security", "Get alerts about unrecognised logins", "On"},
	}
	for _, tc := range changes {
		if err := fb.Set(tc.fact, tc.value); err != nil {
			t.Fatalf("Set(%s, %s): %v", tc.fact, tc.value, err)
		}
		row, ok := rowFor(parse(t, get(t, c, s.URL()+"/settings?tab="+tc.tab).Body), tc.label)
		if !ok || !hasWord(row, tc.word) {
			t.Errorf("after Set(%s, %s): row %q, want %q", tc.fact, tc.value, row, tc.word)
		}
		// Limit past posts keeps no state a correct audit could read.
		if got, _ := fb.Get(tc.fact); got != tc.value && tc.fact != FactPastPosts {
			t.Errorf("Get(%s) = %q, want %q", tc.fact, got, tc.value)
		}
	}
	if got, ok := fb.Get(FactPastPosts); ok {
		t.Errorf("Get(past posts) = %q with no public post left, want nothing readable", got)
	}
	// Limiting past posts leaves no public post.
	if v, _ := fb.Get(FactPublicPosts); v != audit.Hidden {
		t.Errorf("after limiting past posts, public posts %q", v)
	}
	for _, bad := range []struct{ fact, value string }{
		{FactFuturePosts, "everyone"}, {FactTwoFactor, "yes"}, {"facebook.nonsense", audit.On},
		{FactSessions, "0"}, {FactSessions, "many"}, {FactPublicHometown, "shown"},
	} {
		if err := fb.Set(bad.fact, bad.value); err == nil {
			t.Errorf("Set(%s, %q) accepted", bad.fact, bad.value)
		}
	}
	if err := fb.Set(FactSessions, "1"); err != nil {
		t.Fatal(err)
	}
	sec := get(t, c, s.URL()+"/settings?tab=security").Body
	if n := strings.Count(sec, "data-session="); n != 1 || !strings.Contains(sec, "Active now") {
		t.Errorf("after Set(sessions, 1): %d sessions shown", n)
	}
	if err := fb.Set(FactSessions, "5"); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(get(t, c, s.URL()+"/settings?tab=security").Body, "data-session="); n != 5 {
		t.Errorf("after Set(sessions, 5): %d sessions shown", n)
	}

	// A renamed label is what the page shows; the old one is gone.
	const old, renamed = "Who can see your friends list?", "Who can see the people you're friends with?"
	if !fb.RenameLabel(old, renamed) {
		t.Fatal("RenameLabel reported the label unknown")
	}
	body := get(t, c, s.URL()+"/settings?tab=privacy").Body
	if strings.Contains(body, esc(old)) || !strings.Contains(body, esc(renamed)) {
		t.Error("renamed label not served")
	}
	if fb.RenameLabel("No such label", "x") {
		t.Error("RenameLabel of an unknown label reported success")
	}
	if !fb.RenameLabel("Review tags people add to your posts", "Review tags before they appear") {
		t.Fatal("RenameLabel(tag review) failed")
	}
	var rows struct {
		Data struct {
			Viewer struct {
				Settings struct {
					Rows []settingRow `json:"rows"`
				} `json:"settings"`
			} `json:"viewer"`
		} `json:"data"`
	}
	apiCall(t, c, s, "CometSettingsPageQuery", map[string]any{"tab": "profile_and_tagging"}, &rows)
	labels := ""
	for _, r := range rows.Data.Viewer.Settings.Rows {
		labels += r.Label + "|"
	}
	if !strings.Contains(labels, "Review tags before they appear") || strings.Contains(labels, "Review tags people add") {
		t.Errorf("API labels after rename: %s", labels)
	}
}

func TestEditDialogSaveChangesState(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	login(t, s, c)
	var out struct {
		Data struct {
			Update struct {
				Setting settingRow `json:"setting"`
			} `json:"privacy_setting_update"`
		} `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	apiCall(t, c, s, "CometPrivacySettingUpdateMutation", map[string]any{"setting": "composer", "value": "FRIENDS"}, &out)
	if out.Data.Update.Setting.Text != "Friends" {
		t.Errorf("mutation answer %+v", out)
	}
	if v, _ := s.State().Get(FactFuturePosts); v != audit.AudienceFriends {
		t.Errorf("future posts after save = %q", v)
	}
	apiCall(t, c, s, "CometPrivacySettingUpdateMutation", map[string]any{"setting": "tagreview", "value": "ON"}, &out)
	if v, _ := s.State().Get(FactTagReview); v != audit.On {
		t.Errorf("tag review after save = %q", v)
	}
	// Without the page token a change is refused.
	b, _ := json.Marshal(map[string]any{"setting": "composer", "value": "PUBLIC"})
	p := post(t, c, s.URL()+"/api/graphql/", url.Values{"fb_api_req_friendly_name": {"CometPrivacySettingUpdateMutation"}, "variables": {string(b)}, "fb_dtsg": {"bogus"}})
	if !strings.Contains(p.Body, `"errors"`) {
		t.Error("mutation without a valid fb_dtsg was accepted")
	}
	if v, _ := s.State().Get(FactFuturePosts); v != audit.AudienceFriends {
		t.Errorf("future posts changed by a forged request: %q", v)
	}
	// Logging out the other sessions leaves the current one.
	var lo map[string]any
	apiCall(t, c, s, "CometSessionLogoutMutation", map[string]any{"session_id": "all"}, &lo)
	if v, _ := s.State().Get(FactSessions); v != "1" {
		t.Errorf("sessions after log out of all = %s", v)
	}
}

func TestProfilePublicAndOwnerViews(t *testing.T) {
	s := startServer(t)
	fb := s.Seed()
	anon := newClient(t)
	owner := newClient(t)
	login(t, s, owner)

	pub := get(t, anon, s.URL()+"/"+fb.Username)
	if pub.Status != http.StatusOK {
		t.Fatalf("public profile: %d", pub.Status)
	}
	own := get(t, owner, s.URL()+"/"+fb.Username)
	pubDoc, ownDoc := parse(t, pub.Body), parse(t, own.Body)
	pubText, ownText := textOf(pubDoc), textOf(ownDoc)

	for _, want := range []string{"Works at " + fb.Workplace, "Lives in " + fb.Town, "Friends", "Photos", "See more on Facebook"} {
		if !strings.Contains(pubText, want) {
			t.Errorf("public view lacks %q", want)
		}
	}
	if strings.Contains(pubText, "From "+fb.Hometown) {
		t.Error("public view shows the hidden hometown")
	}
	if !strings.Contains(ownText, "From "+fb.Hometown) {
		t.Error("owner view lacks the hometown")
	}
	countArticles := func(doc *html.Node) (public, other int) {
		for _, a := range findAll(doc, byRole("article")) {
			for _, img := range findAll(a, byRole("img")) {
				switch l, _ := attr(img, "aria-label"); {
				case l == "Shared with Public":
					public++
				case strings.HasPrefix(l, "Shared with "):
					other++
				}
			}
		}
		return
	}
	wantPublic := 0
	for _, p := range fb.Posts {
		if p.Audience == audit.AudiencePublic {
			wantPublic++
		}
	}
	if p, o := countArticles(pubDoc); p != wantPublic || o != 0 {
		t.Errorf("public view: %d public and %d other posts; want %d and 0", p, o, wantPublic)
	}
	if p, o := countArticles(ownDoc); p+o != len(fb.Posts) {
		t.Errorf("owner view: %d posts, want %d", p+o, len(fb.Posts))
	}
	if !strings.Contains(pub.Body, "data-login-wall") {
		t.Error("public view has no login wall")
	}
	if strings.Contains(own.Body, "data-login-wall") {
		t.Error("owner sees the login wall")
	}

	// Intro's website goes out through the outbound-link page, which
	// names its target and refuses anything but a web address.
	link := "/l.php?u=" + url.QueryEscape(fb.Websites[0].URL)
	if !strings.Contains(html.UnescapeString(pub.Body), link) {
		t.Errorf("public view lacks the website link %s", link)
	}
	if p := get(t, anon, s.URL()+link+"&h=AT1"); p.Status != http.StatusOK || !strings.Contains(p.Body, fb.Websites[0].URL) {
		t.Errorf("outbound-link page: %d", p.Status)
	}
	if p := get(t, anon, s.URL()+"/l.php?u="+url.QueryEscape("javascript:alert(1)")); p.Status != http.StatusNotFound {
		t.Errorf("outbound-link page for a script: %d, want 404", p.Status)
	}

	// Settings shape the public view.
	st := s.State()
	for _, set := range []struct{ fact, value string }{
		{FactFriendsList, audit.AudienceFriends}, {FactPublicPhotos, audit.Hidden},
		{FactPublicWorkplace, audit.Hidden}, {FactPublicPosts, audit.Hidden}, {FactPublicHometown, audit.Visible},
		{FactPublicLinks, ""},
	} {
		if err := st.Set(set.fact, set.value); err != nil {
			t.Fatal(err)
		}
	}
	pubDoc = parse(t, get(t, anon, s.URL()+"/"+fb.Username).Body)
	pubText = textOf(pubDoc)
	if strings.Contains(get(t, anon, s.URL()+"/"+fb.Username).Body, "/l.php?u=") {
		t.Error("public view still shows a website made friends-only")
	}
	for _, gone := range []string{"Works at", "See all friends", "See all photos"} {
		if strings.Contains(pubText, gone) {
			t.Errorf("public view still shows %q", gone)
		}
	}
	if !strings.Contains(pubText, "From "+fb.Hometown) {
		t.Error("public view lacks the hometown made public")
	}
	if p, o := countArticles(pubDoc); p+o != 0 {
		t.Errorf("public view shows %d posts after limiting", p+o)
	}
	if p, o := countArticles(parse(t, get(t, owner, s.URL()+"/"+fb.Username).Body)); p+o != len(fb.Posts) {
		t.Errorf("owner view after limiting: %d posts", p+o)
	}
	// A post added by a test appears with its audience.
	st.AddPost(Post{Text: "Test post", Audience: audit.AudiencePublic})
	if p, _ := countArticles(parse(t, get(t, anon, s.URL()+"/"+fb.Username).Body)); p != 1 {
		t.Errorf("added public post: %d public posts shown", p)
	}
	if get(t, anon, s.URL()+"/no.such.person").Status != http.StatusNotFound {
		t.Error("unknown profile is not 404")
	}
}

type friendsPage struct {
	Data *struct {
		Node struct {
			Friends struct {
				Count int `json:"count"`
				Edges []struct {
					Node   friendView `json:"node"`
					Cursor string     `json:"cursor"`
				} `json:"edges"`
				PageInfo struct {
					HasNext bool   `json:"has_next_page"`
					End     string `json:"end_cursor"`
				} `json:"page_info"`
			} `json:"friends"`
		} `json:"node"`
	} `json:"data"`
	Errors []gqlError `json:"errors"`
}

func TestFriendsListPaginates(t *testing.T) {
	s := startServer(t)
	fb := s.Seed()
	anon := newClient(t)
	p := get(t, anon, s.URL()+"/"+fb.Username+"/friends")
	if !strings.Contains(p.Body, "data-friends-list") {
		t.Fatal("friends page has no lazily loaded list")
	}
	seen := map[string]bool{}
	cursor := ""
	pages := 0
	for {
		var fp friendsPage
		apiCall(t, anon, s, "ProfileCometAppCollectionListRendererPaginationQuery", map[string]any{"id": fb.UserID, "cursor": cursor, "count": 20}, &fp)
		if fp.Data == nil {
			t.Fatalf("page %d: errors %+v", pages, fp.Errors)
		}
		f := fp.Data.Node.Friends
		pages++
		if f.Count != len(fb.Friends) {
			t.Errorf("count = %d, want %d", f.Count, len(fb.Friends))
		}
		if len(f.Edges) > 20 || (f.PageInfo.HasNext && len(f.Edges) != 20) {
			t.Errorf("page %d has %d friends", pages, len(f.Edges))
		}
		for _, e := range f.Edges {
			if seen[e.Node.ID] {
				t.Errorf("friend %s served twice", e.Node.ID)
			}
			seen[e.Node.ID] = true
		}
		if !f.PageInfo.HasNext {
			break
		}
		cursor = f.PageInfo.End
		if pages > 20 {
			t.Fatal("pagination does not end")
		}
	}
	if len(seen) != len(fb.Friends) || pages != (len(fb.Friends)+19)/20 {
		t.Errorf("got %d friends in %d pages, want %d in %d", len(seen), pages, len(fb.Friends), (len(fb.Friends)+19)/20)
	}
	// Hidden friends list: strangers get nothing, the owner still does.
	if err := s.State().Set(FactFriendsList, audit.AudienceOnlyMe); err != nil {
		t.Fatal(err)
	}
	var fp friendsPage
	apiCall(t, anon, s, "ProfileCometAppCollectionListRendererPaginationQuery", map[string]any{"id": fb.Username, "count": 20}, &fp)
	if fp.Data != nil || len(fp.Errors) == 0 {
		t.Error("hidden friends list served to a stranger")
	}
	owner := newClient(t)
	login(t, s, owner)
	fp = friendsPage{}
	apiCall(t, owner, s, "ProfileCometAppCollectionListRendererPaginationQuery", map[string]any{"id": fb.Username, "count": 20}, &fp)
	if fp.Data == nil || len(fp.Data.Node.Friends.Edges) != 20 {
		t.Error("owner cannot read their own hidden friends list")
	}
	// A bad cursor is an error, not a silent restart.
	fp = friendsPage{}
	apiCall(t, owner, s, "ProfileCometAppCollectionListRendererPaginationQuery", map[string]any{"id": fb.Username, "cursor": "garbage"}, &fp)
	if len(fp.Errors) == 0 {
		t.Error("bad cursor accepted")
	}
}

func TestFriendRequestsPage(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	login(t, s, c)
	p := get(t, c, s.URL()+"/friends/requests")
	doc := parse(t, p.Body)
	var items int
	for _, l := range findAll(doc, byRole("list")) {
		if v, _ := attr(l, "aria-label"); v == "Friend requests" {
			items = len(findAll(l, byRole("listitem")))
		}
	}
	if want := len(s.Seed().Requests); items != want {
		t.Errorf("%d requests shown, want %d", items, want)
	}
	id := s.State().AddRequest(Friend{Name: "Test Requester"})
	if n := strings.Count(get(t, c, s.URL()+"/friends/requests").Body, "data-request="); n != items+1 {
		t.Errorf("after AddRequest: %d requests", n)
	}
	var out map[string]any
	apiCall(t, c, s, "FriendingCometFriendRequestConfirmMutation", map[string]any{"friend_requester_id": id}, &out)
	a := s.State().Account()
	if len(a.Requests) != items || a.Friends[0].ID != id {
		t.Error("confirming a request did not make a friend")
	}
}

func TestNoExternalReferences(t *testing.T) {
	s := startServer(t)
	fb := s.Seed()
	anon, owner := newClient(t), newClient(t)
	login(t, s, owner)
	paths := []string{"/", "/login", "/" + fb.Username, "/" + fb.Username + "/friends", "/" + fb.Username + "/photos",
		"/settings?tab=privacy", "/settings?tab=security", "/settings?tab=profile_and_tagging", "/friends/requests", "/nowhere/at/all"}
	ext := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|url\(\s*['"]?(https?:)?//`)
	assets := map[string]bool{}
	assetRe := regexp.MustCompile(`(?:src|href)="(/[^"]+)"`)
	for _, c := range []*http.Client{anon, owner} {
		for _, path := range paths {
			p := get(t, c, s.URL()+path)
			if m := ext.FindString(p.Body); m != "" {
				t.Errorf("%s refers to another host: %q", path, m)
			}
			for _, m := range assetRe.FindAllStringSubmatch(p.Body, -1) {
				if strings.HasPrefix(m[1], "/rsrc.php/") || strings.HasPrefix(m[1], "/scontent/") || m[1] == "/favicon.ico" {
					assets[strings.ReplaceAll(m[1], "&amp;", "&")] = true
				}
			}
		}
	}
	if len(assets) < 10 {
		t.Errorf("only %d assets found", len(assets))
	}
	for a := range assets {
		p := get(t, owner, s.URL()+a)
		if p.Status != http.StatusOK {
			t.Errorf("asset %s: %d", a, p.Status)
			continue
		}
		if m := ext.FindString(p.Body); m != "" && !strings.HasSuffix(a, ".png") && !strings.HasSuffix(a, ".ico") {
			t.Errorf("asset %s refers to another host: %q", a, m)
		}
	}
	if csp := get(t, anon, s.URL()+"/login").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
}

func TestClassNamesDifferPerStart(t *testing.T) {
	a, b := newUI(newState(FacebookAccount{})), newUI(newState(FacebookAccount{}))
	if a.class("row") == b.class("row") || a.CSSPath() == b.CSSPath() {
		t.Error("two servers generated the same class names")
	}
	if !regexp.MustCompile(`^x[a-z0-9]{6,8}( x[a-z0-9]{6,8})+$`).MatchString(a.class("row")) {
		t.Errorf("class %q does not look generated", a.class("row"))
	}
}

func TestConcurrentSetAndServe(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	login(t, s, c)
	var wg sync.WaitGroup
	fb := s.State()
	fbAcct := s.Seed()
	wg.Go(func() {
		for i := range 40 {
			v := audit.AudiencePublic
			if i%2 == 0 {
				v = audit.AudienceFriends
			}
			if err := fb.Set(FactFuturePosts, v); err != nil {
				t.Error(err)
			}
			fb.AddFriend(Friend{Name: "Concurrent Friend " + strconv.Itoa(i)})
			fb.RenameLabel("Who can see your friends list?", "Friends list audience")
			fb.RenameLabel("Friends list audience", "Who can see your friends list?")
		}
	})
	for range 3 {
		wg.Go(func() {
			for range 10 {
				for _, path := range []string{"/settings?tab=privacy", "/" + fbAcct.Username} {
					resp, err := c.Get(s.URL() + path)
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						t.Errorf("%s: %d", path, resp.StatusCode)
					}
				}
			}
		})
	}
	wg.Wait()
	if n := len(fb.Account().Friends); n != len(fbAcct.Friends)+40 {
		t.Errorf("friends = %d after concurrent adds", n)
	}
}

func TestPhotoAccessFollowsAudience(t *testing.T) {
	s := startServer(t)
	anon := newClient(t)
	var friendsOnly, public string
	for _, p := range s.Seed().Posts {
		if p.Photo == nil {
			continue
		}
		if p.Audience == audit.AudiencePublic && public == "" {
			public = p.Photo.ID
		}
		if p.Audience == audit.AudienceFriends && friendsOnly == "" {
			friendsOnly = p.Photo.ID
		}
	}
	if p := get(t, anon, s.URL()+"/scontent/photo/"+public+".png"); p.Status != http.StatusOK || p.Header.Get("Content-Type") != "image/png" {
		t.Errorf("public photo: %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	if p := get(t, anon, s.URL()+"/scontent/photo/"+friendsOnly+".png"); p.Status != http.StatusNotFound {
		t.Errorf("friends-only photo served to a stranger: %d", p.Status)
	}
}

func TestImagesAreDrawnLocally(t *testing.T) {
	s := startServer(t)
	owner := newClient(t)
	login(t, s, owner)
	var xray string
	for _, p := range s.Seed().Posts {
		if p.Photo != nil && p.Photo.Kind == PhotoXRay {
			xray = p.Photo.ID
		}
	}
	if xray == "" {
		t.Fatal("the demo has no ward x-ray photo")
	}
	for _, tc := range []struct {
		path string
		grey bool
	}{
		{"/scontent/photo/" + xray + ".png", true},
		{"/scontent/avatar/" + s.Seed().UserID + ".png", false},
		{"/scontent/cover/" + s.Seed().UserID + ".png", false},
		{"/favicon.ico", false},
	} {
		p := get(t, owner, s.URL()+tc.path)
		img, err := png.Decode(strings.NewReader(p.Body))
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		b := img.Bounds()
		if b.Dx() < 16 || b.Dy() < 16 {
			t.Errorf("%s: %v is too small", tc.path, b)
		}
		if tc.grey {
			for y := b.Min.Y; y < b.Max.Y; y += 37 {
				for x := b.Min.X; x < b.Max.X; x += 41 {
					r, g, bl, _ := img.At(x, y).RGBA()
					if r != g || g != bl {
						t.Fatalf("%s: pixel (%d,%d) is not grey", tc.path, x, y)
					}
				}
			}
		}
	}
	if p := get(t, owner, s.URL()+"/scontent/avatar/999.png"); p.Status != http.StatusNotFound {
		t.Errorf("avatar of nobody: %d", p.Status)
	}
}

// TestImagesDrawnOncePerProcess: a second replica start (another test, the
// next demo run) serves the pictures the first one drew without drawing
// them again.
func TestImagesDrawnOncePerProcess(t *testing.T) {
	var paths []string
	first := startServer(t)
	a := first.Seed()
	for _, p := range a.Posts {
		if p.Photo != nil && p.Audience == audit.AudiencePublic {
			paths = append(paths, "/scontent/photo/"+p.Photo.ID+".png")
		}
	}
	paths = append(paths, "/scontent/avatar/"+a.UserID+".png", "/scontent/cover/"+a.UserID+".png", "/favicon.ico",
		"/scontent/avatar/"+a.Friends[0].ID+".png")
	fetchAll := func(s *testSite) {
		c := newClient(t)
		for _, p := range paths {
			if r := get(t, c, s.URL()+p); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("%s: %d", p, r.Status)
			}
		}
	}
	fetchAll(first)
	drawn := replica.Images.Draws()
	fetchAll(first)
	second := startServer(t)
	fetchAll(second)
	if n := replica.Images.Draws() - drawn; n != 0 {
		t.Errorf("%d pictures drawn again by the same and a second site, want 0", n)
	}
}
