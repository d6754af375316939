package browser

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/security"
)

// The Chromium tests share one browser: starting one costs about a second.
var (
	sharedOnce sync.Once
	shared     *Browser
	sharedErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// needBrowser returns the shared browser, skipping only in -short mode or
// when CHAPERONE_SKIP_BROWSER=1; a missing Chromium fails the test.
func needBrowser(t *testing.T) *Browser {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("browser tests skipped (-short or CHAPERONE_SKIP_BROWSER=1)")
	}
	sharedOnce.Do(func() {
		start := time.Now()
		shared, sharedErr = Start(context.Background(), Options{StepTimeout: 15 * time.Second})
		if sharedErr == nil {
			t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
		}
	})
	if sharedErr != nil {
		t.Fatalf("starting Chromium: %v", sharedErr)
	}
	return shared
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Who can see your friends list?", "who can see your friends list"},
		{"  Where you’re   logged in ", "where you re logged in"},
		{"Where you're logged in", "where you re logged in"},
		{"Two-factor authentication:", "two factor authentication"},
		{"Only\u00a0me", "only me"},
		{"", ""},
		{"?!", ""},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("Who can see your future posts?")
	f.Add("Where you’re logged in")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		if len(n) > 0 && (n[0] == ' ' || n[len(n)-1] == ' ') {
			t.Fatalf("untrimmed %q", n)
		}
	})
}

func TestClassifyPage(t *testing.T) {
	for _, tc := range []struct {
		url    string
		state  security.State
		cert   bool
		ok     bool
		secure bool
		why    string
	}{
		{"https://www.facebook.com/settings", security.StateSecure, true, true, true, ""},
		{"https://expired.example/", security.StateInsecure, true, true, false, "https without a valid certificate (security state insecure)"},
		{"http://127.0.0.1:4000/settings", security.StateSecure, false, true, false, "loopback"},
		{"http://localhost/x", security.StateNeutral, false, true, false, "loopback"},
		{"http://[::1]:80/", security.StateNeutral, false, true, false, "loopback"},
		{"http://example.org/", security.StateInsecure, false, true, false, "plain http"},
		{"about:blank", security.StateNeutral, false, false, false, ""},
		{"data:text/html,hi", security.StateNeutral, false, false, false, ""},
	} {
		p, ok := ClassifyPage(tc.url, tc.state, tc.cert)
		if ok != tc.ok || p.Secure != tc.secure || p.Why != tc.why {
			t.Errorf("ClassifyPage(%q) = %+v, %v; want secure=%v why=%q ok=%v", tc.url, p, ok, tc.secure, tc.why, tc.ok)
		}
	}
}

func TestChromiumMissing(t *testing.T) {
	_, err := Start(context.Background(), Options{ChromiumPath: filepath.Join(t.TempDir(), "no-such-chromium")})
	if !errors.Is(err, ErrChromiumMissing) {
		t.Fatalf("err = %v, want ErrChromiumMissing", err)
	}
	if want := "apt-get install chromium"; !contains(err.Error(), want) {
		t.Errorf("error %q lacks the hint %q", err, want)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

var (
	audienceWords = []string{"Public", "Friends", "Friends of friends", "Only me", "Everyone", "Custom", "Specific friends", "Friends except..."}
	switchWords   = []string{"On", "Off", "Yes", "No"}
	pastWords     = []string{"Limited", "Not limited"}
	allLabels     = []string{
		"Who can see your future posts?", "Limit who can see past posts", "Limit Past Posts",
		"Who can see your friends list?", "Who can send you friend requests?",
		"Who can look you up using the email address you provided?",
		"Who can look you up using the phone number you provided?",
		"Do you want search engines outside of Facebook to link to your profile?",
		"Review tags people add to your posts", "Two-factor authentication",
		"Get alerts about unrecognised logins", "Get alerts about unrecognized logins", "Where you're logged in",
	}
)

// TestReadLabel reads settings from hand-written pages laid out in different
// ways: table rows, a definition list, a label in a span with the value in a
// sibling button, aria-labelledby, radio groups, a select, aria-label.
func TestReadLabel(t *testing.T) {
	b := needBrowser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	ctx := context.Background()

	type want struct {
		found bool
		key   string
	}
	cases := []struct {
		page   string
		label  []string
		values []string
		sw     bool
		want   want
	}{
		{"table.html", []string{"Who can see your future posts?"}, audienceWords, false, want{true, "friends"}},
		{"table.html", []string{"Who can see your friends list?"}, audienceWords, false, want{true, "only me"}},
		// The past-posts row holds a button, not a value: never borrow the
		// next row's.
		{"table.html", []string{"Limit who can see past posts", "Limit Past Posts"}, pastWords, false, want{true, ""}},
		{"table.html", []string{"Who can send you friend requests?"}, audienceWords, false, want{false, ""}},
		{"dl.html", []string{"Who can see your future posts?"}, audienceWords, false, want{true, "public"}},
		{"dl.html", []string{"Who can see your friends list?"}, audienceWords, false, want{true, "friends of friends"}},
		{"dl.html", []string{"Limit who can see past posts", "Limit Past Posts"}, pastWords, false, want{true, ""}},
		{"dl.html", []string{"Who can send you friend requests?"}, audienceWords, false, want{true, "everyone"}},
		{"spans.html", []string{"Who can send you friend requests?"}, audienceWords, false, want{true, "friends of friends"}},
		{"spans.html", []string{"Who can look you up using the email address you provided?"}, audienceWords, false, want{true, "only me"}},
		{"spans.html", []string{"Two-factor authentication"}, switchWords, true, want{true, "on"}},
		{"spans.html", []string{"Do you want search engines outside of Facebook to link to your profile?"}, switchWords, true, want{true, "no"}},
		{"spans.html", []string{"Review tags people add to your posts"}, switchWords, true, want{true, "on"}},
		{"spans.html", []string{"Who can see your future posts?"}, audienceWords, false, want{true, "only me"}},
		{"spans.html", []string{"Who can look you up using the phone number you provided?"}, audienceWords, false, want{true, "friends"}},
		// Two different values and nothing marks either as chosen: unread.
		{"spans.html", []string{"Get alerts about unrecognised logins", "Get alerts about unrecognized logins"}, switchWords, true, want{true, ""}},
	}
	loaded := ""
	for _, tc := range cases {
		t.Run(tc.page+"/"+tc.label[0], func(t *testing.T) {
			if loaded != tc.page {
				if _, err := tab.Navigate(ctx, srv.URL+"/"+tc.page); err != nil {
					t.Fatal(err)
				}
				loaded = tc.page
			}
			others := append([]string(nil), allLabels...)
			res, err := tab.ReadLabel(ctx, LabelQuery{Labels: tc.label, Others: others, Values: tc.values, Switch: tc.sw})
			if err != nil {
				t.Fatal(err)
			}
			if res.Found != tc.want.found || res.Key != tc.want.key {
				t.Errorf("got found=%v key=%q raw=%q how=%q reason=%q; want found=%v key=%q", res.Found, res.Key, res.Raw, res.How, res.Reason, tc.want.found, tc.want.key)
			}
			if res.Key != "" && (res.Rect.W <= 0 || res.Rect.H <= 0) {
				t.Errorf("empty rect %+v", res.Rect)
			}
			if res.Found && res.Key == "" && res.Reason == "" {
				t.Errorf("no reason given for an unread value")
			}
		})
	}

	// The pages were recorded as loopback pages.
	pages := tab.Pages()
	if len(pages) != 3 {
		t.Errorf("pages = %+v, want the 3 pages visited", pages)
	}
	for _, p := range pages {
		if p.Secure || p.Why != "loopback" {
			t.Errorf("page %+v: want insecure loopback", p)
		}
	}

	// Evidence screenshot of a region.
	res, err := tab.ReadLabel(ctx, LabelQuery{Labels: []string{"Review tags people add to your posts"}, Values: switchWords, Switch: true})
	if err != nil {
		t.Fatal(err)
	}
	data, err := tab.Capture(ctx, res.Rect)
	if err != nil || len(data) < 8 || string(data[1:4]) != "PNG" {
		t.Fatalf("screenshot not a PNG (%d bytes, %v)", len(data), err)
	}
}

// TestStepTimeout: a step that cannot finish fails with its name and the
// timeout, and the tab stays usable.
func TestStepTimeout(t *testing.T) {
	b := needBrowser(t)
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	c, cancel := tab.Ctx(context.Background())
	defer cancel()
	err = Step(c, "waiting for nothing", 300*time.Millisecond, chromedpPollFalse())
	var se *StepError
	if !errors.As(err, &se) || se.Step != "waiting for nothing" || se.Timeout != 300*time.Millisecond {
		t.Fatalf("err = %v, want a StepError naming the step with its timeout", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v does not wrap DeadlineExceeded", err)
	}
	if _, err := tab.Location(context.Background()); err != nil {
		t.Fatalf("tab unusable after a timeout: %v", err)
	}
}

// TestPrivateTabHasNoCookies: the public-view tab shares nothing with the
// profile's tabs.
func TestPrivateTabHasNoCookies(t *testing.T) {
	b := needBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			http.SetCookie(w, &http.Cookie{Name: "xs", Value: "s3cr3t", Path: "/"})
		}
		w.Write([]byte("<html><body>ok</body></html>"))
	}))
	defer srv.Close()
	ctx := context.Background()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if _, err := tab.Navigate(ctx, srv.URL+"/set"); err != nil {
		t.Fatal(err)
	}
	cs, err := tab.Cookies(ctx, srv.URL+"/")
	if err != nil || len(cs) != 1 {
		t.Fatalf("logged-in tab cookies = %d, %v; want 1", len(cs), err)
	}
	priv, err := b.NewPrivateTab()
	if err != nil {
		t.Fatal(err)
	}
	defer priv.Close()
	if _, err := priv.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	cs, err = priv.Cookies(ctx, srv.URL+"/")
	if err != nil || len(cs) != 0 {
		t.Fatalf("private tab cookies = %d, %v; want none", len(cs), err)
	}
}

func TestEnsureProfileDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "profiles", "a")
	if err := EnsureProfileDir(dir); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("mode = %v, %v; want 0700", st.Mode().Perm(), err)
	}
}
