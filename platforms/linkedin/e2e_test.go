package linkedin

import (
	"context"
	"errors"
	"io"
	"net"
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
	linkedinreplica "chaperone/platforms/sandbox/linkedin"
)

func needBrowser(t testing.TB) {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("browser test skipped (-short or CHAPERONE_SKIP_BROWSER=1)")
	}
	if _, err := browser.FindChromium(""); err != nil {
		t.Fatal(err)
	}
}

// creds answers with the replica's login, and counts the times it was
// asked.
type creds struct {
	site *linkedinreplica.Site
	mu   sync.Mutex
	n    int
}

func (c *creds) Login(_ context.Context, p audit.Platform, user string) (string, string, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	l := c.site.Login()
	if p != audit.LinkedIn || !strings.EqualFold(user, l.User) {
		return "", "", errors.New("no such account")
	}
	return l.Password, l.TOTPSecret, nil
}

// fixture is one replica on 127.0.0.1 and one browser for a test.
type fixture struct {
	site *linkedinreplica.Site
	host *sandbox.Host
	b    *browser.Browser
	acct platforms.Account
	cr   *creds
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	needBrowser(t)
	f := &fixture{}
	f.host = sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		f.site = linkedinreplica.New(p, clock)
		return f.site
	})
	if err := f.host.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.host.Close() })
	b, err := browser.Start(context.Background(), browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	f.b = b
	f.acct = platforms.Account{Platform: audit.LinkedIn, User: f.site.Login().User, Origin: platforms.Origin(f.host.URL(audit.LinkedIn))}
	f.cr = &creds{site: f.site}
	return f
}

func (f *fixture) audit(t testing.TB) (*audit.Snapshot, *audit.Coverage, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	progress := func(step string, _ float64) { t.Logf("%6.2fs %s", time.Since(start).Seconds(), step) }
	snap, err := Adapter{}.Audit(ctx, f.b, f.acct, platforms.Options{Credentials: f.cr, Progress: progress})
	if snap == nil {
		t.Fatalf("no snapshot (%v)", err)
	}
	cov := snap.CoverageFor(audit.LinkedIn)
	if cov == nil {
		t.Fatal("no coverage")
	}
	return snap, cov, err
}

func visited(c *audit.Coverage, path string) bool {
	for _, p := range c.Pages {
		if strings.Contains(p.URL, path) {
			return true
		}
	}
	return false
}

// status is a check's verdict under the default guideline.
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
	for _, f := range audit.Evaluate(snap, checks, g, time.Now()).Findings {
		if f.CheckID == checkID && f.Platform == audit.LinkedIn && f.Subject == "" {
			return f.Status
		}
	}
	t.Fatalf("no finding for %s", checkID)
	return ""
}

// honest fails when a fact was read with a value the replica does not
// show, and returns the facts that were read.
func honest(t *testing.T, snap *audit.Snapshot, want map[string]string) {
	t.Helper()
	for id, f := range snap.Facts {
		if w, ok := want[id]; !ok || f.Value != w {
			t.Errorf("%s read as %q, the replica shows %q (shown: %v)", id, f.Value, w, ok)
		}
	}
}

// TestDemoAudit audits the demo persona end to end: two-step login from a
// fresh profile, every fact as the replica shows it, the lists in full,
// then the saved session reused and a changed setting flipping its check.
func TestDemoAudit(t *testing.T) {
	f := newFixture(t)
	acct := f.site.State().Account()
	snap, cov, err := f.audit(t)
	if err != nil || cov.Error != "" || len(cov.Missing) != 0 {
		t.Fatalf("audit: %v; coverage error %q, missing %v", err, cov.Error, cov.Missing)
	}
	want := f.site.Expected()
	for id, w := range want {
		if got, ok := snap.Fact(id); !ok || got.Value != w {
			t.Errorf("%s = %q (read %v), the replica shows %q", id, got.Value, ok, w)
		} else if got.URL == "" || got.Evidence == "" || got.At.IsZero() {
			t.Errorf("%s: no evidence: %+v", id, got)
		}
	}
	if len(snap.Facts) != len(want) {
		t.Errorf("%d facts read, the replica shows %d", len(snap.Facts), len(want))
	}
	if !visited(cov, "/checkpoint/challenge/") {
		t.Error("the first audit did not pass two-step verification")
	}
	if len(snap.Connections) != len(acct.Connections) {
		t.Errorf("connections = %d, want %d", len(snap.Connections), len(acct.Connections))
	}
	names := map[string]bool{}
	for _, c := range snap.Connections {
		if c.Name == "" || c.URL == "" || strings.Contains(c.Name, "Member") {
			t.Errorf("bad connection %+v", c)
		}
		names[c.Name] = true
	}
	for _, p := range acct.Connections {
		if !names[p.Name] {
			t.Errorf("connection %s not read", p.ID)
		}
	}
	if len(snap.PendingRequests) != len(acct.Invitations) {
		t.Errorf("invitations = %d, want %d", len(snap.PendingRequests), len(acct.Invitations))
	}
	for i, r := range snap.PendingRequests {
		if r.Kind != audit.ConnRequest || r.Name != acct.Invitations[i].Name || r.Mutual != acct.Invitations[i].Mutual {
			t.Errorf("invitation %d = %+v", i, r)
		}
	}
	if len(snap.Posts) != len(acct.Posts) {
		t.Fatalf("posts = %d, want %d", len(snap.Posts), len(acct.Posts))
	}
	for i, p := range snap.Posts {
		w := acct.Posts[i]
		if p.ID != w.ID || p.Text != w.Text || p.Audience != w.Audience || !p.At.Equal(w.At) {
			t.Errorf("post %d differs: id %s/%s audience %s/%s at %v/%v", i, p.ID, w.ID, p.Audience, w.Audience, p.At, w.At)
		}
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
	if len(snap.Sessions) != len(acct.Sessions) || current != 1 {
		t.Errorf("sessions = %d (%d current), want %d (1)", len(snap.Sessions), current, len(acct.Sessions))
	}
	if st := status(t, snap, "linkedin.discover_email"); st != audit.Fail {
		t.Errorf("discover by email = %s with Anyone, want FAIL", st)
	}
	if st := status(t, snap, "linkedin.public_view.contact"); st != audit.Warn {
		t.Errorf("public contact details = %s with an email address shown, want WARN", st)
	}

	// The doctor narrows discovery and takes the email address off the
	// About section; the saved session is used, no login.
	asked := f.cr.n
	if err := f.site.Set(linkedinreplica.FactDiscoverEmail, "nobody"); err != nil {
		t.Fatal(err)
	}
	if err := f.site.Set(linkedinreplica.FactPublicContact, audit.Hidden); err != nil {
		t.Fatal(err)
	}
	snap, cov, err = f.audit(t)
	if err != nil || len(cov.Missing) != 0 {
		t.Fatalf("second audit: %v, missing %v", err, cov.Missing)
	}
	if visited(cov, "/login") || f.cr.n != asked {
		t.Error("the saved session was not reused")
	}
	honest(t, snap, f.site.Expected())
	if st := status(t, snap, "linkedin.discover_email"); st != audit.Pass {
		t.Errorf("discover by email = %s with Nobody, want PASS", st)
	}
	if st := status(t, snap, "linkedin.public_view.contact"); st != audit.Pass {
		t.Errorf("public contact details = %s with none shown, want PASS", st)
	}
}

// TestDriftIsUnknown: a renamed label, a switch without its accessible
// name, the other layout of the settings list, a connections list shorter
// than its count and the authwall on the public profile: each fact it
// touches is missing with the reason, the rest read right, nothing
// guessed.
func TestDriftIsUnknown(t *testing.T) {
	f := newFixture(t)
	st := f.site.State()
	if !f.site.RenameLabel("Profile viewing options", "How others see you when you view their profile") {
		t.Fatal("rename failed")
	}
	if !st.Unname("Connection visibility") {
		t.Fatal("unname failed")
	}
	if err := st.SetVariant("b"); err != nil {
		t.Fatal(err)
	}
	st.DropConnections(3)
	st.SetAuthwall(true)
	snap, cov, err := f.audit(t)
	if err != nil || cov.Error != "" {
		t.Fatalf("audit: %v (%s)", err, cov.Error)
	}
	honest(t, snap, f.site.Expected())
	for id, why := range map[string]string{
		"linkedin.profile_viewing":     "was not found on",
		"linkedin.connections_visible": "was not found on",
		"linkedin.connections":         "not read in full",
		"linkedin.public_view.name":    "login page",
		"linkedin.public_view.contact": "login page",
	} {
		if got := cov.Missing[id]; !strings.Contains(got, why) {
			t.Errorf("%s missing %q, want a reason with %q", id, got, why)
		}
		if _, ok := snap.Fact(id); ok {
			t.Errorf("%s was read", id)
		}
	}
	for _, id := range []string{"linkedin.email_visible", "linkedin.discover_phone", "linkedin.followers", "linkedin.active_status", "linkedin.two_factor"} {
		if _, ok := snap.Fact(id); !ok {
			t.Errorf("%s not read from the B layout: %s", id, cov.Missing[id])
		}
	}
	for _, id := range []string{"linkedin.profile_viewing", "linkedin.connections_visible", "linkedin.public_view.contact"} {
		if s := status(t, snap, id); s != audit.Unknown {
			t.Errorf("%s = %s, want UNKNOWN", id, s)
		}
	}
}

// hostile is another origin (127.0.0.2) that records what reaches it.
type hostile struct {
	mu   sync.Mutex
	seen []string
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	h.mu.Lock()
	h.seen = append(h.seen, r.URL.String()+" "+string(body))
	h.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, `<!doctype html><html lang="en"><body><main><form method="post" action="/login"><label for="u">Email or phone</label><input id="u" name="u"><label for="p">Password</label><input id="p" type="password" name="p"><button aria-label="Sign in">Sign in</button></form></main></body></html>`)
}

// TestOtherOriginSendsNothing: the settings pages redirect to another
// origin after a fresh login; the audit stops with ErrOtherOrigin and the
// password never reaches the other site.
func TestOtherOriginSendsNothing(t *testing.T) {
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	evil := &hostile{}
	srv := &http.Server{Handler: evil, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	f.site.State().RedirectSettings("http://" + ln.Addr().String())
	snap, cov, err := f.audit(t)
	if !errors.Is(err, platforms.ErrOtherOrigin) || cov.Problem != audit.ProblemOtherOrigin {
		t.Fatalf("audit error %v (problem %q), want ErrOtherOrigin", err, cov.Problem)
	}
	for id := range snap.Facts {
		if strings.HasPrefix(id, "linkedin.public_view") || id == "linkedin.email_visible" {
			t.Errorf("%s read after the redirect", id)
		}
	}
	pw := f.site.Login().Password
	evil.mu.Lock()
	defer evil.mu.Unlock()
	if len(evil.seen) == 0 {
		t.Error("the redirect never reached the other origin: the test proves nothing")
	}
	for _, s := range evil.seen {
		if strings.Contains(s, pw) {
			t.Fatal("the password reached the other origin")
		}
	}
}

// TestAccountPicker: a remembered browser whose session ended meets the
// "Welcome back" picker; the adapter takes the plain form and signs in.
// With a changed picker (a colleague's card, other words) it stops with a
// login error, reads nothing and chooses no card.
func TestAccountPicker(t *testing.T) {
	f := newFixture(t)
	if _, cov, err := f.audit(t); err != nil || len(cov.Missing) != 0 {
		t.Fatalf("first audit: %v %v", err, cov.Missing)
	}
	f.site.State().ExpireSessions(time.Now())
	asked := f.cr.n
	snap, cov, err := f.audit(t)
	if err != nil || len(cov.Missing) != 0 {
		t.Fatalf("audit through the picker: %v %v", err, cov.Missing)
	}
	if f.cr.n == asked || !visited(cov, "/checkpoint/challenge/") {
		t.Error("did not sign in again through the plain form")
	}
	honest(t, snap, f.site.Expected())

	f.site.State().ExpireSessions(time.Now())
	f.site.State().SetPicker("changed")
	snap, cov, err = f.audit(t)
	if !errors.Is(err, platforms.ErrLoginFailed) || !strings.Contains(cov.Error, "picker") {
		t.Fatalf("changed picker: error %v (coverage %q), want a login failure naming the picker", err, cov.Error)
	}
	if len(snap.Facts) != 0 {
		t.Errorf("%d facts read behind a picker", len(snap.Facts))
	}
	if len(cov.Missing) == 0 {
		t.Error("no fact is missing")
	}
	if picks := f.site.State().Picks(); len(picks) != 0 {
		t.Errorf("the adapter chose an account on the picker: %v", picks)
	}
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	res := audit.Evaluate(snap, checks, g, time.Now())
	for _, fd := range res.Findings {
		if fd.Platform == audit.LinkedIn && fd.Status == audit.Pass {
			t.Errorf("%s PASS behind the picker", fd.CheckID)
		}
	}
	if na := res.NotAudited(); len(na) != 1 || na[0].Problem != audit.ProblemLogin {
		t.Errorf("not audited %+v, want LinkedIn with a login problem", na)
	}
}

// BenchmarkDemoAudit is one audit of the demo persona on its saved
// session (the first, logging in, is outside the timing).
func BenchmarkDemoAudit(b *testing.B) {
	f := newFixture(b)
	if _, _, err := f.audit(b); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, cov, err := f.audit(b); err != nil || len(cov.Missing) != 0 {
			b.Fatalf("audit: %v %v", err, cov.Missing)
		}
	}
}
