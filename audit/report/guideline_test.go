package report

import (
	htmlpkg "html"
	"slices"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report/reporttest"
)

func shippedGuidelines(t *testing.T) []*audit.Guideline {
	t.Helper()
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

func others(gs []*audit.Guideline, g *audit.Guideline) []*audit.Guideline {
	var out []*audit.Guideline
	for _, x := range gs {
		if x.ID != g.ID {
			out = append(out, x)
		}
	}
	return out
}

// A report scored under each guideline cites that guideline's clauses and
// no other's, unless the combined appendix is asked for; then the other
// clauses appear in the appendix alone.
func TestReportCitesOnlyItsGuideline(t *testing.T) {
	gs := shippedGuidelines(t)
	for _, g := range gs {
		t.Run(g.ID, func(t *testing.T) {
			prev, cur := reporttest.Results(g, prevAt, curAt)
			in := Input{Current: cur, Previous: prev, History: []history.Entry{history.EntryOf(prev), history.EntryOf(cur)}, Now: curAt}
			r, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Guideline.ID != g.ID || r.Guideline.Version != g.Version || r.Guideline.Short != g.Name() {
				t.Errorf("report names %+v, audit scored against %s %s", r.Guideline, g.ID, g.Version)
			}
			html, err := HTML(r)
			if err != nil {
				t.Fatal(err)
			}
			if foreign := reporttest.ClauseIDsIn(string(html), others(gs, g)...); len(foreign) > 0 {
				t.Errorf("the report cites clauses of other guidelines: %v", foreign)
			}
			own := reporttest.ClauseIDsIn(string(html), g)
			for _, c := range r.Clauses {
				if !slices.Contains(own, c.ID) {
					t.Errorf("cited clause %s is not in the report", c.ID)
				}
			}
			if len(r.Clauses) == 0 {
				t.Error("no clause cited")
			}
			for _, na := range g.NotAssessable() {
				if !strings.Contains(string(html), htmlpkg.EscapeString(na.ByHand)) {
					t.Errorf("%s is not assessed, but the report does not say what to do by hand", na.ID)
				}
			}
			if r.Combined != nil || strings.Contains(string(html), "Appendix") {
				t.Error("combined appendix without asking")
			}

			in.Combined = true
			r, err = Build(in)
			if err != nil {
				t.Fatal(err)
			}
			html, err = HTML(r)
			if err != nil {
				t.Fatal(err)
			}
			body, appendix, ok := strings.Cut(string(html), "Appendix: these findings under other guidance")
			if !ok {
				t.Fatal("no combined appendix")
			}
			if foreign := reporttest.ClauseIDsIn(body, others(gs, g)...); len(foreign) > 0 {
				t.Errorf("other guidelines' clauses before the appendix: %v", foreign)
			}
			if got := reporttest.ClauseIDsIn(appendix, others(gs, g)...); len(got) == 0 {
				t.Error("the appendix cites no other guideline")
			}
			c := r.Combined
			if len(c.Guidelines) != len(gs) || c.Guidelines[0].ID != g.ID || len(c.Rows) == 0 {
				t.Fatalf("combined %+v", c)
			}
			for _, row := range c.Rows {
				if len(row.Cited) != len(gs) {
					t.Fatalf("%s: %d columns", row.CheckID, len(row.Cited))
				}
				for i := range gs {
					want := audit.Citations([]*audit.Guideline{findGuideline(gs, c.Guidelines[i].ID)}, row.CheckID)
					if (len(want) > 0) != (len(row.Cited[i]) > 0) {
						t.Errorf("%s under %s: cited %v", row.CheckID, c.Guidelines[i].ID, row.Cited[i])
					}
				}
			}
		})
	}
}

func findGuideline(gs []*audit.Guideline, id string) *audit.Guideline {
	g, _ := audit.FindGuideline(gs, id)
	return g
}

func TestBuildRefusesAnotherGuideline(t *testing.T) {
	gs := shippedGuidelines(t)
	_, cur := reporttest.Results(gs[0], prevAt, curAt)
	if _, err := Build(Input{Current: cur, Guideline: gs[1]}); err == nil {
		t.Error("a report quoting a guideline the audit was not scored against")
	}
}

// Scoring a stored audit against another guideline: the current and
// previous audits and the trend, so the scores compare.
func TestScoreAgainst(t *testing.T) {
	gs := shippedGuidelines(t)
	bma, rcgp := gs[0], findGuideline(gs, "rcgp-2013")
	older, _ := reporttest.Results(bma, prevAt.AddDate(0, -3, 0), prevAt.AddDate(0, -3, 0))
	older.ID = "older"
	prev, cur := reporttest.Results(bma, prevAt, curAt)
	stored := map[string]*audit.Result{older.ID: older, prev.ID: prev, cur.ID: cur}
	hist := []history.Entry{history.EntryOf(older), history.EntryOf(prev), history.EntryOf(cur)}

	// Without rescoring, an audit scored against other guidance is left
	// out of the trend, and said to be.
	_, rcgpCur := reporttest.Results(rcgp, curAt, curAt.Add(time.Hour))
	r, err := Build(Input{Current: rcgpCur, Previous: cur, History: append(slices.Clone(hist), history.EntryOf(rcgpCur)), Now: curAt})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trend) != 1 || r.TrendOther != 3 {
		t.Errorf("trend %d points, %d left out; want 1 and 3", len(r.Trend), r.TrendOther)
	}
	if !r.Changes.Comparable {
		t.Error("the previous audit was not scored again under the current one's guideline")
	}

	in := Input{Current: cur, Previous: prev, History: hist, Now: curAt}
	loaded := 0
	err = in.ScoreAgainst(rcgp, nil, func(id string) (*audit.Result, error) {
		loaded++
		return stored[id], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if loaded != 2 || in.Current.Guideline.ID != rcgp.ID || in.Previous.Guideline.ID != rcgp.ID || cur.Guideline.ID != bma.ID {
		t.Fatalf("rescoring: loaded %d, current %s, previous %s, original %s", loaded, in.Current.Guideline.ID, in.Previous.Guideline.ID, cur.Guideline.ID)
	}
	r, err = Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trend) != 3 || r.TrendOther != 0 || r.Guideline.ID != rcgp.ID {
		t.Errorf("trend %d points, %d left out, guideline %s", len(r.Trend), r.TrendOther, r.Guideline.ID)
	}
	for _, p := range r.Trend {
		if p.AuditID == cur.ID && p.Overall != in.Current.Score.Overall {
			t.Errorf("trend shows %d for the current audit, scored %d", p.Overall, in.Current.Score.Overall)
		}
	}
	if in.Current.Score.Overall == cur.Score.Overall {
		t.Logf("note: the same score under both guidelines (%d)", cur.Score.Overall)
	}
}

func TestNotAssessedListsByHand(t *testing.T) {
	r, _, _ := demo(t)
	byHand := 0
	for _, c := range r.NotAssessed {
		if !c.Checkable {
			byHand++
			if c.ByHand == "" {
				t.Errorf("%s: nothing to do by hand", c.ID)
			}
		}
	}
	g, _ := audit.DefaultGuideline()
	if byHand != len(g.NotAssessable()) {
		t.Errorf("%d by-hand clauses listed, want %d", byHand, len(g.NotAssessable()))
	}
}
