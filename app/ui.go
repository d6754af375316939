package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
)

// Title is the main window's title; the smoke test looks for it.
const Title = "Chaperone"

// UI is the main window and its state. Its fields are only touched on the
// Fyne thread: background work reports back through fyne.Do.
type UI struct {
	app  fyne.App
	win  fyne.Window
	deps Deps

	accounts    []Account
	accountsErr error
	// guideline is the ID of the guidance the next audit is scored
	// against, remembered in the app's preferences.
	guideline string

	side    *sidePanel
	content *fyne.Container

	// The audit under way, if any.
	runID    int  // bumped per run so that a stopped run's late news is ignored
	running  bool // the run's goroutine has not returned yet
	stopping bool
	cancel   context.CancelFunc
	demo     bool
	progress *Progress
	progView *progressView

	// The last completed audit.
	result      *audit.Result
	resultDemo  bool
	resultIssue []PlatformProgress
	resultWarn  string // a problem with the result as a whole, e.g. not saved
	results     *resultsView

	imp *importing // a data download being read, if any

	// Adding an account.
	addDialog  *dialog.FormDialog
	addEntry   *widget.Entry
	waitDialog dialog.Dialog
	addCancel  context.CancelFunc

	bg sync.WaitGroup // background goroutines; tests wait on it

	fix fixState // "Fix it for me" (fix.go)
}

// New builds the main window on fyneApp. Deps.Auditor and Deps.Accounts are
// required.
func New(fyneApp fyne.App, deps Deps) *UI {
	if deps.OpenURL == nil {
		deps.OpenURL = fyneApp.OpenURL
	}
	u := &UI{app: fyneApp, deps: deps}
	u.guideline = u.savedGuideline()
	u.win = fyneApp.NewWindow(Title)
	// The screen is known once the window is up (FitScreen); until then the
	// size the doctor left it at.
	u.win.Resize(u.savedSize())
	u.win.SetOnClosed(func() {
		u.saveSize()
		if u.cancel != nil {
			u.cancel()
		}
		if u.addCancel != nil {
			u.addCancel()
		}
	})
	u.win.SetMainMenu(u.mainMenu())
	u.win.SetOnDropped(u.dropped)
	u.win.Canvas().SetOnTypedKey(u.typedKey)
	u.side = newSidePanel(u)
	u.content = container.NewStack()
	main := container.NewBorder(nil, nil, u.side.root, nil, u.content)
	if len(deps.Tabs) == 0 {
		u.win.SetContent(main)
	} else {
		tabs := container.NewAppTabs(container.NewTabItem("Audit", main))
		for _, t := range deps.Tabs {
			tabs.Append(t.Item(u.win))
		}
		u.win.SetContent(tabs)
	}
	u.loadAccounts()
	return u
}

// Window is the main window.
func (u *UI) Window() fyne.Window { return u.win }

// ShowAndRun shows the window and runs the app until it is closed.
func (u *UI) ShowAndRun() { u.win.ShowAndRun() }

// loadAccounts reads the account list and redraws what depends on it.
func (u *UI) loadAccounts() {
	u.accounts, u.accountsErr = u.deps.Accounts.List()
	u.accounts = realAccounts(u.accounts)
	u.refresh()
}

// refresh redraws the side panel and picks the main panel for the state.
func (u *UI) refresh() {
	u.side.update()
	var panel fyne.CanvasObject
	switch {
	case u.progView != nil:
		panel = u.progView.root
	case u.result != nil:
		if u.results == nil {
			// The checklist quotes the guidance the result was scored with,
			// whatever is chosen for the next audit.
			u.results = newResultsView(u, NewChecklist(u.result, u.clauseLookup(u.result.Guideline.ID), u.deps.Location), u.resultDemo, u.resultIssue, u.resultWarn)
		}
		panel = u.results.root
	case len(u.accounts) == 0:
		panel = newWelcomePanel(u)
	default:
		panel = newReadyPanel(u)
	}
	if len(u.content.Objects) != 1 || u.content.Objects[0] != panel {
		u.content.Objects = []fyne.CanvasObject{panel}
		u.content.Refresh()
	}
}

// runAudit audits every added account.
func (u *UI) runAudit() {
	if len(u.accounts) == 0 {
		return
	}
	u.start(append([]Account(nil), u.accounts...), false)
}

// RunAudit shows the window on the Audit tab and audits every added
// account (with none, the window says how to add one). The tray's "Run
// audit now" calls it.
func (u *UI) RunAudit() {
	if tabs, ok := u.win.Content().(*container.AppTabs); ok {
		tabs.SelectIndex(0)
	}
	u.win.Show()
	u.win.RequestFocus()
	u.runAudit()
}

// runDemo audits the built-in sandbox.
func (u *UI) runDemo() { u.start(DemoAccounts(u.deps.Live), true) }

func (u *UI) start(accounts []Account, demo bool) {
	if u.running {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.runID++
	id := u.runID
	u.running, u.stopping, u.cancel, u.demo = true, false, cancel, demo
	u.progress = NewProgress(accounts, u.deps.Explain)
	u.progView = newProgressView(u, u.progress, demo)
	u.refresh()

	auditor := u.deps.Auditor
	guideline := u.guideline
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		res, err := auditor.Audit(ctx, accounts, guideline, func(ev Event) {
			fyne.Do(func() { u.onEvent(id, ev) })
		})
		fyne.Do(func() { u.finish(id, res, err) })
	}()
}

func (u *UI) onEvent(id int, ev Event) {
	if id != u.runID || u.stopping {
		return
	}
	if i := u.progress.Apply(ev); i >= 0 {
		u.progView.updateLine(i)
	}
}

// stop cancels the audit. The window stays usable at once; only a new audit
// waits until the old one has let go of the browser.
func (u *UI) stop() {
	if !u.running || u.stopping {
		return
	}
	u.stopping = true
	u.cancel()
	u.progress.Stop()
	u.progView.stopped()
	u.refresh()
}

func (u *UI) finish(id int, res *audit.Result, err error) {
	if id != u.runID {
		return
	}
	u.running = false
	u.cancel = nil
	if u.stopping {
		u.stopping = false
		u.refresh()
		return
	}
	if err == nil && res == nil {
		err = errors.New("the audit returned no result")
	}
	if res == nil {
		u.progress.Fail(err)
		u.progView.failed(PlainError(err, u.deps.Explain))
		u.refresh()
		return
	}
	// A result with an error (say, it could not be saved) is still shown,
	// with the error beside it.
	u.resultWarn = PlainError(err, u.deps.Explain)
	u.result, u.resultDemo, u.resultIssue = res, u.demo, u.progress.Problems()
	u.results = nil
	u.progView = nil
	u.refresh()
	for _, t := range u.deps.Tabs {
		t.AuditFinished(res, u.demo)
	}
}

// showLastResults leaves a stopped or failed audit's progress for the
// results of the audit before it.
func (u *UI) showLastResults() {
	if u.progView != nil && !u.running {
		u.progView = nil
	}
	u.refresh()
}

// openFix opens a finding's fix page in the system browser.
func (u *UI) openFix(raw string) {
	link, err := url.Parse(raw)
	if err != nil || (link.Scheme != "https" && link.Scheme != "http") {
		dialog.ShowError(fmt.Errorf("this item's link (%q) is not a web address", raw), u.win)
		return
	}
	if err := u.deps.OpenURL(link); err != nil {
		dialog.ShowError(fmt.Errorf("could not open your web browser: %s", PlainError(err, u.deps.Explain)), u.win)
	}
}

// savedGuideline is the guidance chosen last time, if it is still
// offered; else the default.
func (u *UI) savedGuideline() string {
	id := u.app.Preferences().StringWithFallback(PrefGuideline, audit.DefaultGuidelineID)
	for _, g := range u.guidelines() {
		if g.ID == id {
			return id
		}
	}
	return audit.DefaultGuidelineID
}

// guidelines is the guidance on offer; none without Deps.Guidelines.
func (u *UI) guidelines() []GuidelineChoice {
	if u.deps.Guidelines == nil {
		return nil
	}
	return u.deps.Guidelines.List()
}

// chooseGuideline makes id the guidance of the next audits and remembers
// it.
func (u *UI) chooseGuideline(id string) {
	if id == "" || id == u.guideline {
		return
	}
	u.guideline = id
	u.app.Preferences().SetString(PrefGuideline, id)
}

// clauseLookup quotes the controls of guideline gid; nil without
// Deps.Guidelines.
func (u *UI) clauseLookup(gid string) ClauseLookup {
	if u.deps.Guidelines == nil {
		return nil
	}
	if gid == "" {
		gid = audit.DefaultGuidelineID // results from before the choice existed
	}
	return func(id string) (Clause, bool) { return u.deps.Guidelines.Clause(gid, id) }
}

// citationsElsewhere is the combined view of check checkID: the clauses
// of the guidelines other than gid (the result's) that it evidences.
func (u *UI) citationsElsewhere(gid, checkID string) []Citation {
	if u.deps.Guidelines == nil || checkID == "" {
		return nil
	}
	if gid == "" {
		gid = audit.DefaultGuidelineID
	}
	var out []Citation
	for _, c := range u.deps.Guidelines.Citations(checkID) {
		if c.GuidelineID != gid {
			out = append(out, c)
		}
	}
	return out
}

// ShowPastAudit shows the checklist of an audit from the history on the
// Audit tab; its heading says when it ran.
func (u *UI) ShowPastAudit(res *audit.Result, demo bool) {
	if res == nil || u.running || u.imp != nil {
		return
	}
	u.result, u.resultDemo, u.resultIssue = res, demo, nil
	u.resultWarn = ""
	u.results = nil
	u.progView = nil
	u.refresh()
	if tabs, ok := u.win.Content().(*container.AppTabs); ok {
		tabs.SelectIndex(0)
	}
}
