package cli

import (
	"chaperone/platforms/browser"
	"context"
	"fmt"
	"strings"

	"chaperone/audit"
)

func init() {
	Register("checklist", "print the checks for one platform, with links to its settings, to go through by hand", runChecklist)
}

// notLive is the message for a network that cannot be audited live yet:
// say so up front and offer what does work.
func notLive(p audit.Platform) error {
	return usageErrorf("%s cannot be audited live yet. What works today: audit its data download offline with `chaperone audit --export FILE`, or go through its settings by hand with `chaperone checklist --platform %s`", p.DisplayName(), p)
}

func runChecklist(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "checklist", "checklist --platform P")
	platform := fs.String("platform", "", "the `PLATFORM`: facebook, instagram, x, linkedin, tiktok or whatsapp")
	if err := parse(fs, args); err != nil {
		return err
	}
	p := audit.Platform(strings.ToLower(*platform))
	if !knownPlatform(p) {
		return usageErrorf("--platform must be one of %s", platformNames())
	}
	data, err := audit.DataChecks()
	if err != nil {
		return err
	}
	cat, err := audit.NewCatalogue(data)
	if err != nil {
		return err
	}
	ew := &errWriter{w: env.Stdout}
	ew.printf("%s: the checks Chaperone makes, to go through by hand\n", p.DisplayName())
	if !env.live(p) {
		ew.printf("(%s cannot be audited live yet; `chaperone audit --export FILE` audits its data download.)\n", p.DisplayName())
	}
	for i, c := range cat.For(p) {
		ew.printf("\n%2d. %s\n", i+1, c.Title)
		if c.Rationale != "" {
			ew.printf("    Why: %s\n", c.Rationale)
		}
		if c.Remediation != "" {
			ew.printf("    What to do: %s\n", c.Remediation)
		}
		if u := c.FixURL(nil, p); u != "" {
			ew.printf("    Where: %s\n", u)
		}
	}
	return ew.err
}

func knownPlatform(p audit.Platform) bool {
	for _, q := range audit.Platforms {
		if q == p {
			return true
		}
	}
	return false
}

func platformNames() string {
	var out []string
	for _, p := range audit.Platforms {
		out = append(out, string(p))
	}
	return strings.Join(out, ", ")
}

// incompleteError is an audit that ran but could not read some chosen
// platform: the result is printed, and the exit status says so.
type incompleteError struct{ missing []audit.NotAudited }

func (e *incompleteError) Error() string {
	var parts []string
	for _, na := range e.missing {
		if busyDetail(na) {
			parts = append(parts, fmt.Sprintf("%s was not audited: %s", na.Platform.DisplayName(), AuditRunning))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s was not audited: %s %s", na.Platform.DisplayName(), na.Reason, na.Action))
	}
	return strings.Join(parts, "\n")
}

// busyDetail reports whether a platform was not audited because the
// browser profile is held by another audit.
func busyDetail(na audit.NotAudited) bool {
	return na.Problem == audit.ProblemBusy || strings.Contains(na.Detail, browser.ErrProfileBusy.Error())
}

// busyPlatforms lists the platforms another audit's browser kept out.
func busyPlatforms(res *audit.Result) []audit.Platform {
	var out []audit.Platform
	for _, na := range res.NotAudited() {
		if busyDetail(na) {
			out = append(out, na.Platform)
		}
	}
	return out
}
