package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/sandbox"
)

// Demo starts the in-process sandbox and returns targets + credentials for
// its demo persona; stop() shuts it down.
func Demo(ctx context.Context, dataDir string, adapters []platforms.Adapter) (opts Options, stop func(), err error) {
	srv := sandbox.New(sandbox.DemoPersona())
	if err := srv.Start(ctx, ""); err != nil {
		return Options{}, nil, fmt.Errorf("demo: %w", err)
	}
	opts, err = DemoOptions(srv, dataDir, adapters)
	if err != nil {
		srv.Close()
		return Options{}, nil, err
	}
	return opts, func() { srv.Close() }, nil
}

// DemoOptions points a run at a started sandbox server, with its persona's
// credentials; the demo's networks share one browser profile under
// dataDir/profiles/demo, so they are read in parallel tabs.
func DemoOptions(srv *sandbox.Server, dataDir string, adapters []platforms.Adapter) (Options, error) {
	p := srv.Persona()
	dir := filepath.Join(dataDir, "profiles", "demo")
	if err := browser.EnsureProfileDir(dir); err != nil {
		return Options{}, fmt.Errorf("demo: %w", err)
	}
	return Options{
		Adapters: adapters,
		Targets: []Target{{
			Platform: audit.Facebook, User: p.Facebook.Email, Origin: platforms.Origin(srv.URL()), ProfileDir: dir,
		}},
		Credentials: demoCredentials{p},
		// The demo's login is fictional: without a keyring it runs in a
		// temporary profile, and the progress says so.
		TemporaryIfNoKeyring: true,
	}, nil
}

// demoCredentials answers for the sandbox persona only.
type demoCredentials struct{ p *sandbox.Persona }

func (d demoCredentials) Login(_ context.Context, pl audit.Platform, user string) (string, string, error) {
	if pl != audit.Facebook || !strings.EqualFold(user, d.p.Facebook.Email) {
		return "", "", fmt.Errorf("demo: no %s account %q", pl.DisplayName(), user)
	}
	return d.p.Facebook.Password, d.p.Facebook.TOTPSecret, nil
}

// ErrLoginWindowClosed means the doctor closed the login window before the
// login finished.
var ErrLoginWindowClosed = errors.New("the login window was closed before the login finished")

// Login opens a VISIBLE Chromium on the network's own login page with the
// target's profile dir and returns when the doctor has logged in (or ctx
// ends / the window is closed).
func Login(ctx context.Context, adapters []platforms.Adapter, t Target) error {
	return login(ctx, adapters, t, "", true)
}

// loginShown, when set (by tests), is handed the login tab once the login
// page is shown: it plays the doctor at the keyboard.
var loginShown func(ctx context.Context, tab *browser.Tab)

func login(ctx context.Context, adapters []platforms.Adapter, t Target, chromium string, visible bool) error {
	a, ok := Adapter(adapters, t.Platform)
	if !ok {
		return fmt.Errorf("%s: %w", t.Platform.DisplayName(), ErrNotSupported)
	}
	site := a.Site()
	acct := platforms.Account{Platform: t.Platform, User: t.User, Origin: t.Origin}
	if acct.Origin == "" {
		acct.Origin = site.Origin
	}
	if err := platforms.CheckOrigin(acct.Origin); err != nil {
		return err
	}
	b, err := browser.Start(ctx, browser.Options{ChromiumPath: chromium, ProfileDir: t.ProfileDir, Visible: visible})
	if err != nil {
		return err
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		return err
	}
	if _, err := tab.Navigate(ctx, acct.Origin+site.LoginPath); err != nil {
		return err
	}
	if loginShown != nil {
		go loginShown(ctx, tab)
	}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-b.Done():
			return ErrLoginWindowClosed
		case <-tick.C:
		}
		done, err := a.LoggedIn(ctx, tab, acct)
		if err != nil {
			select {
			case <-b.Done():
				return ErrLoginWindowClosed
			default:
			}
			continue // a page in the middle of loading; look again
		}
		if done {
			return nil
		}
	}
}
