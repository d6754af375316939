// Package fix is "Fix it for me" without a window: which findings of an
// audit Chaperone can change for the doctor, the exact change each would
// make, making the changes the doctor confirmed (one browser, one at a
// time, stopping at the first surprise), undoing them, and the guidance
// for what it never changes. The app and the command line both call it.
package fix

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/runner"
)

// Item is one finding as "Fix it for me" sees it: a change Chaperone can
// make, or the steps the doctor takes.
type Item struct {
	Finding audit.Finding
	// Change is set when Chaperone can make the change.
	Change *audit.Change
	// Guidance is the steps to take by hand, when Change is nil.
	Guidance []string
}

// Plan lists the account-wide FAIL and WARN findings of res, in the order
// of the findings, each with its change or its guidance.
func Plan(res *audit.Result, cat audit.Catalogue, adapters []platforms.Adapter) []Item {
	if res == nil || res.Snapshot == nil {
		return nil
	}
	failing := map[audit.Platform][]audit.Finding{}
	for _, f := range res.Findings {
		if f.Status == audit.Fail || f.Status == audit.Warn {
			failing[f.Platform] = append(failing[f.Platform], f)
		}
	}
	changes := map[audit.Platform][]audit.Change{}
	for p, fs := range failing {
		if fx, ok := fixerFor(adapters, p); ok {
			changes[p] = fx.Fixes(res.Snapshot, fs)
		}
	}
	var out []Item
	for _, f := range res.Findings {
		if f.Status != audit.Fail && f.Status != audit.Warn {
			continue
		}
		it := Item{Finding: f}
		for i, c := range changes[f.Platform] {
			if c.Check == f.CheckID && (f.Subject == "") == (c.Subject == "") && (f.Subject == "" || c.SubjectURL == f.FixURL) {
				ch := changes[f.Platform][i]
				it.Change = &ch
				break
			}
		}
		if it.Change == nil && f.Subject != "" {
			// Per-post and per-person findings without a change are the
			// doctor's to review in the app, as before.
			continue
		}
		if it.Change == nil {
			check, _ := cat.ByID(f.CheckID)
			it.Guidance = Guidance(check, res.Snapshot, f.Platform)
		}
		out = append(out, it)
	}
	return out
}

// HighChanges are the changes of the high-importance items of a plan.
func HighChanges(items []Item) []audit.Change {
	var out []audit.Change
	for _, it := range items {
		if it.Change != nil && it.Finding.Severity == audit.SeverityHigh {
			out = append(out, *it.Change)
		}
	}
	return out
}

// Guidance is the steps by hand for a check Chaperone does not change
// (two-factor enrolment, passwords, anything needing the phone), from the
// check's own data.
func Guidance(c audit.Check, snap *audit.Snapshot, p audit.Platform) []string {
	var steps []string
	if u := c.FixURL(snap, p); u != "" {
		steps = append(steps, "Open "+u+" in your own browser, logged in to "+p.DisplayName()+".")
	}
	for _, s := range strings.Split(c.Remediation, ". ") {
		if s = strings.TrimSpace(s); s != "" {
			if !strings.HasSuffix(s, ".") {
				s += "."
			}
			steps = append(steps, s)
		}
	}
	if len(steps) == 0 {
		steps = append(steps, "Change the setting on "+p.DisplayName()+" yourself.")
	}
	return append(steps, "Run the audit again to confirm the change.")
}

func fixerFor(adapters []platforms.Adapter, p audit.Platform) (platforms.Fixer, bool) {
	a, ok := runner.Adapter(adapters, p)
	if !ok {
		return nil, false
	}
	fx, ok := a.(platforms.Fixer)
	return fx, ok
}

// Step is one progress report of Apply.
type Step struct {
	// Index is the change's position in the list Apply was given.
	Index int
	Text  string
	// Action is set when the change is over.
	Action *audit.Action
	Err    error
}

// Apply makes changes in order through each account's own browser
// profile, one at a time, recording every action (made or not) in snap.
// It stops at the first change that did not go as expected (another page,
// an unknown dialog, a value that did not take) and returns that error;
// the changes after it are not tried.
func Apply(ctx context.Context, opts runner.Options, snap *audit.Snapshot, changes []audit.Change, progress func(Step)) ([]audit.Action, error) {
	if progress == nil {
		progress = func(Step) {}
	}
	var done []audit.Action
	browsers := map[string]*browser.Browser{}
	defer func() {
		for _, b := range browsers {
			_ = b.Close()
		}
	}()
	for i, c := range changes {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		progress(Step{Index: i, Text: "Changing " + c.Describe()})
		act, err := applyOne(ctx, opts, browsers, c, func(step string, _ float64) { progress(Step{Index: i, Text: step}) })
		if act.At.IsZero() {
			act.At = time.Now().UTC()
		}
		if snap != nil {
			snap.AddAction(act)
		}
		done = append(done, act)
		progress(Step{Index: i, Text: resultText(act), Action: &act, Err: err})
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// Undo puts back the old value of action i of snap and records it there.
func Undo(ctx context.Context, opts runner.Options, snap *audit.Snapshot, i int, progress func(Step)) (audit.Action, error) {
	if progress == nil {
		progress = func(Step) {}
	}
	if snap == nil || i < 0 || i >= len(snap.Actions) {
		return audit.Action{}, errors.New("no such action to undo")
	}
	a := snap.Actions[i]
	if !a.Undoable() {
		return a, fmt.Errorf("%w: %q cannot be undone", platforms.ErrNotFixable, a.Change.Label)
	}
	browsers := map[string]*browser.Browser{}
	defer func() {
		for _, b := range browsers {
			_ = b.Close()
		}
	}()
	progress(Step{Index: i, Text: "Putting back " + a.Change.Reverse().Describe()})
	back, err := applyOne(ctx, opts, browsers, a.Change.Reverse(), func(step string, _ float64) { progress(Step{Index: i, Text: step}) })
	if back.Verified {
		snap.Actions[i].Undone = back.At
		if snap.Actions[i].Undone.IsZero() {
			snap.Actions[i].Undone = time.Now().UTC()
		}
		snap.Actions[i].UndoVerified = true
	}
	progress(Step{Index: i, Text: resultText(back), Action: &back, Err: err})
	return back, err
}

// resultText is the outcome in words, for progress lines.
func resultText(a audit.Action) string {
	if a.Verified {
		return "Done and checked: " + a.Seen
	}
	return "Not confirmed: " + a.Seen
}

// applyOne makes one change with its network's Fixer, in the browser of
// the account's own profile.
func applyOne(ctx context.Context, opts runner.Options, browsers map[string]*browser.Browser, c audit.Change, progress func(string, float64)) (audit.Action, error) {
	act := audit.Action{Change: c}
	fx, ok := fixerFor(opts.Adapters, c.Platform)
	if !ok {
		act.Seen = "Chaperone cannot change " + c.Platform.DisplayName() + " settings for you yet"
		return act, fmt.Errorf("%w: %s", platforms.ErrNotFixable, c.Platform.DisplayName())
	}
	var t *runner.Target
	for i := range opts.Targets {
		if opts.Targets[i].Platform == c.Platform {
			t = &opts.Targets[i]
			break
		}
	}
	if t == nil {
		act.Seen = "no " + c.Platform.DisplayName() + " account is set up"
		return act, fmt.Errorf("%w: no %s account", platforms.ErrNotFixable, c.Platform.DisplayName())
	}
	// The change goes only to the page of the account's own origin.
	if o := platforms.Origin(c.Page); t.Origin != "" && o != "" && o != t.Origin {
		act.Seen = "the change's page is on " + o + ", not the account's site " + t.Origin
		return act, &platforms.OriginError{What: "the change's page is on " + o, Site: t.Origin}
	}
	b := browsers[t.ProfileDir]
	if b == nil {
		step := opts.StepTimeout
		if step <= 0 {
			step = browser.DefaultStepTimeout
		}
		nb, err := browser.Start(ctx, browser.Options{ChromiumPath: opts.ChromiumPath, ProfileDir: t.ProfileDir, StepTimeout: step,
			Keyring: opts.Keyring, TemporaryIfNoKeyring: opts.TemporaryIfNoKeyring})
		if err != nil {
			act.Seen = err.Error()
			return act, err
		}
		browsers[t.ProfileDir], b = nb, nb
	}
	acct := platforms.Account{Platform: t.Platform, User: t.User, Origin: t.Origin}
	return fx.Fix(ctx, b, acct, c, platforms.Options{Credentials: opts.Credentials, Progress: progress})
}
