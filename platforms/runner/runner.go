// Package runner runs an audit: it starts the browser, hands each account to
// its network's adapter in a tab of its own (the tabs of one browser in
// parallel), reports progress and merges what each adapter read into one
// snapshot. The CLI and the app both use it, through platforms/job.
package runner

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/audit/evidence"
	"chaperone/audit/vault"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// Event is one progress report. Events of different networks may arrive
// from different goroutines at once.
type Event struct {
	Platform audit.Platform
	Step     string  // human text: "Reading privacy settings"
	Fraction float64 // 0..1 for this platform
	Done     bool
	Err      error // set on the final event if the platform failed
}

// Target is one account to audit.
type Target struct {
	Platform audit.Platform
	User     string // account name / email
	// Origin is the site the account is bound to; "" is the real site.
	Origin     string
	ProfileDir string // persistent, app-owned browser profile (0700)
}

// Options configure a run.
type Options struct {
	// Adapters are the networks that can be audited live.
	Adapters    []platforms.Adapter
	Targets     []Target
	Credentials platforms.Credentials // may be nil: then an expired session is a clear error
	StepTimeout time.Duration         // per step; default 20s
	// Tabs is how many networks are read at once; 0 is one per CPU core
	// (at least two).
	Tabs int
	// ChromiumPath is the browser; "" finds it.
	ChromiumPath string
	// EvidenceDir, when set, receives screenshots of where facts were read,
	// sealed with the keyring's evidence key (audit/evidence).
	EvidenceDir string
	// Keyring holds the key Chromium encrypts the profiles' cookies with
	// and the evidence key; nil is the operating system's.
	Keyring vault.Keyring
	// TemporaryIfNoKeyring runs an audit whose keyring cannot be used in a
	// temporary browser profile (and says so) instead of failing it with
	// browser.ErrNoKeyring: for the demo, whose login is fictional.
	TemporaryIfNoKeyring bool
}

// ErrNotSupported is the coverage error of a network with no adapter yet.
var ErrNotSupported = platforms.ErrNotSupported

// Adapter finds the adapter of network p among adapters.
func Adapter(adapters []platforms.Adapter, p audit.Platform) (platforms.Adapter, bool) {
	for _, a := range adapters {
		if a.Platform() == p {
			return a, true
		}
	}
	return nil, false
}

// Live lists the networks adapters can audit, in display order.
func Live(adapters []platforms.Adapter) []audit.Platform {
	var out []audit.Platform
	for _, p := range audit.Platforms {
		if _, ok := Adapter(adapters, p); ok {
			out = append(out, p)
		}
	}
	return out
}

// Run audits every target and returns the merged snapshot. A network that
// fails keeps whatever it read, with Coverage.Error saying why (and is not
// scored); Run itself fails only when no browser can run at all
// (ErrChromiumMissing) or ctx ends, and still returns the snapshot.
//
// Targets that share a profile directory share one Chromium, one tab each,
// read in parallel, so that an audit of several networks takes little
// longer than its slowest; a browser profile can be open in one process
// only, so accounts kept in different profiles get a Chromium each, one
// after the other.
func Run(ctx context.Context, opts Options, progress func(Event)) (*audit.Snapshot, error) {
	if progress == nil {
		progress = func(Event) {}
	}
	var mu sync.Mutex
	report := func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		progress(ev)
	}
	if opts.StepTimeout <= 0 {
		opts.StepTimeout = browser.DefaultStepTimeout
	}
	if opts.Keyring == nil {
		opts.Keyring = vault.System()
	}
	var keep platforms.Evidence
	if opts.EvidenceDir != "" {
		// Without the key no screenshot is kept: never one in clear.
		if box, err := vault.NewBox(opts.Keyring, evidence.KeyName); err == nil {
			keep = evidence.New(opts.EvidenceDir, box)
		}
	}
	snap := audit.NewSnapshot(time.Now())
	// Each target's snapshot, merged in target order at the end so that the
	// result does not depend on which tab finished first.
	results := make([]*audit.Snapshot, len(opts.Targets))
	failed := func(t Target, err error) *audit.Snapshot {
		now := time.Now().UTC()
		report(Event{Platform: t.Platform, Step: "Failed", Fraction: 1, Done: true, Err: err})
		return &audit.Snapshot{Coverage: []audit.Coverage{{
			Platform: t.Platform, Account: t.User, BaseURL: t.Origin, Source: audit.SourceSettings,
			Started: now, Finished: now, Error: err.Error(), Problem: platforms.ProblemOf(err),
		}}}
	}

	// Group the supported targets by profile directory, keeping their order.
	var order []string
	groups := map[string][]int{}
	for i, t := range opts.Targets {
		if _, ok := Adapter(opts.Adapters, t.Platform); !ok {
			results[i] = failed(t, ErrNotSupported)
			continue
		}
		if _, ok := groups[t.ProfileDir]; !ok {
			order = append(order, t.ProfileDir)
		}
		groups[t.ProfileDir] = append(groups[t.ProfileDir], i)
	}

	var runErr error
	for _, dir := range order {
		idx := groups[dir]
		if err := ctx.Err(); err != nil {
			for _, i := range idx {
				results[i] = failed(opts.Targets[i], err)
			}
			runErr = err
			continue
		}
		for _, i := range idx {
			report(Event{Platform: opts.Targets[i].Platform, Step: "Starting the browser"})
		}
		b, err := browser.Start(ctx, browser.Options{ChromiumPath: opts.ChromiumPath, ProfileDir: dir, StepTimeout: opts.StepTimeout,
			Keyring: opts.Keyring, TemporaryIfNoKeyring: opts.TemporaryIfNoKeyring})
		if err != nil {
			for _, i := range idx {
				results[i] = failed(opts.Targets[i], err)
			}
			if errors.Is(err, browser.ErrChromiumMissing) || ctx.Err() != nil {
				runErr = err
			}
			continue
		}
		if b.NoKeyring() != nil {
			for _, i := range idx {
				report(Event{Platform: opts.Targets[i].Platform, Step: "No keyring: using a temporary browser profile, deleted after the audit"})
			}
		}
		// Tabs run side by side, but no more at once than the machine has
		// cores: six networks' pages rendering together on two cores make
		// every step slow enough to hit its timeout.
		var wg sync.WaitGroup
		slots := make(chan struct{}, tabsAtOnce(opts.Tabs))
		for _, i := range idx {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				select {
				case slots <- struct{}{}:
				default:
					report(Event{Platform: opts.Targets[i].Platform, Step: "Waiting for another network to finish"})
					slots <- struct{}{}
				}
				defer func() { <-slots }()
				results[i] = runOne(ctx, b, opts, keep, opts.Targets[i], report)
			}(i)
		}
		wg.Wait()
		// The audit is complete; a browser that will not close cleanly is
		// not worth losing it for.
		if err := b.Close(); errors.Is(err, browser.ErrSessionNotKept) {
			// The audit stands; only the saved login is gone, and the doctor
			// should know why the next audit logs in again.
			for _, i := range idx {
				report(Event{Platform: opts.Targets[i].Platform, Step: err.Error()})
			}
		}
	}
	for _, s := range results {
		if s != nil {
			snap.Merge(s)
		}
	}
	if runErr == nil && ctx.Err() != nil {
		runErr = ctx.Err()
	}
	if runErr != nil {
		return snap, fmt.Errorf("audit: %w", runErr)
	}
	return snap, nil
}

// runOne reads one target with its adapter in its own tab.
func runOne(ctx context.Context, b *browser.Browser, opts Options, keep platforms.Evidence, t Target, report func(Event)) *audit.Snapshot {
	a, _ := Adapter(opts.Adapters, t.Platform)
	acct := platforms.Account{Platform: t.Platform, User: t.User, Origin: t.Origin}
	if acct.Origin == "" {
		acct.Origin = a.Site().Origin
	}
	s, err := a.Audit(ctx, b, acct, platforms.Options{
		Credentials: opts.Credentials,
		Evidence:    keep,
		Progress: func(step string, f float64) {
			report(Event{Platform: t.Platform, Step: step, Fraction: f})
		},
	})
	if s == nil {
		if err == nil {
			err = errors.New("the adapter returned nothing")
		}
		now := time.Now().UTC()
		s = &audit.Snapshot{Coverage: []audit.Coverage{{Platform: t.Platform, Account: t.User, BaseURL: acct.Origin,
			Source: audit.SourceSettings, Started: now, Finished: now}}}
	}
	for i := range s.Coverage {
		if c := &s.Coverage[i]; err != nil && c.Error == "" {
			c.Error = err.Error()
		}
		if c := &s.Coverage[i]; c.Error != "" && c.Problem == "" {
			c.Problem = platforms.ProblemOf(err)
		}
	}
	report(Event{Platform: t.Platform, Step: "Finished", Fraction: 1, Done: true, Err: err})
	return s
}

// tabsAtOnce is how many tabs read at the same time.
func tabsAtOnce(n int) int {
	if n > 0 {
		return n
	}
	return max(2, runtime.NumCPU())
}
