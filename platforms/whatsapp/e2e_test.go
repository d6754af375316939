package whatsapp_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/sandbox"
	whatsappreplica "chaperone/platforms/sandbox/whatsapp"
	"chaperone/platforms/whatsapp"
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

// fixture is one replica served for a test, and the site as the host
// serves it (wrapped, so a test can send the browser elsewhere).
type fixture struct {
	host *sandbox.Host
	site *whatsappreplica.Site
	wrap *redirecting
}

// redirecting is the replica, or, once to is set, a redirect of every
// page to another origin.
type redirecting struct {
	*whatsappreplica.Site
	to string
}

func (r *redirecting) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if r.to != "" {
		http.Redirect(w, req, r.to+req.URL.RequestURI(), http.StatusFound)
		return
	}
	r.Site.ServeHTTP(w, req)
}

// serve starts the demo persona's WhatsApp in a layout variant, the phone
// at hand or not.
func serve(t testing.TB, variant string, atHand bool) *fixture {
	t.Helper()
	f := &fixture{}
	f.host = sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		f.site = whatsappreplica.NewFromAccount(whatsappreplica.DemoAccount(p), variant, clock)
		f.site.Phone().SetAtHand(atHand)
		f.wrap = &redirecting{Site: f.site}
		return f.wrap
	})
	if err := f.host.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.host.Close() })
	return f
}

// elsewhere serves a look-alike page on 127.0.0.2, another origin.
func elsewhere(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this computer: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="en"><title>WhatsApp</title><body><div aria-label="Chat list" role="grid">Steps to log in</div></body></html>`))
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func (f *fixture) origin() string { return platforms.Origin(f.host.URL(audit.WhatsApp)) }

// run audits the replica in a browser on profile dir ("" for a temporary
// one).
func (f *fixture) run(t testing.TB, dir string) (*audit.Snapshot, error, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b, err := browser.Start(ctx, browser.Options{ProfileDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acct := platforms.Account{Platform: audit.WhatsApp, User: f.site.Login().User, Origin: f.origin()}
	start := time.Now()
	snap, err := whatsapp.Adapter{}.Audit(ctx, b, acct, platforms.Options{Progress: func(step string, _ float64) {
		if testing.Verbose() {
			t.Logf("%6.2fs %s", time.Since(start).Seconds(), step)
		}
	}})
	return snap, err, time.Since(start)
}

// wantMissingOnlyPhone holds the coverage to: no error, and nothing
// missing but the facts only the phone shows, each with where to look.
func wantMissingOnlyPhone(t *testing.T, snap *audit.Snapshot, site *whatsappreplica.Site) {
	t.Helper()
	cov := snap.CoverageFor(audit.WhatsApp)
	if cov == nil || cov.Error != "" {
		t.Fatalf("coverage %+v", cov)
	}
	notShown := site.NotShown()
	for id, why := range cov.Missing {
		words, ok := notShown[id]
		if !ok {
			t.Errorf("%s missing: %s", id, why)
			continue
		}
		if !strings.Contains(why, words) {
			t.Errorf("%s missing with %q, want the words %q", id, why, words)
		}
	}
	for id := range notShown {
		if _, ok := cov.Missing[id]; !ok {
			t.Errorf("%s not reported as set on the phone", id)
		}
		if f, ok := snap.Fact(id); ok {
			t.Errorf("%s read as %q from WhatsApp Web, which does not show it", id, f.Value)
		}
	}
}

func wantFacts(t *testing.T, snap *audit.Snapshot, want map[string]string) {
	t.Helper()
	for id, v := range want {
		if f, ok := snap.Fact(id); !ok || f.Value != v {
			t.Errorf("%s = %q (read: %v), the replica shows %q", id, f.Value, ok, v)
		}
	}
}

// TestDemoAudit links a fresh profile by QR code (the demo's phone scans),
// reads every fact, list and post of both layouts, then audits again on
// the saved link with the phone put away.
func TestDemoAudit(t *testing.T) {
	needBrowser(t)
	for _, variant := range []string{"rail", "menu"} {
		t.Run(variant, func(t *testing.T) {
			f := serve(t, variant, true)
			dir := filepath.Join(t.TempDir(), "profile")
			if err := browser.EnsureProfileDir(dir); err != nil {
				t.Fatal(err)
			}
			snap, err, d := f.run(t, dir)
			if err != nil {
				t.Fatalf("audit: %v", err)
			}
			t.Logf("%s: audit with linking %v", variant, d.Round(time.Millisecond))
			wantMissingOnlyPhone(t, snap, f.site)
			wantFacts(t, snap, f.site.Expected())
			a := f.site.State().Account()
			people, watch := 0, 0
			for _, c := range a.Chats {
				if !c.Group {
					people++
				}
			}
			for _, c := range snap.Connections {
				if c.Platform != audit.WhatsApp || c.Kind != "contact" {
					t.Errorf("connection %+v", c)
				}
				if c.Name == "Maggie Thornton" || c.Name == "Steve Aldridge" || c.Name == "Dan Whitcombe" {
					watch++
				}
			}
			if len(snap.Connections) != people || watch != 3 {
				t.Errorf("%d connections (%d planted), want %d (3)", len(snap.Connections), watch, people)
			}
			var texts []string
			for _, p := range snap.Posts {
				texts = append(texts, p.Text)
			}
			if len(snap.Posts) != 1+len(a.Statuses) || !strings.Contains(strings.Join(texts, "\n"), "NHS number 943 476 5919") || snap.Posts[0].Text != a.About {
				t.Errorf("posts = %q", texts)
			}

			// The link stays in the profile: the phone is not needed again.
			f.site.Phone().SetAtHand(false)
			snap, err, d = f.run(t, dir)
			if err != nil {
				t.Fatalf("audit on the saved link: %v", err)
			}
			t.Logf("%s: audit on the saved link %v", variant, d.Round(time.Millisecond))
			wantMissingOnlyPhone(t, snap, f.site)
			wantFacts(t, snap, f.site.Expected())
		})
	}
}

// TestSettingChangeFlipsCheck: a setting changed on the phone changes the
// fact and its check's status.
func TestSettingChangeFlipsCheck(t *testing.T) {
	needBrowser(t)
	f := serve(t, "rail", true)
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := audit.NewCatalogue(checks)
	if err != nil {
		t.Fatal(err)
	}
	status := func(snap *audit.Snapshot, id string) audit.Status {
		c, ok := cat.ByID(id)
		if !ok {
			t.Fatalf("no check %s", id)
		}
		fs := c.Run(snap, audit.WhatsApp)
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings", id, len(fs))
		}
		return fs[0].Status
	}
	dir := filepath.Join(t.TempDir(), "profile")
	if err := browser.EnsureProfileDir(dir); err != nil {
		t.Fatal(err)
	}
	snap, err, _ := f.run(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := status(snap, "whatsapp.last_seen"); got != audit.Warn {
		t.Errorf("last seen Everyone: %s, want WARN", got)
	}
	if got := status(snap, "whatsapp.groups"); got != audit.Warn {
		t.Errorf("groups Everyone: %s, want WARN", got)
	}
	if got := status(snap, "whatsapp.two_factor"); got != audit.Unknown {
		t.Errorf("two-step verification from the web: %s, want UNKNOWN", got)
	}
	for fact, v := range map[string]string{"whatsapp.last_seen": audit.AudienceNobody, "whatsapp.groups": audit.AudienceContacts, "whatsapp.online": "everyone"} {
		if err := f.site.Set(fact, v); err != nil {
			t.Fatal(err)
		}
	}
	snap, err, _ = f.run(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	wantFacts(t, snap, f.site.Expected())
	if got := status(snap, "whatsapp.last_seen"); got != audit.Pass {
		t.Errorf("last seen Nobody: %s, want PASS", got)
	}
	if got := status(snap, "whatsapp.groups"); got != audit.Pass {
		t.Errorf("groups My contacts: %s, want PASS", got)
	}
}

// TestNeedsThePhone: a browser that is not linked, with the phone put
// away, stops soon with a reason that says the phone is needed; a link the
// phone ended says so. Nothing is read, so nothing passes.
func TestNeedsThePhone(t *testing.T) {
	needBrowser(t)
	f := serve(t, "rail", false)
	snap, err, d := f.run(t, "")
	if !errors.Is(err, whatsapp.ErrNeedsPhone) || !errors.Is(err, platforms.ErrLoginRequired) {
		t.Fatalf("audit without the phone: %v, want ErrNeedsPhone", err)
	}
	if d > 40*time.Second {
		t.Errorf("took %v to say the phone is needed", d)
	}
	cov := snap.CoverageFor(audit.WhatsApp)
	if cov == nil || !strings.Contains(cov.Error, "scan the QR code with your phone") || cov.Problem != audit.ProblemLogin {
		t.Errorf("coverage %+v", cov)
	}
	if len(snap.Facts) != 0 || cov.Missing["whatsapp.last_seen"] == "" {
		t.Errorf("facts %v, missing %v", snap.Facts, cov.Missing)
	}

	// Linked once, then logged out from the phone: the link has ended.
	dir := filepath.Join(t.TempDir(), "profile")
	if err := browser.EnsureProfileDir(dir); err != nil {
		t.Fatal(err)
	}
	f.site.Phone().SetAtHand(true)
	if _, err, _ := f.run(t, dir); err != nil {
		t.Fatal(err)
	}
	f.site.Phone().SetAtHand(false)
	f.site.Phone().LogOutAll()
	_, err, _ = f.run(t, dir)
	if !errors.Is(err, whatsapp.ErrLinkEnded) {
		t.Fatalf("audit after the phone logged the browser out: %v, want ErrLinkEnded", err)
	}
}

// settingsFacts are every fact read in Settings.
var settingsFacts = []string{
	"whatsapp.last_seen", "whatsapp.profile_photo", "whatsapp.about", "whatsapp.links", "whatsapp.groups",
	"whatsapp.read_receipts", "whatsapp.default_timer", "whatsapp.online", "whatsapp.status",
	"whatsapp.silence_unknown_callers", "whatsapp.block_unknown_messages", "whatsapp.disable_link_previews",
}

// TestDriftIsUnknown: each change of the page makes what it touches
// UNKNOWN with a reason, never a guess.
func TestDriftIsUnknown(t *testing.T) {
	needBrowser(t)
	for _, tc := range []struct {
		name    string
		change  func(f *fixture)
		missing []string // facts that must be missing
		err     error    // the network stops with this
		words   string   // in the reason
	}{
		{"renamed label", func(f *fixture) { f.site.RenameLabel("Profile photo", "Profile picture visibility") },
			[]string{"whatsapp.profile_photo"}, nil, "Profile photo"},
		{"renamed sub-panel", func(f *fixture) { f.site.RenameLabel("Last seen and online", "Online activity") },
			[]string{"whatsapp.last_seen", "whatsapp.online"}, nil, "Last seen and online"},
		{"icon button loses its name", func(f *fixture) { f.site.State().Unname("Settings") },
			settingsFacts, nil, "Settings"},
		{"chat list shorter than its count", func(f *fixture) { f.site.State().SetShortList(true) },
			[]string{"whatsapp.connections", "whatsapp.group_chats", "whatsapp.clinical_groups"}, nil, "was not read in full"},
		{"other window, button renamed", func(f *fixture) {
			f.site.State().SetOtherWindow(true)
			f.site.RenameLabel("Use here", "Use in this window")
		}, nil, platforms.ErrPageChanged, "Use here"},
		{"redirect to another origin", func(f *fixture) { f.wrap.to = elsewhere(t) }, nil, platforms.ErrOtherOrigin, "127.0.0.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := serve(t, "rail", true)
			tc.change(f)
			snap, err, _ := f.run(t, "")
			cov := snap.CoverageFor(audit.WhatsApp)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || !strings.Contains(cov.Error, tc.words) {
					t.Fatalf("err %v (coverage %q), want %v saying %q", err, cov.Error, tc.err, tc.words)
				}
				if len(snap.Facts) != 0 {
					t.Errorf("facts read anyway: %v", snap.Facts)
				}
				return
			}
			if err != nil {
				t.Fatalf("audit: %v", err)
			}
			for _, id := range tc.missing {
				why := cov.Missing[id]
				if _, read := snap.Fact(id); read || !strings.Contains(why, tc.words) {
					t.Errorf("%s: read %v, missing %q (want the words %q)", id, read, why, tc.words)
				}
			}
			// Everything else is still read right.
			exp := f.site.Expected()
			for _, id := range tc.missing {
				delete(exp, id)
			}
			wantFacts(t, snap, exp)
		})
	}
}

// TestLoggedInWhileThePhoneScans is the login window's view: the QR page
// is not logged in; once the phone scans the code shown, it is.
func TestLoggedInWhileThePhoneScans(t *testing.T) {
	needBrowser(t)
	f := serve(t, "rail", false)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := browser.Start(ctx, browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	a := whatsapp.Adapter{}
	acct := platforms.Account{Platform: audit.WhatsApp, User: f.site.Login().User, Origin: f.origin()}
	if _, err := tab.Navigate(ctx, f.origin()+a.Site().LoginPath); err != nil {
		t.Fatal(err)
	}
	if in, err := a.LoggedIn(ctx, tab, acct); err != nil || in {
		t.Fatalf("QR page logged in = %v, %v", in, err)
	}
	ref, err := browser.Eval[string](ctx, tab, "reading the code", `document.querySelector('[data-ref]').getAttribute('data-ref')`)
	if err != nil || !f.site.Phone().Scan(ref) {
		t.Fatalf("the phone could not scan %q: %v", ref, err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		in, err := a.LoggedIn(ctx, tab, acct)
		if err == nil && in {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not logged in after the scan: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// BenchmarkDemoAudit is one audit of the demo's WhatsApp on a saved link.
func BenchmarkDemoAudit(b *testing.B) {
	needBrowser(b)
	f := serve(b, "rail", true)
	dir := filepath.Join(b.TempDir(), "profile")
	if err := browser.EnsureProfileDir(dir); err != nil {
		b.Fatal(err)
	}
	if _, err, _ := f.run(b, dir); err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	n := 0
	for b.Loop() {
		_, err, d := f.run(b, dir)
		if err != nil {
			b.Fatal(err)
		}
		total += d
		n++
	}
	b.ReportMetric(total.Seconds()/float64(n), "audit-s")
}
