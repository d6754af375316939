package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/facebook"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
)

// Demo starts the in-process sandbox and returns targets + credentials for
// its demo persona; stop() shuts it down.
func Demo(ctx context.Context, dataDir string) (opts Options, stop func(), err error) {
	srv := sandbox.NewHost(sandbox.DemoPersona(), fbreplica.NewSite)
	if err := srv.Start(ctx, ""); err != nil {
		return Options{}, nil, fmt.Errorf("demo: %w", err)
	}
	opts, err = DemoOptions(srv, dataDir)
	if err != nil {
		srv.Close()
		return Options{}, nil, err
	}
	return opts, func() { srv.Close() }, nil
}

// DemoOptions points a run at a started sandbox host, with its sites' demo
// logins; each site's browser profile lives under
// dataDir/profiles/demo-<platform>.
func DemoOptions(srv *sandbox.Host, dataDir string) (Options, error) {
	opts := Options{Credentials: demoCredentials{srv}}
	for _, site := range srv.Sites() {
		pl := site.Platform()
		dir := filepath.Join(dataDir, "profiles", "demo-"+string(pl))
		if err := browser.EnsureProfileDir(dir); err != nil {
			return Options{}, fmt.Errorf("demo: %w", err)
		}
		opts.Targets = append(opts.Targets, Target{
			Platform: pl, User: site.Login().User, BaseURL: srv.URL(pl), ProfileDir: dir,
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

// Login opens a VISIBLE Chromium on the platform's own login page with the
// target's profile dir and returns when the doctor has logged in (or ctx
// ends / the window is closed).
func Login(ctx context.Context, t Target) error {
	return login(ctx, t, "", true)
}

// loginShown, when set (by tests), is handed the login tab once the login
// page is shown: it plays the doctor at the keyboard.
var loginShown func(ctx context.Context, tab *browser.Tab)

func login(ctx context.Context, t Target, chromium string, visible bool) error {
	if t.Platform != audit.Facebook {
		return fmt.Errorf("%s: %w", t.Platform.DisplayName(), ErrNotSupported)
	}
	c, err := facebook.LoadConfig()
	if err != nil {
		return err
	}
	base := strings.TrimRight(t.BaseURL, "/")
	if base == "" {
		base = strings.TrimRight(c.BaseURL, "/")
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
	if _, err := tab.Navigate(ctx, base+c.Login.Path); err != nil {
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
		done, err := loggedIn(ctx, tab, c, base)
		if err != nil {
			if b.Done() != nil {
				select {
				case <-b.Done():
					return ErrLoginWindowClosed
				default:
				}
			}
			continue // a page in the middle of loading; look again
		}
		if done {
			return nil
		}
	}
}

// loggedIn: the tab has left the login and checkpoint pages and the site's
// session cookie exists.
func loggedIn(ctx context.Context, tab *browser.Tab, c *facebook.Config, base string) (bool, error) {
	loc, err := tab.Location(ctx)
	if err != nil {
		return false, err
	}
	if !strings.HasPrefix(loc, base) || c.IsWall(loc) {
		return false, nil
	}
	cookies, err := tab.Cookies(ctx, base+"/")
	if err != nil {
		return false, err
	}
	var names []string
	for _, ck := range cookies {
		names = append(names, ck.Name)
	}
	return c.HasSession(names), nil
}
