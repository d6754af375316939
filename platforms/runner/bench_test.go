package runner

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/networks"
	"chaperone/platforms/sandbox"
)

// The demo's speed, against a floor measured in the same run: a minimal
// program that starts the same Chromium, loads the same replica pages the
// Facebook audit loads, in the same order, and reads their text. What the
// audit spends above the floor is its own (waits, scripts, pages loaded
// twice). Each iteration times five of each and reports medians:
//
//	fb-s, fbig-s, floor-s  median wall time of the Facebook demo, the
//	                       Facebook and Instagram demo, and the floor
//	fb/floor               Facebook demo over the floor (target <= 1.2)
//	fbig/fb                Facebook and Instagram over Facebook alone
//	                       (target <= 1.3)
func BenchmarkDemoAgainstFloor(b *testing.B) {
	needBrowser(b)
	fbOnly := liveOn(audit.Facebook)
	fbIG := liveOn(audit.Facebook, audit.Instagram)
	paths := facebookPaths(b, fbOnly)
	b.ResetTimer()
	for b.Loop() {
		var floor, fb, both []time.Duration
		for range 5 {
			floor = append(floor, timed(b, func() { loadFloor(b, fbOnly, paths) }))
			fb = append(fb, timed(b, func() { demoOnce(b, fbOnly) }))
			both = append(both, timed(b, func() { demoOnce(b, fbIG) }))
		}
		mf, mfb, mboth := median(floor), median(fb), median(both)
		b.ReportMetric(mf.Seconds(), "floor-s")
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

// loadFloor starts the sandbox and the same Chromium, loads each path in
// one tab and reads its text: nothing more.
func loadFloor(b testing.TB, fbOnly []networks.Network, paths []string) {
	_, rs := split(fbOnly)
	h := sandbox.NewHost(sandbox.DemoPersona(), rs...)
	if err := h.Start(context.Background(), ""); err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	br, err := browser.Start(context.Background(), browser.Options{ProfileDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	tab, err := br.NewTab()
	if err != nil {
		b.Fatal(err)
	}
	base := h.URL(audit.Facebook)
	for _, p := range paths {
		if _, err := tab.Navigate(context.Background(), base+p); err != nil {
			b.Fatal(err)
		}
		if _, err := browser.Eval[string](context.Background(), tab, "reading the page", `document.body ? document.body.innerText : ""`); err != nil {
			b.Fatal(err)
		}
	}
}
