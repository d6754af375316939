package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chaperone/audit"
)

// The guidance chosen on the left is what the next audit is scored
// against, and it is remembered for the next start of the app.
func TestGuidelineChoiceRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	aud := &fakeAuditor{result: loadResult(t, "result.json")}
	h := newHarnessOn(t, a, someAccounts, aud)
	sel := h.ui.side.guide
	if sel == nil || sel.Selected != "BMA (2011)" || len(sel.Options) != 5 {
		t.Fatalf("guideline choice %+v: want the five frameworks, BMA selected", sel)
	}
	sel.SetSelected("RCGP Highway Code (2013)")
	if got := a.Preferences().String(PrefGuideline); got != "rcgp-2013" {
		t.Errorf("preference %q, want rcgp-2013", got)
	}
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	if len(aud.guidelines) != 1 || aud.guidelines[0] != "rcgp-2013" {
		t.Errorf("audited against %v, want rcgp-2013", aud.guidelines)
	}

	again := newHarnessOn(t, a, someAccounts, &fakeAuditor{})
	if again.ui.guideline != "rcgp-2013" || again.ui.side.guide.Selected != "RCGP Highway Code (2013)" {
		t.Errorf("after a restart: %q selected", again.ui.side.guide.Selected)
	}
	// A guideline no longer shipped falls back to the default.
	a.Preferences().SetString(PrefGuideline, "withdrawn-2009")
	if h3 := newHarnessOn(t, a, someAccounts, &fakeAuditor{}); h3.ui.guideline != audit.DefaultGuidelineID {
		t.Errorf("unknown preference gives %q", h3.ui.guideline)
	}
}

// A result cites the guidance it was scored with, whatever is chosen for
// the next audit; its finding's detail sets it beside the other guidance.
func TestResultCitesItsOwnGuideline(t *testing.T) {
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	rcgp, _ := audit.FindGuideline(gs, "rcgp-2013")
	res := loadResult(t, "result.json")
	cat, err := audit.NewCatalogue(mustDataChecks(t))
	if err != nil {
		t.Fatal(err)
	}
	res = audit.Rescore(res, cat, rcgp)
	h := newHarness(t, someAccounts, &fakeAuditor{result: res})
	h.ui.side.guide.SetSelected("MPS Digital docs") // for the next audit only
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	cl := h.ui.results.cl
	if cl.GuidelineID != "rcgp-2013" || !strings.Contains(cl.Guideline, "Social Media Highway Code") {
		t.Fatalf("checklist scored against %q (%s)", cl.GuidelineID, cl.Guideline)
	}
	h.mustShow(t, "Scored against “Social Media Highway Code (2013)”")
	var row *Row
	for gi := range cl.Groups {
		for ri := range cl.Groups[gi].Rows {
			r := &cl.Groups[gi].Rows[ri]
			for _, c := range r.Clauses {
				if !strings.HasPrefix(c.ID, "RCGP-") || c.Quote == "" {
					t.Errorf("%s cites %s (%q)", r.CheckID, c.ID, c.Quote)
				}
			}
			if r.CheckID == "facebook.future_posts_audience" {
				row = r
			}
		}
	}
	if row == nil || len(row.Clauses) == 0 {
		t.Fatalf("no RCGP clause for future posts: %+v", row)
	}
	for i, it := range h.ui.results.items {
		if !it.IsHeader() && &cl.Groups[it.Group].Rows[it.Row] == row {
			h.ui.results.list.Select(i)
		}
	}
	h.mustShow(t, "What the guidance says", "RCGP-8", "Under other guidance", "BMA (2011)", "BMA-KP1", "MPS Digital docs", "Why it matters")
	if h.shows("Under other guidance RCGP") {
		t.Error("the combined view repeats the guideline scored against")
	}
}

func mustDataChecks(t *testing.T) []audit.Check {
	t.Helper()
	cs, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// The history's chart keeps to the guidance of the latest audit (scores
// under other guidance are on another scale), and its list says which
// audits were scored against other guidance.
func TestHistoryKeepsToOneGuideline(t *testing.T) {
	test.NewTempApp(t)
	es := entries()
	rcgp := audit.GuidelineRef{ID: "rcgp-2013", Title: "Social Media Highway Code", Version: "2013"}
	es[2].Guideline = rcgp
	es[1].Guideline = rcgp
	v := NewHistoryView(es, nil, nil)
	var chart *TrendChart
	walk(v, func(o fyne.CanvasObject) {
		if c, ok := o.(*TrendChart); ok {
			chart = c
		}
	})
	if chart == nil || len(chart.Series()) == 0 || len(chart.Series()[0].Points) != 2 {
		t.Fatalf("chart %+v: want the two RCGP audits", chart)
	}
	if !hasText(v, "against Social Media Highway Code (2013)") || !hasText(v, "1 audit scored against other guidance is not in the chart") {
		t.Error("the history does not say which guidance the chart and the audits use")
	}
	if line := HistoryLine(es[2]); !strings.Contains(line, "against Social Media Highway Code (2013)") {
		t.Errorf("line %q", line)
	}
	if line := HistoryLine(es[0]); strings.Contains(line, "against") {
		t.Errorf("a default-guideline audit is labelled: %q", line)
	}
}
