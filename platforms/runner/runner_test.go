package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/networks"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
)

// needBrowser skips only in -short mode or with CHAPERONE_SKIP_BROWSER=1: a
// normal run without Chromium fails.
func needBrowser(t testing.TB) {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("browser tests skipped (-short or CHAPERONE_SKIP_BROWSER=1)")
	}
	if _, err := browser.FindChromium(""); err != nil {
		t.Fatal(err)
	}
}

// demoExpected is the demo persona's Facebook as a correct audit reads it.
var demoExpected = map[string]string{
	"facebook.future_posts_audience":    audit.AudiencePublic,
	"facebook.past_posts_limited":       audit.NotDone,
	"facebook.friends_list_visibility":  audit.AudiencePublic,
	"facebook.friend_requests_from":     audit.AudienceEveryone,
	"facebook.lookup_email":             audit.AudienceEveryone,
	"facebook.lookup_phone":             audit.AudienceFriends,
	"facebook.search_engine_link":       audit.On,
	"facebook.tag_review":               audit.Off,
	"facebook.two_factor":               audit.On,
	"facebook.two_factor_method":        "sms",
	"facebook.login_alerts":             "partial",
	"facebook.timeline_review":          audit.Off,
	"facebook.tagged_visibility":        audit.AudienceFriendsOfFriend,
	"facebook.others_post_visibility":   audit.AudienceFriends,
	"facebook.who_can_follow":           audit.AudiencePublic,
	"facebook.followers_visibility":     audit.AudiencePublic,
	"facebook.sessions":                 "3",
	"facebook.public_view.friends_list": audit.Visible,
	"facebook.public_view.posts":        audit.Visible,
	"facebook.public_view.workplace":    audit.Visible,
	"facebook.public_view.photos":       audit.Visible,
	"facebook.public_view.hometown":     audit.Hidden,
	"facebook.public_view.name":         sandbox.DemoPersona().DisplayName,
	"facebook.public_view.links":        "https://" + strings.ToLower(sandbox.DemoPersona().Town) + "-fellrunners.example/",
	"facebook.pending_requests":         "4",
	"facebook.connections":              "121",
}

func startSandbox(t testing.TB) *sandbox.Host {
	t.Helper()
	srv := sandbox.NewHost(sandbox.DemoPersona(), networks.Replicas()...)
	if err := srv.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// fbState is the live state of the host's Facebook replica.
func fbState(srv *sandbox.Host) *fbreplica.State {
	return srv.Site(audit.Facebook).(*fbreplica.Site).State()
}

// only narrows the demo's options to one network.
func only(opts Options, p audit.Platform) Options {
	var targets []Target
	for _, tg := range opts.Targets {
		if tg.Platform == p {
			targets = append(targets, tg)
		}
	}
	opts.Targets = targets
	return opts
}

// TestDemoAuditsEveryNetwork runs the demo as the app does, every network
// in one browser, and holds each network to what its replica shows.
func TestDemoAuditsEveryNetwork(t *testing.T) {
	needBrowser(t)
	srv := startSandbox(t)
	opts, err := DemoOptions(srv, t.TempDir(), networks.Adapters())
	if err != nil {
		t.Fatal(err)
	}
	// Every network's tab in one browser, beside other test packages' on
	// a shared machine: a step's timeout is there to catch a page that
	// never comes, not to time the replica.
	opts.StepTimeout = 90 * time.Second
	snap, _, d := run(t, opts)
	t.Logf("demo audit of %d networks: %v", len(opts.Targets), d.Round(time.Millisecond))
	if len(opts.Targets) != len(networks.All()) {
		t.Fatalf("%d targets for %d networks", len(opts.Targets), len(networks.All()))
	}
	for _, site := range srv.Sites() {
		p := site.Platform()
		cov := snap.CoverageFor(p)
		if cov == nil || cov.Error != "" {
			t.Errorf("%s: coverage %+v", p, cov)
			continue
		}
		// A site may not show some facts at all (WhatsApp Web: two-step
		// verification is on the phone): those, and only those, are
		// missing, each with the words the site gives for where to look.
		var notShown map[string]string
		if ns, ok := site.(interface{ NotShown() map[string]string }); ok {
			notShown = ns.NotShown()
		}
		for id, why := range cov.Missing {
			if words, ok := notShown[id]; !ok || !strings.Contains(why, words) {
				t.Errorf("%s missing: %s", id, why)
			}
		}
		for id, want := range site.Expected() {
			if f, ok := snap.Fact(id); !ok || f.Value != want {
				t.Errorf("%s = %q (read: %v), the replica shows %q", id, f.Value, ok, want)
			}
		}
	}
	if got := snap.Audited(); len(got) != len(networks.All()) {
		t.Errorf("audited %v, want every network", got)
	}
}

func run(t *testing.T, opts Options) (*audit.Snapshot, []Event, time.Duration) {
	t.Helper()
	var events []Event
	start := time.Now()
	snap, err := Run(context.Background(), opts, func(e Event) {
		events = append(events, e)
		t.Logf("%6.2fs %-40s %.2f", time.Since(start).Seconds(), e.Step, e.Fraction)
	})
	d := time.Since(start)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return snap, events, d
}

// status is the verdict of a check on a snapshot under the default guideline.
func status(t *testing.T, snap *audit.Snapshot, checkID string) audit.Status {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	res := audit.Evaluate(snap, checks, g, time.Now())
	for _, f := range res.Findings {
		if f.CheckID == checkID && f.Subject == "" {
			return f.Status
		}
	}
	t.Fatalf("no finding for %s", checkID)
	return ""
}

func visited(c *audit.Coverage, path string) bool {
	for _, p := range c.Pages {
		if strings.Contains(p.URL, path) {
			return true
		}
	}
	return false
}

// clearSession forgets the saved login in a profile, as an expired session.
func clearSession(t *testing.T, dir string) {
	t.Helper()
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.ClearCookies(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestDemoAuditEndToEnd drives real headless Chromium through the sandbox
// Facebook: every fact of the demo persona, the lists, then a changed
// setting, a renamed label, an expired session with and without a password.
func TestDemoAuditEndToEnd(t *testing.T) {
	needBrowser(t)
	srv := startSandbox(t)
	opts, err := DemoOptions(srv, t.TempDir(), networks.Adapters())
	if err != nil {
		t.Fatal(err)
	}
	// This test follows Facebook through four audits; every network's
	// demo is checked together in TestDemoAuditsEveryNetwork.
	opts = only(opts, audit.Facebook)
	acct := fbState(srv).Account()

	// 1. The demo persona as it is, with evidence screenshots.
	first := opts
	first.EvidenceDir = t.TempDir()
	snap, events, d := run(t, first)
	t.Logf("demo audit: %v", d.Round(time.Millisecond))
	cov := snap.CoverageFor(audit.Facebook)
	if cov == nil {
		t.Fatal("no facebook coverage")
	}
	if cov.Error != "" || len(cov.Missing) != 0 {
		t.Fatalf("coverage error %q, missing %v", cov.Error, cov.Missing)
	}
	for id, want := range demoExpected {
		f, ok := snap.Fact(id)
		if !ok {
			t.Errorf("%s: absent", id)
			continue
		}
		if f.Value != want {
			t.Errorf("%s = %q (raw %q), want %q", id, f.Value, f.Raw, want)
		}
		if f.URL == "" || f.Evidence == "" || f.At.IsZero() {
			t.Errorf("%s: no evidence: %+v", id, f)
		}
		if st, err := os.Stat(f.Screenshot); err != nil || st.Size() == 0 || !strings.HasPrefix(f.Screenshot, first.EvidenceDir) {
			t.Errorf("%s: screenshot %q: %v", id, f.Screenshot, err)
		}
	}
	for id, want := range srv.Site(audit.Facebook).Expected() {
		if f, _ := snap.Fact(id); f.Value != want {
			t.Errorf("%s = %q, sandbox shows %q", id, f.Value, want)
		}
	}
	if len(snap.Facts) != len(demoExpected) {
		t.Errorf("%d facts, want %d", len(snap.Facts), len(demoExpected))
	}
	current := 0
	for _, s := range snap.Sessions {
		if s.Current {
			current++
		}
		if s.Device == "" || s.LastActive == "" {
			t.Errorf("session without device or activity: %+v", s)
		}
	}
	if len(snap.Sessions) != 3 || current != 1 {
		t.Errorf("sessions = %d (%d current), want 3 (1 current)", len(snap.Sessions), current)
	}
	if len(snap.Connections) != len(acct.Friends) {
		t.Errorf("friends = %d, want %d", len(snap.Connections), len(acct.Friends))
	}
	names := map[string]bool{}
	for _, c := range snap.Connections {
		if c.Kind != audit.ConnFriend || c.Name == "" || c.URL == "" {
			t.Errorf("bad friend %+v", c)
		}
		names[c.Name] = true
	}
	for _, f := range acct.Friends {
		if !names[f.Name] {
			t.Errorf("a friend was not read (%d of %d read)", len(names), len(acct.Friends))
			break
		}
	}
	if len(snap.PendingRequests) != len(acct.Requests) {
		t.Errorf("requests = %d, want %d", len(snap.PendingRequests), len(acct.Requests))
	}
	for i, r := range snap.PendingRequests {
		if r.Kind != audit.ConnRequest || r.Name != acct.Requests[i].Name || r.Mutual != acct.Requests[i].Mutual {
			t.Errorf("request %d = %+v", i, r)
		}
	}
	publicWant, public := 0, 0
	for _, p := range acct.Posts {
		if p.Audience == audit.AudiencePublic {
			publicWant++
		}
	}
	if len(snap.Posts) != len(acct.Posts) {
		t.Errorf("posts = %d, want %d", len(snap.Posts), len(acct.Posts))
	}
	for i, p := range snap.Posts {
		if p.Public {
			public++
		}
		if i < len(acct.Posts) {
			w := acct.Posts[i]
			if p.ID != w.ID || p.Text != w.Text || !p.At.Equal(w.At.UTC().Truncate(time.Minute)) || p.Audience != w.Audience || (w.Photo != nil) != (len(p.Images) > 0) {
				t.Errorf("post %d differs from the sandbox's (id %s/%s, audience %s/%s, at %v/%v)", i, p.ID, w.ID, p.Audience, w.Audience, p.At, w.At)
			}
		}
	}
	if public != publicWant {
		t.Errorf("public posts = %d, want %d", public, publicWant)
	}
	for _, p := range cov.Pages {
		if p.Secure || p.Why != "loopback" {
			t.Errorf("page %+v: want insecure loopback", p)
		}
	}
	if !visited(cov, "/checkpoint/") {
		t.Error("the first audit did not pass the two-factor checkpoint")
	}
	if st := status(t, snap, "facebook.future_posts_audience"); st != audit.Fail {
		t.Errorf("future posts check = %s with Public, want FAIL", st)
	}
	if st := status(t, snap, "facebook.login_alerts"); st == audit.Pass {
		t.Errorf("login alerts check = %s with alerts off", st)
	}
	if last := events[len(events)-1]; !last.Done || last.Err != nil || last.Fraction != 1 {
		t.Errorf("last event %+v", last)
	}

	// 2. The doctor fixes two settings and the site rewords a label; the
	// saved session is reused (no login pages).
	if err := srv.Site(audit.Facebook).Set("facebook.future_posts_audience", audit.AudienceFriends); err != nil {
		t.Fatal(err)
	}
	if err := srv.Site(audit.Facebook).Set("facebook.login_alerts", audit.On); err != nil {
		t.Fatal(err)
	}
	if !srv.Site(audit.Facebook).RenameLabel("Who can see your friends list?", "Who sees the people you know?") {
		t.Fatal("rename failed")
	}
	// ...and declines every pending request, so the page shows its empty
	// state, which is the only thing that proves "none waiting".
	for _, r := range fbState(srv).Account().Requests {
		if !fbState(srv).AnswerRequest(r.ID, false) {
			t.Fatalf("declining request %s failed", r.ID)
		}
	}
	snap, _, d = run(t, opts)
	t.Logf("second audit (saved session): %v", d.Round(time.Millisecond))
	cov = snap.CoverageFor(audit.Facebook)
	// (Accounts Centre's login_alerts and login_activity pages are not the
	// login page.)
	if visited(cov, "/login?") || visited(cov, "/login/?") {
		t.Error("the saved session was not reused")
	}
	if f, _ := snap.Fact("facebook.future_posts_audience"); f.Value != audit.AudienceFriends {
		t.Errorf("future posts = %q after the change, want friends", f.Value)
	}
	if f, _ := snap.Fact("facebook.login_alerts"); f.Value != audit.On {
		t.Errorf("login alerts = %q after the change, want on", f.Value)
	}
	if f, ok := snap.Fact("facebook.friends_list_visibility"); ok {
		t.Errorf("friends list visibility read as %q under a label it does not know", f.Value)
	}
	if why := cov.Missing["facebook.friends_list_visibility"]; !strings.Contains(why, "was not found on ") {
		t.Errorf("missing reason = %q", why)
	}
	if st := status(t, snap, "facebook.future_posts_audience"); st != audit.Pass {
		t.Errorf("future posts check = %s after the fix, want PASS", st)
	}
	if st := status(t, snap, "facebook.login_alerts"); st != audit.Pass {
		t.Errorf("login alerts check = %s after the fix, want PASS", st)
	}
	if st := status(t, snap, "facebook.friends_list_visibility"); st != audit.Unknown {
		t.Errorf("friends list check = %s with its label renamed, want UNKNOWN", st)
	}
	if f, _ := snap.Fact("facebook.pending_requests"); f.Value != "0" || len(snap.PendingRequests) != 0 {
		t.Errorf("pending requests = %q (%d listed) after declining all, want 0", f.Value, len(snap.PendingRequests))
	}
	if st := status(t, snap, "facebook.pending_requests"); st != audit.Pass {
		t.Errorf("pending requests check = %s with none waiting, want PASS", st)
	}

	// 3. The session expired: log in again with password and code.
	clearSession(t, opts.Targets[0].ProfileDir)
	snap, _, d = run(t, opts)
	t.Logf("third audit (log in again): %v", d.Round(time.Millisecond))
	cov = snap.CoverageFor(audit.Facebook)
	if !visited(cov, "/checkpoint/") || cov.Error != "" {
		t.Errorf("did not log in again (error %q)", cov.Error)
	}
	if f, _ := snap.Fact("facebook.two_factor"); f.Value != audit.On {
		t.Errorf("two factor = %q after logging in again", f.Value)
	}

	// 4. Expired, and no password stored: a clear error, nothing guessed.
	clearSession(t, opts.Targets[0].ProfileDir)
	noCreds := opts
	noCreds.Credentials = nil
	snap, events, _ = run(t, noCreds)
	cov = snap.CoverageFor(audit.Facebook)
	if cov == nil || !strings.Contains(cov.Error, "log in") || len(snap.Facts) != 0 {
		t.Fatalf("coverage %+v, %d facts; want a login error and no facts", cov, len(snap.Facts))
	}
	if last := events[len(events)-1]; !errors.Is(last.Err, platforms.ErrLoginRequired) {
		t.Errorf("last event error %v, want ErrLoginRequired", last.Err)
	}
	if len(cov.Missing) != len(demoExpected) {
		t.Errorf("%d facts missing, want all %d", len(cov.Missing), len(demoExpected))
	}
}

func TestRunChromiumMissing(t *testing.T) {
	opts := Options{
		Adapters:     networks.Adapters(),
		Targets:      []Target{{Platform: audit.Facebook, User: "a@example.org", Origin: "http://127.0.0.1:9", ProfileDir: t.TempDir()}},
		ChromiumPath: filepath.Join(t.TempDir(), "nowhere", "chromium"),
	}
	snap, err := Run(context.Background(), opts, nil)
	if !errors.Is(err, browser.ErrChromiumMissing) {
		t.Fatalf("err = %v, want ErrChromiumMissing", err)
	}
	if !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("error %q lacks the install hint", err)
	}
	cov := snap.CoverageFor(audit.Facebook)
	if cov == nil || !strings.Contains(cov.Error, "apt-get install chromium") || len(snap.Facts) != 0 {
		t.Errorf("coverage = %+v", cov)
	}
}

func TestRunUnsupportedPlatform(t *testing.T) {
	var events []Event
	snap, err := Run(context.Background(), Options{Targets: []Target{{Platform: audit.X, User: "dr_a"}, {Platform: audit.TikTok, User: "dr_a"}}}, func(e Event) { events = append(events, e) })
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []audit.Platform{audit.X, audit.TikTok} {
		c := snap.CoverageFor(p)
		if c == nil || c.Error != "not supported yet" {
			t.Errorf("%s coverage = %+v", p, c)
		}
	}
	if len(events) != 2 || !events[0].Done || !errors.Is(events[0].Err, ErrNotSupported) {
		t.Errorf("events = %+v", events)
	}
}

func TestDemoCredentials(t *testing.T) {
	h := sandbox.NewHost(nil, fbreplica.NewSite)
	c := demoCredentials{h}
	l := h.Site(audit.Facebook).Login()
	pw, secret, err := c.Login(context.Background(), audit.Facebook, strings.ToUpper(l.User))
	if err != nil || pw != l.Password || secret != l.TOTPSecret {
		t.Fatalf("demo login = %v", err)
	}
	if _, _, err := c.Login(context.Background(), audit.Facebook, "someone@example.org"); err == nil {
		t.Error("credentials given for another account")
	}
	if _, _, err := c.Login(context.Background(), audit.X, l.User); err == nil {
		t.Error("credentials given for another platform")
	}
}

func TestDemoProfileDir(t *testing.T) {
	dir := t.TempDir()
	opts, stop, err := Demo(context.Background(), dir, networks.Adapters(), networks.Replicas())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	want := filepath.Join(dir, "profiles", "demo")
	// One target per listed network, all in the one demo profile, each on
	// a loopback origin of its own.
	if len(opts.Targets) != len(networks.All()) {
		t.Fatalf("targets = %+v", opts.Targets)
	}
	for _, tg := range opts.Targets {
		if tg.ProfileDir != want || !strings.HasPrefix(tg.Origin, "http://127.0.0.") {
			t.Errorf("target %+v", tg)
		}
	}
	st, err := os.Stat(want)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("profile dir: %v %v", st, err)
	}
}
