package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
)

// sideWidth keeps the account panel from jumping as names come and go.
const sideWidth = 270

// sidePanel is the left column: the six platforms with the doctor's
// accounts, and the buttons that start an audit.
type sidePanel struct {
	u       *UI
	root    fyne.CanvasObject
	rows    *fyne.Container
	problem *widget.Label
	runBtn  *widget.Button
	demoBtn *widget.Button
	impBtn  *widget.Button
	// guide chooses the guidance the next audit is scored against.
	guide     *widget.Select
	guideIDs  map[string]string // shown name -> guideline ID
	guideName map[string]string // guideline ID -> shown name
	addBtns   map[audit.Platform]*widget.Button
	rmBtns    map[audit.Platform][]*widget.Button
}

func newSidePanel(u *UI) *sidePanel {
	s := &sidePanel{u: u, rows: container.NewVBox()}
	s.problem = widget.NewLabel("")
	s.problem.Wrapping = fyne.TextWrapWord
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()

	s.runBtn = widget.NewButtonWithIcon("Run audit", theme.MediaPlayIcon(), u.runAudit)
	s.runBtn.Importance = widget.HighImportance
	s.demoBtn = widget.NewButton("Try the demo", u.runDemo)
	s.demoBtn.Importance = widget.LowImportance
	s.impBtn = widget.NewButtonWithIcon("Import a data download…", theme.DownloadIcon(), u.askImport)

	title := widget.NewLabelWithStyle("Chaperone", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	tagline := widget.NewLabel("Your social media, checked against\nthe guidance doctors follow.")
	heading := widget.NewLabelWithStyle("Your accounts", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	top := container.NewVBox(title, tagline, widget.NewSeparator(), heading, s.problem)
	bottom := container.NewVBox(widget.NewSeparator())
	if choices := u.guidelines(); len(choices) > 0 {
		s.guideIDs, s.guideName = map[string]string{}, map[string]string{}
		var names []string
		for _, g := range choices {
			names = append(names, g.Name)
			s.guideIDs[g.Name], s.guideName[g.ID] = g.ID, g.Name
		}
		s.guide = widget.NewSelect(names, func(name string) { u.chooseGuideline(s.guideIDs[name]) })
		s.guide.SetSelected(s.guideName[u.guideline])
		label := widget.NewLabelWithStyle("Score against", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		bottom.Add(label)
		bottom.Add(s.guide)
	}
	bottom.Add(s.runBtn)
	if u.canImport() {
		bottom.Add(s.impBtn)
	}
	bottom.Add(s.demoBtn)
	body := container.NewBorder(top, bottom, nil, nil, container.NewVScroll(s.rows))

	// A transparent strut holds the column's width.
	strut := canvas.NewRectangle(color.Transparent)
	strut.SetMinSize(fyne.NewSize(sideWidth, 0))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	s.root = container.NewStack(bg, strut, container.NewPadded(body))
	return s
}

// update redraws the platform rows and the buttons' state.
func (s *sidePanel) update() {
	u := s.u
	busy := u.running || u.addCancel != nil || u.imp != nil
	if u.accountsErr != nil {
		s.problem.SetText("Could not read your list of accounts: " + PlainError(u.accountsErr, u.deps.Explain))
		s.problem.Show()
	} else {
		s.problem.Hide()
	}

	switch {
	case u.stopping:
		s.runBtn.SetText("Stopping…")
	default:
		s.runBtn.SetText("Run audit")
	}
	if busy || len(u.accounts) == 0 {
		s.runBtn.Disable()
	} else {
		s.runBtn.Enable()
	}
	if busy {
		s.demoBtn.Disable()
		s.impBtn.Disable()
	} else {
		s.demoBtn.Enable()
		s.impBtn.Enable()
	}
	if s.guide != nil {
		// The guidance of an audit under way is fixed when it starts.
		if u.running {
			s.guide.Disable()
		} else {
			s.guide.Enable()
		}
	}

	s.addBtns = map[audit.Platform]*widget.Button{}
	s.rmBtns = map[audit.Platform][]*widget.Button{}
	var objs []fyne.CanvasObject
	for i, pa := range SidePanel(u.accounts, u.deps.Live) {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, s.platformRow(pa, busy))
	}
	s.rows.Objects = objs
	s.rows.Refresh()
}

func (s *sidePanel) platformRow(pa PlatformAccounts, busy bool) fyne.CanvasObject {
	name := container.NewBorder(nil, nil, newNetworkBadge(pa.Platform), nil,
		widget.NewLabelWithStyle(pa.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if !pa.Live && !pa.Added() {
		// Say so up front, and offer what does work.
		status := widget.NewLabelWithStyle("Not audited live yet", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		byHand := widget.NewButtonWithIcon("Check by hand", theme.ListIcon(), func() { s.u.showManual(pa.Platform) })
		byHand.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, nil, container.NewCenter(byHand), container.NewVBox(name, status))
	}
	if !pa.Added() {
		status := widget.NewLabelWithStyle("Not added", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		add := widget.NewButtonWithIcon("Add account", theme.ContentAddIcon(), func() { s.u.askAccount(pa.Platform) })
		if busy {
			add.Disable()
		}
		s.addBtns[pa.Platform] = add
		return container.NewBorder(nil, nil, nil, container.NewCenter(add), container.NewVBox(name, status))
	}
	var lines []fyne.CanvasObject
	for i, user := range pa.Users {
		user := user
		rm := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { s.u.askRemove(pa.Platform, user) })
		rm.Importance = widget.LowImportance
		if busy {
			rm.Disable()
		}
		s.rmBtns[pa.Platform] = append(s.rmBtns[pa.Platform], rm)
		var top fyne.CanvasObject = name
		if i > 0 {
			top = layout.NewSpacer()
		}
		who := widget.NewLabel(user)
		who.Truncation = fyne.TextTruncateEllipsis
		lines = append(lines,
			container.NewBorder(nil, nil, nil, rm, top),
			container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, who))
	}
	if !pa.Live {
		note := widget.NewLabelWithStyle("Not audited live yet", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		byHand := widget.NewButtonWithIcon("Check by hand", theme.ListIcon(), func() { s.u.showManual(pa.Platform) })
		byHand.Importance = widget.LowImportance
		lines = append(lines, container.NewBorder(nil, nil, nil, byHand, note))
	}
	return container.NewVBox(lines...)
}

// showManual lists a network's checks to go through by hand, each with a
// button to its settings page, for a network that cannot be audited live.
func (u *UI) showManual(p audit.Platform) {
	var items []ManualCheck
	if u.deps.Manual != nil {
		items = u.deps.Manual(p)
	}
	intro := widget.NewLabel(fmt.Sprintf("Chaperone cannot read %s for you yet. These are the checks it would make: "+
		"go through them on %s's own pages. To audit %s offline, download your information from it and audit "+
		"the file with Chaperone (chaperone audit --export FILE).", p.DisplayName(), p.DisplayName(), p.DisplayName()))
	intro.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{intro, widget.NewSeparator()}
	for i, it := range items {
		t := widget.NewLabelWithStyle(fmt.Sprintf("%d. %s", i+1, it.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		t.Wrapping = fyne.TextWrapWord
		what := widget.NewLabel(it.What)
		what.Wrapping = fyne.TextWrapWord
		row := []fyne.CanvasObject{t, what}
		if it.URL != "" {
			link := it.URL
			row = append(row, container.NewHBox(widget.NewButtonWithIcon("Open the page", theme.SettingsIcon(), func() { u.openFix(link) }), layout.NewSpacer()))
		}
		objs = append(objs, container.NewVBox(row...))
	}
	if len(items) == 0 {
		objs = append(objs, widget.NewLabel("No checks are listed for this network."))
	}
	scroll := container.NewVScroll(container.NewVBox(objs...))
	d := dialog.NewCustom(p.DisplayName()+": check by hand", "Close", scroll, u.win)
	d.Resize(fyne.NewSize(640, 560))
	d.Show()
}

// askAccount asks for the login name, then opens the platform's login page.
func (u *UI) askAccount(p audit.Platform) {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("name@example.com")
	entry.Validator = func(s string) error {
		if len(s) == 0 {
			return errors.New("enter the email address or username you log in with")
		}
		return nil
	}
	item := widget.NewFormItem("Email or username", entry)
	item.HintText = fmt.Sprintf("You type your password on %s's own page, not here.", p.DisplayName())
	items := []*widget.FormItem{item}
	d := dialog.NewForm("Add your "+p.DisplayName()+" account", "Open login page", "Cancel", items, func(ok bool) {
		u.addDialog, u.addEntry = nil, nil
		if ok {
			u.addAccount(p, entry.Text)
		}
	}, u.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	u.addDialog, u.addEntry = d, entry
	d.Show()
	u.win.Canvas().Focus(entry)
}

// addAccount waits, in the background, for the doctor to log in in the
// browser window that Accounts.Add opens.
func (u *UI) addAccount(p audit.Platform, user string) {
	ctx, cancel := context.WithCancel(context.Background())
	u.addCancel = cancel

	msg := widget.NewLabel(fmt.Sprintf(
		"A browser window has opened on %s's login page.\n\n"+
			"Log in there as %s, including any security code %s asks for. "+
			"Chaperone carries on by itself once you are logged in.\n\n"+
			"If you cannot see the browser window, it may be behind this one.",
		p.DisplayName(), user, p.DisplayName()))
	msg.Wrapping = fyne.TextWrapWord
	activity := widget.NewActivity()
	activity.Start()
	stop := widget.NewButton("Cancel", cancel)
	body := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), stop), nil, nil,
		container.NewBorder(nil, nil, activity, nil, msg))
	wait := dialog.NewCustomWithoutButtons("Waiting for you to log in to "+p.DisplayName(), body, u.win)
	wait.Resize(fyne.NewSize(500, 300))
	u.waitDialog = wait
	wait.Show()
	u.refresh()

	add := u.deps.Accounts.Add
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		err := add(ctx, p, user)
		cancelled := ctx.Err() != nil
		fyne.Do(func() {
			activity.Stop()
			wait.Hide()
			u.waitDialog, u.addCancel = nil, nil
			switch {
			case err != nil && cancelled:
				// The doctor cancelled: nothing to report.
				u.refresh()
			case err != nil:
				u.refresh()
				dialog.ShowError(fmt.Errorf("%s could not be added. %s", p.DisplayName(), PlainError(err, u.deps.Explain)), u.win)
			default:
				u.loadAccounts()
			}
		})
	}()
}

// askRemove confirms, then forgets an account.
func (u *UI) askRemove(p audit.Platform, user string) {
	msg := fmt.Sprintf("Chaperone will forget %s on %s and delete its saved login from this computer.\nYour %s account itself is not changed.", user, p.DisplayName(), p.DisplayName())
	dialog.ShowConfirm("Remove this account?", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := u.deps.Accounts.Remove(p, user); err != nil {
			dialog.ShowError(fmt.Errorf("%s could not be removed. %s", p.DisplayName(), PlainError(err, u.deps.Explain)), u.win)
		}
		u.loadAccounts()
	}, u.win)
}
