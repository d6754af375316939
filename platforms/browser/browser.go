// Package browser is the one Chromium an audit drives: it starts the
// browser with a persistent, app-owned profile, opens a tab per platform (and
// a cookie-less private tab for the public view), runs every step under its
// own timeout, records every page visited for the connection-security check,
// reads settings by their label text and takes evidence screenshots.
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
	"sync"
	"time"

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
}

// Browser is one running Chromium.
type Browser struct {
	opts        Options
	allocCancel context.CancelFunc
	ctx         context.Context // the browser's own (first) tab
	cancel      context.CancelFunc
	tempDir     string

	closeOnce sync.Once
	closeErr  error
}

// Start launches Chromium. The browser lives until Close or until ctx ends.
func Start(ctx context.Context, o Options) (*Browser, error) {
	if o.StepTimeout <= 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	exe, err := FindChromium(o.ChromiumPath)
	if err != nil {
		return nil, err
	}
	b := &Browser{opts: o}
	dir := o.ProfileDir
	if dir == "" {
		// chromedp would make one too, but owning it lets Close remove it
		// even when the process died.
		if dir, err = os.MkdirTemp("", "chaperone-profile-"); err != nil {
			return nil, fmt.Errorf("temporary browser profile: %w", err)
		}
		b.tempDir = dir
	} else if err := EnsureProfileDir(dir); err != nil {
		return nil, err
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
		chromedp.WindowSize(1280, 1000),
	}
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
		b.Close()
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			return nil, fmt.Errorf("%w: %v", ErrChromiumMissing, err)
		}
		return nil, fmt.Errorf("starting Chromium (%s): %w", exe, err)
	}
	return b, nil
}

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

// Close stops Chromium and removes a temporary profile.
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
			b.allocCancel()
		}
		if b.tempDir != "" {
			if err := os.RemoveAll(b.tempDir); err != nil && b.closeErr == nil {
				b.closeErr = fmt.Errorf("removing %s: %w", filepath.Base(b.tempDir), err)
			}
		}
	})
	return b.closeErr
}
