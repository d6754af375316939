package audit

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var factTime = time.Date(2026, 11, 23, 14, 0, 5, 0, time.UTC)

// snap builds a snapshot covering platforms with the given facts.
func snap(cov []Coverage, facts map[string]string) *Snapshot {
	s := NewSnapshot(factTime)
	s.Coverage = cov
	for id, v := range facts {
		s.SetFact(Fact{ID: id, Value: v, Source: SourceSettings, URL: "https://www.facebook.com/settings", At: factTime})
	}
	return s
}

func fbCov() []Coverage {
	return []Coverage{{Platform: Facebook, Source: SourceSettings, Started: factTime}}
}

// shipped is the catalogue of the shipped data checks.
func shipped(t testing.TB) Catalogue {
	t.Helper()
	cs, err := DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := NewCatalogue(cs)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func runCheck(t *testing.T, id string, s *Snapshot, p Platform) Finding {
	t.Helper()
	c, ok := shipped(t).ByID(id)
	if !ok {
		t.Fatalf("no check %s", id)
	}
	fs := c.Run(s, p)
	if len(fs) != 1 {
		t.Fatalf("%s: %d findings", id, len(fs))
	}
	return complete(fs[0], c, s, p, bma(t).ControlsFor(c.ID))
}

func TestValueRules(t *testing.T) {
	cases := []struct {
		check, value string
		want         Status
	}{
		{"facebook.future_posts_audience", AudiencePublic, Fail},
		{"facebook.future_posts_audience", AudienceFriends, Pass},
		{"facebook.future_posts_audience", "Friends of friends", Warn},
		{"facebook.future_posts_audience", AudienceOnlyMe, Pass},
		{"facebook.future_posts_audience", "Acquaintances", Unknown},
		{"facebook.future_posts_audience", "", Unknown},
		{"facebook.past_posts_limited", Done, Pass},
		{"facebook.past_posts_limited", NotDone, Warn},
		{"facebook.friends_list_visibility", "Only me", Pass},
		{"facebook.friends_list_visibility", AudienceFriends, Warn},
		{"facebook.friends_list_visibility", AudiencePublic, Fail},
		{"facebook.friend_requests_from", AudienceEveryone, Fail},
		{"facebook.friend_requests_from", AudienceFriendsOfFriend, Pass},
		{"facebook.lookup_email", AudienceEveryone, Fail},
		{"facebook.lookup_email", AudienceFriendsOfFriend, Warn},
		{"facebook.lookup_phone", AudienceFriends, Pass},
		{"facebook.search_engine_link", On, Fail},
		{"facebook.search_engine_link", "Yes", Fail},
		{"facebook.search_engine_link", "No", Pass},
		{"facebook.tag_review", Off, Warn},
		{"facebook.tag_review", On, Pass},
		{"facebook.two_factor", On, Pass},
		{"facebook.two_factor", Off, Fail},
		{"facebook.login_alerts", Off, Warn},
		{"facebook.public_view.friends_list", Visible, Fail},
		{"facebook.public_view.hometown", Hidden, Pass},
		{"facebook.public_view.workplace", Visible, Warn},
		{"instagram.private", Off, Fail},
		{"x.protected", Off, Warn},
		{"x.photo_tagging", "People you follow", Pass},
		{"linkedin.email_visible", "1st-degree connections", Pass},
		{"tiktok.downloads", On, Warn},
		{"whatsapp.last_seen", AudienceContacts, Pass},
		{"whatsapp.last_seen", AudienceEveryone, Warn},
		{"whatsapp.read_receipts", Off, Pass},
	}
	for _, c := range cases {
		t.Run(c.check+"="+c.value, func(t *testing.T) {
			chk, _ := shipped(t).ByID(c.check)
			p := chk.Platforms[0]
			s := snap([]Coverage{{Platform: p, Source: SourceSettings}}, map[string]string{c.check: c.value})
			f := runCheck(t, c.check, s, p)
			if f.Status != c.want {
				t.Errorf("status %s, want %s (%s)", f.Status, c.want, f.Reason)
			}
			if len(f.Evidence) == 0 || f.Evidence[0].FactID != c.check || !strings.Contains(f.Evidence[0].What, " = ") {
				t.Errorf("evidence %+v", f.Evidence)
			}
		})
	}
}

func TestSessionsCheck(t *testing.T) {
	cur := Session{Platform: Facebook, Device: "Firefox on Linux", Current: true}
	other := Session{Platform: Facebook, Device: "Edge on Windows", Location: "Hull", LastActive: "yesterday"}
	elsewhere := Session{Platform: X, Device: "X app on Android"}
	cases := []struct {
		name     string
		count    string // "" = fact absent
		sessions []Session
		want     Status
		reason   string
	}{
		{"only current", "1", []Session{cur}, Pass, "Firefox on Linux"},
		{"two current devices", "2", []Session{cur, cur}, Pass, "current"},
		{"another device", "2", []Session{cur, other}, Warn, "Edge on Windows, Hull, last active yesterday"},
		{"other device, count missing", "", []Session{cur, other}, Warn, "Edge on Windows"},
		{"count exceeds list", "4", []Session{cur}, Warn, "4 sessions"},
		{"other platform ignored", "1", []Session{cur, elsewhere}, Pass, ""},
		{"nothing read", "", nil, Unknown, "not read"},
		{"only current but count absent", "", []Session{cur}, Unknown, "not read"},
		{"garbage count", "many", []Session{cur}, Unknown, "could not be understood"},
		{"zero listed", "0", nil, Unknown, "not even this one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts := map[string]string{}
			if c.count != "" {
				facts["facebook.sessions"] = c.count
			}
			s := snap(fbCov(), facts)
			s.Sessions = c.sessions
			f := runCheck(t, "facebook.sessions", s, Facebook)
			if f.Status != c.want || !strings.Contains(f.Reason, c.reason) {
				t.Errorf("%s %q, want %s containing %q", f.Status, f.Reason, c.want, c.reason)
			}
		})
	}
}

func TestPendingRequestsCheck(t *testing.T) {
	req := Connection{Platform: Facebook, Kind: ConnRequest, Name: "Fictional Person", Mutual: -1}
	cases := []struct {
		name  string
		count string
		reqs  []Connection
		want  Status
	}{
		{"none, page read", "0", nil, Pass},
		{"none, page not read", "", nil, Unknown},
		{"two waiting", "2", []Connection{req, req}, Warn},
		{"listed without count", "", []Connection{req}, Warn},
		{"counted but not listed", "3", nil, Warn},
		{"other platform's request", "0", []Connection{{Platform: Instagram, Kind: ConnRequest}}, Pass},
		{"bad count", "lots", nil, Unknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts := map[string]string{}
			if c.count != "" {
				facts["facebook.pending_requests"] = c.count
			}
			s := snap(fbCov(), facts)
			s.PendingRequests = c.reqs
			f := runCheck(t, "facebook.pending_requests", s, Facebook)
			if f.Status != c.want {
				t.Errorf("%s (%s), want %s", f.Status, f.Reason, c.want)
			}
			for _, e := range f.Evidence {
				if strings.Contains(f.Reason+e.What, "Fictional") {
					t.Errorf("finding names a connection")
				}
			}
		})
	}
}

func TestConnectionSecurityCheck(t *testing.T) {
	sb := "http://127.0.0.1:8080"
	cases := []struct {
		name   string
		cov    Coverage
		want   Status
		reason string
	}{
		{"all https", Coverage{Pages: []Page{{URL: "https://www.facebook.com/settings", Secure: true}, {URL: "https://www.facebook.com/me", Secure: true}}}, Pass, "All 2"},
		{"plain http", Coverage{Pages: []Page{{URL: "https://www.facebook.com/a", Secure: true}, {URL: "http://www.facebook.com/b", Why: "plain http"}}}, Fail, "http://www.facebook.com/b"},
		{"bad certificate", Coverage{Pages: []Page{{URL: "https://www.facebook.com/a", Why: "certificate not valid"}}}, Fail, "1 page"},
		{"secure flag on http", Coverage{Pages: []Page{{URL: "http://www.facebook.com/a", Secure: true}}}, Fail, ""},
		{"sandbox", Coverage{Pages: []Page{{URL: sb + "/settings", Why: "loopback"}, {URL: "http://localhost:9/x"}}}, NA, "demo on this computer"},
		{"ipv6 loopback", Coverage{Pages: []Page{{URL: "http://[::1]:8080/"}}}, NA, ""},
		{"lying loopback label", Coverage{Pages: []Page{{URL: "http://evil.example/settings", Why: "loopback"}}}, Fail, ""},
		{"no pages", Coverage{}, Unknown, "not read"},
		{"export", Coverage{Source: SourceExport}, NA, "export"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cov.Platform = Facebook
			if c.cov.Source == "" {
				c.cov.Source = SourceSettings
			}
			s := snap([]Coverage{c.cov}, nil)
			f := runCheck(t, "facebook.connection_security", s, Facebook)
			if f.Status != c.want || !strings.Contains(f.Reason, c.reason) {
				t.Errorf("%s %q, want %s containing %q", f.Status, f.Reason, c.want, c.reason)
			}
		})
	}
}

func TestPublicViewMatchesCheck(t *testing.T) {
	cases := []struct {
		name  string
		facts map[string]string
		want  Status
	}{
		{"restricted and hidden", map[string]string{
			"facebook.friends_list_visibility": AudienceOnlyMe, "facebook.public_view.friends_list": Hidden,
			"facebook.future_posts_audience": AudienceFriends, "facebook.public_view.posts": Hidden}, Pass},
		{"restricted list still visible", map[string]string{
			"facebook.friends_list_visibility": AudienceOnlyMe, "facebook.public_view.friends_list": Visible,
			"facebook.future_posts_audience": AudienceFriends, "facebook.public_view.posts": Hidden}, Fail},
		{"old public posts", map[string]string{
			"facebook.friends_list_visibility": AudienceOnlyMe, "facebook.public_view.friends_list": Hidden,
			"facebook.future_posts_audience": AudienceFriends, "facebook.public_view.posts": Visible}, Warn},
		{"public and visible agree", map[string]string{
			"facebook.friends_list_visibility": AudiencePublic, "facebook.public_view.friends_list": Visible,
			"facebook.future_posts_audience": AudiencePublic, "facebook.public_view.posts": Visible}, NA},
		{"one open, one protected", map[string]string{
			"facebook.friends_list_visibility": AudiencePublic, "facebook.public_view.friends_list": Visible,
			"facebook.future_posts_audience": AudienceFriends, "facebook.public_view.posts": Hidden}, Pass},
		{"public view missing", map[string]string{
			"facebook.friends_list_visibility": AudienceOnlyMe, "facebook.future_posts_audience": AudienceFriends}, Unknown},
		{"mismatch found despite a gap", map[string]string{
			"facebook.friends_list_visibility": AudienceFriends, "facebook.public_view.friends_list": Visible}, Fail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := runCheck(t, "facebook.public_view_matches_settings", snap(fbCov(), c.facts), Facebook)
			if f.Status != c.want {
				t.Errorf("%s (%s), want %s", f.Status, f.Reason, c.want)
			}
			// A PASS never rests on evidence that reads as a problem.
			for _, e := range f.Evidence {
				if f.Status == Pass && strings.Contains(strings.ToLower(e.What), "= public") {
					t.Errorf("PASS with contradicting evidence %q", e.What)
				}
			}
		})
	}
}

func TestFixURL(t *testing.T) {
	c, _ := shipped(t).ByID("facebook.two_factor")
	w, _ := shipped(t).ByID("facebook.public_view.workplace")
	cases := []struct {
		name string
		chk  Check
		cov  Coverage
		want string
	}{
		{"real site", c, Coverage{}, "https://www.facebook.com/settings?tab=security"},
		{"sandbox", c, Coverage{BaseURL: "http://127.0.0.1:4000/"}, "http://127.0.0.1:4000/settings?tab=security"},
		{"profile", w, Coverage{Profile: "https://www.facebook.com/dr.x/"}, "https://www.facebook.com/dr.x/about"},
		{"profile unknown", w, Coverage{}, "https://www.facebook.com/me/about"},
		{"sandbox profile", w, Coverage{BaseURL: "http://127.0.0.1:4000", Profile: "http://127.0.0.1:4000/dr.x"}, "http://127.0.0.1:4000/dr.x/about"},
	}
	for _, tc := range cases {
		tc.cov.Platform = Facebook
		s := snap([]Coverage{tc.cov}, nil)
		if got := tc.chk.FixURL(s, Facebook); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := c.FixURL(snap(nil, nil), Instagram); got != "" {
		t.Errorf("fix URL for a platform the check has no page on: %q", got)
	}
}

func TestEveryCheckWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range shipped(t) {
		if err := validCheck(c); err != nil {
			t.Error(err)
		}
		if seen[c.ID] {
			t.Errorf("duplicate %s", c.ID)
		}
		seen[c.ID] = true
		if c.Rationale == "" || c.Remediation == "" {
			t.Errorf("%s: rationale and remediation are required", c.ID)
		}
		if len(c.Platforms) == 1 && !strings.HasPrefix(c.ID, string(c.Platforms[0])+".") {
			t.Errorf("%s: ID should start with its platform %s", c.ID, c.Platforms[0])
		}
		for _, f := range c.Facts {
			ok := false
			for _, p := range c.Platforms {
				ok = ok || strings.HasPrefix(f, string(p)+".")
			}
			if !ok {
				t.Errorf("%s reads fact %s of a platform it does not check", c.ID, f)
			}
		}
	}
}

// Every fact listed in platforms.md and the Facebook contract has a check.
func TestEveryKnownFactHasACheck(t *testing.T) {
	facts := []string{
		"facebook.future_posts_audience", "facebook.past_posts_limited", "facebook.friends_list_visibility",
		"facebook.friend_requests_from", "facebook.lookup_email", "facebook.lookup_phone",
		"facebook.search_engine_link", "facebook.tag_review", "facebook.two_factor", "facebook.login_alerts",
		"facebook.sessions", "facebook.public_view.friends_list", "facebook.public_view.posts",
		"facebook.public_view.workplace", "facebook.public_view.photos", "facebook.public_view.hometown",
		"instagram.private", "instagram.activity_status", "instagram.tags_manual", "instagram.two_factor",
		"x.protected", "x.discover_email", "x.discover_phone", "x.photo_tagging", "x.location_in_posts",
		"x.two_factor", "x.sessions",
		"linkedin.connections_visible", "linkedin.public_profile", "linkedin.email_visible",
		"linkedin.profile_viewing", "linkedin.two_factor",
		"tiktok.private", "tiktok.suggest_account", "tiktok.downloads", "tiktok.comments", "tiktok.content_reuse",
		"tiktok.following_list", "tiktok.dm", "tiktok.two_factor", "tiktok.devices", "tiktok.security_alerts",
		"tiktok.pending_requests", "tiktok.public_view.videos",
		"whatsapp.last_seen", "whatsapp.profile_photo", "whatsapp.about", "whatsapp.groups", "whatsapp.read_receipts",
	}
	read := map[string]bool{}
	for _, c := range shipped(t) {
		for _, f := range c.Facts {
			read[f] = true
		}
	}
	for _, f := range facts {
		if !read[f] {
			t.Errorf("no check reads %s", f)
		}
	}
	for _, p := range Platforms {
		if _, ok := shipped(t).ByID(string(p) + ".connection_security"); !ok {
			t.Errorf("no connection security check for %s", p)
		}
	}
}

func TestCatalogueCheck(t *testing.T) {
	const plat = Facebook
	c := Check{
		ID: "example.public_posts", Title: "No public posts", Severity: SeverityLow,
		Platforms:   []Platform{plat},
		Remediation: "Limit the audience of public posts.",
		FixPath:     map[Platform]string{plat: "/posts"},
		Run: func(s *Snapshot, p Platform) []Finding {
			for _, post := range s.Posts {
				if post.Platform == p && post.Public {
					return []Finding{{Status: Warn, Reason: "public post", Subject: post.ID, Evidence: []Evidence{{What: "post seen publicly"}}}}
				}
			}
			// Claims a pass without evidence: Evaluate must refuse it.
			return []Finding{{Status: Pass, Reason: "no public post"}}
		},
	}
	cat, err := NewCatalogue(shipped(t), []Check{c})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cat.ByID(c.ID); !ok {
		t.Fatal("added check not listed")
	}
	// The check joins a guideline by the guideline naming it.
	g := *bma(t)
	g.Controls = slices.Clone(g.Controls)
	for i := range g.Controls {
		if g.Controls[i].ID == "BMA-KP8" {
			g.Controls[i].Checks = append(slices.Clone(g.Controls[i].Checks), c.ID)
		}
	}
	s := NewSnapshot(testNow)
	s.Coverage = []Coverage{{Platform: plat, BaseURL: "https://example.test"}}
	res := Evaluate(s, cat, &g, testNow)
	f := findingFor(t, res, c.ID)
	if f.Status != Unknown || f.FixURL != "https://example.test/posts" || len(f.Clauses) != 1 || f.Clauses[0] != "BMA-KP8" {
		t.Errorf("PASS without evidence not refused, or metadata not filled: %+v", f)
	}
	s.Posts = []Post{{Platform: plat, ID: "p1", Public: true}}
	if f := findingFor(t, Evaluate(s, cat, &g, testNow), c.ID); f.Status != Warn || f.Subject != "p1" || f.Title != c.Title {
		t.Errorf("registered check result %+v", f)
	}
	// Under a guideline that does not name it, it cites nothing.
	if f := findingFor(t, Evaluate(s, cat, bma(t), testNow), c.ID); len(f.Clauses) != 0 {
		t.Errorf("a guideline that does not name the check is cited: %v", f.Clauses)
	}

	for name, bad := range map[string]Check{
		"duplicate":   c,
		"builtin":     {ID: "facebook.two_factor", Title: "x", Severity: SeverityLow, Platforms: []Platform{Facebook}, Run: c.Run},
		"no run":      {ID: "example.norun", Title: "x", Severity: SeverityLow, Platforms: []Platform{plat}},
		"no severity": {ID: "example.nosev", Title: "x", Platforms: []Platform{plat}, Run: c.Run},
	} {
		if _, err := NewCatalogue(cat, []Check{bad}); err == nil {
			t.Errorf("%s: NewCatalogue did not refuse", name)
		}
	}
}

func TestLoadChecksRejectsBadData(t *testing.T) {
	const ok = `"id":"a","fact":"f","label":"l","title":"t","severity":"low"`
	cases := map[string]string{
		"unknown key":                `{"platform":"facebook","checks":[{` + ok + `,"pass":["on"],"passs":["off"]}]}`,
		"no values":                  `{"platform":"facebook","checks":[{` + ok + `}]}`,
		"both statuses":              `{"platform":"facebook","checks":[{` + ok + `,"pass":["On"],"fail":["on"]}]}`,
		"unknown kind":               `{"platform":"facebook","checks":[{"id":"a","kind":"magic","label":"l","title":"t","severity":"low"}]}`,
		"names clauses":              `{"platform":"facebook","checks":[{` + ok + `,"clauses":["BMA-KP1"],"pass":["on"]}]}`,
		"bad severity":               `{"platform":"facebook","checks":[{"id":"a","fact":"f","label":"l","title":"t","severity":"huge","pass":["on"]}]}`,
		"no platform":                `{"checks":[]}`,
		"both platform":              `{"platform":"facebook","platforms":["x"],"checks":[]}`,
		"fact rule on two platforms": `{"platforms":["facebook","x"],"checks":[{` + ok + `,"pass":["on"]}]}`,
		"no places":                  `{"platforms":["facebook","x"],"checks":[{"id":"a","kind":"clinical_area_images","label":"l","title":"t","severity":"low"}]}`,
		"name fact without platform": `{"platforms":["facebook"],"checks":[{"id":"a","kind":"pseudonymous_advice","fact":"facebook.name","clinical":["dose"],"label":"l","title":"t","severity":"low"}]}`,
		"not json":                   `{`,
	}
	for name, data := range cases {
		fsys := fstest.MapFS{"c/a.json": {Data: []byte(data)}}
		if _, err := LoadChecks(fsys, "c"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	_, err := LoadChecks(fstest.MapFS{"c/a.json": {Data: []byte(cases["names clauses"])}}, "c")
	if err == nil || !strings.Contains(err.Error(), "audit/internal/convert") {
		t.Errorf("a check naming clauses should point at the conversion: %v", err)
	}
	dup := `{"platform":"facebook","checks":[{` + ok + `,"pass":["on"]}]}`
	if _, err := LoadChecks(fstest.MapFS{"c/a.json": {Data: []byte(dup)}}, "c"); err != nil {
		t.Errorf("a minimal check that names no guideline is refused: %v", err)
	}
	if _, err := LoadChecks(fstest.MapFS{"c/a.json": {Data: []byte(dup)}, "c/b.json": {Data: []byte(dup)}}, "c"); err == nil {
		t.Error("duplicate check across files accepted")
	}
	if _, err := LoadChecks(fstest.MapFS{}, "c"); err == nil {
		t.Error("empty directory accepted")
	}
}

func TestNormValue(t *testing.T) {
	for in, want := range map[string]string{
		"Only me": "only_me", " Friends of friends ": "friends_of_friends", "only-me": "only_me",
		"Yes": On, "NO": Off, "on": On, "1st-degree connections": "1st_degree_connections",
	} {
		if got := normValue(in); got != want {
			t.Errorf("normValue(%q) = %q, want %q", in, got, want)
		}
	}
}
