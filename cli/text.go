package cli

import (
	"fmt"
	"io"
	"strings"

	"chaperone/audit"
)

// WriteText prints a result as a plain-text checklist a doctor can read in
// a terminal.
func WriteText(w io.Writer, res *audit.Result, g *audit.Guideline) error {
	ew := &errWriter{w: w}
	ew.printf("Chaperone audit %s\n", res.ID)
	ew.printf("Guideline: %s (%s)\n", res.Guideline.Title, res.Guideline.Version)
	ew.printf("Finished:  %s\n\n", res.FinishedAt.Local().Format("Mon 2 Jan 2006 15:04"))
	if res.Score.Assessed() {
		ew.printf("Score: %d/100", res.Score.Overall)
	} else {
		ew.printf("Score: none (no platform could be read)")
	}
	counts := res.Counts("")
	var parts []string
	for _, st := range audit.Statuses {
		if n := counts.Of(st); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	ew.printf("  (%s)\n", strings.Join(parts, ", "))
	if na := res.NotAudited(); len(na) > 0 {
		ew.printf("\nIncomplete: %d of the chosen platforms could not be read and are not scored.\n", len(na))
		for _, n := range na {
			if busyDetail(n) {
				ew.printf("  %s: not audited. %s\n", n.Platform.DisplayName(), AuditRunning)
				continue
			}
			ew.printf("  %s: not audited. %s\n", n.Platform.DisplayName(), n.Reason)
			ew.printf("          what to do: %s\n", n.Action)
			// The raw error only where the plain words cannot say the
			// cause: a known problem is said in full above.
			if n.Detail != "" && (n.Problem == audit.ProblemFailed || n.Problem == "") {
				ew.printf("          detail: %s\n", n.Detail)
			}
		}
	}

	for _, p := range res.Audited() {
		if sc, ok := res.Score.PerPlatform[p]; ok {
			ew.printf("\n%s: %d/100\n", p.DisplayName(), sc)
		} else {
			ew.printf("\n%s: not scored\n", p.DisplayName())
		}
		for _, st := range audit.Statuses {
			for _, f := range res.Findings {
				if f.Platform != p || f.Status != st {
					continue
				}
				ew.printf("  %-7s %s\n", f.Status, f.Title)
				if f.Reason != "" {
					ew.printf("          %s\n", f.Reason)
				}
				for _, e := range f.Evidence {
					ew.printf("          read: %s", e.What)
					if e.URL != "" {
						ew.printf(" (%s)", e.URL)
					}
					ew.printf("\n")
				}
				switch {
				case len(f.Clauses) > 0:
					ew.printf("          clause: %s\n", clauseText(g, f.Clauses))
				case g != nil && f.Status != audit.NA:
					// Still scored, with the checks the guidance does not name.
					ew.printf("          clause: none in %s\n", g.Name())
				}
				if f.Status == audit.Fail || f.Status == audit.Warn || f.Status == audit.Unknown {
					if f.Remediation != "" {
						ew.printf("          fix: %s\n", f.Remediation)
					}
					if f.FixURL != "" {
						ew.printf("          at:  %s\n", f.FixURL)
					}
				}
			}
		}
	}
	return ew.err
}

func clauseText(g *audit.Guideline, ids []string) string {
	var parts []string
	for _, id := range ids {
		if g != nil {
			if c, ok := g.Control(id); ok {
				parts = append(parts, fmt.Sprintf("%s %q", id, shorten(c.Text, 110)))
				continue
			}
		}
		parts = append(parts, id)
	}
	return strings.Join(parts, "; ")
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// errWriter keeps the first write error so printing code stays readable.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
