package tiktok

import (
	"context"
	"errors"
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
	tiktokreplica "chaperone/platforms/sandbox/tiktok"
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

// replica serves the demo persona's TikTok for one test.
type replica struct {
	*tiktokreplica.Site
	host *sandbox.Host
}

func (r replica) origin() string { return platforms.Origin(r.host.URL(audit.TikTok)) }

func startReplica(t testing.TB, extra ...sandbox.NewSite) replica {
	t.Helper()
	var site *tiktokreplica.Site
	sites := append([]sandbox.NewSite{func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		site = tiktokreplica.New(p, clock)
		return site
	}}, extra...)
	h := sandbox.NewHost(sandbox.DemoPersona(), sites...)
	if err := h.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return replica{site, h}
}

// creds answers with the replica's secrets and counts how often they were
// asked for.
type creds struct {
	site  *tiktokreplica.Site
	asked atomic.Int32
}

func (c *creds) Login(_ context.Context, _ audit.Platform, _ string) (string, string, error) {
	c.asked.Add(1)
	l := c.site.Login()
	return l.Password, l.TOTPSecret, nil
}

func startBrowser(t testing.TB, dir string) *browser.Browser {
	t.Helper()
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, TemporaryIfNoKeyring: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func runAudit(t testing.TB, b *browser.Browser, r replica, c platforms.Credentials) (*audit.Snapshot, error) {
	t.Helper()
	acct := platforms.Account{Platform: audit.TikTok, User: r.Login().User, Origin: r.origin()}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	progress := func(step string, f float64) {
		if testing.Verbose() {
			t.Logf("%6.2fs %s", time.Since(start).Seconds(), step)
		}
	}
	return Adapter{}.Audit(ctx, b, acct, platforms.Options{Credentials: c, Progress: progress})
}

func coverage(t testing.TB, snap *audit.Snapshot) *audit.Coverage {
	t.Helper()
	cov := snap.CoverageFor(audit.TikTok)
	if cov == nil {
		t.Fatal("no TikTok coverage")
	}
	return cov
}

// checkAll holds every fact to what the replica shows.
func checkAll(t *testing.T, snap *audit.Snapshot, want map[string]string) {
	t.Helper()
	for id, v := range want {
		if f, ok := snap.Fact(id); !ok || f.Value != v {
			t.Errorf("%s = %q (read: %v), the replica shows %q; missing: %q", id, f.Value, ok, v, coverage(t, snap).Missing[id])
		}
	}
}

// status is a check's verdict under the default guideline.
func status(t *testing.T, snap *audit.Snapshot, checkID string) (audit.Status, string) {
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
			return f.Status, f.Reason
		}
	}
	t.Fatalf("no finding for %s", checkID)
	return "", ""
}

// flagged lists the subjects a check warns or fails about.
func flagged(t *testing.T, snap *audit.Snapshot, checkID string) []string {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range audit.Evaluate(snap, checks, g, time.Now()).Findings {
		if f.CheckID == checkID && f.Subject != "" && (f.Status == audit.Warn || f.Status == audit.Fail) {
			out = append(out, f.Subject)
		}
	}
	return out
}

// TestDemoAudit reads the demo persona end to end from a fresh profile
// (password and 2-step code), then again on the saved session.
func TestDemoAudit(t *testing.T) {
	needBrowser(t)
	r := startReplica(t)
	dir := t.TempDir()
	c := &creds{site: r.Site}
	b := startBrowser(t, dir)
	start := time.Now()
	snap, err := runAudit(t, b, r, c)
	t.Logf("first audit %v", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	cov := coverage(t, snap)
	if cov.Error != "" || len(cov.Missing) != 0 {
		t.Fatalf("coverage: error %q, missing %v", cov.Error, cov.Missing)
	}
	checkAll(t, snap, r.Expected())
	if c.asked.Load() != 1 {
		t.Errorf("credentials asked %d times, want 1 (the login)", c.asked.Load())
	}
	a := r.State().Account()
	kinds := map[string]int{}
	for _, cn := range snap.Connections {
		kinds[cn.Kind]++
	}
	if kinds[audit.ConnFollower] != len(a.Followers) || kinds[audit.ConnFollowing] != len(a.Following) {
		t.Errorf("connections %v, want %d followers and %d following", kinds, len(a.Followers), len(a.Following))
	}
	if len(snap.PendingRequests) != len(a.Requests) {
		t.Errorf("%d requests, want %d", len(snap.PendingRequests), len(a.Requests))
	}
	if len(snap.Posts) != len(a.Videos) {
		t.Fatalf("%d videos read, want %d", len(snap.Posts), len(a.Videos))
	}
	for i, p := range snap.Posts {
		v := a.Videos[i]
		if p.Text != v.Caption || len(p.Images) != 1 || !p.At.Equal(time.Unix(v.Created, 0)) || p.Audience != audit.AudienceFollowers {
			t.Errorf("video %d = %+v, want caption %q at %v", i, p, v.Caption, time.Unix(v.Created, 0).UTC())
		}
	}
	if len(snap.Sessions) != len(a.Devices) || !snap.Sessions[0].Current {
		t.Errorf("devices %+v", snap.Sessions)
	}
	if subj := flagged(t, snap, "pictures.clinical_areas"); len(subj) != 1 || subj[0] != a.Videos[1].ID {
		t.Errorf("clinical-area pictures flagged %v, want the ward video %s", subj, a.Videos[1].ID)
	}
	if st, _ := status(t, snap, "tiktok.comments"); st != audit.Fail {
		t.Errorf("tiktok.comments = %s, want FAIL", st)
	}
	b.Close()

	// The saved session: no password asked for.
	b2 := startBrowser(t, dir)
	start = time.Now()
	snap2, err := runAudit(t, b2, r, c)
	t.Logf("second audit %v", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("second Audit: %v", err)
	}
	if c.asked.Load() != 1 {
		t.Errorf("the saved session was not reused: credentials asked %d times", c.asked.Load())
	}
	checkAll(t, snap2, r.Expected())
}

// TestChangesAndDrift: a changed setting flips its fact and check; every
// kind of drift or refusal is UNKNOWN with a reason, never PASS.
func TestChangesAndDrift(t *testing.T) {
	needBrowser(t)
	r := startReplica(t)
	c := &creds{site: r.Site}
	b := startBrowser(t, t.TempDir())
	st := r.State()
	unknown := func(t *testing.T, snap *audit.Snapshot, fact, check, want string) {
		t.Helper()
		if f, ok := snap.Fact(fact); ok {
			t.Errorf("%s read as %q", fact, f.Value)
		}
		why := coverage(t, snap).Missing[fact]
		if !strings.Contains(why, want) {
			t.Errorf("%s missing because %q, want it to say %q", fact, why, want)
		}
		if check != "" {
			if s, reason := status(t, snap, check); s != audit.Unknown || !strings.Contains(reason, want) {
				t.Errorf("%s = %s (%s), want UNKNOWN saying %q", check, s, reason, want)
			}
		}
	}

	t.Run("set flips fact and check", func(t *testing.T) {
		for fact, v := range map[string]string{"tiktok.private": audit.Off, "tiktok.comments": audit.AudienceFriends, "tiktok.two_factor": audit.Off, "tiktok.profile_kind": audit.KindProfessional} {
			if err := r.Set(fact, v); err != nil {
				t.Fatal(err)
			}
		}
		defer func() {
			_ = r.Set("tiktok.private", audit.On)
			_ = r.Set("tiktok.comments", audit.AudienceEveryone)
			_ = r.Set("tiktok.two_factor", audit.On)
			_ = r.Set("tiktok.profile_kind", audit.KindPersonal)
		}()
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		checkAll(t, snap, r.Expected())
		for check, want := range map[string]audit.Status{"tiktok.private": audit.Fail, "tiktok.comments": audit.Pass, "tiktok.two_factor": audit.Fail, "tiktok.public_view.videos": audit.Fail} {
			if s, _ := status(t, snap, check); s != want {
				t.Errorf("%s = %s, want %s", check, s, want)
			}
		}
		public := 0
		for _, p := range snap.Posts {
			if p.Public {
				public++
			}
		}
		if public == 0 {
			t.Error("no video marked public though the account is public")
		}
	})

	t.Run("layout B", func(t *testing.T) {
		st.SetVariants(tiktokreplica.Variants{Layout: "B"})
		defer st.SetVariants(tiktokreplica.Variants{})
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		if cov := coverage(t, snap); len(cov.Missing) != 0 {
			t.Errorf("missing %v", cov.Missing)
		}
		checkAll(t, snap, r.Expected())
	})

	t.Run("renamed label", func(t *testing.T) {
		if !r.RenameLabel("Who can comment on your posts", "Comment controls") {
			t.Fatal("label not shown")
		}
		defer r.RenameLabel("Comment controls", "Who can comment on your posts")
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.comments", "tiktok.comments", "was not found")
	})

	t.Run("private checkbox text moved away", func(t *testing.T) {
		// The checkbox has no name: once its text is gone it cannot be read.
		r.RenameLabel("Private account", "Account privacy")
		defer r.RenameLabel("Account privacy", "Private account")
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.private", "tiktok.private", "was not found")
	})

	t.Run("app-only settings", func(t *testing.T) {
		st.SetVariants(tiktokreplica.Variants{AppOnly: true})
		defer st.SetVariants(tiktokreplica.Variants{})
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.downloads", "tiktok.downloads", "set in the TikTok app")
		unknown(t, snap, "tiktok.suggest_account", "tiktok.suggest_account", "set in the TikTok app")
	})

	t.Run("followers count without its name", func(t *testing.T) {
		st.SetVariants(tiktokreplica.Variants{NamelessFollowers: true})
		defer st.SetVariants(tiktokreplica.Variants{})
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.followers", "", "lost its name")
	})

	t.Run("list shorter than its count", func(t *testing.T) {
		st.SetVariants(tiktokreplica.Variants{ShortList: true})
		defer st.SetVariants(tiktokreplica.Variants{})
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.followers", "", "not read in full")
	})

	t.Run("edge 403 on the public view", func(t *testing.T) {
		st.SetVariants(tiktokreplica.Variants{Public403: true})
		defer st.SetVariants(tiktokreplica.Variants{})
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.public_view.videos", "tiktok.public_view.videos", "HTTP 403")
	})

	t.Run("login wall on the public view", func(t *testing.T) {
		st.SetVariants(tiktokreplica.Variants{PublicWall: true})
		defer st.SetVariants(tiktokreplica.Variants{})
		snap, err := runAudit(t, b, r, c)
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, snap, "tiktok.public_view.videos", "tiktok.public_view.videos", "login page")
	})
}

// TestRedirectToOtherOrigin: a settings page that sends the browser to
// another origin stops the audit with ErrOtherOrigin; a fresh login sent
// elsewhere types no password there.
func TestRedirectToOtherOrigin(t *testing.T) {
	needBrowser(t)
	var hits atomic.Int32
	var posted atomic.Int32
	other := func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		return &trap{Site: tiktokreplica.New(p, clock), hits: &hits, posted: &posted}
	}
	r := startReplica(t, other)
	otherURL := r.host.URL(audit.Platform("trap"))
	if !strings.Contains(otherURL, "127.0.0.2") {
		t.Skipf("no second loopback address (%s)", otherURL)
	}
	r.State().SetVariants(tiktokreplica.Variants{RedirectTo: otherURL})
	c := &creds{site: r.Site}
	b := startBrowser(t, t.TempDir())
	snap, err := runAudit(t, b, r, c)
	if !errors.Is(err, platforms.ErrOtherOrigin) {
		t.Fatalf("err = %v, want ErrOtherOrigin", err)
	}
	if cov := coverage(t, snap); cov.Problem != audit.ProblemOtherOrigin || len(snap.Facts) != 0 {
		t.Errorf("coverage %+v, facts %v", cov, snap.Facts)
	}
	if posted.Load() != 0 {
		t.Errorf("%d forms were posted to the other origin", posted.Load())
	}
	if c.asked.Load() != 0 {
		t.Errorf("the password was asked for %d times for a page on another origin", c.asked.Load())
	}
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range audit.Evaluate(snap, checks, g, time.Now()).Findings {
		if f.Platform == audit.TikTok && f.Status == audit.Pass {
			t.Errorf("%s PASS from another origin", f.CheckID)
		}
	}
}

// trap is a second site on another loopback address that answers like
// TikTok's login page and counts what is posted to it.
type trap struct {
	*tiktokreplica.Site
	hits, posted *atomic.Int32
}

func (t *trap) Platform() audit.Platform { return audit.Platform("trap") }

func (t *trap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t.hits.Add(1)
	if r.Method == http.MethodPost {
		t.posted.Add(1)
	}
	t.Site.ServeHTTP(w, r)
}

// BenchmarkDemoAudit times one audit of the demo persona on a saved
// session (the login is done once, before the clock starts).
func BenchmarkDemoAudit(b *testing.B) {
	needBrowser(b)
	r := startReplica(b)
	c := &creds{site: r.Site}
	br := startBrowser(b, b.TempDir())
	if _, err := runAudit(b, br, r, c); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		snap, err := runAudit(b, br, r, c)
		if err != nil {
			b.Fatal(err)
		}
		if cov := snap.CoverageFor(audit.TikTok); cov == nil || len(cov.Missing) != 0 {
			b.Fatalf("coverage %+v", cov)
		}
	}
}
