package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/remind"
	"chaperone/audit/report"
	"chaperone/audit/vault"
)

// AppraisalDeps is what the "History & report" and "Reminders" tabs need.
type AppraisalDeps struct {
	// History is the audit history, opened with its key: the doctor's
	// notes and the report need it.
	History *history.Store
	// DoctorPath is where the doctor's name and GMC number are kept
	// (report.DoctorFile in the data directory).
	DoctorPath string
	// Sensitive returns more names to keep out of reports (the
	// watch-list's); nil adds none.
	Sensitive func() []string
	// Export writes a report to path in the format its extension names.
	// main.go passes platforms/printer.Export, which prints PDFs with
	// Chromium; nil writes JSON and CSV only (report.WriteFile).
	Export func(ctx context.Context, r *report.Report, path string) error
	// Reminders keeps the reminder settings.
	Reminders *remind.Store
	// Autostart is the "start at login" entry; nil greys the option out.
	Autostart Autostarter
	// Clock tells the time; nil is the system clock.
	Clock remind.Clock
	// Explain turns an error into plain words; see Deps.Explain.
	Explain func(error) string
	// Catalogue gives the checks' own words when a quarter's audits are
	// scored again together; nil leaves the words stored with them.
	Catalogue func() (audit.Catalogue, error)
	// Location is the calendar quarters are on; nil is local time.
	Location *time.Location
}

func (d AppraisalDeps) loc() *time.Location {
	if d.Location == nil {
		return time.Local
	}
	return d.Location
}

func (d AppraisalDeps) now() time.Time {
	if d.Clock == nil {
		return time.Now()
	}
	return d.Clock.Now()
}

// lastAudit is when the last complete audit finished (an incomplete one
// does not restart the reminder's clock); zero if none or unreadable (the
// summaries need no key, so that is rare).
func (d AppraisalDeps) lastAudit() time.Time {
	t, err := d.History.LastComplete()
	if err != nil {
		return time.Time{}
	}
	return t
}

// explain puts the errors of the history, the keyring and the disk in
// plain words.
func (d AppraisalDeps) explain(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, vault.ErrLocked):
		return "Your keyring is locked. Unlock it (for example by logging in again) and try again: your audits are kept encrypted with a key held there."
	case errors.Is(err, vault.ErrUnavailable):
		return "This computer has no keyring service running, and your audits are kept encrypted with a key held there. Log in to a full desktop session and try again."
	case errors.Is(err, history.ErrNotFound):
		return "That audit is no longer in your history."
	case errors.Is(err, history.ErrBusy):
		return "Another Chaperone window is using your history. Close it, or wait a moment, and try again."
	case errors.Is(err, os.ErrPermission):
		return "Chaperone is not allowed to write there. Choose another folder, such as Documents."
	}
	return PlainError(err, d.Explain)
}

// HistoryTab is the "History & report" tab: past audits with the score
// trend, and the appraisal report of the audit picked in the list.
type HistoryTab struct {
	d   AppraisalDeps
	win fyne.Window

	item      *container.TabItem
	view      *fyne.Container // holds the history view, rebuilt on refresh
	heading   *widget.Label
	demoNote  *widget.Label
	deleteBt  *widget.Button
	openBt    *widget.Button
	quarterBt *widget.Button
	// openChecklist shows a past audit's checklist (the main window's).
	openChecklist func(res *audit.Result, demo bool)
	editor        *ReportEditor
	busy          *widget.ProgressBarInfinite

	// The history's key is lost: said once in a dialog, then in a banner
	// with the fresh start, until the doctor takes it.
	keyBanner *fyne.Container
	keyLost   error // a vault.ErrKeyLost from History.CheckKey; nil otherwise
	offered   bool  // the fresh start was offered in a dialog

	// Audits finished here but not kept in the history (its key is lost, or
	// the save failed): listed and reported from memory for this session,
	// and kept in the new history if the doctor starts one.
	mu       sync.Mutex
	pending  map[string]*audit.Result
	pendingN map[string]history.Notes

	entries  []history.Entry
	selected string          // the audit the report is about; "" before the first
	demo     map[string]bool // audits AuditFinished said were the demo
	lastDemo string          // the latest audit, if it was the demo
	loadedD  report.Doctor   // what the form held when last loaded or saved
	loadedN  history.Notes

	bg sync.WaitGroup // exports under way; tests wait on it
}

// NewHistoryTab makes the "History & report" tab.
func NewHistoryTab(d AppraisalDeps) *HistoryTab {
	return &HistoryTab{d: d, demo: map[string]bool{}, pending: map[string]*audit.Result{}, pendingN: map[string]history.Notes{}}
}

// Item implements Tab.
func (t *HistoryTab) Item(win fyne.Window) *container.TabItem {
	t.win = win
	t.view = container.NewStack()
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.heading.Wrapping = fyne.TextWrapWord
	t.demoNote = widget.NewLabel("")
	t.demoNote.Wrapping = fyne.TextWrapWord
	t.demoNote.Importance = widget.WarningImportance
	t.demoNote.Hide()
	t.editor = NewReportEditor(report.Doctor{}, history.Notes{}, t.save, t.chooseExport)
	t.busy = widget.NewProgressBarInfinite()
	t.busy.Stop()
	t.busy.Hide()

	t.deleteBt = widget.NewButtonWithIcon("Delete this audit", theme.DeleteIcon(), t.askDelete)
	t.deleteBt.Importance = widget.LowImportance
	t.openBt = widget.NewButtonWithIcon("Open checklist", theme.ListIcon(), t.openSelected)
	t.quarterBt = widget.NewButtonWithIcon("Quarterly report…", theme.DocumentIcon(), t.askQuarter)
	right := container.NewBorder(
		container.NewVBox(t.heading, t.demoNote, container.NewHBox(t.openBt, t.quarterBt, layout.NewSpacer(), t.deleteBt)),
		container.NewVBox(t.editor.Buttons(), t.busy, t.editor.Status),
		nil, nil, t.editor.Form())
	split := container.NewHSplit(container.NewPadded(t.view), container.NewPadded(right))
	split.SetOffset(0.45)
	t.keyBanner = container.NewVBox()
	t.keyBanner.Hide()
	t.item = container.NewTabItem("History & report", container.NewBorder(t.keyBanner, nil, nil, nil, split))
	t.reload()
	return t.item
}

// AuditFinished implements Tab: the new audit joins the list and becomes
// the one the report is about.
func (t *HistoryTab) AuditFinished(res *audit.Result, demo bool) {
	if res == nil {
		return
	}
	t.demo[res.ID] = demo
	if !demo && res.AnyRead() && !t.inHistory(res.ID) {
		// Not kept (the key is lost, or the save failed): its report is
		// still made, from memory.
		t.mu.Lock()
		t.pending[res.ID] = res
		t.mu.Unlock()
	}
	t.lastDemo = ""
	if demo {
		t.lastDemo = res.ID
	}
	if t.item == nil {
		return
	}
	t.keepTyped()
	t.selected = res.ID
	t.reload()
}

// askDelete confirms, then deletes the selected audit from the history.
func (t *HistoryTab) askDelete() {
	e, ok := t.entry(t.selected)
	if !ok {
		return
	}
	msg := fmt.Sprintf("The audit of %s (score %d), with your notes on it, will be deleted from this computer. Its report can no longer be made.",
		e.FinishedAt.Local().Format("2 January 2006 at 15:04"), e.Score.Overall)
	d := dialog.NewConfirm("Delete this audit?", msg, func(yes bool) {
		if !yes {
			return
		}
		if err := t.DeleteAudit(e.ID); err != nil {
			dialog.ShowError(errors.New(t.d.explain(err)), t.win)
		}
	}, t.win)
	d.SetConfirmText("Delete")
	d.Show()
}

// DeleteAudit removes an audit from the history and redraws the tab.
func (t *HistoryTab) DeleteAudit(id string) error {
	if err := t.d.History.Delete(id); err != nil {
		return fmt.Errorf("deleting the audit: %w", err)
	}
	if t.selected == id {
		t.selected = ""
	}
	t.reload()
	return nil
}

// Selected is the audit the report editor is about; "" if none yet.
func (t *HistoryTab) Selected() string { return t.selected }

// Editor is the report form.
func (t *HistoryTab) Editor() *ReportEditor { return t.editor }

func (t *HistoryTab) isDemo(id string) bool { return t.demo[id] }

// inHistory reports whether the history lists audit id.
func (t *HistoryTab) inHistory(id string) bool {
	es, err := t.d.History.Entries()
	return err == nil && slices.ContainsFunc(es, func(e history.Entry) bool { return e.ID == id })
}

// pendingResult is an audit finished here but not kept in the history.
func (t *HistoryTab) pendingResult(id string) (*audit.Result, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.pending[id]
	return r, ok
}

// NotKept lists the audits finished here that the history does not hold.
func (t *HistoryTab) NotKept() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []string
	for id := range t.pending {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// KeyLost reports whether the history's key is lost (its past audits
// cannot be opened), as the tab last found.
func (t *HistoryTab) KeyLost() bool { return t.keyLost != nil }

// checkKey asks the history whether its sealed part can be opened. A lost
// key is said once in a dialog that offers a fresh start, and stays in a
// banner; a locked keyring is not a lost key and is said where it matters.
func (t *HistoryTab) checkKey() {
	err := t.d.History.CheckKey()
	if !errors.Is(err, vault.ErrKeyLost) {
		err = nil
	}
	t.keyLost = err
	if t.keyBanner == nil {
		return // not drawn yet
	}
	if err == nil {
		t.keyBanner.Objects = nil
		t.keyBanner.Hide()
		return
	}
	start := widget.NewButtonWithIcon("Start a new history…", theme.ContentAddIcon(), t.offerFreshStart)
	start.Importance = widget.HighImportance
	t.keyBanner.Objects = []fyne.CanvasObject{
		banner(theme.WarningIcon(), widget.DangerImportance, keyLostBanner(err)),
		container.NewHBox(layout.NewSpacer(), start),
		widget.NewSeparator(),
	}
	t.keyBanner.Show()
	t.keyBanner.Refresh()
	if !t.offered {
		t.offered = true
		// After the window is up, so that the dialog has a window to show on.
		fyne.Do(t.offerFreshStart)
	}
}

// keyLostBanner is the banner's sentence about a lost history key.
func keyLostBanner(err error) string {
	how := "the key that protected them is no longer in your keyring"
	var kl *vault.KeyLostError
	if errors.As(err, &kl) && kl.Other {
		how = "your keyring holds a different key from the one that protected them"
	}
	return "Your past audits cannot be opened: " + how + ". Their dates and scores still show below, but their reports and notes cannot be made. " +
		"New audits are not kept in the history until you start a new one."
}

// offerFreshStart asks whether to start a new history, saying why and
// that the old one is kept.
func (t *HistoryTab) offerFreshStart() {
	if t.keyLost == nil || t.win == nil {
		return
	}
	how := "The key that protected your past audits is no longer in your keyring."
	var kl *vault.KeyLostError
	if errors.As(t.keyLost, &kl) && kl.Other {
		how = "Your keyring holds a different key from the one that protected your past audits."
	}
	msg := para(how + " This happens when the keyring is reset, for example after your login password was reset. " +
		"Their dates and scores still show, but their reports and notes cannot be opened.\n\n" +
		"Start a new history? The audits you run from now on are kept and reported again, with any run since this happened. " +
		"The old file stays in Chaperone's folder, renamed with today's date (" + history.SetAsidePrefix + t.d.now().Format("2006-01-02") + ".db); nothing is deleted.")
	d := dialog.NewCustomConfirm("Your past audits cannot be opened", "Start a new history", "Not now", msg, func(yes bool) {
		if yes {
			t.freshStart()
		}
	}, t.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

// freshStart starts a new history and says how it went.
func (t *HistoryTab) freshStart() {
	kept, err := t.StartNewHistory()
	if err != nil {
		dialog.ShowError(errors.New(t.d.explain(err)), t.win)
		return
	}
	t.editor.Status.Importance = widget.SuccessImportance
	t.editor.Status.SetText("Started a new history. Your old one is kept as " + kept + ".")
}

// StartNewHistory sets the old history aside (renamed with the date,
// never deleted), keeps in the new one the audits finished here that the
// old one could not take, with their notes, and redraws the tab. It
// returns where the old file is now.
func (t *HistoryTab) StartNewHistory() (string, error) {
	kept, err := t.d.History.SetAside(t.d.now())
	if err != nil {
		return "", fmt.Errorf("starting a new history: %w", err)
	}
	t.mu.Lock()
	var waiting []*audit.Result
	for _, r := range t.pending {
		waiting = append(waiting, r)
	}
	t.mu.Unlock()
	slices.SortFunc(waiting, func(a, b *audit.Result) int { return a.FinishedAt.Compare(b.FinishedAt) })
	var errs []error
	for _, r := range waiting {
		if err := t.d.History.Save(r); err != nil {
			errs = append(errs, fmt.Errorf("keeping the audit of %s: %w", r.FinishedAt.Local().Format("2 January 2006"), err))
			continue
		}
		t.mu.Lock()
		n, hasNotes := t.pendingN[r.ID]
		delete(t.pending, r.ID)
		delete(t.pendingN, r.ID)
		t.mu.Unlock()
		if hasNotes {
			if err := t.d.History.SetNotes(r.ID, n); err != nil {
				errs = append(errs, err)
			}
		}
	}
	t.keyLost = nil
	if t.item != nil {
		t.reload()
	}
	return kept, errors.Join(errs...)
}

// entryList serves entries already read to NewHistoryView.
type entryList struct {
	es  []history.Entry
	err error
}

func (l entryList) Entries() ([]history.Entry, error) { return l.es, l.err }

// reload reads the history again and redraws the list and the form.
func (t *HistoryTab) reload() {
	es, err := t.d.History.Entries()
	t.checkKey()
	t.mu.Lock()
	for _, r := range t.pending {
		if !slices.ContainsFunc(es, func(e history.Entry) bool { return e.ID == r.ID }) {
			es = append(es, history.EntryOf(r))
		}
	}
	t.mu.Unlock()
	slices.SortStableFunc(es, func(a, b history.Entry) int {
		if c := a.FinishedAt.Compare(b.FinishedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	t.entries = es
	if !slices.ContainsFunc(es, func(e history.Entry) bool { return e.ID == t.selected }) {
		t.selected = ""
		if len(es) > 0 {
			t.selected = es[len(es)-1].ID
		}
	}
	v := NewHistoryView(entryList{es, err}, t.open, t.isDemo)
	t.view.Objects = []fyne.CanvasObject{v}
	t.view.Refresh()
	t.load()
	// Highlight the audit the report is about (the list is newest first).
	if l := findList(v); l != nil {
		for i, e := range es {
			if e.ID == t.selected {
				l.Select(len(es) - 1 - i)
			}
		}
	}
}

// findList is the list of past audits inside a history view.
func findList(o fyne.CanvasObject) *widget.List {
	switch x := o.(type) {
	case *widget.List:
		return x
	case *fyne.Container:
		for _, c := range x.Objects {
			if l := findList(c); l != nil {
				return l
			}
		}
	}
	return nil
}

// open is the list's choice of another audit to report on.
func (t *HistoryTab) open(id string) {
	if id == t.selected {
		return
	}
	t.keepTyped()
	t.selected = id
	t.load()
}

// keepTyped saves what the doctor typed about the current audit before
// the form is filled for another.
func (t *HistoryTab) keepTyped() {
	d, n := t.editor.Values()
	if d == t.loadedD && sameNotes(n, t.loadedN) {
		return
	}
	_ = t.editor.Save() // a failure is shown in the status line
}

func sameNotes(a, b history.Notes) bool {
	return a.Found == b.Found && a.Learned == b.Learned && a.Changed == b.Changed &&
		a.WillDo == b.WillDo && slices.Equal(a.Actions, b.Actions)
}

// load fills the form for the selected audit.
func (t *HistoryTab) load() {
	var problems []string
	doc, err := report.LoadDoctor(t.d.DoctorPath)
	if err != nil {
		problems = append(problems, "Your name could not be read: "+t.d.explain(err))
	}
	var notes history.Notes
	_, notKept := t.pendingResult(t.selected)
	switch {
	case t.selected == "":
	case notKept:
		t.mu.Lock()
		notes = t.pendingN[t.selected]
		t.mu.Unlock()
	case t.keyLost != nil:
		// Sealed with the lost key: the banner says so, once.
	default:
		if notes, err = t.d.History.Notes(t.selected); err != nil {
			problems = append(problems, "Your notes on this audit could not be read: "+t.d.explain(err))
		}
	}
	t.editor.SetValues(doc, notes)
	t.loadedD, t.loadedN = t.editor.Values()
	t.editor.Status.Importance = widget.DangerImportance
	t.editor.Status.SetText(strings.Join(problems, "\n"))

	reflection := []fyne.Disableable{t.editor.Found, t.editor.Learned, t.editor.Changed, t.editor.WillDo, t.editor.Actions,
		t.editor.ExportPDF, t.editor.ExportJSON, t.editor.ExportCSV}
	e, ok := t.entry(t.selected)
	// An audit sealed with a lost key can be neither reported nor noted.
	usable := ok && (notKept || t.keyLost == nil)
	for _, w := range reflection {
		if usable {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	switch _, kept := t.entry(t.lastDemo); {
	case ok && t.demo[e.ID]:
		t.demoNote.SetText("This was the demo: an audit of the practice accounts on this computer, not of your own. Its report is not evidence for your appraisal.")
		t.demoNote.Show()
	case t.lastDemo != "" && !kept:
		t.demoNote.SetText("The demo you ran is not kept here: it audited practice accounts, not yours. Your own audits are listed, with their reports.")
		t.demoNote.Show()
	default:
		t.demoNote.Hide()
	}
	if len(report.Quarters(t.entries, t.d.loc())) == 0 {
		t.quarterBt.Disable()
	} else {
		t.quarterBt.Enable()
	}
	if !ok || t.openChecklist == nil || (t.keyLost != nil && !notKept) {
		t.openBt.Disable()
	} else {
		t.openBt.Enable()
	}
	if !ok {
		t.deleteBt.Disable()
		t.heading.SetText("No audit of your accounts yet. Run one on the Audit tab: its report is written here, with your reflection.")
		return
	}
	t.deleteBt.Enable()
	if notKept {
		t.deleteBt.Disable()
	}
	t.heading.SetText("Report on the audit of " + e.FinishedAt.Local().Format("Monday 2 January 2006 at 15:04"))
	if e.Incomplete {
		var names []string
		for _, na := range e.NotAudited {
			names = append(names, na.Platform.DisplayName())
		}
		t.heading.SetText(t.heading.Text + " (incomplete: " + strings.Join(names, ", ") + " not audited)")
	}
	switch {
	case notKept && t.keyLost != nil:
		t.heading.SetText(t.heading.Text + ". Not kept in your history: start a new history to keep it. Its report can be exported now.")
	case notKept:
		t.heading.SetText(t.heading.Text + ". Not kept in your history (it could not be saved); its report can be exported now.")
	case t.keyLost != nil:
		t.heading.SetText(t.heading.Text + ". It cannot be opened: its key is lost.")
	}
	if t.demo[e.ID] {
		t.heading.SetText("Demo · " + t.heading.Text)
	}
}

func (t *HistoryTab) entry(id string) (history.Entry, bool) {
	for _, e := range t.entries {
		if e.ID == id && id != "" {
			return e, true
		}
	}
	return history.Entry{}, false
}

// save stores the doctor's details and their notes on the selected audit.
func (t *HistoryTab) save(d report.Doctor, n history.Notes) error {
	if err := report.SaveDoctor(t.d.DoctorPath, d); err != nil {
		return errors.New(t.d.explain(fmt.Errorf("saving your name: %w", err)))
	}
	_, notKept := t.pendingResult(t.selected)
	switch {
	case t.selected == "":
	case notKept:
		t.mu.Lock()
		t.pendingN[t.selected] = n
		t.mu.Unlock()
	case t.keyLost != nil:
		// The form is closed for an audit sealed with the lost key.
	default:
		if err := t.d.History.SetNotes(t.selected, n); err != nil {
			return errors.New(t.d.explain(fmt.Errorf("saving your notes: %w", err)))
		}
	}
	t.loadedD, t.loadedN = d, n
	return nil
}

// ReportFileName is the name offered for an audit's report: dated, so that
// a portfolio of them sorts by date.
func ReportFileName(finished time.Time, format string) string {
	return "Chaperone social media audit " + finished.Local().Format("2006-01-02") + format
}

// chooseExport asks where to write the report, then writes it.
func (t *HistoryTab) chooseExport(format string) error {
	e, ok := t.entry(t.selected)
	if !ok {
		return errors.New("there is no audit to report on yet: run an audit first")
	}
	id := e.ID
	dlg := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			t.exportDone("", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		_ = w.Close()
		if !strings.EqualFold(filepath.Ext(path), format) {
			// The dialog made the file as typed; the report goes beside it
			// with its extension, so the empty one is not left behind.
			if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
				_ = os.Remove(path)
			}
			path += format
		}
		t.StartExport(id, path)
	}, t.win)
	dlg.SetFileName(ReportFileName(e.FinishedAt, format))
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{format}))
	if home, err := os.UserHomeDir(); err == nil {
		for _, dir := range []string{filepath.Join(home, "Documents"), home} {
			if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
				dlg.SetLocation(l)
				break
			}
		}
	}
	dlg.Show()
	return nil
}

// StartExport writes the report of audit id to path in the background,
// the way the export buttons do once a file is chosen; progress and the
// outcome appear under the form.
func (t *HistoryTab) StartExport(id, path string) {
	t.editor.SetExporting(true)
	t.busy.Show()
	t.busy.Start()
	t.editor.Status.Importance = widget.MediumImportance
	what := "report"
	if strings.EqualFold(filepath.Ext(path), FormatPDF) {
		what = "PDF (this takes a few seconds)"
	}
	t.editor.Status.SetText("Writing the " + what + "…")
	combined := t.editor.Combined.Checked
	t.bg.Add(1)
	go func() {
		defer t.bg.Done()
		err := t.exportTo(context.Background(), id, path, combined)
		fyne.Do(func() { t.exportDone(path, err) })
	}()
}

func (t *HistoryTab) exportDone(path string, err error) {
	t.editor.SetExporting(false)
	t.busy.Stop()
	t.busy.Hide()
	if err != nil {
		t.editor.Status.Importance = widget.DangerImportance
		t.editor.Status.SetText("The report was not written. " + t.d.explain(err))
		return
	}
	t.editor.Status.Importance = widget.SuccessImportance
	t.editor.Status.SetText("Report saved: " + path)
}

// ExportTo builds the report of audit id (with the doctor's details and
// notes, keeping the watch-list's names out) and writes it to path, with
// the combined appendix if the form asks for it.
func (t *HistoryTab) ExportTo(ctx context.Context, id, path string) error {
	return t.exportTo(ctx, id, path, t.editor.Combined.Checked)
}

func (t *HistoryTab) exportTo(ctx context.Context, id, path string, combined bool) error {
	in, err := t.reportInput(id)
	if err != nil {
		return fmt.Errorf("reading the audit: %w", err)
	}
	if in.Doctor, err = report.LoadDoctor(t.d.DoctorPath); err != nil {
		return err
	}
	if t.d.Sensitive != nil {
		in.Sensitive = t.d.Sensitive()
	}
	in.Now = t.d.now()
	in.Combined = combined
	rep, err := report.Build(in)
	if err != nil {
		return fmt.Errorf("making the report: %w", err)
	}
	if t.d.Export != nil {
		return t.d.Export(ctx, rep, path)
	}
	if strings.EqualFold(filepath.Ext(path), FormatPDF) {
		return errors.New("PDF export is not available here: export JSON or CSV instead")
	}
	return report.WriteFile(path, rep)
}

// reportInput is what the report of audit id is made from: the history's,
// or for an audit not kept there, the one in memory, compared with the
// audit before it when that can be read.
func (t *HistoryTab) reportInput(id string) (report.Input, error) {
	cur, ok := t.pendingResult(id)
	if !ok {
		return report.Load(t.d.History, id)
	}
	in := report.Input{Current: cur}
	t.mu.Lock()
	in.Notes = t.pendingN[id]
	for _, r := range t.pending {
		if r.ID != id && r.FinishedAt.Before(cur.FinishedAt) && (in.Previous == nil || r.FinishedAt.After(in.Previous.FinishedAt)) {
			in.Previous = r
		}
	}
	t.mu.Unlock()
	es, err := t.d.History.Entries()
	if err != nil {
		return in, err
	}
	in.History = es
	// A kept audit later than any not kept here is the one to compare with.
	if prev, err := t.d.History.Before(cur.FinishedAt, id); err == nil {
		if in.Previous == nil || prev.FinishedAt.After(in.Previous.FinishedAt) {
			in.Previous = prev
		}
	} else if in.Previous == nil && errors.Is(err, vault.ErrKeyLost) {
		in.PreviousUnreadable = report.PreviousKeyLost
	}
	return in, nil
}

// RemindersTab is the "Reminders" tab. Its title carries the next due
// date, so that it is in sight from the main screen.
type RemindersTab struct {
	d        AppraisalDeps
	win      fyne.Window
	item     *container.TabItem
	settings *ReminderSettings
}

// NewRemindersTab makes the "Reminders" tab.
func NewRemindersTab(d AppraisalDeps) *RemindersTab { return &RemindersTab{d: d} }

// Item implements Tab.
func (t *RemindersTab) Item(win fyne.Window) *container.TabItem {
	t.win = win
	clock := t.d.Clock
	if clock == nil {
		clock = remind.SystemClock{}
	}
	t.settings = NewReminderSettings(t.d.Reminders, t.d.Autostart, clock, t.d.lastAudit, t.chooseCalendar)
	t.item = container.NewTabItem("Reminders", container.NewPadded(container.NewVScroll(t.settings.Content())))
	t.settings.OnChange = t.retitle
	t.settings.Refresh()
	return t.item
}

// AuditFinished implements Tab: the next due date counts from this audit.
func (t *RemindersTab) AuditFinished(*audit.Result, bool) { t.Refresh() }

// Refresh works the due date out again, e.g. after a snooze from the tray.
func (t *RemindersTab) Refresh() {
	if t.settings != nil {
		t.settings.Refresh()
	}
}

// Settings is the tab's panel.
func (t *RemindersTab) Settings() *ReminderSettings { return t.settings }

// Title is the tab's title now.
func (t *RemindersTab) Title() string {
	if t.item == nil {
		return ""
	}
	return t.item.Text
}

func (t *RemindersTab) retitle(s remind.Settings) {
	title := ReminderTabTitle(s, t.d.lastAudit(), t.d.now())
	if t.item == nil || t.item.Text == title {
		return
	}
	t.item.Text = title
	if tabs, ok := t.win.Content().(*container.AppTabs); ok {
		tabs.Refresh()
	}
}

// ReminderTabTitle is "Reminders" with the next due date.
func ReminderTabTitle(s remind.Settings, last, now time.Time) string {
	st := s.At(last, now)
	switch {
	case !s.Enabled:
		return "Reminders (off)"
	case st.Due.IsZero():
		return "Reminders · first audit due"
	case st.Overdue:
		return "Reminders · audit overdue"
	}
	return "Reminders · next audit " + st.Due.Local().Format("2 Jan 2006")
}

// chooseCalendar asks where to save the calendar file, then writes it.
func (t *RemindersTab) chooseCalendar() {
	dlg := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err == nil && w == nil {
			return // cancelled
		}
		if err == nil {
			path := w.URI().Path()
			_ = w.Close()
			if !strings.EqualFold(filepath.Ext(path), ".ics") {
				if fi, statErr := os.Stat(path); statErr == nil && fi.Size() == 0 {
					_ = os.Remove(path)
				}
				path += ".ics"
			}
			if err = t.SaveCalendar(path); err == nil {
				t.settings.Status.Importance = widget.SuccessImportance
				t.settings.Status.SetText("Saved " + path + ". Open it with your calendar app to add the audit dates.")
				return
			}
		}
		t.settings.Status.Importance = widget.DangerImportance
		t.settings.Status.SetText("The calendar file was not saved. " + t.d.explain(err))
	}, t.win)
	dlg.SetFileName("Chaperone audit reminders.ics")
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{".ics"}))
	dlg.Show()
}

// SaveCalendar writes the recurring "self-audit" event to path, as "Add to
// calendar…" does once a file is chosen.
func (t *RemindersTab) SaveCalendar(path string) error {
	s, err := t.d.Reminders.Load()
	if err != nil {
		return err
	}
	return remind.ExportICS(path, s, t.d.lastAudit(), t.d.now())
}
