package audit

import "testing"

func TestScoreFindings(t *testing.T) {
	g := &Guideline{ID: "g", Title: "t", Controls: []Control{
		{ID: "A", Text: "a", Weight: 3},
		{ID: "B", Text: "b", Weight: 1},
		{ID: "C", Text: "c", Weight: 2}, // never evidenced
	}}
	f := func(p Platform, st Status, sev Severity, clauses ...string) Finding {
		return Finding{Platform: p, Status: st, Severity: sev, Clauses: clauses}
	}
	cases := []struct {
		name     string
		findings []Finding
		overall  int
		per      map[Platform]int
		controls map[string]ControlScore
	}{
		{
			name:     "nothing",
			overall:  0,
			per:      map[Platform]int{},
			controls: map[string]ControlScore{"A": {Status: NA}, "C": {Status: NA}},
		},
		{
			name:     "all pass",
			findings: []Finding{f(Facebook, Pass, SeverityHigh, "A"), f(Facebook, Pass, SeverityLow, "B")},
			overall:  100,
			per:      map[Platform]int{Facebook: 100},
			controls: map[string]ControlScore{"A": {Status: Pass, Points: 1}, "C": {Status: NA}},
		},
		{
			// A: (3·1 + 2·0.5)/5 = 0.8; B: 0 (UNKNOWN); score = (3·0.8 + 1·0)/4 = 0.6
			name: "weighted",
			findings: []Finding{
				f(Facebook, Pass, SeverityHigh, "A"), f(Facebook, Warn, SeverityMedium, "A"),
				f(Facebook, Unknown, SeverityLow, "B"), f(Facebook, NA, SeverityHigh, "A", "B"),
			},
			overall:  60,
			per:      map[Platform]int{Facebook: 60},
			controls: map[string]ControlScore{"A": {Status: Warn, Points: 0.8}, "B": {Status: Unknown, Points: 0}},
		},
		{
			// Facebook: A = 1 -> 100. X: A = 0, B = 1 -> (0·3 + 1)/4 = 25.
			// Overall: A = (3+0)/6 = 0.5, B = 1 -> (1.5 + 1)/4 = 62.5 -> 63.
			name: "per platform",
			findings: []Finding{
				f(Facebook, Pass, SeverityHigh, "A"), f(X, Fail, SeverityHigh, "A"), f(X, Pass, SeverityMedium, "B"),
			},
			overall:  63,
			per:      map[Platform]int{Facebook: 100, X: 25},
			controls: map[string]ControlScore{"A": {Status: Fail, Points: 0.5}, "B": {Status: Pass, Points: 1}},
		},
		{
			// Info findings are shown but weigh nothing; unmapped ones count
			// as one control of weight 1: (3·1 + 1·0)/4 = 75.
			name: "info and unmapped",
			findings: []Finding{
				f(Facebook, Pass, SeverityHigh, "A"), f(Facebook, Fail, SeverityInfo, "B"), f(Facebook, Fail, SeverityLow),
			},
			overall:  75,
			per:      map[Platform]int{Facebook: 75},
			controls: map[string]ControlScore{"B": {Status: NA}},
		},
		{
			name:     "only N/A",
			findings: []Finding{f(Facebook, NA, SeverityHigh, "A")},
			overall:  0,
			per:      map[Platform]int{},
			controls: map[string]ControlScore{"A": {Status: NA}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := ScoreFindings(c.findings, g, []Platform{Facebook, X})
			if sc.Overall != c.overall {
				t.Errorf("overall %d, want %d", sc.Overall, c.overall)
			}
			if len(sc.PerPlatform) != len(c.per) {
				t.Errorf("per platform %v, want %v", sc.PerPlatform, c.per)
			}
			for p, v := range c.per {
				if sc.PerPlatform[p] != v {
					t.Errorf("%s: %d, want %d", p, sc.PerPlatform[p], v)
				}
			}
			if len(sc.Controls) != len(g.Controls) {
				t.Fatalf("%d controls listed, want all %d", len(sc.Controls), len(g.Controls))
			}
			for _, cs := range sc.Controls {
				want, ok := c.controls[cs.ControlID]
				if !ok {
					continue
				}
				if cs.Status != want.Status || cs.Points < want.Points-1e-9 || cs.Points > want.Points+1e-9 {
					t.Errorf("control %s: %s %.3f, want %s %.3f", cs.ControlID, cs.Status, cs.Points, want.Status, want.Points)
				}
			}
			total := 0
			for _, st := range Statuses {
				total += sc.Counts[st]
			}
			if total != len(c.findings) {
				t.Errorf("counts %v do not add up to %d findings", sc.Counts, len(c.findings))
			}
			if sc.PlatformCounts[X] == nil {
				t.Error("an audited platform has no counts")
			}
		})
	}
}

// UNKNOWN must lower the score exactly like FAIL: it is never free.
func TestUnknownCountsAgainst(t *testing.T) {
	g := &Guideline{ID: "g", Title: "t", Controls: []Control{{ID: "A", Text: "a", Weight: 1}}}
	pass := Finding{Platform: Facebook, Status: Pass, Severity: SeverityHigh, Clauses: []string{"A"}}
	unk := pass
	unk.Status = Unknown
	fail := pass
	fail.Status = Fail
	su := ScoreFindings([]Finding{pass, unk}, g, nil)
	sf := ScoreFindings([]Finding{pass, fail}, g, nil)
	if su.Overall != 50 || su.Overall != sf.Overall || su.Counts[Unknown] != 1 {
		t.Errorf("unknown %d (counts %v), fail %d", su.Overall, su.Counts, sf.Overall)
	}
}
