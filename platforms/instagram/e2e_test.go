package instagram

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/sandbox"
	igreplica "chaperone/platforms/sandbox/instagram"
)

func needBrowser(t testing.TB) {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("browser tests skipped (-short or CHAPERONE_SKIP_BROWSER=1)")
	}
	if _, err := browser.FindChromium(""); err != nil {
		t.Fatal(err)
	}
}

// replicaCreds answers with the replica's demo login, and counts how
// often it was asked.
type replicaCreds struct {
	site  *igreplica.Site
	asked atomic.Int32
}

func (c *replicaCreds) Login(_ context.Context, p audit.Platform, user string) (string, string, error) {
	c.asked.Add(1)
	l := c.site.Login()
	if p != audit.Instagram || !strings.EqualFold(user, l.User) {
		return "", "", errors.New("no such account")
	}
	return l.Password, l.TOTPSecret, nil
}

// startReplica serves a fresh demo Instagram for one test.
func startReplica(t testing.TB) (*igreplica.Site, string) {
	t.Helper()
	var site *igreplica.Site
	h := sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		site = igreplica.New(p, clock)
		return site
	})
	if err := h.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return site, platforms.Origin(h.URL(audit.Instagram))
}

func startBrowser(t testing.TB, dir string) *browser.Browser {
	t.Helper()
	o := browser.Options{StepTimeout: 20 * time.Second, TemporaryIfNoKeyring: true}
	if dir != "" {
		o.ProfileDir = dir
	}
	b, err := browser.Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func auditOnce(t testing.TB, b *browser.Browser, site *igreplica.Site, origin string, creds platforms.Credentials) (*audit.Snapshot, error) {
	t.Helper()
	acct := platforms.Account{Platform: audit.Instagram, User: site.Login().User, Origin: origin}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	return Adapter{}.Audit(ctx, b, acct, platforms.Options{Credentials: creds})
}

func coverage(t testing.TB, snap *audit.Snapshot) *audit.Coverage {
	t.Helper()
	cov := snap.CoverageFor(audit.Instagram)
	if cov == nil {
		t.Fatal("no Instagram coverage")
	}
	return cov
}

// checkStatus is the verdict of a check under the default guideline.
func checkStatus(t testing.TB, snap *audit.Snapshot, id string) audit.Status {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range audit.Evaluate(snap, checks, g, time.Now()).Findings {
		if f.CheckID == id && f.Subject == "" {
			return f.Status
		}
	}
	t.Fatalf("no finding for %s", id)
	return ""
}

// hasCheck reports whether a check of that ID exists (the list counts
// feed the watch-list matcher, not a check of their own).
func hasCheck(t testing.TB, id string) bool {
	t.Helper()
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.ID == id {
			return true
		}
	}
	return false
}

// TestDemoAudit reads the demo persona's Instagram end to end in real
// Chromium: two-factor login from a fresh profile, every fact as the
// replica shows it, the lists in full; then the saved session is reused
// with no password at hand.
func TestDemoAudit(t *testing.T) {
	needBrowser(t)
	site, origin := startReplica(t)
	dir := t.TempDir()
	creds := &replicaCreds{site: site}
	b := startBrowser(t, dir)
	start := time.Now()
	snap, err := auditOnce(t, b, site, origin, creds)
	t.Logf("first audit (with login) %v", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	cov := coverage(t, snap)
	if cov.Error != "" || len(cov.Missing) != 0 {
		t.Fatalf("coverage: error %q, missing %v", cov.Error, cov.Missing)
	}
	for id, want := range site.Expected() {
		if f, ok := snap.Fact(id); !ok || f.Value != want {
			t.Errorf("%s = %q (read %v), the replica shows %q", id, f.Value, ok, want)
		}
	}
	for id := range snap.Facts {
		if _, ok := site.Expected()[id]; !ok {
			t.Errorf("fact %s read, but the replica does not show it", id)
		}
	}
	if creds.asked.Load() == 0 {
		t.Error("a fresh profile logged in without asking for the password")
	}
	a := site.State().Account()
	kinds := map[string]int{}
	for _, c := range snap.Connections {
		kinds[c.Kind]++
	}
	if kinds[audit.ConnFollower] != len(a.Followers) || kinds[audit.ConnFollowing] != len(a.Following) {
		t.Errorf("connections %v, want %d followers and %d following", kinds, len(a.Followers), len(a.Following))
	}
	if len(snap.PendingRequests) != len(a.Requests) {
		t.Errorf("%d requests, want %d", len(snap.PendingRequests), len(a.Requests))
	}
	if len(snap.Posts) != len(a.Posts) {
		t.Errorf("%d posts, want %d", len(snap.Posts), len(a.Posts))
	}
	captions := map[string]string{}
	for _, p := range a.Posts {
		captions[p.Code] = p.Caption
	}
	for _, p := range snap.Posts {
		if captions[p.ID] != p.Text {
			t.Errorf("post %s: caption %q, want %q", p.ID, p.Text, captions[p.ID])
		}
	}
	if len(snap.Sessions) != len(a.Sessions) || !snap.Sessions[0].Current {
		t.Errorf("sessions %+v", snap.Sessions)
	}
	b.Close()

	// The saved session: a new browser on the same profile, no password.
	b2 := startBrowser(t, dir)
	start = time.Now()
	again, err := auditOnce(t, b2, site, origin, nil)
	t.Logf("second audit (saved session) %v", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("audit with the saved session: %v", err)
	}
	if cov := coverage(t, again); len(cov.Missing) != 0 {
		t.Errorf("saved session: missing %v", cov.Missing)
	}
	for id, want := range site.Expected() {
		if f, _ := again.Fact(id); f.Value != want {
			t.Errorf("saved session: %s = %q, want %q", id, f.Value, want)
		}
	}
}

// TestSettingFlips: a setting changed on the site changes its fact and
// its finding.
func TestSettingFlips(t *testing.T) {
	needBrowser(t)
	site, origin := startReplica(t)
	b := startBrowser(t, "")
	creds := &replicaCreds{site: site}
	before, err := auditOnce(t, b, site, origin, creds)
	if err != nil {
		t.Fatal(err)
	}
	if got := checkStatus(t, before, "instagram.private"); got != audit.Pass {
		t.Fatalf("private account on: %s, want PASS", got)
	}
	for id, v := range map[string]string{"instagram.private": audit.Off, "instagram.comments": "following_and_followers", "instagram.activity_status": audit.Off} {
		if err := site.Set(id, v); err != nil {
			t.Fatal(err)
		}
	}
	after, err := auditOnce(t, b, site, origin, creds)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range site.Expected() {
		if f, _ := after.Fact(id); f.Value != want {
			t.Errorf("%s = %q, want %q", id, f.Value, want)
		}
	}
	if got := checkStatus(t, after, "instagram.private"); got != audit.Fail {
		t.Errorf("private account off: %s, want FAIL", got)
	}
	if got := checkStatus(t, after, "instagram.public_view.posts"); got != audit.Fail {
		t.Errorf("public posts after going public: %s, want FAIL", got)
	}
	if got := checkStatus(t, after, "instagram.activity_status"); got != audit.Pass {
		t.Errorf("activity status off: %s, want PASS", got)
	}
}

// TestDriftIsUnknown: each way the site can change under the adapter
// leaves the fact unread with its reason, and its check UNKNOWN.
func TestDriftIsUnknown(t *testing.T) {
	needBrowser(t)
	b := startBrowser(t, "")
	for _, tc := range []struct {
		name   string
		change func(*igreplica.Site)
		facts  []string
		reason string
	}{
		{"renamed label", func(s *igreplica.Site) { s.RenameLabel("Show activity status", "Let others see when you're online") },
			[]string{"instagram.activity_status"}, "was not found"},
		{"private switch without a name", func(s *igreplica.Site) { s.State().UnnamePrivate() },
			[]string{"instagram.private"}, "no switch named"},
		{"picker without the account", func(s *igreplica.Site) { s.State().SetPicker(igreplica.PickerOtherOnly) },
			[]string{"instagram.two_factor", "instagram.sessions"}, "did not offer the Instagram account"},
		{"picker with two lookalikes", func(s *igreplica.Site) { s.State().SetPicker(igreplica.PickerTwins) },
			[]string{"instagram.two_factor", "instagram.sessions"}, "cannot be told"},
		{"list shorter than its count", func(s *igreplica.Site) { s.State().CapLists(20) },
			[]string{"instagram.followers", "instagram.following"}, "not read in full"},
		{"login wall on the public view", func(s *igreplica.Site) { s.State().WallPublic() },
			[]string{"instagram.public_view.posts", "instagram.public_view.name", "instagram.public_view.links"}, "login page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, origin := startReplica(t)
			tc.change(site)
			snap, err := auditOnce(t, b, site, origin, &replicaCreds{site: site})
			if err != nil {
				t.Fatalf("Audit: %v", err)
			}
			cov := coverage(t, snap)
			for _, id := range tc.facts {
				if f, ok := snap.Fact(id); ok {
					t.Errorf("%s read as %q", id, f.Value)
				}
				if why := cov.Missing[id]; !strings.Contains(why, tc.reason) {
					t.Errorf("%s: reason %q, want it to say %q", id, why, tc.reason)
				}
				if !hasCheck(t, id) {
					continue
				}
				if st := checkStatus(t, snap, id); st != audit.Unknown {
					t.Errorf("check %s: %s, want UNKNOWN", id, st)
				}
			}
		})
	}
}

// TestRedirectElsewhere: a site that sends the browser to another origin
// gets nothing read and no password.
func TestRedirectElsewhere(t *testing.T) {
	needBrowser(t)
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2: %v", err)
	}
	var posted atomic.Int32
	other := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posted.Add(1)
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html lang="en"><title>Login • Instagram</title><form method="post"><input aria-label="Phone number, username or email address"><input type="password" aria-label="Password"><button>Log in</button></form></html>`))
	})}
	go func() { _ = other.Serve(ln) }()
	t.Cleanup(func() { other.Close() })
	site, origin := startReplica(t)
	site.State().RedirectAll("http://" + ln.Addr().String())
	b := startBrowser(t, "")
	creds := &replicaCreds{site: site}
	snap, err := auditOnce(t, b, site, origin, creds)
	if !errors.Is(err, platforms.ErrOtherOrigin) {
		t.Fatalf("Audit: %v, want ErrOtherOrigin", err)
	}
	if len(snap.Facts) != 0 {
		t.Errorf("facts read from another origin: %v", snap.Facts)
	}
	if posted.Load() != 0 || creds.asked.Load() != 0 {
		t.Errorf("posted %d times, password asked %d times", posted.Load(), creds.asked.Load())
	}
	if cov := coverage(t, snap); cov.Problem != audit.ProblemOtherOrigin {
		t.Errorf("problem %q", cov.Problem)
	}
}

// TestPrivacyLayoutB: the other layout of Account privacy (help text
// first, the switch before its title) reads the same.
func TestPrivacyLayoutB(t *testing.T) {
	needBrowser(t)
	site, origin := startReplica(t)
	site.State().UsePrivacyB(true)
	if err := site.Set("instagram.private", audit.Off); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, "")
	snap, err := auditOnce(t, b, site, origin, &replicaCreds{site: site})
	if err != nil {
		t.Fatal(err)
	}
	if cov := coverage(t, snap); len(cov.Missing) != 0 {
		t.Errorf("missing %v", cov.Missing)
	}
	for id, want := range site.Expected() {
		if f, _ := snap.Fact(id); f.Value != want {
			t.Errorf("%s = %q, want %q", id, f.Value, want)
		}
	}
}

// BenchmarkDemoAudit is one audit of the demo account with its session
// saved (the browser started once, logged in before the timer).
func BenchmarkDemoAudit(b *testing.B) {
	needBrowser(b)
	site, origin := startReplica(b)
	br := startBrowser(b, b.TempDir())
	creds := &replicaCreds{site: site}
	if _, err := auditOnce(b, br, site, origin, creds); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := auditOnce(b, br, site, origin, creds); err != nil {
			b.Fatal(err)
		}
	}
}
