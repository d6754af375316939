package cli

import (
	"fmt"
	"io"
	"strings"

	"chaperone/audit"
)

// statusOrder is how the checklist is read: what needs doing first.
var statusOrder = []audit.Status{audit.Fail, audit.Unknown, audit.Warn, audit.Pass, audit.NA}

// WriteText prints a result as a plain-text checklist a doctor can read in
// a terminal.
func WriteText(w io.Writer, res *audit.Result, g *audit.Guideline) error {
	ew := &errWriter{w: w}
	ew.printf("Chaperone audit %s\n", res.ID)
	ew.printf("Guideline: %s (%s)\n", res.Guideline.Title, res.Guideline.Version)
	ew.printf("Finished:  %s\n\n", res.FinishedAt.Local().Format("Mon 2 Jan 2006 15:04"))
	ew.printf("Score: %d/100", res.Score.Overall)
	var counts []string
	for _, s := range statusOrder {
		if n := res.Score.Counts[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, s))
		}
	}
	ew.printf("  (%s)\n", strings.Join(counts, ", "))

	var platforms []audit.Platform
	if res.Snapshot != nil {
		platforms = res.Snapshot.Audited()
	}
	for _, p := range platforms {
		ew.printf("\n%s: %d/100\n", p.DisplayName(), res.Score.PerPlatform[p])
		if c := res.Snapshot.CoverageFor(p); c != nil && c.Error != "" {
			ew.printf("  Could not finish: %s\n", c.Error)
		}
		for _, st := range statusOrder {
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
				if len(f.Clauses) > 0 {
					ew.printf("          clause: %s\n", clauseText(g, f.Clauses))
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
