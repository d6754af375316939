package app

import (
	"chaperone/audit"
)

// shippedGuidelines serves Guidelines from guideline data.
type shippedGuidelines []*audit.Guideline

// NewGuidelines offers gs (default first) to choose from and to cite.
func NewGuidelines(gs []*audit.Guideline) Guidelines { return shippedGuidelines(gs) }

func (gs shippedGuidelines) List() []GuidelineChoice {
	out := make([]GuidelineChoice, 0, len(gs))
	for _, g := range gs {
		out = append(out, GuidelineChoice{ID: g.ID, Name: g.Name(), About: g.About})
	}
	return out
}

func (gs shippedGuidelines) Clause(gid, controlID string) (Clause, bool) {
	for _, g := range gs {
		if g.ID != gid {
			continue
		}
		c, ok := g.Control(controlID)
		if !ok {
			return Clause{}, false
		}
		return Clause{ID: c.ID, Title: c.Section, Quote: c.Text}, true
	}
	return Clause{}, false
}

func (gs shippedGuidelines) Citations(checkID string) []Citation {
	var out []Citation
	for _, c := range audit.Citations(gs, checkID) {
		ct := Citation{GuidelineID: c.Guideline.ID, Guideline: c.Short, Why: c.Rationale}
		for _, ctl := range c.Controls {
			ct.Clauses = append(ct.Clauses, Clause{ID: ctl.ID, Title: ctl.Section, Quote: ctl.Text})
		}
		out = append(out, ct)
	}
	return out
}
