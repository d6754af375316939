package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/fix"
	"chaperone/platforms/job"
	"chaperone/platforms/runner"
)

// runFix is "Fix it for me" on the command line: audit afresh, show
// exactly what would change, ask once (unless --yes), change it, read it
// again, and record what was done with the audit.
func runFix(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "fix", "fix (--check ID | --all-high) [--yes] [--demo] [--platform P] [--guideline ID]")
	check := fs.String("check", "", "the `ID` of the failing check to fix (as \"chaperone audit\" lists it)")
	allHigh := fs.Bool("all-high", false, "fix every high-importance item Chaperone can change, stopping at the first surprise")
	yes := fs.Bool("yes", false, "make the changes without asking (the preview is still printed)")
	demo := fs.Bool("demo", false, "fix the built-in demo sandbox's fictional accounts")
	var platforms listFlag
	fs.Var(&platforms, "platform", "`PLATFORM`(s) to audit and fix, comma-separated or repeated (default: all with an account)")
	timeout := durationFlag(fs, "timeout", 20*time.Second, "time limit for each browser step: a `duration` more than zero, such as 30s or 2m")
	chromium := fs.String("chromium", "", "the Chromium binary (`PATH`) (default: found on the PATH)")
	guideline := fs.String("guideline", audit.DefaultGuidelineID, "the `ID` of the guidance to score against (\"chaperone guidelines\" lists them)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	case (*check == "") == !*allHigh:
		return usageErrorf("say what to fix: --check ID, or --all-high")
	}
	g, err := chooseGuideline(*guideline)
	if err != nil {
		return err
	}
	for _, p := range platforms {
		if !slices.Contains(audit.Platforms, audit.Platform(p)) {
			return usageErrorf("unknown platform %q", p)
		}
		if !env.live(audit.Platform(p)) {
			return notLive(audit.Platform(p))
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	dataDir, err := env.DataDir()
	if err != nil {
		return err
	}
	spec := job.Spec{Demo: *demo, StepTimeout: *timeout, ChromiumPath: *chromium, Guideline: g.ID}
	for _, p := range platforms {
		spec.Platforms = append(spec.Platforms, audit.Platform(p))
	}
	r := &job.Runner{DataDir: dataDir, Keyring: env.Keyring, Saved: env.Saved, Adapters: env.Adapters, Replicas: env.Replicas, KeepDemo: true}
	defer r.Close()

	// The change is planned from a fresh reading, never an old one.
	fmt.Fprintln(env.Stderr, "Reading your accounts first, to change only what they show now…")
	res, err := r.Audit(ctx, spec, func(ev runner.Event) {
		if ev.Err != nil {
			fmt.Fprintf(env.Stderr, "%s: %s\n", ev.Platform.DisplayName(), eventText(ev.Platform, ev.Err))
		}
	})
	if errors.Is(err, job.ErrNoAccounts) {
		return usageErrorf("%v (`chaperone account add`, or `chaperone fix --demo`)", err)
	}
	if res == nil {
		return err
	}
	items := r.Plan(res)
	var changes []audit.Change
	var byHand []fix.Item
	for _, it := range items {
		if *check != "" && it.Finding.CheckID != *check {
			continue
		}
		if *allHigh && it.Finding.Severity != audit.SeverityHigh {
			continue
		}
		if it.Change != nil {
			if !slices.ContainsFunc(changes, func(c audit.Change) bool { return c.Fact == it.Change.Fact && c.Platform == it.Change.Platform }) {
				changes = append(changes, *it.Change)
			}
		} else {
			byHand = append(byHand, it)
		}
	}
	for _, it := range byHand {
		fmt.Fprintf(env.Stdout, "%s: %s (%s) — Chaperone does not change this for you:\n", it.Finding.Platform.DisplayName(), it.Finding.Title, it.Finding.Status)
		for i, s := range it.Guidance {
			fmt.Fprintf(env.Stdout, "  %d. %s\n", i+1, s)
		}
	}
	if len(changes) == 0 {
		if *check != "" && len(byHand) == 0 {
			fmt.Fprintf(env.Stdout, "%s is not failing in this audit: nothing to change.\n", *check)
		} else if len(byHand) == 0 {
			fmt.Fprintln(env.Stdout, "No high-importance item needs a change Chaperone can make.")
		}
		return nil
	}
	fmt.Fprintln(env.Stdout, "Chaperone will change:")
	for i, c := range changes {
		fmt.Fprintf(env.Stdout, "  %d. %s\n", i+1, previewLine(c))
	}
	if !*yes && !confirm(env, fmt.Sprintf("Make %s? [y/N] ", plural(len(changes), "change", "changes"))) {
		fmt.Fprintln(env.Stdout, "Nothing was changed.")
		return nil
	}
	acts, err := r.Apply(ctx, res, changes, func(st fix.Step) {
		if st.Action == nil {
			fmt.Fprintf(env.Stderr, "[%d/%d] %s\n", st.Index+1, len(changes), st.Text)
		}
	})
	for i, a := range acts {
		verdict := "NOT CONFIRMED"
		if a.Verified {
			verdict = "done, checked by reading the page again"
		}
		fmt.Fprintf(env.Stdout, "  %d. %s: %s (%s)\n", i+1, a.Change.Describe(), verdict, a.Seen)
	}
	if len(acts) < len(changes) && err != nil {
		fmt.Fprintf(env.Stdout, "Stopped: %d of %d changes were not tried.\n", len(changes)-len(acts), len(changes))
	}
	if err != nil {
		return fmt.Errorf("fix: %w", err)
	}
	return nil
}

// previewLine is exactly what a change will do, and where.
func previewLine(c audit.Change) string {
	if c.OneShot {
		return fmt.Sprintf("%s: %s, on %s (a one-off action; judged afterwards from what a stranger sees, and it cannot be undone)", c.Platform.DisplayName(), c.Label, c.Page)
	}
	return fmt.Sprintf("%s: %s, on %s", c.Platform.DisplayName(), c.Describe(), c.Page)
}

// confirm asks a yes/no question on the terminal; only y or yes agrees.
func confirm(env Env, q string) bool {
	fmt.Fprint(env.Stdout, q)
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
