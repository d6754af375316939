package runner

import (
	"context"
	"os"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/facebook"
	"chaperone/platforms/networks"
	"chaperone/platforms/page"
)

// TestLoginKeepsSessionForHeadlessAudits opens the login window (visible
// when there is a display, as under `make test`), lets a stand-in for the
// doctor log in there with password and authenticator code, and then checks
// that a headless audit with no saved password reuses that session.
func TestLoginKeepsSessionForHeadlessAudits(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	srv := startSandbox(t)
	opts, err := DemoOptions(srv, t.TempDir(), networks.Adapters())
	if err != nil {
		t.Fatal(err)
	}
	target := opts.Targets[0]
	fb := srv.Site(audit.Facebook).Login()
	c, err := facebook.LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	typed := make(chan error, 1)
	loginShown = func(ctx context.Context, tab *browser.Tab) {
		acct := platforms.Account{Platform: audit.Facebook, User: fb.User, Origin: target.Origin}
		typed <- page.LogInTab(ctx, tab, &c.Site, acct, fb.Password, fb.TOTPSecret, time.Now)
	}
	t.Cleanup(func() { loginShown = nil })

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := login(ctx, opts.Adapters, target, "", os.Getenv("DISPLAY") != ""); err != nil {
		select {
		case terr := <-typed:
			t.Fatalf("login: %v (typing: %v)", err, terr)
		default:
			t.Fatalf("login: %v", err)
		}
	}
	// Login returns as soon as the session exists, closing the window under
	// the typist; what matters is that the session outlives the window.

	noPassword := Options{Adapters: opts.Adapters, Targets: []Target{target}}
	snap, _, _ := run(t, noPassword)
	cov := snap.CoverageFor(audit.Facebook)
	if cov == nil || cov.Error != "" {
		t.Fatalf("headless audit after login failed: %+v", cov)
	}
	if f, _ := snap.Fact("facebook.two_factor"); f.Value != audit.On {
		t.Errorf("two factor = %q: the saved session was not used", f.Value)
	}
}

// TestLoginWindowCancelled: the doctor gives up; Login returns promptly.
func TestLoginWindowCancelled(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	srv := startSandbox(t)
	opts, err := DemoOptions(srv, t.TempDir(), networks.Adapters())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	if err := login(ctx, opts.Adapters, opts.Targets[0], "", false); err == nil {
		t.Fatal("login without anyone logging in should not succeed")
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("login took %v to give up", d)
	}
}
