package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/remind"
	"chaperone/audit/report"
)

type fixedEntries []history.Entry

func (f fixedEntries) Entries() ([]history.Entry, error) { return f, nil }

type failingEntries struct{}

func (failingEntries) Entries() ([]history.Entry, error) { return nil, errors.New("locked") }

func entries() fixedEntries {
	mk := func(id string, m time.Month, overall, fb int) history.Entry {
		return history.Entry{ID: id, FinishedAt: time.Date(2026, m, 1, 9, 0, 0, 0, time.UTC),
			Platforms: []audit.Platform{audit.Facebook},
			Score: audit.Score{Overall: overall, PerPlatform: map[audit.Platform]int{audit.Facebook: fb},
				Counts: map[audit.Status]int{audit.Fail: 2, audit.Warn: 1}}}
	}
	return fixedEntries{mk("a", 2, 40, 35), mk("b", 5, 70, 72), mk("c", 8, 90, 88)}
}

func TestHistoryView(t *testing.T) {
	test.NewTempApp(t)
	var opened string
	v := NewHistoryView(entries(), func(id string) { opened = id }, func(id string) bool { return id == "c" })
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(700, 500))

	var list *widget.List
	var chart *TrendChart
	walk(v, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.List:
			list = x
		case *TrendChart:
			chart = x
		}
	})
	if list == nil || chart == nil {
		t.Fatal("history view lacks the list or the chart")
	}
	if list.Length() != 3 {
		t.Fatalf("%d rows", list.Length())
	}
	list.Select(0) // newest first
	if opened != "c" {
		t.Fatalf("opened %q, want the newest audit", opened)
	}
	if s := chart.Series(); len(s) != 2 || s[0].Name != "Overall" || s[1].Name != "Facebook" || len(s[1].Points) != 3 {
		t.Fatalf("series %+v", s)
	}
	// The chart draws two segments per line (three audits).
	lines := 0
	for _, o := range test.WidgetRenderer(chart).Objects() {
		if l, ok := o.(*canvas.Line); ok && l.StrokeWidth >= 2 {
			lines++
		}
	}
	if lines != 4 {
		t.Fatalf("%d line segments, want 4", lines)
	}
	if !strings.Contains(HistoryLine(entries()[0]), "2 fail, 1 warn") {
		t.Fatalf("line %q", HistoryLine(entries()[0]))
	}
	// The demo audit is labelled in the list, the others are not.
	if got := listRowTexts(list); len(got) != 3 || !strings.HasPrefix(got[0], "Demo · ") || strings.Contains(got[1], "Demo") {
		t.Fatalf("rows %q", got)
	}

	empty := NewHistoryView(fixedEntries{}, nil, nil)
	if !hasText(empty, "No audits yet") {
		t.Fatal("empty history has no explanation")
	}
	if !hasText(NewHistoryView(failingEntries{}, nil, nil), "could not be read") {
		t.Fatal("a history error is not shown")
	}
}

func TestReportEditor(t *testing.T) {
	test.NewTempApp(t)
	var savedD report.Doctor
	var savedN history.Notes
	exported := ""
	ed := NewReportEditor(report.Doctor{Name: "Dr A"}, history.Notes{Found: "old"},
		func(d report.Doctor, n history.Notes) error { savedD, savedN = d, n; return nil },
		func(format string) error { exported = format; return nil })
	w := test.NewTempWindow(t, ed.Content())
	w.Resize(fyne.NewSize(600, 800))
	if ed.Name.Text != "Dr A" || ed.Found.Text != "old" {
		t.Fatal("form not filled from the saved values")
	}
	test.Type(ed.GMC, "1234567")
	ed.Learned.SetText("Defaults are public")
	ed.Actions.SetText("Turned on 2FA\n\n  Hid friends list ")
	test.Tap(ed.ExportPDF)
	if exported != FormatPDF || savedD.GMC != "1234567" || savedN.Learned != "Defaults are public" || len(savedN.Actions) != 2 || savedN.Actions[1] != "Hid friends list" {
		t.Fatalf("saved %+v %+v exported %v", savedD, savedN, exported)
	}
	failing := NewReportEditor(report.Doctor{}, history.Notes{}, func(report.Doctor, history.Notes) error { return errors.New("disk full") }, nil)
	if err := failing.Save(); err == nil || !strings.Contains(strings.ToLower(failing.Status.Text), "disk full") || failing.ExportPDF.Visible() {
		t.Fatal("a failed save is not reported")
	}
}

type clock struct{ t time.Time }

func (c clock) Now() time.Time { return c.t }

func TestReminderSettings(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	store := remind.NewStore(filepath.Join(dir, remind.FileName))
	auto := &remind.Autostart{GOOS: "linux", ConfigHome: filepath.Join(dir, "config"), Exe: "/usr/bin/chaperone", Args: []string{remind.BackgroundFlag}}
	last := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	rs := NewReminderSettings(store, auto, clock{time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)}, func() time.Time { return last }, nil)
	test.NewTempWindow(t, rs.Content())

	if rs.Interval.Selected != "3" || !strings.Contains(rs.Due.Text, "10 Apr 2026") {
		t.Fatalf("defaults: %s, %q", rs.Interval.Selected, rs.Due.Text)
	}
	rs.Interval.SetSelected("6")
	if s, _ := store.Load(); s.IntervalMonths != 6 || !strings.Contains(rs.Due.Text, "10 Jul 2026") {
		t.Fatalf("interval not saved: %+v, %q", s, rs.Due.Text)
	}
	test.Tap(rs.StartAtLogin)
	if _, err := os.Stat(auto.Path()); err != nil {
		t.Fatalf("start at login did not write the entry: %v", err)
	}
	test.Tap(rs.StartAtLogin)
	if _, err := os.Stat(auto.Path()); !os.IsNotExist(err) {
		t.Fatal("unticking did not remove the entry")
	}
	test.Tap(rs.Enabled)
	if s, _ := store.Load(); s.Enabled {
		t.Fatal("reminders still on")
	}
}

func TestTrayAndNotification(t *testing.T) {
	ran, snoozed := false, false
	m := TrayMenu(TrayActions{RunAudit: func() { ran = true }, Snooze: func() { snoozed = true }})
	var labels []string
	for _, it := range m.Items {
		labels = append(labels, it.Label)
	}
	if strings.Join(labels, "|") != "Run audit now|Snooze a week|Open" {
		t.Fatalf("menu %v", labels)
	}
	m.Items[0].Action()
	m.Items[1].Action()
	if !ran || !snoozed || !m.Items[2].Disabled {
		t.Fatal("menu actions")
	}

	a := test.NewTempApp(t)
	st := remind.Status{Due: time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC), Overdue: true, Notify: true}
	if !strings.Contains(DueMessage(st), "10 Apr 2026") {
		t.Fatalf("message %q", DueMessage(st))
	}
	test.AssertNotificationSent(t, fyne.NewNotification("Social media self-audit due", DueMessage(st)), func() { NotifyDue(a)(st) })
	if !strings.Contains(DueMessage(remind.Status{}), "first one") {
		t.Fatal("never-audited message")
	}
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		if _, ok := o.(*widget.List); ok {
			return
		}
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// listRowTexts is the first label of each row of a list, as drawn.
func listRowTexts(l *widget.List) []string {
	var out []string
	for i := 0; i < l.Length(); i++ {
		row := l.CreateItem()
		l.UpdateItem(i, row)
		var text string
		walk(row, func(o fyne.CanvasObject) {
			if lb, ok := o.(*widget.Label); ok && text == "" {
				text = lb.Text
			}
		})
		out = append(out, text)
	}
	return out
}

func hasText(o fyne.CanvasObject, s string) bool {
	found := false
	walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok && strings.Contains(l.Text, s) {
			found = true
		}
	})
	return found
}
