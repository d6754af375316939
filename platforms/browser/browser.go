// Package browser is the one Chromium an audit drives: it starts the
// browser with a persistent, app-owned profile, opens a tab per platform (and
// a cookie-less private tab for the public view), runs every step under its
// own timeout, records every page visited for the connection-security check,
// reads settings by their label text and takes evidence screenshots.
//
// The profile holds the doctor's logins and nothing a copy of it could
// read: its cookies are encrypted with a key kept in the operating system's
// keyring (and a profile whose cookies Chromium could not encrypt so loses
// them), it keeps no cache, page record or site storage past an audit, and
// one browser at a time has it (ErrProfileBusy). Screenshots are returned
// in memory, for the caller to seal.
//
// Nothing outside platforms/ sees a chromedp type: adapters use Tab.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"chaperone/audit/vault"

	"github.com/chromedp/chromedp"
)

// ErrChromiumMissing is returned when no Chromium (or Chrome) executable can
// be found or started. Its text tells the user how to install it.
var ErrChromiumMissing = errors.New("no Chromium found: install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set the path to a Chromium or Chrome executable")

// DefaultStepTimeout bounds one step (a navigation, a read) when the caller
// gives none.
const DefaultStepTimeout = 20 * time.Second

// candidates are the executable names and paths tried, in order, when no path
// is given.
var candidates = []string{
	"chromium",
	"chromium-browser",
	"/usr/bin/chromium",
	"/usr/lib/chromium/chromium",
	"/snap/bin/chromium",
	"google-chrome",
	"google-chrome-stable",
	"chrome",
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	`C:\Program Files\Google\Chrome\Application\chrome.exe`,
	`C:\Program Files (x86)\Google\Chrome\Application\chrome.exe`,
}

// FindChromium returns the absolute path of the browser to run. A non-empty
// path must name an executable file; an empty path searches the usual places.
func FindChromium(path string) (string, error) {
	if path != "" {
		full, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%w (looked for %q: %v)", ErrChromiumMissing, path, err)
		}
		return full, nil
	}
	for _, c := range candidates {
		if full, err := exec.LookPath(c); err == nil {
			return full, nil
		}
	}
	return "", ErrChromiumMissing
}

// Options configure one browser.
type Options struct {
	// ChromiumPath is the executable; "" finds it.
	ChromiumPath string
	// ProfileDir is the persistent user-data directory (created 0700). ""
	// uses a fresh temporary profile that is deleted on Close.
	ProfileDir string
	// Visible opens a window (interactive login); otherwise headless.
	Visible bool
	// StepTimeout bounds each step; 0 means DefaultStepTimeout.
	StepTimeout time.Duration
	// Keyring is the operating system's keyring, which holds the key
	// Chromium encrypts a persistent profile's cookies with. Start checks
	// that it answers before it opens a persistent profile. nil is
	// vault.System().
	Keyring vault.Keyring
	// TemporaryIfNoKeyring: when the keyring cannot be used, run in a
	// temporary profile deleted on Close (NoKeyring says why) rather than
	// fail with ErrNoKeyring. For the demo, whose login is fictional; the
	// caller must tell the doctor.
	TemporaryIfNoKeyring bool
}

// Browser is one running Chromium.
type Browser struct {
	opts        Options
	allocCancel context.CancelFunc
	ctx         context.Context // the browser's own (first) tab
	cancel      context.CancelFunc
	tempDir     string
	// profile is the persistent profile in use ("" for a temporary one)
	// and lock the lock held on it until Close has cleaned it.
	profile   string
	lock      *profileLock
	noKeyring error

	closeOnce sync.Once
	closeErr  error
}

// Start launches Chromium. The browser lives until Close or until ctx ends.
//
// A persistent profile is opened only when no other browser has it
// (ErrProfileBusy) and the keyring answers (ErrNoKeyring, unless
// TemporaryIfNoKeyring). Its cookies are then encrypted with the key
// Chromium keeps in the keyring; cookies an older Chaperone left under
// Chromium's built-in key are encrypted again with it. Its disk cache lives
// in a folder of the profile that Close removes, with the other caches.
func Start(ctx context.Context, o Options) (*Browser, error) {
	if o.StepTimeout <= 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	if o.Keyring == nil {
		o.Keyring = vault.System()
	}
	exe, err := FindChromium(o.ChromiumPath)
	if err != nil {
		return nil, err
	}
	b := &Browser{opts: o}
	dir := o.ProfileDir
	reencrypt := false
	if dir != "" {
		if reencrypt, err = b.openProfile(ctx, dir); err != nil {
			return nil, err
		}
		dir = b.profile // "" when the keyring failed and a temporary profile is allowed
	}
	if dir == "" {
		// chromedp would make one too, but owning it lets Close remove it
		// even when the process died.
		if dir, err = os.MkdirTemp("", "chaperone-profile-"); err != nil {
			return nil, fmt.Errorf("temporary browser profile: %w", err)
		}
		b.tempDir = dir
	}

	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		// Quiet and local: nothing but the pages the audit asks for.
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,AutofillServerCommunication"),
		// No page, picture or script stays on disk: the HTTP and code
		// caches go to a folder Close removes, and hold one byte.
		chromedp.Flag("disk-cache-dir", filepath.Join(dir, cacheDir)),
		chromedp.Flag("disk-cache-size", "1"),
		chromedp.Flag("disable-gpu-shader-disk-cache", true),
		chromedp.WindowSize(1280, 1000),
	}
	flags = append(flags, passwordStore(b.profile != "")...)
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox on.
		flags = append(flags, chromedp.NoSandbox)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], flags...)
	if o.Visible {
		opts = append(opts, chromedp.VisibleWindow)
	}

	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancel := chromedp.NewContext(allocCtx)
	b.allocCancel, b.ctx, b.cancel = allocCancel, bctx, cancel
	// The first Do starts the process and binds it to bctx.
	if err := chromedp.Do(bctx); err != nil {
		// The profile may be another browser's now: leave it as it is.
		profile := b.profile
		b.profile = ""
		b.Close()
		switch {
		case errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission):
			return nil, fmt.Errorf("%w: %v", ErrChromiumMissing, err)
		case profile != "" && singletonFailure(err.Error()):
			// Lost the race to a Chromium started after the checks.
			if held := chromiumHolder(profile); held != nil {
				return nil, held
			}
			return nil, fmt.Errorf("%w (Chromium found the browser profile %s in use)", ErrProfileBusy, filepath.Base(profile))
		}
		return nil, fmt.Errorf("starting Chromium (%s): %w", exe, err)
	}
	if reencrypt {
		// A failure leaves them exposed, and Close deletes them.
		_ = b.reencryptCookies(ctx)
	}
	return b, nil
}

// openProfile locks a persistent profile, checks that no Chromium has it
// and that the keyring answers, and clears what a cut-short audit left.
// It reports whether the profile holds cookies under Chromium's built-in
// key, to be encrypted again once Chromium runs.
func (b *Browser) openProfile(ctx context.Context, dir string) (reencrypt bool, err error) {
	if err := EnsureProfileDir(dir); err != nil {
		return false, err
	}
	lock, err := lockProfile(dir)
	if err != nil {
		return false, err
	}
	if err := chromiumHolder(dir); err != nil {
		lock.release()
		return false, err
	}
	if err := checkKeyring(ctx, b.opts.Keyring); err != nil {
		lock.release()
		if !b.opts.TemporaryIfNoKeyring || ctx.Err() != nil {
			return false, err
		}
		b.noKeyring = err
		return false, nil
	}
	b.profile, b.lock = dir, lock
	if err := scrubProfile(dir); err != nil {
		b.release()
		return false, err
	}
	if checksCookies() {
		if exposed, _, err := exposedCookies(dir); err == nil && exposed > 0 {
			reencrypt = true
		}
	}
	return reencrypt, nil
}

// passwordStore asks Chromium to keep a persistent profile's cookie key in
// the operating system's keyring. chromedp's defaults ask for the opposite
// (--password-store=basic, --use-mock-keychain): a key built into Chromium.
// A temporary profile keeps those: it is deleted on Close, and a keyring
// would only be asked for nothing.
func passwordStore(persistent bool) []chromedp.ExecAllocatorOption {
	if !persistent {
		return nil
	}
	switch runtime.GOOS {
	case "darwin":
		return []chromedp.ExecAllocatorOption{chromedp.Flag("use-mock-keychain", false)}
	case "windows":
		return nil // DPAPI, always the user's
	}
	// The Secret Service (GNOME Keyring, KWallet, KeePassXC) through
	// libsecret; Chromium 156 still falls back to "basic" silently when
	// it cannot reach it, which Start's keyring check and Close's cookie
	// check catch.
	return []chromedp.ExecAllocatorOption{chromedp.Flag("password-store", "gnome-libsecret")}
}

// NoKeyring is why the browser runs in a temporary profile instead of the
// persistent one asked for (TemporaryIfNoKeyring), or nil.
func (b *Browser) NoKeyring() error { return b.noKeyring }

// EnsureProfileDir creates dir (and parents) and makes it private to the user:
// it holds the platform's session cookies.
func EnsureProfileDir(dir string) error {
	if dir == "" {
		return errors.New("empty profile directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("browser profile %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("browser profile %s: %w", dir, err)
	}
	return nil
}

// StepTimeout is the per-step timeout the browser was started with.
func (b *Browser) StepTimeout() time.Duration { return b.opts.StepTimeout }

// ProfileDir is the user-data directory in use.
func (b *Browser) ProfileDir() string {
	if b.tempDir != "" {
		return b.tempDir
	}
	return b.opts.ProfileDir
}

// Done is closed when the browser process has gone (closed window, crash, Close).
func (b *Browser) Done() <-chan struct{} { return b.ctx.Done() }

// WaitClosed blocks until the user closes the (visible) browser or ctx ends.
func (b *Browser) WaitClosed(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- chromedp.WaitClosed(b.ctx) }()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-done:
		return err
	}
}

// Close stops Chromium, then clears the profile: a temporary one is
// removed; from a persistent one the caches and records of pages go, and
// its cookie store is checked. A store that holds cookies the file alone
// gives away (Chromium could not use the keyring) is deleted, and Close
// returns ErrSessionNotKept. The profile's lock is released last.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.ctx != nil {
			// A graceful close lets Chromium flush cookies to the profile.
			cctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
			err := chromedp.Cancel(cctx)
			cancel()
			if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				b.closeErr = err
			}
			b.cancel()
		}
		if b.allocCancel != nil {
			// Waits for the process to end.
			b.allocCancel()
		}
		if b.tempDir != "" {
			if err := os.RemoveAll(b.tempDir); err != nil && b.closeErr == nil {
				b.closeErr = fmt.Errorf("removing %s: %w", filepath.Base(b.tempDir), err)
			}
		}
		if b.profile != "" {
			if err := b.cleanProfile(); err != nil {
				b.closeErr = err
			}
		}
		b.release()
	})
	return b.closeErr
}

// cleanProfile clears a persistent profile after Chromium has gone.
func (b *Browser) cleanProfile() error {
	scrubErr := scrubProfile(b.profile)
	if !checksCookies() {
		return scrubErr
	}
	exposed, total, err := exposedCookies(b.profile)
	if err != nil {
		return fmt.Errorf("checking the browser profile's cookies: %w", err)
	}
	if exposed > 0 {
		if err := dropCookies(b.profile); err != nil {
			return err
		}
		return fmt.Errorf("%w (%d of %d cookies were not encrypted with it)", ErrSessionNotKept, exposed, total)
	}
	return scrubErr
}

func (b *Browser) release() {
	b.lock.release()
	b.lock = nil
}
