package app

import (
	"context"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/platforms/fix"
)

// Fixer is "Fix it for me": the changes an audit's findings call for, and
// making them through the doctor's own logged-in browser. The wiring gives
// job.Runner; the window only shows and confirms.
type Fixer interface {
	Plan(res *audit.Result) []fix.Item
	Apply(ctx context.Context, res *audit.Result, changes []audit.Change, progress func(fix.Step)) ([]audit.Action, error)
	Undo(ctx context.Context, res *audit.Result, i int, progress func(fix.Step)) (audit.Action, error)
}

// fixState is the window's "Fix it for me" state for the shown result.
type fixState struct {
	planFor *audit.Result
	plan    []fix.Item
	// dlg is the open fix dialog, for tests.
	dlg *fixDialog
}

// fixPlan is the plan of the shown result, computed once per result.
func (u *UI) fixPlan() []fix.Item {
	if u.deps.Fixer == nil || u.result == nil {
		return nil
	}
	if u.fix.planFor != u.result {
		u.fix.planFor, u.fix.plan = u.result, u.deps.Fixer.Plan(u.result)
	}
	// A change already made and confirmed is not offered again.
	var out []fix.Item
	for _, it := range u.fix.plan {
		if it.Change != nil && made(u.result, *it.Change) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// made reports whether res records c as made and confirmed, not undone.
func made(res *audit.Result, c audit.Change) bool {
	for _, a := range res.Snapshot.Actions {
		if a.Verified && a.Undone.IsZero() && a.Change.Platform == c.Platform && a.Change.Fact == c.Fact && a.Change.OneShot == c.OneShot {
			return true
		}
	}
	return false
}

// fixItem is the plan's item for a finding, if any.
func (u *UI) fixItem(p audit.Platform, checkID string) (fix.Item, bool) {
	for _, it := range u.fixPlan() {
		if it.Finding.Platform == p && it.Finding.CheckID == checkID {
			return it, true
		}
	}
	return fix.Item{}, false
}

// fixButtons are the detail pane's "Fix it for me" (a setting Chaperone
// can change) or "Show me how" (steps by hand) for a failing finding.
func (u *UI) fixButtons(p audit.Platform, r Row) []fyne.CanvasObject {
	if r.Status != audit.Fail && r.Status != audit.Warn {
		return nil
	}
	it, ok := u.fixItem(p, r.CheckID)
	switch {
	case !ok:
		return nil
	case it.Change != nil:
		c := *it.Change
		b := widget.NewButtonWithIcon("Fix it for me", theme.ConfirmIcon(), func() {
			u.showFixPreview("Fix it for me", []audit.Change{c})
		})
		return []fyne.CanvasObject{b}
	case len(it.Guidance) > 0:
		return []fyne.CanvasObject{widget.NewButtonWithIcon("Show me how", theme.HelpIcon(), func() { u.showGuidance(it) })}
	}
	return nil
}

// fixAllBar is the results' "Fix all high-importance items" button, when
// there is any such change to make.
func (u *UI) fixAllBar() []fyne.CanvasObject {
	changes := fix.HighChanges(u.fixPlan())
	if len(changes) == 0 {
		return nil
	}
	b := widget.NewButtonWithIcon("Fix all high-importance items ("+strconv.Itoa(len(changes))+")", theme.ConfirmIcon(), func() {
		u.showFixPreview("Fix all high-importance items", changes)
	})
	return []fyne.CanvasObject{container.NewHBox(b)}
}

// showGuidance shows the steps by hand for what Chaperone never changes.
func (u *UI) showGuidance(it fix.Item) {
	objs := []fyne.CanvasObject{para("Chaperone does not change this for you: it needs you (your phone, your password, or your judgement). Here is how:")}
	for i, s := range it.Guidance {
		objs = append(objs, para(strconv.Itoa(i+1)+".  "+s))
	}
	d := dialog.NewCustom(it.Finding.Title, "Close", container.NewVBox(objs...), u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// fixDialog is the one dialog of a batch of changes: the preview with one
// confirmation, then per-change progress and results, then undo.
type fixDialog struct {
	u       *UI
	d       dialog.Dialog
	changes []audit.Change
	lines   []*widget.Label
	undo    []*widget.Button
	bar     *widget.ProgressBar
	status  *widget.Label
	confirm *widget.Button
	cancel  *widget.Button // Cancel before, Stop during, Close after
	stop    context.CancelFunc
	running bool
	// first is the index in the result's actions of this batch's first.
	first int
}

// previewText is exactly what a change will do, and where.
func previewText(c audit.Change) string {
	if c.OneShot {
		return fmt.Sprintf("%s: %s, on %s. A one-off action: it cannot be undone, and it is judged afterwards from what a logged-out stranger sees.", c.Platform.DisplayName(), c.Label, c.Page)
	}
	return fmt.Sprintf("%s: %s, on %s", c.Platform.DisplayName(), c.Describe(), c.Page)
}

// showFixPreview shows what will change and asks once. Cancel changes
// nothing.
func (u *UI) showFixPreview(title string, changes []audit.Change) {
	fd := &fixDialog{u: u, changes: changes}
	intro := para(fmt.Sprintf("Chaperone will make %s on your own logged-in account, in a browser on this computer, and nothing else:", plural(len(changes), "change", "changes")))
	objs := []fyne.CanvasObject{intro}
	for i, c := range changes {
		l := para(strconv.Itoa(i+1) + ".  " + previewText(c))
		fd.lines = append(fd.lines, l)
		fd.undo = append(fd.undo, nil)
		objs = append(objs, l)
	}
	objs = append(objs, para("Afterwards it loads the page again and reads the setting: it says PASS only if the page then shows the new value. It stops at the first page or dialog it does not expect."))
	fd.bar = widget.NewProgressBar()
	fd.bar.Hide()
	fd.status = para("")
	fd.status.Hide()
	verb := "Make this change"
	if len(changes) > 1 {
		verb = "Make these " + strconv.Itoa(len(changes)) + " changes"
	}
	fd.confirm = widget.NewButtonWithIcon(verb, theme.ConfirmIcon(), fd.run)
	fd.confirm.Importance = widget.HighImportance
	fd.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), fd.close)
	objs = append(objs, fd.bar, fd.status, container.NewHBox(fd.cancel, fd.confirm))
	fd.d = dialog.NewCustomWithoutButtons(title, container.NewVScroll(container.NewVBox(objs...)), u.win)
	fd.d.Resize(fyne.NewSize(640, 420))
	u.fix.dlg = fd
	fd.d.Show()
}

// close is Cancel (nothing changed), Stop (the change under way ends) or
// Close.
func (fd *fixDialog) close() {
	if fd.running {
		fd.stop()
		fd.status.SetText("Stopping…")
		return
	}
	fd.d.Hide()
	if fd.u.fix.dlg == fd {
		fd.u.fix.dlg = nil
	}
}

// run makes the changes, one at a time, in the background.
func (fd *fixDialog) run() {
	u := fd.u
	res := u.result
	if res == nil || u.deps.Fixer == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	fd.stop, fd.running = cancel, true
	fd.first = len(res.Snapshot.Actions)
	fd.confirm.Hide()
	fd.cancel.SetText("Stop")
	fd.bar.Show()
	fd.status.Show()
	fd.status.SetText("Starting the browser…")
	for i, l := range fd.lines {
		l.SetText(strconv.Itoa(i+1) + ".  Waiting: " + fd.changes[i].Describe())
	}
	fixer := u.deps.Fixer
	n := float64(len(fd.changes))
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		acts, err := fixer.Apply(ctx, res, fd.changes, func(st fix.Step) {
			fyne.Do(func() { fd.step(st, n) })
		})
		fyne.Do(func() { fd.finished(acts, err) })
	}()
}

func (fd *fixDialog) step(st fix.Step, n float64) {
	if st.Index < 0 || st.Index >= len(fd.lines) {
		return
	}
	l := fd.lines[st.Index]
	if st.Action == nil {
		fd.status.SetText(st.Text)
		l.SetText(strconv.Itoa(st.Index+1) + ".  Working: " + fd.changes[st.Index].Describe())
		fd.bar.SetValue(float64(st.Index) / n)
		return
	}
	l.SetText(strconv.Itoa(st.Index+1) + ".  " + actionText(*st.Action))
	fd.bar.SetValue(float64(st.Index+1) / n)
}

// actionText is an action's outcome: PASS only on a fresh read.
func actionText(a audit.Action) string {
	switch {
	case a.Verified && a.Change.OneShot:
		return "DONE  " + a.Change.Label + ": " + a.Seen
	case a.Verified:
		return "PASS  " + a.Change.Describe() + " (" + a.Seen + ")"
	}
	return "NOT CHANGED  " + a.Change.Label + ": " + a.Seen
}

func (fd *fixDialog) finished(acts []audit.Action, err error) {
	u := fd.u
	fd.running = false
	fd.cancel.SetText("Close")
	fd.bar.SetValue(1)
	done := 0
	for _, a := range acts {
		if a.Verified {
			done++
		}
	}
	switch {
	case err != nil && len(acts) < len(fd.changes):
		fd.status.SetText(fmt.Sprintf("Stopped: %s. %d of %d changes were not tried. %s", PlainError(err, u.deps.Explain), len(fd.changes)-len(acts), len(fd.changes), "Run the audit again to see where things stand."))
		for i := len(acts); i < len(fd.lines); i++ {
			fd.lines[i].SetText(strconv.Itoa(i+1) + ".  Not tried: " + fd.changes[i].Describe())
		}
	case err != nil:
		fd.status.SetText("Not confirmed: " + PlainError(err, u.deps.Explain))
	default:
		fd.status.SetText(fmt.Sprintf("%d of %d confirmed by reading the page again. Run the audit again to update the score.", done, len(fd.changes)))
	}
	// Undo where the old value can be put back.
	for i, a := range acts {
		if !a.Undoable() {
			continue
		}
		idx, line := fd.first+i, i
		b := widget.NewButtonWithIcon("Undo "+strconv.Itoa(line+1), theme.ContentUndoIcon(), nil)
		b.OnTapped = func() { fd.runUndo(idx, line, b) }
		fd.undo[line] = b
	}
	fd.showUndo()
	u.refreshFixed()
}

// showUndo puts the undo buttons under the results.
func (fd *fixDialog) showUndo() {
	var bs []fyne.CanvasObject
	for _, b := range fd.undo {
		if b != nil {
			bs = append(bs, b)
		}
	}
	if len(bs) == 0 {
		return
	}
	row := container.NewHBox(bs...)
	if cd, ok := fd.d.(*dialog.CustomDialog); ok {
		cd.SetButtons([]fyne.CanvasObject{row, fd.cancel})
	}
}

// runUndo puts back the old value of one action.
func (fd *fixDialog) runUndo(idx, line int, b *widget.Button) {
	u := fd.u
	res := u.result
	if fd.running || res == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	fd.stop, fd.running = cancel, true
	b.Disable()
	fd.cancel.SetText("Stop")
	fd.status.SetText("Putting back the old value…")
	fixer := u.deps.Fixer
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		a, err := fixer.Undo(ctx, res, idx, nil)
		fyne.Do(func() {
			fd.running = false
			fd.cancel.SetText("Close")
			if err == nil && a.Verified {
				fd.lines[line].SetText(strconv.Itoa(line+1) + ".  UNDONE  " + a.Change.Describe() + " (" + a.Seen + ")")
				fd.status.SetText("The old value is back, read again from the page.")
				return
			}
			b.Enable()
			fd.status.SetText("The undo was not confirmed: " + PlainError(err, u.deps.Explain) + " " + a.Seen)
		})
	}()
}

// refreshFixed shows, after changes, that the score is the audit's, not
// today's.
func (u *UI) refreshFixed() {
	if u.result == nil {
		return
	}
	u.resultWarn = "Changes were made after this audit (see \"Actions taken\" in the report); run the audit again to update the score."
	u.results = nil
	u.refresh()
}
