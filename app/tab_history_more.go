package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report"
)

// SetOpenChecklist sets what "Open checklist" does with a past audit:
// the main window shows it (UI.ShowPastAudit).
func (t *HistoryTab) SetOpenChecklist(fn func(res *audit.Result, demo bool)) {
	t.openChecklist = fn
	if t.item != nil {
		t.load() // the button can now be offered
	}
}

// OpenChecklist shows the checklist of the selected audit.
func (t *HistoryTab) OpenChecklist() error {
	if t.openChecklist == nil || t.selected == "" {
		return nil
	}
	res, ok := t.pendingResult(t.selected)
	if !ok {
		var err error
		if res, err = t.d.History.Load(t.selected); err != nil {
			return fmt.Errorf("opening the audit: %w", err)
		}
	}
	t.openChecklist(res, t.demo[res.ID])
	return nil
}

func (t *HistoryTab) openSelected() {
	if err := t.OpenChecklist(); err != nil {
		dialog.ShowError(errors.New(t.d.explain(err)), t.win)
	}
}

// Quarters lists the quarters with audits, latest first.
func (t *HistoryTab) Quarters() []report.Quarter { return report.Quarters(t.entries, t.d.loc()) }

// askQuarter offers the quarters with audits and writes the chosen one's
// report where the doctor says.
func (t *HistoryTab) askQuarter() {
	qs := t.Quarters()
	if len(qs) == 0 {
		dialog.ShowInformation("Quarterly report", "There is no audit in your history yet: run one on the Audit tab.", t.win)
		return
	}
	labels := make([]string, len(qs))
	for i, q := range qs {
		labels[i] = q.Label()
	}
	pick := widget.NewSelect(labels, nil)
	pick.SetSelectedIndex(0)
	note := para("One record of every network you audited in the quarter, each at its latest reading, with your notes on those audits. It is what to bring to your appraisal.")
	items := []*widget.FormItem{widget.NewFormItem("Quarter", pick), widget.NewFormItem("", note)}
	d := dialog.NewForm("Quarterly report", "Save as PDF…", "Cancel", items, func(ok bool) {
		if !ok || pick.SelectedIndex() < 0 {
			return
		}
		t.chooseQuarterFile(qs[pick.SelectedIndex()])
	}, t.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// QuarterFileName is the name offered for a quarter's report.
func QuarterFileName(q report.Quarter) string {
	return "Chaperone social media audit " + q.String() + FormatPDF
}

func (t *HistoryTab) chooseQuarterFile(q report.Quarter) {
	dlg := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			t.exportDone("", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		if !strings.EqualFold(filepath.Ext(path), FormatPDF) {
			if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
				_ = os.Remove(path)
			}
			path += FormatPDF
		}
		t.StartQuarterExport(q, path)
	}, t.win)
	dlg.SetFileName(QuarterFileName(q))
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{FormatPDF}))
	dlg.Show()
}

// StartQuarterExport writes quarter q's report to path in the background;
// progress and the outcome appear under the form.
func (t *HistoryTab) StartQuarterExport(q report.Quarter, path string) {
	t.editor.SetExporting(true)
	t.busy.Show()
	t.busy.Start()
	t.editor.Status.Importance = widget.MediumImportance
	t.editor.Status.SetText("Writing the report of " + q.Label() + "…")
	combined := t.editor.Combined.Checked
	t.bg.Add(1)
	go func() {
		defer t.bg.Done()
		err := t.ExportQuarter(context.Background(), q, path, combined)
		fyne.Do(func() { t.exportDone(path, err) })
	}()
}

// ExportQuarter builds the report of quarter q from the history, with the
// doctor's details and the watch-list's names kept out, and writes it.
func (t *HistoryTab) ExportQuarter(ctx context.Context, q report.Quarter, path string, combined bool) error {
	in, err := report.LoadQuarter(t.d.History, q, t.d.loc())
	if err != nil {
		return fmt.Errorf("reading the audits of %s: %w", q.Label(), err)
	}
	if t.d.Catalogue != nil {
		if in.Catalogue, err = t.d.Catalogue(); err != nil {
			return err
		}
	}
	if in.Doctor, err = report.LoadDoctor(t.d.DoctorPath); err != nil {
		return err
	}
	if t.d.Sensitive != nil {
		in.Sensitive = t.d.Sensitive()
	}
	in.Now, in.Combined = t.d.now(), combined
	rep, err := report.BuildQuarter(in)
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

// Watch redraws the tab whenever the history file changes, as when an
// audit run from the command line is saved, until ctx ends. It returns
// once the watch is set up.
func (t *HistoryTab) Watch(ctx context.Context) error {
	file := t.d.History.Path()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching the history: %w", err)
	}
	// The folder, not the file: the file may not exist yet, and a fresh
	// start renames it away.
	if err := w.Add(filepath.Dir(file)); err != nil {
		w.Close()
		return fmt.Errorf("watching the history: %w", err)
	}
	t.bg.Add(1)
	go func() {
		defer t.bg.Done()
		defer w.Close()
		// Saving an audit is several writes: redraw once they settle.
		const settle = 200 * time.Millisecond
		timer := time.NewTimer(time.Hour)
		timer.Stop()
		for {
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) == filepath.Clean(file) && !ev.Has(fsnotify.Chmod) {
					timer.Reset(settle)
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			case <-timer.C:
				fyne.Do(t.historyChanged)
			}
		}
	}()
	return nil
}

// historyChanged reloads the list if the history now holds other audits
// than those shown: the doctor's own saves of notes change nothing here,
// and what they are typing is kept.
func (t *HistoryTab) historyChanged() {
	if t.item == nil {
		return
	}
	es, err := t.d.History.Entries()
	if err == nil && sameIDs(es, t.entries, t.pending) {
		return
	}
	t.keepTyped()
	t.reload()
}

// sameIDs reports whether the stored entries es are those shown, apart
// from the audits held in memory only.
func sameIDs(es, shown []history.Entry, pending map[string]*audit.Result) bool {
	n := 0
	for _, e := range shown {
		if _, ok := pending[e.ID]; !ok {
			n++
		}
	}
	if n != len(es) {
		return false
	}
	for _, e := range es {
		if !slices.ContainsFunc(shown, func(s history.Entry) bool { return s.ID == e.ID && s.Score.Overall == e.Score.Overall }) {
			return false
		}
	}
	return true
}
