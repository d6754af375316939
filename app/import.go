package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
)

// Importer audits "download your information" archives offline.
type Importer interface {
	// Import reads the downloads at paths (zips or extracted folders) and
	// returns one audit of them joined with base, the last live audit's
	// result (nil for none): a platform a download holds is read from it
	// alone. It is scored against guideline; progress may be called from
	// any goroutine until Import returns.
	Import(ctx context.Context, paths []string, base *audit.Result, guideline string, progress func(Event)) (*audit.Result, error)
}

// importing is a data download being read.
type importing struct {
	id     int
	cancel context.CancelFunc
	dlg    dialog.Dialog
	step   *widget.Label
}

// canImport reports whether this window offers the import at all.
func (u *UI) canImport() bool { return u.deps.Importer != nil && len(u.deps.Importable) > 0 }

// importableNames is "Facebook, Instagram and X".
func (u *UI) importableNames() string {
	var names []string
	for _, p := range u.deps.Importable {
		names = append(names, p.DisplayName())
	}
	return joinAnd(names)
}

// askImport explains the import and offers a zip or a folder.
func (u *UI) askImport() {
	if !u.canImport() {
		return
	}
	text := para("Every network offers \"Download your information\" in its settings. Chaperone can read the download of " +
		u.importableNames() + " on this computer, with no browser and no password, and adds what it finds to your last audit. " +
		"Choose the zip file you were sent, or the folder you unzipped it to. You can also drop it onto this window.")
	var d dialog.Dialog
	zipBt := widget.NewButtonWithIcon("Choose a zip file…", theme.FileIcon(), func() { d.Hide(); u.pickImportFile() })
	zipBt.Importance = widget.HighImportance
	dirBt := widget.NewButtonWithIcon("Choose a folder…", theme.FolderOpenIcon(), func() { d.Hide(); u.pickImportFolder() })
	d = dialog.NewCustom("Import a data download", "Cancel", container.NewVBox(text, container.NewGridWithColumns(2, zipBt, dirBt)), u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

func (u *UI) pickImportFile() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("the file could not be chosen: %s", PlainError(err, u.deps.Explain)), u.win)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		u.ImportPaths([]string{path})
	}, u.win)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".zip"}))
	fd.Show()
}

func (u *UI) pickImportFolder() {
	dialog.ShowFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("the folder could not be chosen: %s", PlainError(err, u.deps.Explain)), u.win)
			return
		}
		if l == nil {
			return
		}
		u.ImportPaths([]string{l.Path()})
	}, u.win)
}

// dropped takes files dropped onto the window: downloads to import.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	if !u.canImport() {
		return
	}
	var paths []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			paths = append(paths, x.Path())
		}
	}
	if len(paths) == 0 {
		dialog.ShowInformation("Not a file on this computer", "Drop the zip file or folder of a data download, saved on this computer.", u.win)
		return
	}
	u.ImportPaths(paths)
}

// Importing reports whether a download is being read.
func (u *UI) Importing() bool { return u.imp != nil }

// ImportPaths reads the data downloads at paths and shows the one audit
// they make with the last live audit. Nothing starts while an audit runs.
func (u *UI) ImportPaths(paths []string) {
	if !u.canImport() || len(paths) == 0 {
		return
	}
	if u.running || u.imp != nil {
		dialog.ShowInformation("An audit is under way", "Import the download when the audit under way has finished.", u.win)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.runID++
	im := &importing{id: u.runID, cancel: cancel}
	u.imp = im
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	im.step = widget.NewLabel("Reading " + joinAnd(names) + "…")
	im.step.Wrapping = fyne.TextWrapWord
	// How long a download takes is unknown until it is open: the bar
	// moves, and the line says which network is being read.
	body := container.NewVBox(im.step, widget.NewProgressBarInfinite())
	im.dlg = dialog.NewCustom("Reading your data download", "Stop", body, u.win)
	im.dlg.SetOnClosed(func() {
		// Stop and the window's Escape land here; after the end it is a
		// no-op.
		if u.imp == im {
			im.cancel()
		}
	})
	im.dlg.Resize(fyne.NewSize(460, 0))
	im.dlg.Show()
	u.side.update()

	// The last live audit is what the download joins; the demo's
	// practice accounts never mix with the doctor's own download.
	var base *audit.Result
	if u.result != nil && !u.resultDemo {
		base = u.result
	}
	imp, guideline, id := u.deps.Importer, u.guideline, im.id
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		res, err := imp.Import(ctx, paths, base, guideline, func(ev Event) {
			fyne.Do(func() { u.onImportEvent(id, ev) })
		})
		fyne.Do(func() { u.importDone(id, res, err) })
	}()
}

func (u *UI) onImportEvent(id int, ev Event) {
	im := u.imp
	if im == nil || im.id != id || ev.Platform == "" {
		return
	}
	step := ev.Step
	if step == "" {
		step = "read"
	}
	im.step.SetText(ev.Platform.DisplayName() + ": " + strings.ToLower(step[:1]) + step[1:])
}

func (u *UI) importDone(id int, res *audit.Result, err error) {
	im := u.imp
	if im == nil || im.id != id {
		return
	}
	u.imp = nil
	im.dlg.Hide()
	u.side.update()
	if errors.Is(err, context.Canceled) {
		return
	}
	if res == nil {
		if err == nil {
			err = errors.New("the import returned no result")
		}
		dialog.ShowError(errors.New("The download could not be read: "+PlainError(err, u.deps.Explain)), u.win)
		return
	}
	u.resultWarn = PlainError(err, u.deps.Explain)
	u.result, u.resultDemo, u.resultIssue = res, false, nil
	u.results = nil
	u.progView = nil
	u.refresh()
	for _, t := range u.deps.Tabs {
		t.AuditFinished(res, false)
	}
}

// downloadWords is "your Instagram data download of 12 Nov 2026", the
// source a finding read from a download is labelled with.
func downloadWords(p audit.Platform, made time.Time, loc *time.Location) string {
	s := "your " + p.DisplayName() + " data download"
	if !made.IsZero() {
		s += " of " + made.In(loc).Format("2 Jan 2006")
	}
	return s
}
