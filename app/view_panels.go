package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// panelWidth keeps the text panels to a readable line length.
const panelWidth = 620

func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

func subHeading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// readable centres content in a column of panelWidth.
func readable(objs ...fyne.CanvasObject) fyne.CanvasObject {
	col := container.New(&maxWidth{width: panelWidth}, container.NewVBox(objs...))
	return container.NewVScroll(container.NewPadded(col))
}

// maxWidth lays out one object at most width wide, centred horizontally.
type maxWidth struct{ width float32 }

func (m *maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (m *maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, m.width)
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

// newWelcomePanel greets a doctor with no accounts and offers the demo.
func newWelcomePanel(u *UI) fyne.CanvasObject {
	demo := widget.NewButtonWithIcon("Try the demo", theme.MediaPlayIcon(), u.runDemo)
	demo.Importance = widget.HighImportance
	if u.running {
		demo.Disable()
	}
	return readable(
		heading("Welcome to Chaperone"),
		para("Chaperone checks your social-media accounts against the professional guidance you follow "+
			"(the BMA's guidance for doctors on using social media, unless you choose another on the left), "+
			"and shows you what to change. Everything stays on this computer."),
		subHeading("How it works"),
		para("1.  Add an account on the left. The platform's own login page opens in a browser window, and you log in there."),
		para("2.  Run the audit. Chaperone reads your privacy and security settings, and your profile as a stranger (or a patient) would see it."),
		para("3.  Work through the checklist. Each item says what the guidance asks, what was found, and has a \"Fix it\" button that opens the right settings page."),
		widget.NewSeparator(),
		subHeading("Not ready to add an account?"),
		para("Try the demo first. It audits a made-up doctor's profile on a practice copy of Facebook that runs "+
			"on this computer: no account and no internet needed."),
		container.NewHBox(demo, layout.NewSpacer()),
	)
}

// newReadyPanel is shown when accounts are added but no audit has run yet.
func newReadyPanel(u *UI) fyne.CanvasObject {
	var names []string
	for _, a := range u.accounts {
		names = append(names, a.Platform.DisplayName())
	}
	run := widget.NewButtonWithIcon("Run audit", theme.MediaPlayIcon(), u.runAudit)
	run.Importance = widget.HighImportance
	if u.running {
		run.Disable()
	}
	return readable(
		heading("Ready to check your accounts"),
		para(fmt.Sprintf("Chaperone will check %s. %s A browser works out of sight, and you can carry on using the computer.",
			joinAnd(names), u.durationNote(len(u.accounts)))),
		para("Nothing is changed on your accounts: Chaperone only reads. You decide what to fix."),
		container.NewHBox(run, layout.NewSpacer()),
	)
}

// joinAnd joins names as English: "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// progressView shows one progress bar per platform being audited.
type progressView struct {
	u        *UI
	progress *Progress
	root     fyne.CanvasObject
	title    *widget.Label
	note     *widget.Label
	bars     []*widget.ProgressBar
	steps    []*widget.Label
	problems []*widget.Label
	icons    []*widget.Icon
	cancel   *widget.Button
	back     *widget.Button
}

func newProgressView(u *UI, p *Progress, demo bool) *progressView {
	v := &progressView{u: u, progress: p}
	v.title = heading("Checking your accounts")
	if demo {
		v.title.SetText("Checking the demo account")
	}
	// The demo's practice sites are on this computer: a real audit's time
	// says nothing of its.
	took := ""
	if !demo {
		took = " " + u.durationNote(len(p.Lines))
	}
	v.note = para("A browser is reading your settings out of sight." + took + " You can carry on using the computer.")

	lines := []fyne.CanvasObject{v.title, v.note}
	for i := range p.Lines {
		icon := widget.NewIcon(theme.NewPrimaryThemedResource(theme.SearchIcon()))
		name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.SetText(p.Lines[i].Name)
		bar := widget.NewProgressBar()
		step := widget.NewLabel("")
		step.Truncation = fyne.TextTruncateEllipsis
		problem := widget.NewLabel("")
		problem.Wrapping = fyne.TextWrapWord
		problem.Importance = widget.DangerImportance
		problem.Hide()
		v.bars, v.steps, v.problems, v.icons = append(v.bars, bar), append(v.steps, step), append(v.problems, problem), append(v.icons, icon)
		lines = append(lines, widget.NewSeparator(),
			container.NewBorder(nil, nil, container.NewHBox(icon, name), nil, step),
			bar, problem)
		v.updateLine(i)
	}
	v.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), u.stop)
	v.back = widget.NewButton("Show the last results", u.showLastResults)
	v.back.Hide()
	lines = append(lines, widget.NewSeparator(), container.NewHBox(v.cancel, v.back, layout.NewSpacer()))
	v.root = readable(lines...)
	return v
}

func (v *progressView) updateLine(i int) {
	l := v.progress.Lines[i]
	v.bars[i].SetValue(l.Fraction)
	v.steps[i].SetText(l.Step)
	switch {
	case l.Failed:
		v.icons[i].SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		v.problems[i].SetText(l.Problem)
		v.problems[i].Show()
	case l.Done && l.Step == "Stopped":
		v.icons[i].SetResource(theme.MediaStopIcon())
	case l.Done:
		v.icons[i].SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	}
}

func (v *progressView) refreshLines() {
	for i := range v.progress.Lines {
		v.updateLine(i)
	}
}

// stopped shows that the doctor cancelled the audit.
func (v *progressView) stopped() {
	v.title.SetText("Audit stopped")
	v.note.SetText("You stopped the audit before it finished, so there are no new results. Nothing was changed on your accounts. Run the audit again whenever you are ready.")
	v.ended()
}

// failed shows that the audit as a whole could not finish.
func (v *progressView) failed(why string) {
	v.title.SetText("The audit could not finish")
	v.note.SetText(why)
	v.note.Importance = widget.DangerImportance
	v.note.Refresh()
	v.ended()
}

func (v *progressView) ended() {
	v.refreshLines()
	v.cancel.Hide()
	if v.u.result != nil {
		v.back.Show()
	}
}
