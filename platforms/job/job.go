// Package job runs one audit from start to finish: it turns the doctor's
// saved accounts (or the demo) into browser targets, runs the adapters,
// and scores what they read. The command line and the desktop app both
// start audits through it, so they cannot drift apart.
package job

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/audit/match"
	"chaperone/audit/scan"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
	"chaperone/platforms"
	"chaperone/platforms/account"
	"chaperone/platforms/export"
	"chaperone/platforms/runner"
	"chaperone/platforms/sandbox"
)

// Spec says what to audit.
type Spec struct {
	// Demo audits the built-in sandbox instead of saved accounts.
	Demo bool
	// Platforms limits the audit to these; empty means all.
	Platforms []audit.Platform
	// Endpoints points a platform's adapter at another base URL.
	Endpoints    map[audit.Platform]string
	StepTimeout  time.Duration
	ChromiumPath string
	// Exports are "download your information" archives (zip or folder) to
	// audit offline. When set, the browser is not used, unless Demo asks
	// for the sandbox as well.
	Exports []string
	// Base, with Exports, is a snapshot already read (the last live
	// audit) that the downloads join: one audit of both, each fact keeping
	// its own source and time. A platform a download holds is taken from
	// the download alone. Ignored without Exports or with Demo.
	Base *audit.Snapshot
	// Guideline is the ID of the guidance to score against; empty means
	// the default (BMA 2011).
	Guideline string
}

// Runner starts audits.
type Runner struct {
	DataDir string
	Keyring vault.Keyring
	// Adapters are the networks that can be audited live
	// (networks.Adapters()); Replicas their sandbox sites, for the demo.
	Adapters []platforms.Adapter
	Replicas []sandbox.NewSite
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Saved, if set, receives every completed result of a real (not demo)
	// audit: the history.
	Saved func(*audit.Result) error
	// KeepDemo keeps the demo sandbox of the first demo audit running,
	// and reuses it, until Close: changes made for the doctor then stay
	// for the next audit to read (fix.go).
	KeepDemo bool
	demo     keptDemo
}

// demoReview is the sandbox persona's watch-list, held in memory only.
func demoReview() match.Source { return match.Static{R: DemoReview()} }

// DemoReview is a fresh review over the sandbox persona's fictional
// watch-list, held in memory only, so that the app can review a demo
// audit's connections without touching the doctor's own list.
func DemoReview() *watchlist.Review {
	var people []watchlist.Person
	for _, w := range sandbox.DemoWatchlist() {
		people = append(people, watchlist.Person{Name: w.Name, Place: w.Town})
	}
	p := sandbox.DemoPersona()
	return watchlist.NewReview(people, watchlist.Practice{Towns: []string{p.Place()}}, nil)
}

// ErrOriginChanged refuses to send an account to another site than the
// one it was added for.
var ErrOriginChanged = errors.New("the account belongs to another site")

// origin is the site account a is bound to.
func (r *Runner) origin(a account.Account) string {
	if a.Origin != "" {
		return a.Origin
	}
	if ad, ok := runner.Adapter(r.Adapters, a.Platform); ok {
		return ad.Site().Origin
	}
	return ""
}

// ErrNoAccounts means there is nothing to audit.
var ErrNoAccounts = errors.New("no accounts yet: add one, or try the demo")

// Audit runs the audit described by spec. progress gets per-platform events
// from the browser goroutines.
func (r *Runner) Audit(ctx context.Context, spec Spec, progress func(runner.Event)) (*audit.Result, error) {
	now := r.Now
	if now == nil {
		now = time.Now
	}
	if progress == nil {
		progress = func(runner.Event) {}
	}
	// An unknown guideline is refused before any browser starts.
	gid := spec.Guideline
	if gid == "" {
		gid = audit.DefaultGuidelineID
	}
	g, err := audit.GuidelineByID(gid)
	if err != nil {
		return nil, err
	}
	var snap *audit.Snapshot
	if len(spec.Exports) == 0 || spec.Demo {
		opts, stop, err := r.options(ctx, spec)
		if err != nil {
			return nil, err
		}
		defer stop()
		if snap, err = runner.Run(ctx, opts, progress); err != nil {
			return nil, err
		}
	}
	if len(spec.Exports) > 0 {
		es, cleanup, err := r.readExports(ctx, spec.Exports, now, progress)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		switch {
		case snap != nil:
			snap.Merge(es)
		case spec.Base != nil && !spec.Demo:
			snap = withoutPlatforms(spec.Base, es.Chosen())
			snap.Merge(es)
		default:
			snap = es
		}
	}
	// The demo has its own fictional watch-list, so that a doctor trying it
	// sees the matching at work and their own list is never mixed in.
	var reviews match.Source = watchlist.Open(r.Keyring, r.DataDir)
	if spec.Demo {
		reviews = demoReview()
	}
	checks, err := Catalogue(reviews)
	if err != nil {
		return nil, err
	}
	res := audit.Evaluate(snap, checks, g, now())
	res.Demo = spec.Demo
	// The demo is kept out of the history: its scores would otherwise sit in
	// the doctor's own trend and "what changed" in their appraisal report.
	// An audit that read nothing is not kept either: it is no result.
	if r.Saved != nil && !spec.Demo && res.AnyRead() {
		if err := r.Saved(res); err != nil {
			return res, fmt.Errorf("the audit finished but could not be saved to the history: %w", err)
		}
	}
	return res, nil
}

// withoutPlatforms is a copy of s with nothing of the platforms ps: what
// a download replaces. The copy shares no slice or map with s.
func withoutPlatforms(s *audit.Snapshot, ps []audit.Platform) *audit.Snapshot {
	out := audit.NewSnapshot(s.TakenAt)
	gone := func(p audit.Platform) bool { return slices.Contains(ps, p) }
	for _, c := range s.Coverage {
		if !gone(c.Platform) {
			out.Coverage = append(out.Coverage, c)
		}
	}
	for id, f := range s.Facts {
		p, _, _ := strings.Cut(id, ".")
		if !gone(audit.Platform(p)) {
			out.Facts[id] = f
		}
	}
	for _, p := range s.Posts {
		if !gone(p.Platform) {
			out.Posts = append(out.Posts, p)
		}
	}
	for _, c := range s.Connections {
		if !gone(c.Platform) {
			out.Connections = append(out.Connections, c)
		}
	}
	for _, c := range s.PendingRequests {
		if !gone(c.Platform) {
			out.PendingRequests = append(out.PendingRequests, c)
		}
	}
	for _, x := range s.Sessions {
		if !gone(x.Platform) {
			out.Sessions = append(out.Sessions, x)
		}
	}
	return out
}

// Catalogue builds the checks of one audit: the shipped data checks, the
// post scanner's and the connection checks over reviews (the watch-list and
// decisions of this run). Each run gets its own, so two audits in one
// process never share a watch-list.
func Catalogue(reviews match.Source) (audit.Catalogue, error) {
	data, err := audit.DataChecks()
	if err != nil {
		return nil, fmt.Errorf("loading the checks: %w", err)
	}
	sc, err := scan.Default()
	if err != nil {
		return nil, fmt.Errorf("loading the post scanner: %w", err)
	}
	return audit.NewCatalogue(data, sc.Checks(), match.Checks(reviews))
}

// readExports audits data-export archives offline. Their photos are copied
// to a private temporary folder for the post scanner; cleanup removes it.
func (r *Runner) readExports(ctx context.Context, paths []string, now func() time.Time, progress func(runner.Event)) (*audit.Snapshot, func(), error) {
	imgs, err := os.MkdirTemp(r.DataDir, "export-images-")
	if err != nil {
		return nil, nil, fmt.Errorf("reading the data export: %w", err)
	}
	cleanup := func() { os.RemoveAll(imgs) }
	snap, err := export.ReadAll(ctx, paths, export.Options{Now: now, ImageDir: imgs})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	for _, c := range snap.Coverage {
		progress(runner.Event{Platform: c.Platform, Step: "Read from the data export", Fraction: 1})
		progress(runner.Event{Platform: c.Platform, Fraction: 1, Done: true})
	}
	return snap, cleanup, nil
}

func (r *Runner) options(ctx context.Context, spec Spec) (runner.Options, func(), error) {
	var opts runner.Options
	stop := func() {}
	if spec.Demo {
		o, s, err := r.startDemo(ctx)
		if err != nil {
			return opts, stop, fmt.Errorf("starting the demo sandbox: %w", err)
		}
		opts, stop = o, s
	} else {
		store := account.Open(r.DataDir, r.Keyring)
		accts, err := store.List()
		if err != nil {
			return opts, stop, err
		}
		for _, a := range accts {
			t := runner.Target{Platform: a.Platform, User: a.User, Origin: a.Origin, ProfileDir: store.ProfileDir(a.Platform, a.User)}
			if u, ok := spec.Endpoints[a.Platform]; ok && platforms.Origin(u) != r.origin(a) {
				// The account's password belongs to the site it was added
				// for; pointing it elsewhere needs the doctor to say so.
				stop()
				return opts, func() {}, fmt.Errorf("%w: the %s account %s was added for %s, not %s; add it for that site first (chaperone account add --platform %s --user %s --base-url %s)",
					ErrOriginChanged, a.Platform.DisplayName(), a.User, r.origin(a), platforms.Origin(u), a.Platform, a.User, platforms.Origin(u))
			}
			opts.Targets = append(opts.Targets, t)
		}
		opts.Credentials = store
	}
	opts.Adapters = r.Adapters
	opts.Keyring = r.Keyring
	if len(spec.Platforms) > 0 {
		opts.Targets = slices.DeleteFunc(opts.Targets, func(t runner.Target) bool {
			return !slices.Contains(spec.Platforms, t.Platform)
		})
	}
	if len(opts.Targets) == 0 {
		stop()
		if len(spec.Platforms) > 0 {
			var names []string
			for _, p := range spec.Platforms {
				names = append(names, p.DisplayName())
			}
			return opts, func() {}, fmt.Errorf("%w for %s", ErrNoAccounts, strings.Join(names, ", "))
		}
		return opts, func() {}, ErrNoAccounts
	}
	opts.StepTimeout = spec.StepTimeout
	opts.ChromiumPath = spec.ChromiumPath
	return opts, stop, nil
}

// Login opens a visible browser on the platform's login page for the
// doctor to log in, then saves the account. Demo logins go to the sandbox.
func (r *Runner) Login(ctx context.Context, p audit.Platform, user, origin string) error {
	if err := account.Validate(p, user); err != nil {
		return err
	}
	store := account.Open(r.DataDir, r.Keyring)
	t := runner.Target{Platform: p, User: user, Origin: platforms.Origin(origin), ProfileDir: store.ProfileDir(p, user)}
	if err := runner.Login(ctx, r.Adapters, t); err != nil {
		return err
	}
	return store.Add(account.Account{Platform: p, User: user, Origin: t.Origin})
}
