// Package runner runs an audit: it starts the browser, hands each account to
// its platform's adapter in a tab of its own, reports progress and merges
// what each adapter read into one snapshot. The CLI and the app both use it.
package runner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/facebook"
)

// Event is one progress report.
type Event struct {
	Platform audit.Platform
	Step     string  // human text: "Reading privacy settings"
	Fraction float64 // 0..1 for this platform
	Done     bool
	Err      error // set on the final event if the platform failed
}

// Credentials gives an account's stored password and authenticator secret;
// platforms/account implements it.
type Credentials interface {
	Login(ctx context.Context, p audit.Platform, user string) (password, totpSecret string, err error)
}

// Target is one account to audit.
type Target struct {
	Platform   audit.Platform
	User       string // account name / email
	BaseURL    string // e.g. the sandbox URL; "" = the real site
	ProfileDir string // persistent, app-owned browser profile (0700)
}

// Options configure a run.
type Options struct {
	Targets      []Target
	Credentials  Credentials   // may be nil: then an expired session is a clear error
	StepTimeout  time.Duration // per step; default 20s
	ChromiumPath string        // "" = find it
	// EvidenceDir, when set, receives screenshots of where facts were read.
	EvidenceDir string
}

// ErrNotSupported is the coverage error of a platform with no adapter yet.
var ErrNotSupported = errors.New("not supported yet")

// audit reads one target with a started browser.
type auditFunc func(ctx context.Context, b *browser.Browser, t Target, opts Options, progress func(string, float64)) (*audit.Snapshot, error)

// adapters maps each platform to its reader.
var adapters = map[audit.Platform]auditFunc{
	audit.Facebook: func(ctx context.Context, b *browser.Browser, t Target, opts Options, progress func(string, float64)) (*audit.Snapshot, error) {
		var creds facebook.Credentials
		if opts.Credentials != nil {
			creds = opts.Credentials
		}
		return facebook.Audit(ctx, b, facebook.Options{
			BaseURL: t.BaseURL, User: t.User, Credentials: creds,
			EvidenceDir: opts.EvidenceDir, Progress: progress,
		})
	},
}

// Supported reports whether p has an adapter.
func Supported(p audit.Platform) bool { _, ok := adapters[p]; return ok }

// Live lists the networks that can be audited live, in display order.
func Live() []audit.Platform {
	var out []audit.Platform
	for _, p := range audit.Platforms {
		if Supported(p) {
			out = append(out, p)
		}
	}
	return out
}

// Run audits every target and returns the merged snapshot. A platform that
// fails keeps whatever it read, with Coverage.Error saying why, and its
// checks become UNKNOWN; Run itself fails only when no browser can run at
// all (ErrChromiumMissing) or ctx ends, and still returns the snapshot.
//
// Targets that share a profile directory share one Chromium (one tab each);
// a browser profile can be open in one process only, so accounts kept in
// different profiles get a Chromium each, one after the other.
func Run(ctx context.Context, opts Options, progress func(Event)) (*audit.Snapshot, error) {
	if progress == nil {
		progress = func(Event) {}
	}
	if opts.StepTimeout <= 0 {
		opts.StepTimeout = browser.DefaultStepTimeout
	}
	snap := audit.NewSnapshot(time.Now())
	fail := func(t Target, err error) {
		now := time.Now().UTC()
		snap.Merge(&audit.Snapshot{Coverage: []audit.Coverage{{
			Platform: t.Platform, Account: t.User, BaseURL: t.BaseURL, Source: audit.SourceSettings,
			Started: now, Finished: now, Error: err.Error(), Problem: ProblemOf(err),
		}}})
		progress(Event{Platform: t.Platform, Step: "Failed", Fraction: 1, Done: true, Err: err})
	}

	// Group the supported targets by profile directory, keeping their order.
	var order []string
	groups := map[string][]Target{}
	for _, t := range opts.Targets {
		if !Supported(t.Platform) {
			fail(t, ErrNotSupported)
			continue
		}
		if _, ok := groups[t.ProfileDir]; !ok {
			order = append(order, t.ProfileDir)
		}
		groups[t.ProfileDir] = append(groups[t.ProfileDir], t)
	}

	var runErr error
	for _, dir := range order {
		targets := groups[dir]
		if err := ctx.Err(); err != nil {
			for _, t := range targets {
				fail(t, err)
			}
			runErr = err
			continue
		}
		for _, t := range targets {
			progress(Event{Platform: t.Platform, Step: "Starting the browser"})
		}
		b, err := browser.Start(ctx, browser.Options{ChromiumPath: opts.ChromiumPath, ProfileDir: dir, StepTimeout: opts.StepTimeout})
		if err != nil {
			for _, t := range targets {
				fail(t, err)
			}
			if errors.Is(err, browser.ErrChromiumMissing) || ctx.Err() != nil {
				runErr = err
			}
			continue
		}
		for _, t := range targets {
			s, err := adapters[t.Platform](ctx, b, t, opts, func(step string, f float64) {
				progress(Event{Platform: t.Platform, Step: step, Fraction: f})
			})
			if s != nil {
				for i := range s.Coverage {
					if c := &s.Coverage[i]; c.Error != "" && c.Problem == "" {
						c.Problem = ProblemOf(err)
					}
				}
				snap.Merge(s)
			}
			if err != nil && s == nil {
				fail(t, err)
				continue
			}
			progress(Event{Platform: t.Platform, Step: "Finished", Fraction: 1, Done: true, Err: err})
		}
		// The audit is complete; a browser that will not close cleanly is
		// not worth losing it for.
		_ = b.Close()
	}
	if runErr == nil && ctx.Err() != nil {
		runErr = ctx.Err()
	}
	if runErr != nil {
		return snap, fmt.Errorf("audit: %w", runErr)
	}
	return snap, nil
}

// ProblemOf classifies why a platform could not be read, for the plain
// words the app and the report show.
func ProblemOf(err error) audit.Problem {
	var se *browser.StepError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotSupported):
		return audit.ProblemNotSupported
	case errors.Is(err, context.Canceled):
		return audit.ProblemCancelled
	case errors.Is(err, browser.ErrChromiumMissing):
		return audit.ProblemBrowser
	case errors.Is(err, browser.ErrUnreachable):
		return audit.ProblemUnreachable
	case errors.Is(err, facebook.ErrTwoFactor):
		return audit.ProblemTwoFactor
	case errors.Is(err, facebook.ErrPasswordRefused):
		return audit.ProblemPassword
	case errors.Is(err, facebook.ErrLoginRequired), errors.Is(err, facebook.ErrLoginFailed):
		return audit.ProblemLogin
	case errors.As(err, &se) && se.Timeout > 0, errors.Is(err, context.DeadlineExceeded):
		return audit.ProblemTimeout
	}
	return audit.ProblemFailed
}
