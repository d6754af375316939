package x_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/sandbox"
	xreplica "chaperone/platforms/sandbox/x"
	"chaperone/platforms/x"
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

// creds answers for the replica's account only.
type creds struct{ site *xreplica.Site }

func (c creds) Login(_ context.Context, p audit.Platform, user string) (string, string, error) {
	l := c.site.Login()
	if p != audit.X || !strings.EqualFold(user, l.User) {
		return "", "", fmt.Errorf("no %s account %q", p, user)
	}
	return l.Password, l.TOTPSecret, nil
}

type fixture struct {
	site *xreplica.Site
	host *sandbox.Host
	dir  string
	b    *browser.Browser
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	needBrowser(t)
	f := &fixture{dir: t.TempDir()}
	f.host = sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		f.site = xreplica.New(p, clock)
		return f.site
	})
	if err := f.host.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.host.Close() })
	f.start(t)
	return f
}

// start opens the browser on the fixture's profile.
func (f *fixture) start(t testing.TB) {
	t.Helper()
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: f.dir, TemporaryIfNoKeyring: true, StepTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f.b = b
	t.Cleanup(func() { b.Close() })
}

func (f *fixture) acct() platforms.Account {
	return platforms.Account{Platform: audit.X, User: f.site.Login().User, Origin: platforms.Origin(f.host.URL(audit.X))}
}

func (f *fixture) audit(t testing.TB, o platforms.Options) (*audit.Snapshot, *audit.Coverage, error) {
	t.Helper()
	if o.Credentials == nil {
		o.Credentials = creds{f.site}
	}
	snap, err := x.Adapter{}.Audit(context.Background(), f.b, f.acct(), o)
	if snap == nil {
		t.Fatalf("no snapshot (%v)", err)
	}
	return snap, snap.CoverageFor(audit.X), err
}

func visited(c *audit.Coverage, path string) bool {
	for _, p := range c.Pages {
		if strings.Contains(p.URL, path) {
			return true
		}
	}
	return false
}

func status(t testing.TB, snap *audit.Snapshot, checkID string) audit.Status {
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
		if f.CheckID == checkID && f.Subject == "" {
			return f.Status
		}
	}
	t.Fatalf("no finding for %s", checkID)
	return ""
}

// TestDemoAuditEndToEnd reads the demo persona's X through real Chromium:
// two-factor login from a fresh profile, every fact as the replica shows
// it, the lists and posts in full; then the saved session is reused, and a
// changed setting flips its fact and its check.
func TestDemoAuditEndToEnd(t *testing.T) {
	f := newFixture(t)
	acct := f.site.State().Account()
	start := time.Now()
	snap, cov, err := f.audit(t, platforms.Options{})
	t.Logf("first audit (log in): %v", time.Since(start).Round(time.Millisecond))
	if err != nil || cov == nil || cov.Error != "" || len(cov.Missing) != 0 {
		t.Fatalf("audit error %v, coverage %+v", err, cov)
	}
	if !visited(cov, "/i/flow/two-factor/") {
		t.Error("the first audit did not pass the two-factor step")
	}
	want := f.site.Expected()
	for id, v := range want {
		if got, ok := snap.Fact(id); !ok || got.Value != v {
			t.Errorf("%s = %q (read: %v), the replica shows %q", id, got.Value, ok, v)
		} else if got.URL == "" || got.Evidence == "" {
			t.Errorf("%s has no evidence: %+v", id, got)
		}
	}
	if len(snap.Facts) != len(want) {
		t.Errorf("%d facts read, the replica shows %d", len(snap.Facts), len(want))
	}
	kinds := map[string]int{}
	for _, c := range snap.Connections {
		kinds[c.Kind]++
		if c.Name == "" || c.Handle == "" || c.URL == "" {
			t.Errorf("bad connection %+v", c)
		}
	}
	if kinds[audit.ConnFollower] != len(acct.Followers) || kinds[audit.ConnFollowing] != len(acct.Following) {
		t.Errorf("connections %v, want %d followers and %d following", kinds, len(acct.Followers), len(acct.Following))
	}
	if len(snap.PendingRequests) != len(acct.Requests) {
		t.Errorf("requests = %d, want %d", len(snap.PendingRequests), len(acct.Requests))
	}
	for i, r := range snap.PendingRequests {
		if r.Name != acct.Requests[i].Name {
			t.Errorf("request %d = %q, want %q", i, r.Name, acct.Requests[i].Name)
		}
	}
	if len(snap.Posts) != len(acct.Posts) {
		t.Fatalf("posts = %d, want %d", len(snap.Posts), len(acct.Posts))
	}
	for i, p := range snap.Posts {
		w := acct.Posts[i]
		if p.ID != w.ID || p.Text != w.Text || !p.At.Equal(w.At) || p.Public || p.Audience != audit.AudienceFollowers {
			t.Errorf("post %d = %+v, want %+v (followers only, not public)", i, p, w)
		}
	}
	current := 0
	for _, se := range snap.Sessions {
		if se.Current {
			current++
		}
		if se.Device == "" || se.LastActive == "" || se.Location == "" {
			t.Errorf("session %+v lacks device, place or time", se)
		}
	}
	if len(snap.Sessions) != 3 || current != 1 {
		t.Errorf("sessions %d (%d current), want 3 (1)", len(snap.Sessions), current)
	}
	for id, st := range map[string]audit.Status{"x.protected": audit.Pass, "x.discover_email": audit.Warn, "x.photo_tagging": audit.Warn, "x.two_factor": audit.Pass} {
		if got := status(t, snap, id); got != st {
			t.Errorf("check %s = %s, want %s", id, got, st)
		}
	}

	// The doctor changes settings; the saved session is reused.
	for id, v := range map[string]string{"x.discover_email": audit.Off, "x.photo_tagging": "following", "x.dm_requests": "nobody", "x.two_factor_method": "sms_only"} {
		if err := f.site.Set(id, v); err != nil {
			t.Fatal(err)
		}
	}
	start = time.Now()
	snap, cov, err = f.audit(t, platforms.Options{})
	t.Logf("second audit (saved session): %v", time.Since(start).Round(time.Millisecond))
	if err != nil || len(cov.Missing) != 0 {
		t.Fatalf("second audit: %v, missing %v", err, cov.Missing)
	}
	if visited(cov, "/i/flow/login") {
		t.Error("the saved session was not reused")
	}
	for id, v := range f.site.Expected() {
		if got, _ := snap.Fact(id); got.Value != v {
			t.Errorf("after the change %s = %q, the replica shows %q", id, got.Value, v)
		}
	}
	for id, st := range map[string]audit.Status{"x.discover_email": audit.Pass, "x.photo_tagging": audit.Pass, "x.dm_requests": audit.Pass} {
		if got := status(t, snap, id); got != st {
			t.Errorf("after the change check %s = %s, want %s", id, got, st)
		}
	}
	if got := status(t, snap, "x.two_factor_method"); got == audit.Pass {
		t.Errorf("two-factor by SMS alone passes its check")
	}
}

// unknown fails unless fact id was not read and its check is UNKNOWN,
// with a reason containing why.
func unknown(t *testing.T, snap *audit.Snapshot, cov *audit.Coverage, id, why string) {
	t.Helper()
	if f, ok := snap.Fact(id); ok {
		t.Errorf("%s read as %q, want it not read", id, f.Value)
	}
	if got := cov.Missing[id]; !strings.Contains(got, why) {
		t.Errorf("%s missing reason %q, want it to say %q", id, got, why)
	}
	if hasCheck(t, id) {
		if st := status(t, snap, id); st != audit.Unknown {
			t.Errorf("check %s = %s, want UNKNOWN", id, st)
		}
	}
}

// hasCheck reports whether a check of that ID ships (list counts have
// none of their own).
func hasCheck(t *testing.T, id string) bool {
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

// TestDriftGivesUnknown: every way the site can change under the adapter
// gives UNKNOWN with a reason, never a value.
func TestDriftGivesUnknown(t *testing.T) {
	f := newFixture(t)
	st := f.site.State()
	if _, cov, err := f.audit(t, platforms.Options{}); err != nil || len(cov.Missing) != 0 {
		t.Fatalf("baseline: %v %v", err, cov.Missing)
	}

	t.Run("renamed label", func(t *testing.T) {
		if !f.site.RenameLabel("Protect your posts", "Keep your posts to followers") {
			t.Fatal("rename")
		}
		defer f.site.RenameLabel("Keep your posts to followers", "Protect your posts")
		snap, cov, _ := f.audit(t, platforms.Options{})
		unknown(t, snap, cov, "x.protected", "was not found")
		if f, _ := snap.Fact("x.protect_videos"); f.Value != audit.Off {
			t.Errorf("the row beside the renamed one = %q", f.Value)
		}
	})
	t.Run("A/B layout reads the same", func(t *testing.T) {
		st.SetLayout(xreplica.LayoutLabelledBy)
		defer st.SetLayout(xreplica.LayoutLabel)
		snap, cov, _ := f.audit(t, platforms.Options{})
		if len(cov.Missing) != 0 {
			t.Errorf("missing on the B layout: %v", cov.Missing)
		}
		for id, v := range f.site.Expected() {
			if got, _ := snap.Fact(id); got.Value != v {
				t.Errorf("B layout: %s = %q, want %q", id, got.Value, v)
			}
		}
	})
	t.Run("controls without name or state", func(t *testing.T) {
		st.SetLayout(xreplica.LayoutUnnamed)
		defer st.SetLayout(xreplica.LayoutLabel)
		snap, cov, _ := f.audit(t, platforms.Options{})
		for _, id := range []string{"x.protected", "x.discover_email", "x.two_factor", "x.password_reset_protect"} {
			unknown(t, snap, cov, id, "no value")
		}
		unknown(t, snap, cov, "x.photo_tagging", "no value")
		unknown(t, snap, cov, "x.dm_requests", "several values")
	})
	t.Run("photo tagging radios without names", func(t *testing.T) {
		// The checkbox keeps its label; only the radios lose theirs.
		if !f.site.RenameLabel("Anyone can tag you", "") {
			t.Fatal("rename")
		}
		defer f.site.RenameLabel("", "Anyone can tag you")
		snap, cov, _ := f.audit(t, platforms.Options{})
		unknown(t, snap, cov, "x.photo_tagging", "could not be read")
	})
	t.Run("list shorter than its count", func(t *testing.T) {
		st.DropFromLists(2)
		defer st.DropFromLists(0)
		snap, cov, _ := f.audit(t, platforms.Options{})
		unknown(t, snap, cov, "x.followers", "not read in full")
		if _, ok := snap.Fact("x.following"); ok {
			t.Error("the short following list was read as whole")
		}
	})
	t.Run("login wall on the public view", func(t *testing.T) {
		st.LoginWall(true)
		defer st.LoginWall(false)
		snap, cov, _ := f.audit(t, platforms.Options{})
		unknown(t, snap, cov, "x.public_view.posts", "log in")
		if _, ok := snap.Fact("x.public_view.name"); ok {
			t.Error("a name was read behind a login wall")
		}
	})
	t.Run("public posts shown", func(t *testing.T) {
		if err := f.site.Set("x.protected", audit.Off); err != nil {
			t.Fatal(err)
		}
		defer f.site.Set("x.protected", audit.On)
		snap, cov, _ := f.audit(t, platforms.Options{})
		if got, _ := snap.Fact("x.public_view.posts"); got.Value != audit.Visible || len(cov.Missing) != 0 {
			t.Errorf("public posts = %q (missing %v), want visible", got.Value, cov.Missing)
		}
		public := 0
		for _, p := range snap.Posts {
			if p.Public {
				public++
			}
		}
		if public != len(st.Account().Posts) {
			t.Errorf("%d posts marked public, want all %d", public, len(st.Account().Posts))
		}
		if got := status(t, snap, "x.protected"); got != audit.Warn {
			t.Errorf("unprotected check = %s, want WARN", got)
		}
	})
	t.Run("switched to another account", func(t *testing.T) {
		st.SwitchAccount(true)
		defer st.SwitchAccount(false)
		snap, cov, err := f.audit(t, platforms.Options{})
		if !errors.Is(err, x.ErrOtherAccount) || len(snap.Facts) != 0 || !strings.Contains(cov.Error, "@MillLaneSurgery") {
			t.Fatalf("err %v, %d facts, coverage error %q; want the other account refused and nothing read", err, len(snap.Facts), cov.Error)
		}
		if why := cov.Missing["x.protected"]; !strings.Contains(why, "another X account") {
			t.Errorf("x.protected missing because %q", why)
		}
	})
}

// hostile records everything sent to it.
type hostile struct {
	mu   sync.Mutex
	seen []string
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	h.mu.Lock()
	h.seen = append(h.seen, r.URL.String()+" "+string(b))
	h.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<!doctype html><html lang="en"><body><main role="main"><form method="post" action="/i/flow/login">
<label><span>Phone, email, or username</span><input name="text"></label><label><span>Password</span><input type="password" name="password"></label><button>Log in</button></form>
<label><span>Let people who have your email address find you on X</span><input type="checkbox"></label></main></body></html>`)
}

func (h *hostile) got(s string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, x := range h.seen {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// TestRedirectToAnotherOrigin: a page or the login form sent to
// 127.0.0.2 stops the audit with ErrOtherOrigin; no password leaves.
func TestRedirectToAnotherOrigin(t *testing.T) {
	f := newFixture(t)
	evil := &hostile{}
	srv := &http.Server{Handler: evil, ReadHeaderTimeout: 5 * time.Second}
	ln, err := listen("127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 here: %v", err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	other := "http://" + ln.Addr().String()

	// A settings page moves elsewhere after the login.
	f.site.State().Redirect("/settings/contacts", other+"/settings/contacts")
	snap, cov, err := f.audit(t, platforms.Options{})
	if !errors.Is(err, platforms.ErrOtherOrigin) || cov.Problem != audit.ProblemOtherOrigin {
		t.Fatalf("err %v (problem %q), want ErrOtherOrigin", err, cov.Problem)
	}
	if _, ok := snap.Fact("x.discover_email"); ok {
		t.Error("a fact was read from another origin")
	}
	f.site.State().Redirect("/settings/contacts", "")

	// A fresh profile: the login page itself is elsewhere.
	f.b.Close()
	f.dir = t.TempDir()
	f.start(t)
	f.site.State().Redirect("/i/flow/login", other+"/i/flow/login")
	_, _, err = f.audit(t, platforms.Options{})
	if !errors.Is(err, platforms.ErrOtherOrigin) {
		t.Fatalf("login redirected elsewhere: err %v, want ErrOtherOrigin", err)
	}
	if evil.got(f.site.Login().Password) {
		t.Fatal("the password reached the other origin")
	}
}
