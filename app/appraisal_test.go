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
	"fyne.io/fyne/v2/theme"
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
	// The axis is dated: first, middle and last audit.
	if got := strings.Join(chart.AxisLabels(), " | "); got != "1 Feb | 2 May | 1 Aug" {
		t.Fatalf("axis labels %q", got)
	}
	if !hasCanvasText(chart, "1 Aug") {
		t.Fatal("the axis labels are not drawn")
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

func hasCanvasText(w fyne.Widget, s string) bool {
	for _, o := range test.WidgetRenderer(w).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Text == s {
			return true
		}
	}
	return false
}

// Each platform's line has its own colour and marker, named in the
// legend; the overall line is dashed and drawn before the platforms', so
// that it never hides one; an incomplete audit is ringed and explained.
func TestTrendChartTellsLinesApart(t *testing.T) {
	test.NewTempApp(t)
	at := func(m time.Month) time.Time { return time.Date(2026, m, 3, 9, 0, 0, 0, time.UTC) }
	pts := []report.TrendPoint{
		{AuditID: "a", At: at(3), Overall: 60, PerPlatform: map[audit.Platform]int{audit.Facebook: 60, audit.Instagram: 60, audit.LinkedIn: 60}},
		{AuditID: "b", At: at(6), Overall: 70, PerPlatform: map[audit.Platform]int{audit.Facebook: 70, audit.LinkedIn: 70}, Incomplete: true},
		{AuditID: "c", At: at(9), Overall: 80, PerPlatform: map[audit.Platform]int{audit.Facebook: 80, audit.Instagram: 80, audit.LinkedIn: 80}},
	}
	chart := NewTrendChart(pts)
	w := test.NewTempWindow(t, chart)
	w.Resize(fyne.NewSize(640, 240))

	ms := chart.Markers()
	if len(ms) != 4 || ms[0] != MarkerNone {
		t.Fatalf("markers %v", ms)
	}
	seen := map[Marker]bool{}
	for _, m := range ms[1:] {
		if m == MarkerNone || seen[m] {
			t.Fatalf("markers %v: each platform needs its own", ms)
		}
		seen[m] = true
	}
	colours := map[string]bool{}
	for _, s := range chart.Series()[1:] {
		if colours[s.Colour] {
			t.Fatalf("two platforms share colour %s", s.Colour)
		}
		colours[s.Colour] = true
	}
	for _, want := range []string{"Overall 80", "Facebook 80", "Instagram 80", "LinkedIn 80", "incomplete audit", "3 Mar", "3 Sept", "3 Jun"} {
		if !hasCanvasText(chart, want) && !hasCanvasText(chart, strings.Replace(want, "Sept", "Sep", 1)) {
			t.Errorf("chart does not draw %q", want)
		}
	}
	if got := chart.Incomplete(); len(got) != 1 || !got[0].Equal(at(6)) {
		t.Errorf("incomplete %v", got)
	}
	// The overall line is drawn as dashes (short segments), all of them
	// before the first line of a platform's colour.
	fg := theme.Color(theme.ColorNameForeground)
	fb := parseHex(report.PlatformColours[audit.Facebook])
	lastOverall, firstPlatform, dashes := -1, -1, 0
	for i, o := range test.WidgetRenderer(chart).Objects() {
		l, ok := o.(*canvas.Line)
		if !ok || l.StrokeWidth < 2 || l.Position1.X >= 640-130 {
			continue // grid lines and the legend
		}
		switch l.StrokeColor {
		case fg:
			lastOverall, dashes = i, dashes+1
		case fb:
			if firstPlatform < 0 {
				firstPlatform = i
			}
		}
	}
	if dashes < 6 || firstPlatform < 0 || lastOverall > firstPlatform {
		t.Errorf("overall dashes %d, last at %d, first platform line at %d", dashes, lastOverall, firstPlatform)
	}
}

func TestAxisDate(t *testing.T) {
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, time.Local) }
	for _, tt := range []struct {
		name        string
		first, last time.Time
		want        []string
	}{
		{"one audit", d(2026, 3, 2, 9), d(2026, 3, 2, 9), []string{"2 Mar 09:00"}},
		{"same day", d(2026, 3, 2, 9), d(2026, 3, 2, 17), []string{"2 Mar 09:00", "2 Mar 17:00"}},
		{"one year", d(2026, 1, 10, 9), d(2026, 11, 10, 9), []string{"10 Jan", "11 Jun", "10 Nov"}},
		{"across new year", d(2025, 11, 1, 9), d(2026, 2, 1, 9), []string{"1 Nov 2025", "17 Dec 2025", "1 Feb 2026"}},
		{"years", d(2024, 1, 1, 9), d(2026, 1, 1, 9), []string{"Jan 2024", "Dec 2024", "Jan 2026"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, x := range axisDates(tt.first, tt.last) {
				got = append(got, axisDate(x, tt.first, tt.last))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
