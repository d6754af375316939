package runner

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/networks"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

// The demo's speed, against a floor measured in the same run: a minimal
// program that starts the same Chromium, logs in to the same replica with
// the same demo login (typing into its form), loads the same pages the
// Facebook audit loads, in the same order (the public profile in a
// cookie-less tab, as the audit does), and reads their text. What the
// audit spends above the floor is its own (waits, scripts, lists scrolled,
// pages loaded twice). Each iteration times five of each and reports
// medians:
//
//	fb-s, fbig-s, floor-s  median wall time of the Facebook demo, the
//	                       Facebook and Instagram demo, and the floor
//	fb/floor               Facebook demo over the floor (target <= 1.2)
//	fbig/fb                Facebook and Instagram over Facebook alone
//	                       (target <= 1.3)
//	wallfloor-s            the earlier floor, which loads the same
//	                       addresses logged out (so mostly the login
//	                       page), kept for comparison with older figures
func BenchmarkDemoAgainstFloor(b *testing.B) {
	needBrowser(b)
	fbOnly := liveOn(audit.Facebook)
	fbIG := liveOn(audit.Facebook, audit.Instagram)
	paths := facebookPaths(b, fbOnly)
	b.ResetTimer()
	for b.Loop() {
		var floor, wall, fb, both []time.Duration
		for range 5 {
			floor = append(floor, timed(b, func() { loadFloor(b, fbOnly, paths, true) }))
			wall = append(wall, timed(b, func() { loadFloor(b, fbOnly, paths, false) }))
			fb = append(fb, timed(b, func() { demoOnce(b, fbOnly) }))
			both = append(both, timed(b, func() { demoOnce(b, fbIG) }))
		}
		mf, mfb, mboth := median(floor), median(fb), median(both)
		b.ReportMetric(mf.Seconds(), "floor-s")
		b.ReportMetric(median(wall).Seconds(), "wallfloor-s")
		b.ReportMetric(mfb.Seconds(), "fb-s")
		b.ReportMetric(mboth.Seconds(), "fbig-s")
		b.ReportMetric(mfb.Seconds()/mf.Seconds(), "fb/floor")
		b.ReportMetric(mboth.Seconds()/mfb.Seconds(), "fbig/fb")
	}
}

// liveOn is the live networks on the given platforms, in the list's order.
func liveOn(ps ...audit.Platform) []networks.Network {
	var out []networks.Network
	for _, n := range networks.All() {
		if slices.Contains(ps, n.Adapter.Platform()) {
			out = append(out, n)
		}
	}
	return out
}

func timed(b *testing.B, f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func split(ns []networks.Network) ([]platforms.Adapter, []sandbox.NewSite) {
	var as []platforms.Adapter
	var rs []sandbox.NewSite
	for _, n := range ns {
		as = append(as, n.Adapter)
		rs = append(rs, n.Replica)
	}
	return as, rs
}

// demoOnce is one whole demo audit: sandbox, Chromium, login with two
// factors, every page, the public view.
func demoOnce(b testing.TB, ns []networks.Network) *audit.Snapshot {
	as, rs := split(ns)
	opts, stop, err := Demo(context.Background(), b.TempDir(), as, rs)
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	snap, err := Run(context.Background(), opts, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range ns {
		if cov := snap.CoverageFor(n.Adapter.Platform()); cov == nil || !cov.Read() {
			b.Fatalf("%s not read: %+v", n.Adapter.Platform(), cov)
		}
	}
	return snap
}

// facebookPaths are the pages a Facebook demo audit loads, in order, as
// paths on its site.
func facebookPaths(b testing.TB, fbOnly []networks.Network) []string {
	snap := demoOnce(b, fbOnly)
	var out []string
	for _, p := range snap.CoverageFor(audit.Facebook).Pages {
		if u, err := url.Parse(p.URL); err == nil {
			out = append(out, u.RequestURI())
		}
	}
	return out
}

// loadFloor starts the sandbox and the same Chromium and loads each path
// in turn, reading its text: nothing more. With logIn, it first declines
// the cookie banner and answers the login form and the code step the
// first path leads to, as plainly as a script can, and loads a path seen a second time (the public
// profile) in a cookie-less tab; without, every path is loaded logged out.
func loadFloor(b testing.TB, fbOnly []networks.Network, paths []string, logIn bool) {
	ctx := context.Background()
	_, rs := split(fbOnly)
	h := sandbox.NewHost(sandbox.DemoPersona(), rs...)
	if err := h.Start(ctx, ""); err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	br, err := browser.Start(ctx, browser.Options{ProfileDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	tab, err := br.NewTab()
	if err != nil {
		b.Fatal(err)
	}
	base := h.URL(audit.Facebook)
	read := func(t *browser.Tab, url string) {
		if _, err := t.Navigate(ctx, url); err != nil {
			b.Fatal(err)
		}
		if _, err := browser.Eval[string](ctx, t, "reading the page", `document.body ? document.body.innerText : ""`); err != nil {
			b.Fatal(err)
		}
	}
	if !logIn {
		for _, p := range paths {
			read(tab, base+p)
		}
		return
	}
	read(tab, base+paths[0])
	l := h.Site(audit.Facebook).Login()
	code, err := otp.TOTP(l.TOTPSecret, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	submit := func(fields map[string]string, form string) {
		js := `(() => { const b = document.querySelector('[data-cookie-choice=essential]'); if (b) b.click();`
		for id, v := range fields {
			js += fmt.Sprintf(`document.getElementById(%q).value = %q;`, id, v)
		}
		js += fmt.Sprintf(`document.getElementById(%q).requestSubmit(); return true; })()`, form)
		if _, err := browser.Eval[bool](ctx, tab, "logging in", js); err != nil {
			b.Fatal(err)
		}
	}
	submit(map[string]string{"email": l.User, "pass": l.Password}, "login_form")
	if err := tab.WaitFor(ctx, "waiting for the code step", `!!document.getElementById('approvals_code')`); err != nil {
		b.Fatal(err)
	}
	submit(map[string]string{"approvals_code": code}, "checkpoint_form")
	if err := tab.WaitFor(ctx, "waiting for the settings", `!location.pathname.startsWith('/checkpoint') && document.readyState === 'complete'`); err != nil {
		b.Fatal(err)
	}
	var pub *browser.Tab
	seen := map[string]bool{paths[0]: true}
	for _, p := range paths[1:] {
		switch {
		case strings.HasPrefix(p, "/login"), strings.HasPrefix(p, "/checkpoint"):
			continue // answered above
		case seen[p]:
			if pub == nil {
				if pub, err = br.NewPrivateTab(); err != nil {
					b.Fatal(err)
				}
			}
			read(pub, base+p)
		default:
			seen[p] = true
			read(tab, base+p)
		}
	}
}
