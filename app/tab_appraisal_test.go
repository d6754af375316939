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
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/remind"
	"chaperone/audit/report"
	"chaperone/audit/report/reporttest"
	"chaperone/audit/vault"
)

// appraisalFixture is a history in a temporary data directory, sealed with
// an in-memory keyring, and two fictional audits (not yet saved).
type appraisalFixture struct {
	dir       string
	store     *history.Store
	prev, cur *audit.Result
	deps      AppraisalDeps
}

func newAppraisalFixture(t *testing.T) *appraisalFixture {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("CHAPERONE_HOME", dir)
	box, err := vault.NewBox(vault.Memory(), history.KeyName)
	if err != nil {
		t.Fatal(err)
	}
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	f := &appraisalFixture{dir: dir, store: history.New(filepath.Join(dir, history.FileName), box)}
	f.prev, f.cur = reporttest.Results(g,
		time.Date(2026, 1, 12, 10, 0, 0, 0, time.UTC), time.Date(2026, 4, 20, 10, 0, 0, 0, time.UTC))
	f.deps = AppraisalDeps{
		History:    f.store,
		DoctorPath: filepath.Join(dir, report.DoctorFile),
		Sensitive:  func() []string { return reporttest.WatchList },
		Reminders:  remind.NewStore(filepath.Join(dir, remind.FileName)),
		Clock:      clock{time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)},
	}
	return f
}

// showTabs puts tabs in a window the way the main window does.
func showTabs(t *testing.T, tabs ...Tab) fyne.Window {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	at := container.NewAppTabs(container.NewTabItem("Audit", widget.NewLabel("audit")))
	for _, tab := range tabs {
		at.Append(tab.Item(w))
	}
	w.SetContent(at)
	w.Resize(fyne.NewSize(1200, 800))
	return w
}

func historyList(t *testing.T, o fyne.CanvasObject) *widget.List {
	t.Helper()
	var list *widget.List
	walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.List); ok {
			list = l
		}
	})
	if list == nil {
		t.Fatal("no list of past audits")
	}
	return list
}

func TestHistoryTab(t *testing.T) {
	test.NewTempApp(t)
	f := newAppraisalFixture(t)
	if err := f.store.Save(f.prev); err != nil {
		t.Fatal(err)
	}
	tab := NewHistoryTab(f.deps)
	w := showTabs(t, tab)
	item := tab.item
	if item.Text != "History & report" {
		t.Fatalf("title %q", item.Text)
	}
	if n := historyList(t, item.Content).Length(); n != 1 {
		t.Fatalf("%d audits listed, want 1", n)
	}
	if tab.Selected() != f.prev.ID || !strings.Contains(tab.heading.Text, "12 January 2026") || tab.demoNote.Visible() {
		t.Fatalf("selected %q, heading %q", tab.Selected(), tab.heading.Text)
	}

	// The demo finishes: it is listed (newest first) and labelled, and the
	// report is now about it.
	if err := f.store.Save(f.cur); err != nil {
		t.Fatal(err)
	}
	tab.AuditFinished(f.cur, true)
	list := historyList(t, item.Content)
	rows := listRowTexts(list)
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "Demo · ") || strings.Contains(rows[1], "Demo") {
		t.Fatalf("rows %q", rows)
	}
	if tab.Selected() != f.cur.ID || !strings.HasPrefix(tab.heading.Text, "Demo · ") || !tab.demoNote.Visible() {
		t.Fatalf("after the demo: selected %q, heading %q", tab.Selected(), tab.heading.Text)
	}

	// Typing and saving keeps the name in the data directory and the notes
	// with the audit.
	ed := tab.Editor()
	test.Type(ed.Name, "Dr Test Example")
	ed.Found.SetText("Friends list was public")
	ed.Actions.SetText("Hid friends list")
	test.Tap(ed.SaveButton)
	if d, _ := report.LoadDoctor(f.deps.DoctorPath); d.Name != "Dr Test Example" {
		t.Fatalf("doctor saved as %+v", d)
	}
	if n, _ := f.store.Notes(f.cur.ID); n.Found != "Friends list was public" || len(n.Actions) != 1 {
		t.Fatalf("notes saved as %+v", n)
	}

	// Picking the older audit keeps what was typed and shows its own notes.
	ed.WillDo.SetText("Audit every quarter")
	list.Select(1)
	if tab.Selected() != f.prev.ID || ed.Found.Text != "" || ed.Name.Text != "Dr Test Example" {
		t.Fatalf("older audit: selected %q, found %q", tab.Selected(), ed.Found.Text)
	}
	if n, _ := f.store.Notes(f.cur.ID); n.WillDo != "Audit every quarter" {
		t.Fatal("switching audits lost what was typed")
	}
	list.Select(0)

	// The export buttons open the save dialog, offering a dated name.
	test.Tap(ed.ExportPDF)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("Export PDF… showed no dialog")
	}
	w.Canvas().Overlays().Top().Hide()
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	// Export as the buttons do once a file is chosen.
	for _, format := range []string{FormatJSON, FormatCSV} {
		path := filepath.Join(f.dir, "out", "report"+format)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		tab.StartExport(tab.Selected(), path)
		tab.bg.Wait()
		if !strings.HasPrefix(ed.Status.Text, "Report saved") || ed.ExportJSON.Disabled() {
			t.Fatalf("%s: status %q", format, ed.Status.Text)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range reporttest.Fingerprints {
			if strings.Contains(string(data), s) {
				t.Fatalf("%s report leaks a third party's name or post", format)
			}
		}
		if !strings.Contains(string(data), "Friends list was public") {
			t.Fatalf("%s report lacks the reflection", format)
		}
		if format == FormatJSON {
			var doc struct {
				Doctor report.Doctor `json:"doctor"`
			}
			if err := json.Unmarshal(data, &doc); err != nil || doc.Doctor.Name != "Dr Test Example" {
				t.Fatalf("JSON report: %v, doctor %+v", err, doc.Doctor)
			}
		}
	}

	// Asked for, the report carries the combined appendix; it cites the
	// guideline the audit was scored with first.
	ed.Combined.SetChecked(true)
	combined := filepath.Join(f.dir, "out", "combined.json")
	tab.StartExport(tab.Selected(), combined)
	tab.bg.Wait()
	var doc report.Report
	if data, err := os.ReadFile(combined); err != nil || json.Unmarshal(data, &doc) != nil {
		t.Fatalf("combined report: %v", err)
	}
	if doc.Combined == nil || len(doc.Combined.Guidelines) < 2 || doc.Combined.Guidelines[0].ID != doc.Guideline.ID {
		t.Fatalf("combined appendix %+v", doc.Combined)
	}
	ed.Combined.SetChecked(false)

	// Without a printer a PDF is refused in plain words, and a folder that
	// cannot be written to is reported.
	tab.StartExport(tab.Selected(), filepath.Join(f.dir, "r.pdf"))
	tab.bg.Wait()
	if !strings.Contains(ed.Status.Text, "export JSON or CSV") || ed.Status.Importance != widget.DangerImportance {
		t.Fatalf("pdf status %q", ed.Status.Text)
	}
	tab.StartExport(tab.Selected(), filepath.Join(f.dir, "missing", "dir", "r.json"))
	tab.bg.Wait()
	if !strings.HasPrefix(ed.Status.Text, "The report was not written.") {
		t.Fatalf("status %q", ed.Status.Text)
	}
}

func TestHistoryTabExportUsesPrinter(t *testing.T) {
	test.NewTempApp(t)
	f := newAppraisalFixture(t)
	if err := f.store.Save(f.cur); err != nil {
		t.Fatal(err)
	}
	var got *report.Report
	var gotPath string
	f.deps.Export = func(_ context.Context, r *report.Report, path string) error {
		got, gotPath = r, path
		return nil
	}
	tab := NewHistoryTab(f.deps)
	showTabs(t, tab)
	path := filepath.Join(f.dir, "report.pdf")
	tab.StartExport(f.cur.ID, path)
	tab.bg.Wait()
	if got == nil || gotPath != path || !strings.Contains(tab.Editor().Status.Text, path) {
		t.Fatalf("export not handed to the printer: %v %q %q", got != nil, gotPath, tab.Editor().Status.Text)
	}
	if name := ReportFileName(f.cur.FinishedAt, FormatPDF); !strings.HasSuffix(name, "2026-04-20.pdf") {
		t.Fatalf("file name %q", name)
	}
}

func TestHistoryTabEmpty(t *testing.T) {
	test.NewTempApp(t)
	f := newAppraisalFixture(t)
	tab := NewHistoryTab(f.deps)
	showTabs(t, tab)
	ed := tab.Editor()
	if !strings.HasPrefix(tab.heading.Text, "No audit of your accounts yet") || !ed.ExportPDF.Disabled() || !ed.Found.Disabled() {
		t.Fatalf("empty history: heading %q", tab.heading.Text)
	}
	if !hasText(tab.item.Content, "No audits yet") {
		t.Fatal("empty history list has no explanation")
	}
	// The doctor's own details can be saved before any audit.
	ed.Name.SetText("Dr Test Example")
	if err := ed.Save(); err != nil {
		t.Fatal(err)
	}
	if d, _ := report.LoadDoctor(f.deps.DoctorPath); d.Name != "Dr Test Example" {
		t.Fatalf("doctor %+v", d)
	}
	// A demo the history did not keep is explained, not silently missing.
	demo := *f.cur
	demo.ID = "demo-run"
	tab.AuditFinished(&demo, true)
	if !tab.demoNote.Visible() || !strings.Contains(tab.demoNote.Text, "not kept") || tab.Selected() != "" {
		t.Fatalf("unsaved demo: note %q, selected %q", tab.demoNote.Text, tab.Selected())
	}
	// The first audit (not the demo) appears without a demo label.
	if err := f.store.Save(f.prev); err != nil {
		t.Fatal(err)
	}
	tab.AuditFinished(f.prev, false)
	if rows := listRowTexts(historyList(t, tab.item.Content)); len(rows) != 1 || strings.Contains(rows[0], "Demo") || ed.ExportPDF.Disabled() || tab.demoNote.Visible() {
		t.Fatalf("rows %q", rows)
	}
}

func TestRemindersTab(t *testing.T) {
	test.NewTempApp(t)
	f := newAppraisalFixture(t)
	tab := NewRemindersTab(f.deps)
	w := showTabs(t, tab)
	rs := tab.Settings()
	if tab.Title() != "Reminders · first audit due" || !strings.Contains(rs.Due.Text, "No audit yet") {
		t.Fatalf("no audit: title %q, due %q", tab.Title(), rs.Due.Text)
	}
	// Autostart is not offered without an entry to write.
	if !rs.StartAtLogin.Disabled() {
		t.Fatal("start at login offered without an autostart entry")
	}

	// An audit on 20 April, clock on 1 May: due three months on.
	if err := f.store.Save(f.cur); err != nil {
		t.Fatal(err)
	}
	tab.AuditFinished(f.cur, false)
	if tab.Title() != "Reminders · next audit 20 Jul 2026" || !strings.Contains(rs.Due.Text, "20 Jul 2026") {
		t.Fatalf("after an audit: title %q, due %q", tab.Title(), rs.Due.Text)
	}
	rs.Interval.SetSelected("1")
	if tab.Title() != "Reminders · next audit 20 May 2026" || !strings.Contains(rs.Due.Text, "20 May 2026") {
		t.Fatalf("monthly: title %q, due %q", tab.Title(), rs.Due.Text)
	}
	test.Tap(rs.Enabled)
	if tab.Title() != "Reminders (off)" {
		t.Fatalf("off: title %q", tab.Title())
	}

	// "Add to calendar…" opens the save dialog.
	test.Tap(rs.Calendar)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("Add to calendar… showed no dialog")
	}

	// "Add to calendar" writes a recurring event from the next due date.
	path := filepath.Join(f.dir, "audits.ics")
	if err := tab.SaveCalendar(path); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	cal, err := remind.ParseICS(fh)
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Find("VEVENT")
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	rule, _ := evs[0].Prop("RRULE")
	if r, err := remind.ParseRRule(rule.Value); err != nil || r.Interval != 1 {
		t.Fatalf("rule %q: %v", rule.Value, err)
	}
}

func TestReminderTabTitle(t *testing.T) {
	last := time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC)
	now := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	on := remind.DefaultSettings()
	off := on
	off.Enabled = false
	for _, tc := range []struct {
		s         remind.Settings
		last, now time.Time
		want      string
	}{
		{on, last, now, "Reminders · next audit 30 Apr 2026"},
		{on, time.Time{}, now, "Reminders · first audit due"},
		{on, last, now.AddDate(1, 0, 0), "Reminders · audit overdue"},
		{off, last, now, "Reminders (off)"},
	} {
		if got := ReminderTabTitle(tc.s, tc.last, tc.now); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.s, got, tc.want)
		}
	}
}

// A past audit can be deleted, after a confirmation; cancelling keeps it.
func TestHistoryTabDeleteAudit(t *testing.T) {
	f := newAppraisalFixture(t)
	for _, r := range []*audit.Result{f.prev, f.cur} {
		if err := f.store.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	tab := NewHistoryTab(f.deps)
	w := showTabs(t, tab)
	if tab.Selected() != f.cur.ID {
		t.Fatalf("selected %q, want the latest", tab.Selected())
	}
	entries := func() int {
		es, err := f.store.Entries()
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	confirm := func(answer string) {
		tab.askDelete()
		var btn *widget.Button
		for _, o := range w.Canvas().Overlays().List() {
			walk(o, func(c fyne.CanvasObject) {
				if b, ok := c.(*widget.Button); ok && b.Text == answer {
					btn = b
				}
			})
		}
		if btn == nil {
			t.Fatalf("no %q button in the confirmation", answer)
		}
		test.Tap(btn)
	}
	confirm("No")
	if entries() != 2 {
		t.Fatal("cancelling the confirmation deleted the audit")
	}
	confirm("Delete")
	if entries() != 1 || tab.Selected() != f.prev.ID {
		t.Fatalf("after delete: %d entries, selected %q", entries(), tab.Selected())
	}
	if _, err := f.store.Load(f.cur.ID); err == nil {
		t.Fatal("the deleted audit's result is still in the history")
	}
}
