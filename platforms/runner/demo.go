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

// Demo starts the in-process sandbox, one replica site per network (each
// on its own loopback origin), and returns targets and credentials for its
// demo accounts; stop() shuts it down.
func Demo(ctx context.Context, dataDir string, adapters []platforms.Adapter, sites []sandbox.NewSite) (opts Options, stop func(), err error) {
	srv := sandbox.NewHost(sandbox.DemoPersona(), sites...)
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

// DemoOptions points a run at a started sandbox host, with its sites' demo
// logins. The demo's networks share one browser profile under
// dataDir/profiles/demo (each site has its own origin, so their cookies do
// not mix), and so are read in parallel tabs.
func DemoOptions(srv *sandbox.Host, dataDir string, adapters []platforms.Adapter) (Options, error) {
	dir := filepath.Join(dataDir, "profiles", "demo")
	if err := browser.EnsureProfileDir(dir); err != nil {
		return Options{}, fmt.Errorf("demo: %w", err)
	}
	// The demo's login is fictional: without a keyring it runs in a
	// temporary profile, and the progress says so.
	opts := Options{Adapters: adapters, Credentials: demoCredentials{srv}, TemporaryIfNoKeyring: true}
	for _, site := range srv.Sites() {
		pl := site.Platform()
		opts.Targets = append(opts.Targets, Target{
			Platform: pl, User: site.Login().User, Origin: platforms.Origin(srv.URL(pl)), ProfileDir: dir,
		})
	}
	return opts, nil
}

// demoCredentials answers for the sandbox sites' demo accounts only.
type demoCredentials struct{ h *sandbox.Host }

func (d demoCredentials) Login(_ context.Context, pl audit.Platform, user string) (string, string, error) {
	site := d.h.Site(pl)
	if site == nil || !strings.EqualFold(user, site.Login().User) {
		return "", "", fmt.Errorf("demo: no %s account %q", pl.DisplayName(), user)
	}
	l := site.Login()
	return l.Password, l.TOTPSecret, nil
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
