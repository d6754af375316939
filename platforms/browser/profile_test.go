package browser_test

import (
	"bytes"
	"chaperone/audit"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"chaperone/audit/evidence"
	"chaperone/audit/vault"
	"chaperone/platforms/browser"
	"chaperone/platforms/browser/cookiedb"
	"chaperone/platforms/networks"
	"chaperone/platforms/runner"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
)

// needChromium skips only in -short mode or with CHAPERONE_SKIP_BROWSER=1.
func needChromium(t *testing.T) {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("browser tests skipped (-short or CHAPERONE_SKIP_BROWSER=1)")
	}
	if _, err := browser.FindChromium(""); err != nil {
		t.Fatal(err)
	}
}

// needKeyring returns the system keyring, which `make test` runs unlocked
// in a private D-Bus session; it skips only with CHAPERONE_SKIP_KEYRING=1.
func needKeyring(t *testing.T) vault.Keyring {
	t.Helper()
	kr := vault.System()
	if _, err := kr.Get(vault.Service, "browser-test-probe"); err != nil && !errors.Is(err, vault.ErrNotFound) {
		if os.Getenv("CHAPERONE_SKIP_KEYRING") == "1" {
			t.Skip("keyring tests skipped (CHAPERONE_SKIP_KEYRING=1)")
		}
		t.Fatalf("the keyring does not answer: %v", err)
	}
	return kr
}

// recorder serves the sandbox and notes every cookie value it sets and
// every picture it sends, to look for them in the profile afterwards.
type recorder struct {
	h       http.Handler
	mu      sync.Mutex
	cookies map[string]bool
	images  [][]byte
}

type recordingWriter struct {
	http.ResponseWriter
	r      *recorder
	image  bool
	body   bytes.Buffer
	headed bool
}

func (w *recordingWriter) WriteHeader(code int) {
	if !w.headed {
		w.headed = true
		w.r.mu.Lock()
		for _, sc := range w.Header().Values("Set-Cookie") {
			if c, err := http.ParseSetCookie(sc); err == nil && len(c.Value) >= 6 {
				w.r.cookies[c.Value] = true
			}
		}
		w.r.mu.Unlock()
		w.image = strings.HasPrefix(w.Header().Get("Content-Type"), "image/")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if !w.headed {
		w.WriteHeader(http.StatusOK)
	}
	if w.image {
		w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	rw := &recordingWriter{ResponseWriter: w, r: r}
	r.h.ServeHTTP(rw, req)
	if rw.image && rw.body.Len() > 0 {
		r.mu.Lock()
		r.images = append(r.images, bytes.Clone(rw.body.Bytes()))
		r.mu.Unlock()
	}
}

// needle is something that must not be found in clear in the profile.
type needle struct {
	kind string // said in failures; the value itself never is
	b    []byte
}

// findInProfile lists, for each needle kind, the profile files that hold
// one, relative to dir.
func findInProfile(t *testing.T, dir string, needles []needle) map[string][]string {
	t.Helper()
	hits := map[string][]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		seen := map[string]bool{}
		for _, n := range needles {
			if !seen[n.kind] && bytes.Contains(data, n.b) {
				seen[n.kind] = true
				hits[n.kind] = append(hits[n.kind], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// imageSlice is a stretch of a served picture's compressed data, which a
// cache entry would hold verbatim.
func imageSlice(img []byte) []byte {
	if len(img) < 120 {
		return img
	}
	return img[len(img)/2-32 : len(img)/2+32]
}

// TestProfileHoldsNoReadableSecrets runs a real audit of the sandbox
// Facebook through Chromium with a persistent profile and the real keyring,
// then reads the profile as someone who copied it would: no cookie that the
// file alone opens, no cookie value, password or friend's name in any file,
// no picture the site sent, and evidence screenshots sealed.
func TestProfileHoldsNoReadableSecrets(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	srv := sandbox.NewHost(sandbox.DemoPersona(), fbreplica.NewSite)
	rec := &recorder{h: srv.Site(audit.Facebook), cookies: map[string]bool{}}
	front := httptest.NewServer(rec)
	defer front.Close()

	data := t.TempDir()
	opts, err := runner.DemoOptions(srv, data, networks.Adapters())
	if err != nil {
		t.Fatal(err)
	}
	opts.Targets[0].Origin = front.URL
	opts.Keyring = kr
	opts.TemporaryIfNoKeyring = false // the persistent profile or nothing
	opts.EvidenceDir = filepath.Join(data, "evidence")
	profile := opts.Targets[0].ProfileDir
	snap, err := runner.Run(context.Background(), opts, func(ev runner.Event) {
		if strings.Contains(ev.Step, "keyring") {
			t.Errorf("progress: %s", ev.Step)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	cov := snap.CoverageFor("facebook")
	if cov == nil || cov.Error != "" || len(snap.Facts) == 0 {
		t.Fatalf("the audit did not read the sandbox: %+v", cov)
	}

	// 1. The cookie store: the session is there, and only the keyring opens it.
	cs, err := cookiedb.Read(filepath.Join(profile, "Default", "Cookies"))
	if err != nil {
		t.Fatalf("reading the profile's cookies: %v", err)
	}
	names := map[string]bool{}
	for _, c := range cs {
		names[c.Name] = true
		if v, p := c.Readable(); p != cookiedb.Keyring {
			t.Errorf("cookie %s of %s is %v", c.Name, c.Host, p)
		} else if v != "" {
			t.Errorf("cookie %s decrypted without the keyring", c.Name)
		}
	}
	if !names["xs"] || !names["c_user"] {
		t.Fatalf("the session was not kept: cookies %v", names)
	}
	t.Logf("%d cookies, all encrypted with the keyring's key", len(cs))

	// 2. Nothing in clear in any file of the profile.
	persona := srv.Site(audit.Facebook).Login()
	state := srv.Site(audit.Facebook).(*fbreplica.Site).State()
	var needles []needle
	for v := range rec.cookies {
		needles = append(needles, needle{"a cookie value the site set", []byte(v)})
	}
	needles = append(needles, needle{"the password", []byte(persona.Password)}, needle{"the authenticator secret", []byte(persona.TOTPSecret)})
	acct := state.Account()
	needles = append(needles, needle{"the login email", []byte(persona.User)}, needle{"the profile address", []byte("/" + acct.Username)})
	for _, f := range acct.Friends {
		needles = append(needles, needle{"a friend's name", []byte(f.Name)})
		if len(f.Username) >= 6 {
			needles = append(needles, needle{"a friend's profile address", []byte("/" + f.Username)})
		}
	}
	if len(rec.images) == 0 {
		t.Fatal("the sandbox sent no picture: the test would prove nothing about the cache")
	}
	for _, img := range rec.images {
		needles = append(needles, needle{"a picture the site sent", imageSlice(img)})
	}
	hits := findInProfile(t, profile, needles)
	kinds := make([]string, 0, len(hits))
	for k := range hits {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Errorf("%s is in the profile, in clear: %v", k, hits[k])
	}
	t.Logf("%d cookie values, %d friends' names and %d pictures looked for in the profile", len(rec.cookies), len(state.Account().Friends), len(rec.images))

	// 3. The caches are gone.
	for _, d := range []string{"Default/Cache", "Default/Code Cache", "Transient Cache", "Default/Service Worker"} {
		if _, err := os.Stat(filepath.Join(profile, d)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still in the profile (%v)", d, err)
		}
	}

	// 4. Evidence: sealed on disk, a PNG for the app.
	box, err := vault.NewBox(kr, evidence.KeyName)
	if err != nil {
		t.Fatal(err)
	}
	shots := 0
	for id, f := range snap.Facts {
		if f.Screenshot == "" {
			continue
		}
		shots++
		raw, err := os.ReadFile(f.Screenshot)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("\x89PNG")) {
			t.Errorf("%s: the screenshot is on disk in clear", id)
		}
		png, err := evidence.Open(box, f.Screenshot)
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("%s: the app cannot open its screenshot: %v", id, err)
		}
	}
	if shots == 0 {
		t.Error("no screenshot was kept")
	}
	t.Logf("%d screenshots kept, all sealed", shots)

	// 5. The session is still usable: a new browser on the profile sends it.
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: profile, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	live, err := tab.Cookies(context.Background(), front.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, c := range live {
		if c.Name == "xs" && rec.cookies[c.Value] {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("the session cookie did not survive the close (%d cookies)", len(live))
	}
}

// setCookie loads a page of srv that sets a lasting cookie, in a tab of b.
func setCookie(t *testing.T, b *browser.Browser, url string) {
	t.Helper()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if _, err := tab.Navigate(context.Background(), url); err != nil {
		t.Fatal(err)
	}
}

func cookieServer(t *testing.T, value string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: value, Path: "/", MaxAge: 3600, HttpOnly: true})
		}
		w.Write([]byte("<html><body>ok</body></html>"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// storeOf reads a profile's cookie store and says how each cookie is kept.
func storeOf(t *testing.T, profile string) map[string]cookiedb.Protection {
	t.Helper()
	cs, err := cookiedb.Read(filepath.Join(profile, "Default", "Cookies"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]cookiedb.Protection{}
	for _, c := range cs {
		out[c.Name] = c.Protection()
	}
	return out
}

// TestProfileBusy: while one browser has a profile, a second Start on it
// (another audit, the app and the command line at once) fails with
// ErrProfileBusy, before it starts a Chromium; once the first is closed,
// the profile opens again.
func TestProfileBusy(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	dir := filepath.Join(t.TempDir(), "profile")
	first, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	_, err = browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if !errors.Is(err, browser.ErrProfileBusy) {
		t.Fatalf("second Start: %v, want ErrProfileBusy", err)
	}
	t.Logf("refused in %v: %v", time.Since(began).Round(time.Microsecond), err)
	if !strings.HasPrefix(err.Error(), "an audit is already running") {
		t.Errorf("message %q", err)
	}
	// The refused Start left the running browser alone.
	tab, err := first.NewTab()
	if err != nil {
		t.Fatalf("the first browser broke: %v", err)
	}
	tab.Close()
	began = time.Now()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("closed in %v", time.Since(began).Round(time.Millisecond))
	again, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if err != nil {
		t.Fatalf("after Close: %v", err)
	}
	again.Close()
}

// TestProfileBusyRace: audits started at the same moment on one profile:
// exactly one runs, every other gets ErrProfileBusy.
func TestProfileBusyRace(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	dir := filepath.Join(t.TempDir(), "profile")
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	bs := make([]*browser.Browser, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			bs[i], errs[i] = browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
		}(i)
	}
	close(start)
	wg.Wait()
	ran := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ran++
			bs[i].Close()
		case !errors.Is(err, browser.ErrProfileBusy):
			t.Errorf("start %d: %v, want ErrProfileBusy", i, err)
		}
	}
	if ran != 1 {
		t.Errorf("%d browsers ran on one profile, want 1", ran)
	}
}

// TestProfileHeldByAnotherChromium: a Chromium that Chaperone did not
// start (an older Chaperone, or one started by hand) holds the profile
// through its own singleton lock: Start says so; once it has gone, its
// stale lock does not stop the next audit.
func TestProfileHeldByAnotherChromium(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	exe, _ := browser.FindChromium("")
	dir := filepath.Join(t.TempDir(), "profile")
	if err := browser.EnsureProfileDir(dir); err != nil {
		t.Fatal(err)
	}
	args := []string{"--headless", "--user-data-dir=" + dir, "--password-store=basic", "--disable-gpu", "--no-first-run", "about:blank"}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox")
	}
	other := startProcess(t, exe, args...)
	lock := filepath.Join(dir, "SingletonLock")
	waitFor(t, "the other Chromium's lock", func() bool { _, err := os.Lstat(lock); return err == nil })

	_, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if !errors.Is(err, browser.ErrProfileBusy) {
		t.Fatalf("Start beside another Chromium: %v, want ErrProfileBusy", err)
	}
	t.Logf("refused: %v", err)

	other.kill()
	if _, err := os.Lstat(lock); err != nil {
		t.Fatalf("the killed Chromium left no stale lock to test with: %v", err)
	}
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if err != nil {
		t.Fatalf("Start after the other Chromium died: %v", err)
	}
	b.Close()
}

// TestProfileOnAnotherComputer: a singleton lock naming another host (a
// profile folder shared over the network) is not taken over.
func TestProfileOnAnotherComputer(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	dir := filepath.Join(t.TempDir(), "profile")
	if err := browser.EnsureProfileDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("some-other-computer-4242", filepath.Join(dir, "SingletonLock")); err != nil {
		t.Fatal(err)
	}
	_, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if !errors.Is(err, browser.ErrProfileBusy) || !strings.Contains(err.Error(), "some-other-computer") {
		t.Fatalf("err = %v, want ErrProfileBusy naming the other computer", err)
	}
}

// brokenKeyring is a keyring that cannot be used.
type brokenKeyring struct{ err error }

func (k brokenKeyring) Get(string, string) (string, error) { return "", k.err }
func (k brokenKeyring) Set(string, string, string) error   { return k.err }
func (k brokenKeyring) Delete(string, string) error        { return k.err }

// TestNoKeyring: without a keyring a persistent profile is refused, with
// the reason; the demo's option runs in a temporary profile instead, says
// so, and leaves nothing in the persistent one.
func TestNoKeyring(t *testing.T) {
	needChromium(t)
	for _, cause := range []error{vault.ErrUnavailable, vault.ErrLocked} {
		dir := filepath.Join(t.TempDir(), "profile")
		_, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: brokenKeyring{cause}})
		if !errors.Is(err, browser.ErrNoKeyring) {
			t.Fatalf("%v: err = %v, want ErrNoKeyring", cause, err)
		}
		if !strings.Contains(err.Error(), "will not keep your login") {
			t.Errorf("message %q does not say what happens", err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) > 1 {
			t.Errorf("%v: the refused profile was written to: %d entries", cause, len(entries))
		}
	}

	dir := filepath.Join(t.TempDir(), "profile")
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: brokenKeyring{vault.ErrUnavailable}, TemporaryIfNoKeyring: true})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(b.NoKeyring(), browser.ErrNoKeyring) {
		t.Errorf("NoKeyring() = %v", b.NoKeyring())
	}
	tmp := b.ProfileDir()
	if tmp == dir {
		t.Fatal("ran in the persistent profile without a keyring")
	}
	setCookie(t, b, cookieServer(t, "temporary-session-1").URL+"/set")
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the temporary profile was not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Default")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the persistent profile was used: %v", err)
	}
}

// TestFallbackCookiesDeleted: the keyring answered Chaperone but Chromium
// could not reach it (here: no D-Bus for Chromium), so it fell back to
// its built-in key without a word. Close finds the cookies it could read,
// deletes them and says so.
func TestFallbackCookiesDeleted(t *testing.T) {
	needChromium(t)
	dir := filepath.Join(t.TempDir(), "profile")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: vault.Memory()})
	if err != nil {
		t.Fatal(err)
	}
	setCookie(t, b, cookieServer(t, "fallback-session-1").URL+"/set")
	err = b.Close()
	if !errors.Is(err, browser.ErrSessionNotKept) {
		t.Fatalf("Close = %v, want ErrSessionNotKept", err)
	}
	t.Logf("Close: %v", err)
	if st := storeOf(t, dir); st != nil {
		t.Errorf("the cookies are still there: %v", st)
	}
}

// TestOldCookiesEncryptedAgain: a profile an older Chaperone left, with
// its cookies under Chromium's built-in key (chromedp's defaults), keeps
// its session and comes out encrypted with the keyring's key.
func TestOldCookiesEncryptedAgain(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	dir := filepath.Join(t.TempDir(), "profile")
	srv := cookieServer(t, "old-session-value-1")
	writeWithBuiltinKey(t, dir, srv.URL+"/set")
	if st := storeOf(t, dir); st["sid"] != cookiedb.BuiltinKey {
		t.Fatalf("setup: the old profile's cookie is %v, want it under the built-in key", st["sid"])
	}

	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if st := storeOf(t, dir); st["sid"] != cookiedb.Keyring {
		t.Fatalf("after an audit the cookie is %v, want it under the keyring's key", st["sid"])
	}

	b, err = browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := tab.Cookies(context.Background(), srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Value != "old-session-value-1" || !cs[0].HTTPOnly || cs[0].Session {
		t.Fatalf("the session did not survive: %+v", cs)
	}
}

// storagePage keeps a marker in every store a page can write to disk:
// localStorage, IndexedDB, Cache Storage (through a service worker it
// registers) and the HTTP cache, and sets a lasting cookie.
const storagePage = `<!doctype html><html><body><img src="/pic.png"><script>
const M = 'MARKER';
localStorage.setItem('k', M);
const req = indexedDB.open('db', 1);
req.onupgradeneeded = () => req.result.createObjectStore('s');
req.onsuccess = () => { const tx = req.result.transaction('s', 'readwrite'); tx.objectStore('s').put(M, 'k'); tx.oncomplete = () => { window.idb = true; }; };
caches.open('c').then((c) => c.put('/kept', new Response(M))).then(() => { window.cached = true; });
navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() => { window.sw = true; });
</script></body></html>`

// TestSiteDataCleared: what a page kept on disk is gone after Close; the
// cookie, which is the login, stays.
func TestSiteDataCleared(t *testing.T) {
	needChromium(t)
	kr := needKeyring(t)
	marker := "patient-" + strings.Repeat("x", 4) + "-Alice-Example"
	pic := bytes.Repeat([]byte("\x89PNG-not-really-a-picture-but-kept-verbatim-by-a-cache-"), 40)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "site-data-session-1", Path: "/", MaxAge: 3600})
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(strings.ReplaceAll(storagePage, "MARKER", marker)))
		case "/sw.js":
			w.Header().Set("Content-Type", "application/javascript")
			w.Write([]byte(`self.addEventListener('install', (e) => e.waitUntil(caches.open('sw').then((c) => c.put('/sw-kept', new Response('` + marker + `')))));`))
		case "/pic.png":
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Cache-Control", "public, max-age=86400")
			w.Write(pic)
		}
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "profile")
	b, err := browser.Start(context.Background(), browser.Options{ProfileDir: dir, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := tab.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitFor(ctx, "waiting for the page's stores", `!!(window.idb && window.cached && window.sw)`); err != nil {
		t.Fatal(err)
	}
	tab.Close()
	began := time.Now()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("closed in %v", time.Since(began).Round(time.Millisecond))
	hits := findInProfile(t, dir, []needle{{"the page's marker", []byte(marker)}, {"the picture", pic[100:400]}})
	for k, files := range hits {
		t.Errorf("%s is in the profile after Close: %v", k, files)
	}
	if st := storeOf(t, dir); st["sid"] != cookiedb.Keyring {
		t.Errorf("the cookie is %v after Close, want kept under the keyring's key", st["sid"])
	}
}
