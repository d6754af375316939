package browser

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"chaperone/audit/vault"
	"chaperone/platforms/browser/cookiedb"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// ErrNoKeyring means the operating system's keyring cannot be used, so
// Chromium would keep the session cookies under its built-in key, which
// protects nothing: the persistent profile is not opened.
var ErrNoKeyring = errors.New("the keyring is not available, so Chaperone will not keep your login in its browser profile (Chromium would store it unencrypted)")

// ErrSessionNotKept means Chromium wrote cookies that the file alone gives
// away (it could not use the keyring after all): they were deleted, and
// the next audit logs in again.
var ErrSessionNotKept = errors.New("the browser could not encrypt the login with the keyring's key, so Chaperone deleted it from the browser profile: you will be logged in again next time")

// cacheDir is where --disk-cache-dir points: inside the profile, so that
// the profile's lock covers it, and removed on every Close.
const cacheDir = "Transient Cache"

// transientDirs are the folders of a profile (relative to it) in which
// Chromium keeps copies of what pages showed or ran: the HTTP and code
// caches, the GPU's shader caches, service workers and their caches,
// shared compression dictionaries, blobs, what sites keep in local
// storage, IndexedDB and file systems (a feed, a message, a contact
// list), the session records and the URL-keyed metrics (every address
// read, which can hold a person's name). None is needed to stay logged in:
// the login is the cookies. All are removed after every audit and before
// the next, in case one was cut short.
var transientDirs = []string{
	cacheDir,
	"Default/Cache",
	"Default/Code Cache",
	"Default/GPUCache",
	"Default/DawnGraphiteCache",
	"Default/DawnWebGPUCache",
	"Default/Service Worker",
	"Default/Shared Dictionary",
	"Default/blob_storage",
	"Default/Local Storage",
	"Default/IndexedDB",
	"Default/File System",
	"Default/databases",
	"Default/WebStorage",
	"Default/Sessions",
	"Default/Sessions_Encrypted",
	"Default/Session Storage",
	"segmentation_platform",
	"GPUPersistentCache",
	"GrShaderCache",
	"GraphiteDawnCache",
	"ShaderCache",
}

// transientFiles are single files of the same kind: the history of pages
// visited, their icons, the omnibox's memory of them, and the form entries
// autofill remembers (what was typed into the login form).
var transientFiles = []string{
	"Default/Web Data",
	"Default/Web Data-journal",
	"Default/Account Web Data",
	"Default/Account Web Data-journal",
	"Default/History",
	"Default/History-journal",
	"Default/Visited Links",
	"Default/Top Sites",
	"Default/Top Sites-journal",
	"Default/Favicons",
	"Default/Favicons-journal",
	"Default/Shortcuts",
	"Default/Shortcuts-journal",
	"Default/Network Action Predictor",
	"Default/Network Action Predictor-journal",
}

// scrubProfile removes the transient folders and files of a profile.
// Chromium must not be running on it.
func scrubProfile(dir string) error {
	var first error
	for _, d := range transientDirs {
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(d))); err != nil && first == nil {
			first = fmt.Errorf("clearing the browser's %s: %w", d, err)
		}
	}
	for _, f := range transientFiles {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = fmt.Errorf("clearing the browser's %s: %w", f, err)
		}
	}
	return first
}

// cookieStore is the profile's cookie database.
func cookieStore(dir string) string { return filepath.Join(dir, "Default", "Cookies") }

// checksCookies reports whether this system's Chromium encrypts cookies as
// cookiedb reads them: Linux and the BSDs. On macOS the key is in the
// Keychain and on Windows under DPAPI; both are always the OS's.
func checksCookies() bool {
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "android":
		return false
	}
	return true
}

// exposedCookies counts the cookies in the profile's store that the file
// gives away without the keyring. A profile without a store has none.
func exposedCookies(dir string) (exposed, total int, err error) {
	cs, err := cookiedb.Read(cookieStore(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	for _, c := range cs {
		if c.Protection() != cookiedb.Keyring {
			exposed++
		}
	}
	return exposed, len(cs), nil
}

// dropCookies deletes the profile's cookie store (Chromium must not be
// running): a session that cannot be kept safely is not kept at all.
func dropCookies(dir string) error {
	for _, p := range []string{cookieStore(dir), cookieStore(dir) + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("deleting the unprotected cookies: %w", err)
		}
	}
	return nil
}

// keyringWait bounds the keyring check: a locked keyring may ask the
// doctor to unlock it, which takes a human a moment.
const keyringWait = 2 * time.Minute

// probeUser is the keyring entry looked up to see that the keyring
// answers. It is never written.
const probeUser = "browser-profile-check"

// checkKeyring tells whether kr can be used now: it answers, and is
// unlocked (or was unlocked when asked). Chromium would otherwise fall back
// to its built-in key without a word.
func checkKeyring(ctx context.Context, kr vault.Keyring) error {
	done := make(chan error, 1)
	go func() {
		_, err := kr.Get(vault.Service, probeUser)
		done <- err
	}()
	t := time.NewTimer(keyringWait)
	defer t.Stop()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		err = fmt.Errorf("the keyring did not answer in %s", keyringWait)
	}
	if err == nil || errors.Is(err, vault.ErrNotFound) {
		return nil
	}
	return fmt.Errorf("%w: %v", ErrNoKeyring, err)
}

// reencryptCookies sets every cookie of the profile again, so that Chromium
// writes it encrypted with the keyring's key: cookies an older Chaperone
// left under the built-in key are protected without a new login.
func (b *Browser) reencryptCookies(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(b.ctx, b.opts.StepTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	return chromedp.Do(rctx, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		res, err := cdp.Call(ctx, tt, storage.GetCookies, storage.GetCookiesParams{})
		if err != nil {
			return fmt.Errorf("reading the cookies: %w", err)
		}
		if len(res.Cookies) == 0 {
			return nil
		}
		params := make([]*network.CookieParam, 0, len(res.Cookies))
		for _, c := range res.Cookies {
			p := &network.CookieParam{
				Name: c.Name, Value: c.Value, Path: c.Path,
				Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: c.SameSite, Priority: c.Priority,
				SourceScheme: c.SourceScheme, SourcePort: c.SourcePort, PartitionKey: c.PartitionKey,
			}
			if strings.HasPrefix(c.Domain, ".") {
				p.Domain = c.Domain
			} else {
				// A host-only cookie is set through its address: given a
				// domain, Chromium would make it a domain cookie beside
				// the old one.
				p.URL = cookieURL(c)
			}
			if !c.Session {
				p.Expires = cdp.TimeSinceEpoch(c.Expires)
			}
			params = append(params, p)
		}
		if _, err := cdp.Call(ctx, tt, storage.SetCookies, storage.SetCookiesParams{Cookies: params}); err != nil {
			return fmt.Errorf("writing the cookies again: %w", err)
		}
		return nil
	}))
}

// cookieURL is an address a host-only cookie c belongs to.
func cookieURL(c *network.Cookie) string {
	scheme, port := "http", int64(80)
	if c.Secure || c.SourceScheme == network.CookieSourceSchemeSecure {
		scheme, port = "https", 443
	}
	host := c.Domain
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if c.SourcePort > 0 && c.SourcePort != port {
		host += ":" + strconv.FormatInt(c.SourcePort, 10)
	}
	return scheme + "://" + host + c.Path
}
