package report

import (
	"errors"
	"fmt"
	"slices"

	"chaperone/audit"
	"chaperone/audit/history"
)

// ScoreAgainst turns in into the report of its audit under guideline g:
// the current and previous audits are scored against g (audit.Rescore,
// with cat for the checks' own rationales), and so is each past audit of
// the trend scored against other guidance, read in full with load (the
// history's entries hold only scores). With load nil those past audits
// are left out of the trend, and the report says how many.
func (in *Input) ScoreAgainst(g *audit.Guideline, cat audit.Catalogue, load func(id string) (*audit.Result, error)) error {
	if in.Current == nil {
		return errors.New("report: no audit to score")
	}
	if g == nil {
		return errors.New("report: no guideline to score against")
	}
	in.Guideline = g
	if guidelineID(in.Current.Guideline) != g.ID {
		in.Current = audit.Rescore(in.Current, cat, g)
	}
	if in.Previous != nil && guidelineID(in.Previous.Guideline) != g.ID {
		in.Previous = audit.Rescore(in.Previous, cat, g)
	}
	hist := slices.Clone(in.History)
	for i, e := range hist {
		switch {
		case guidelineID(e.Guideline) == g.ID:
		case e.ID == in.Current.ID:
			hist[i] = history.EntryOf(in.Current)
		case load != nil:
			r, err := load(e.ID)
			if err != nil {
				return fmt.Errorf("report: scoring the audit of %s against %s: %w", e.FinishedAt.Format("2 Jan 2006"), g.Name(), err)
			}
			hist[i] = history.EntryOf(audit.Rescore(r, cat, g))
		}
	}
	in.History = hist
	return nil
}
