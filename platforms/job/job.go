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
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/audit/match"
	"chaperone/audit/scan"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
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
}

// Runner starts audits.
type Runner struct {
	DataDir string
	Keyring vault.Keyring
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Saved, if set, receives every completed result of a real (not demo)
	// audit: the history.
	Saved func(*audit.Result) error
}

// registerChecks adds the checks that live beside their own logic (the
// post scanner's) to the audit's registry, once per process.
var registerChecks = sync.OnceValue(func() error {
	if err := scan.RegisterChecks(); err != nil {
		return fmt.Errorf("loading the post scanner: %w", err)
	}
	match.RegisterChecks(reviews)
	return nil
})

// reviews hands the connection checks (registered once per process) the
// watch-list store of the audit under way.
var reviews = &reviewSource{}

type reviewSource struct {
	mu sync.Mutex
	st match.Source
}

func (s *reviewSource) use(st match.Source) {
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
}

func (s *reviewSource) Review() (*watchlist.Review, error) {
	s.mu.Lock()
	st := s.st
	s.mu.Unlock()
	if st == nil {
		return nil, errors.New("no watch-list store is open")
	}
	return st.Review()
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
	p := sandbox.DemoPersona().Facebook
	return watchlist.NewReview(people, watchlist.Practice{Towns: []string{p.Town}}, nil)
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
		if snap == nil {
			snap = es
		} else {
			snap.Merge(es)
		}
	}
	if err := registerChecks(); err != nil {
		return nil, err
	}
	if spec.Demo {
		// The demo has its own fictional watch-list, so that a doctor trying
		// it sees the matching at work and their own list is never mixed in.
		reviews.use(demoReview())
	} else {
		reviews.use(watchlist.Open(r.Keyring, r.DataDir))
	}
	g, err := audit.DefaultGuideline()
	if err != nil {
		return nil, err
	}
	res := audit.Evaluate(snap, g, now())
	// The demo is kept out of the history: its scores would otherwise sit in
	// the doctor's own trend and "what changed" in their appraisal report.
	if r.Saved != nil && !spec.Demo {
		if err := r.Saved(res); err != nil {
			return res, fmt.Errorf("the audit finished but could not be saved to the history: %w", err)
		}
	}
	return res, nil
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
		o, s, err := runner.Demo(ctx, r.DataDir)
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
			opts.Targets = append(opts.Targets, runner.Target{
				Platform: a.Platform, User: a.User, BaseURL: a.BaseURL,
				ProfileDir: store.ProfileDir(a.Platform, a.User),
			})
		}
		opts.Credentials = store
	}
	for i, t := range opts.Targets {
		if u, ok := spec.Endpoints[t.Platform]; ok {
			opts.Targets[i].BaseURL = u
		}
	}
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
func (r *Runner) Login(ctx context.Context, p audit.Platform, user, baseURL string) error {
	if err := account.Validate(p, user); err != nil {
		return err
	}
	store := account.Open(r.DataDir, r.Keyring)
	t := runner.Target{Platform: p, User: user, BaseURL: baseURL, ProfileDir: store.ProfileDir(p, user)}
	if err := runner.Login(ctx, t); err != nil {
		return err
	}
	return store.Add(account.Account{Platform: p, User: user, BaseURL: baseURL})
}
