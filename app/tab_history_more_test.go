package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"chaperone/audit/report"
)

// "Open checklist" shows the chosen past audit's checklist on the Audit
// tab of the main window.
func TestHistoryTabOpensPastChecklist(t *testing.T) {
	a := test.NewTempApp(t)
	f := newAppraisalFixture(t)
	if err := f.store.Save(f.prev); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Save(f.cur); err != nil {
		t.Fatal(err)
	}
	tab := NewHistoryTab(f.deps)
	h := newHarnessOn(t, a, someAccounts, &fakeAuditor{}, func(d *Deps) { d.Tabs = []Tab{tab} })
	tab.SetOpenChecklist(h.ui.ShowPastAudit) // after the window is built, as main.go does
	tabs := h.ui.win.Content().(*container.AppTabs)
	tabs.SelectIndex(1)

	historyList(t, tab.item.Content).Select(1) // the older audit
	if tab.Selected() != f.prev.ID {
		t.Fatalf("selected %q", tab.Selected())
	}
	if tab.openBt.Disabled() {
		t.Fatal("Open checklist disabled")
	}
	test.Tap(tab.openBt)
	if tabs.SelectedIndex() != 0 {
		t.Error("the Audit tab is not shown")
	}
	if h.ui.result == nil || h.ui.result.ID != f.prev.ID {
		t.Fatalf("shown %v, want the older audit", h.ui.result)
	}
	h.mustShow(t, "Audited 12 Jan 2026 at 10:00")
}

// The quarterly report is made from the history's audits of the chosen
// quarter, with the doctor's details.
func TestHistoryTabQuarterlyReport(t *testing.T) {
	test.NewTempApp(t)
	f := newAppraisalFixture(t)
	f.deps.Location = time.UTC
	if err := f.store.Save(f.prev); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Save(f.cur); err != nil {
		t.Fatal(err)
	}
	if err := report.SaveDoctor(f.deps.DoctorPath, report.Doctor{Name: "Dr Test Example"}); err != nil {
		t.Fatal(err)
	}
	tab := NewHistoryTab(f.deps)
	w := showTabs(t, tab)
	qs := tab.Quarters()
	if len(qs) != 2 || qs[0].String() != "2026Q2" || qs[1].String() != "2026Q1" {
		t.Fatalf("quarters %v", qs)
	}
	if tab.quarterBt.Disabled() {
		t.Fatal("Quarterly report disabled with audits in the history")
	}
	test.Tap(tab.quarterBt)
	if !overlayShows(w, "April to June 2026") {
		t.Error("the quarter picker does not offer the latest quarter")
	}

	path := filepath.Join(f.dir, "q.json")
	tab.StartQuarterExport(qs[0], path)
	tab.bg.Wait()
	if !strings.Contains(tab.Editor().Status.Text, path) {
		t.Fatalf("status %q", tab.Editor().Status.Text)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Quarter *report.QuarterInfo `json:"quarter"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Quarter == nil || rep.Quarter.Quarter != "2026Q2" || len(rep.Quarter.Audits) != 1 || rep.Quarter.Audits[0].ID != f.cur.ID {
		t.Fatalf("quarter %+v", rep.Quarter)
	}
	if !strings.Contains(string(b), "Dr Test Example") {
		t.Error("the doctor's name is not in the report")
	}
	if name := QuarterFileName(qs[0]); name != "Chaperone social media audit 2026Q2.pdf" {
		t.Errorf("file name %q", name)
	}
}

// An audit saved by another process (the command line) appears in the
// tab without a restart.
func TestHistoryTabWatchesStore(t *testing.T) {
	test.NewTempApp(t)
	f := newAppraisalFixture(t)
	if err := f.store.Save(f.prev); err != nil {
		t.Fatal(err)
	}
	tab := NewHistoryTab(f.deps)
	showTabs(t, tab)
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel(); tab.bg.Wait() }()
	if err := tab.Watch(ctx); err != nil {
		t.Fatal(err)
	}
	if n := historyList(t, tab.item.Content).Length(); n != 1 {
		t.Fatalf("%d listed", n)
	}
	if err := f.store.Save(f.cur); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var n int
		fyne.DoAndWait(func() { n = historyList(t, tab.item.Content).Length() })
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d listed 5 s after another process saved an audit, want 2", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var sel string
	fyne.DoAndWait(func() { sel = tab.Selected() })
	if sel != f.prev.ID {
		t.Errorf("the report moved to %q: an audit from elsewhere must not change what the doctor is writing about", sel)
	}
}

func overlayShows(w fyne.Window, s string) bool {
	var texts []string
	for _, o := range w.Canvas().Overlays().List() {
		walk(o, func(c fyne.CanvasObject) {
			if t, ok := c.(*canvas.Text); ok {
				texts = append(texts, t.Text)
			}
		})
	}
	return strings.Contains(strings.Join(texts, " "), s)
}
