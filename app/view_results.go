package app

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
)

// resultsView is the score and the checklist of one audit.
type resultsView struct {
	u      *UI
	cl     Checklist
	items  []Item
	root   fyne.CanvasObject
	score  *canvas.Text
	counts *fyne.Container
	list   *widget.List
	detail *detailView
}

func newResultsView(u *UI, cl Checklist, demo bool, issues []PlatformProgress, warn string) *resultsView {
	v := &resultsView{u: u, cl: cl, items: cl.Items()}

	scoreText, outOfText := strconv.Itoa(cl.Overall), "out of 100"
	if !cl.Scored {
		// Nothing was read: a 0 would say the doctor failed everything.
		scoreText, outOfText = "–", "not scored"
	}
	v.score = canvas.NewText(scoreText, theme.Color(theme.ColorNameForeground))
	v.score.TextSize = 64
	v.score.TextStyle.Bold = true
	v.score.Alignment = fyne.TextAlignCenter
	outOf := widget.NewLabelWithStyle(outOfText, fyne.TextAlignCenter, fyne.TextStyle{})
	scoreBox := container.NewVBox(v.score, outOf)

	title := subHeading("Your score")
	switch {
	case !cl.Scored:
		title.SetText("Nothing could be read")
	case demo:
		title.SetText("Demo score")
	}
	against := widget.NewLabel("Scored against “" + cl.Guideline + "”")
	against.Truncation = fyne.TextTruncateEllipsis
	if cl.Guideline == "" || !cl.Scored {
		against.Hide()
	}
	when := widget.NewLabel("")
	if cl.When != "" {
		when.SetText("Audited " + cl.When + "   ·   ")
	}
	when.Truncation = fyne.TextTruncateEllipsis
	v.counts = container.NewHBox()
	for _, c := range cl.Counts {
		v.counts.Add(countChip(c))
	}
	if !cl.Scored {
		v.counts.Hide()
	}
	summary := container.NewVBox(title, against, when, v.counts)
	header := []fyne.CanvasObject{container.NewBorder(nil, nil, container.NewPadded(scoreBox), nil, summary)}

	if demo {
		var names []string
		for _, g := range cl.Groups {
			names = append(names, g.Name)
		}
		header = append(header, banner(theme.InfoIcon(), widget.MediumImportance,
			"This is the demo: a made-up doctor's accounts on practice copies of "+joinAnd(names)+" on this computer. Add your own accounts on the left to check them."))
	}
	if warn != "" {
		header = append(header, banner(theme.WarningIcon(), widget.DangerImportance, warn))
	}
	problems := cl.Problems(issues)
	when.SetText(when.Text + platformScores(cl.Groups, problems))
	for _, p := range problems {
		text := p.Name + " was not audited. " + p.Text
		if p.Action != "" {
			text += " " + p.Action
		}
		header = append(header, banner(theme.ErrorIcon(), widget.DangerImportance, text))
	}
	if len(problems) > 0 && cl.Scored {
		header = append(header, banner(theme.InfoIcon(), widget.MediumImportance,
			"The score covers only the platforms that were read; the others are not scored and nothing on them counts as fixed."))
	}
	header = append(header, u.fixAllBar()...)
	header = append(header, widget.NewSeparator())

	v.detail = newDetailView(u)
	v.detail.guideline = cl.GuidelineID
	v.list = widget.NewList(
		func() int { return len(v.items) },
		func() fyne.CanvasObject { return newChecklistItem(u) },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*checklistItem).show(v.cl, v.items[id]) },
	)
	headerHeight := newChecklistItem(u).headerMinHeight()
	for i, it := range v.items {
		if it.IsHeader() {
			v.list.SetItemHeight(i, headerHeight)
		}
	}
	v.list.OnSelected = func(id widget.ListItemID) {
		it := v.items[id]
		if it.IsHeader() {
			v.detail.showGroup(v.cl.Groups[it.Group])
			return
		}
		v.detail.show(v.cl.Groups[it.Group], v.cl.Groups[it.Group].Rows[it.Row])
	}

	split := container.NewHSplit(container.NewThemeOverride(v.list, selectionTheme{}), v.detail.root)
	split.Offset = 0.56
	v.root = container.NewBorder(container.NewVBox(header...), nil, nil, nil, split)

	// Open on the first finding, the one most in need of attention; with
	// none, on the first platform, which says why it was not read.
	first := -1
	for i, it := range v.items {
		if !it.IsHeader() {
			first = i
			break
		}
	}
	if first < 0 && len(v.items) > 0 {
		first = 0
	}
	if first >= 0 {
		v.list.Select(first)
		v.list.ScrollToTop() // keep the platform's heading in view
	}
	if len(v.items) == 0 {
		v.detail.empty()
	}
	return v
}

// countChip is "✖ 3 FAIL": icon, number and status word.
func countChip(c StatusCount) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(fmt.Sprintf("%d %s", c.N, c.Status), fyne.TextAlignLeading, fyne.TextStyle{Bold: c.N > 0})
	if c.N > 0 {
		l.Importance = statusImportance(c.Status)
	} else {
		l.Importance = widget.LowImportance
	}
	return container.NewHBox(widget.NewIcon(statusIcon(c.Status)), l)
}

// platformScores is "Facebook 64/100 · Instagram not audited".
func platformScores(gs []PlatformGroup, _ []Problem) string {
	s := ""
	for i, g := range gs {
		if i > 0 {
			s += "   ·   "
		}
		switch {
		case !g.Audited:
			s += g.Name + " not audited"
		case g.Scored:
			s += fmt.Sprintf("%s %d/100", g.Name, g.Score)
		default:
			s += g.Name + " not scored"
		}
	}
	return s
}

func banner(icon fyne.Resource, imp widget.Importance, text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	var res fyne.Resource = theme.NewPrimaryThemedResource(icon)
	if imp == widget.DangerImportance {
		res = theme.NewErrorThemedResource(icon)
	}
	return container.NewBorder(nil, nil, widget.NewIcon(res), nil, l)
}

// checklistItem is one line of the checklist: a platform heading or a
// finding with its status, title, reason, clause, evidence, fix and button.
type checklistItem struct {
	widget.BaseWidget
	u *UI

	head       *fyne.Container
	headTitle  *widget.Label
	headCounts *widget.Label

	row    *fyne.Container
	icon   *widget.Icon
	status audit.Status
	text   *widget.RichText
	fix    *widget.Button
	fixURL string
}

// rowLink is the button a checklist row offers: the settings page to fix
// it, else the post or profile it is about.
func rowLink(r Row) (label, url string) {
	switch {
	case r.FixURL != "":
		return fixLabel(r.Status), r.FixURL
	case r.OpenURL != "":
		return "Open", r.OpenURL
	}
	return "", ""
}

// Segment indexes of checklistItem.text.
const (
	segStatus = iota
	segTitle
	segReasonLabel
	segReason
	segClauseLabel
	segClause
	segEvidenceLabel
	segEvidence
	segFixLabel
	segFix
)

func newChecklistItem(u *UI) *checklistItem {
	it := &checklistItem{u: u}
	it.headTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	it.headTitle.SizeName = theme.SizeNameSubHeadingText
	it.headCounts = widget.NewLabel("")
	it.headCounts.Truncation = fyne.TextTruncateEllipsis
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	it.head = container.NewStack(bg, container.NewBorder(nil, nil, it.headTitle, nil, it.headCounts))

	label := func(s string) *widget.TextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{
			Inline: true, ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Bold: true}}}
	}
	line := func() *widget.TextSegment {
		return &widget.TextSegment{Text: " ", Style: widget.RichTextStyleParagraph}
	}
	status := &widget.TextSegment{Text: " ", Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}}
	title := &widget.TextSegment{Text: " ", Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}}
	it.text = widget.NewRichText(status, title,
		label("Why: "), line(),
		label("Guidance: "), line(),
		label("Evidence: "), line(),
		label("To fix: "), line())
	it.text.Truncation = fyne.TextTruncateEllipsis
	it.icon = widget.NewIcon(statusIcon(audit.NA))
	it.fix = widget.NewButtonWithIcon("Fix it", theme.SettingsIcon(), func() { u.openFix(it.fixURL) })
	// The icon sits level with the first line; the status word starts it.
	it.row = container.NewBorder(nil, nil,
		container.NewVBox(container.New(layout.NewCustomPaddedLayout(6, 0, 4, 0), it.icon), layout.NewSpacer()),
		container.NewCenter(it.fix), it.text)
	it.ExtendBaseWidget(it)
	return it
}

func (it *checklistItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(it.head, it.row))
}

func (it *checklistItem) headerMinHeight() float32 { return it.head.MinSize().Height }

func (it *checklistItem) show(cl Checklist, item Item) {
	g := cl.Groups[item.Group]
	if item.IsHeader() {
		title := g.Name
		counts := CountsText(g.Counts)
		switch {
		case !g.Audited:
			title += "  not audited"
			counts = g.Problem
		case g.Scored:
			title += "  " + strconv.Itoa(g.Score) + "/100"
		}
		it.headTitle.SetText(title)
		it.headCounts.SetText(counts)
		it.row.Hide()
		it.head.Show()
		it.head.Refresh() // the title's width changed: lay the heading out again
		return
	}
	it.head.Hide()
	it.row.Show()
	defer it.row.Refresh()
	r := g.Rows[item.Row]
	it.status = r.Status
	it.icon.SetResource(statusIcon(r.Status))
	segs := it.text.Segments
	st := segs[segStatus].(*widget.TextSegment)
	st.Text = string(r.Status) + "  "
	st.Style.ColorName = statusColor(r.Status)
	segs[segTitle].(*widget.TextSegment).Text = r.Title
	segs[segReason].(*widget.TextSegment).Text = orDash(r.Reason)
	clause := r.ClauseText()
	if clause == "" {
		clause = "no clause cited"
	}
	segs[segClause].(*widget.TextSegment).Text = clause
	segs[segEvidence].(*widget.TextSegment).Text = r.EvidenceText()
	segs[segFix].(*widget.TextSegment).Text = remediationText(r)
	it.text.Refresh()
	label, url := rowLink(r)
	it.fixURL = url
	it.fix.SetText(label)
	if url == "" {
		it.fix.Hide()
	} else {
		it.fix.Show()
	}
}

// AccessibilityLabel reads the row as one sentence.
func (it *checklistItem) AccessibilityLabel() string {
	if it.head.Visible() {
		return it.headTitle.Text + ". " + it.headCounts.Text
	}
	return StatusWord(it.status) + ". " + it.text.String()
}

// AccessibilityRole marks the row as text.
func (it *checklistItem) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func remediationText(r Row) string {
	switch {
	case r.Status == audit.Pass || r.Status == audit.NA:
		return "nothing to do."
	case r.Remediation != "":
		return r.Remediation
	}
	return "—"
}

// fixLabel is "Fix it" where something needs fixing, a plainer "Open" where
// the setting is already right.
func fixLabel(s audit.Status) string {
	if s == audit.Pass || s == audit.NA {
		return "Open page"
	}
	return "Fix it"
}

// detailView is the right-hand pane: the selected finding in full.
type detailView struct {
	u *UI
	// guideline is the ID of the guideline the shown result was scored
	// against; the combined view lists the others.
	guideline string
	root      fyne.CanvasObject
	box       *fyne.Container
	fix       *widget.Button // the shown finding's button, for tests
}

func newDetailView(u *UI) *detailView {
	d := &detailView{u: u, box: container.NewVBox()}
	d.root = container.NewVScroll(container.NewPadded(d.box))
	return d
}

func (d *detailView) set(objs ...fyne.CanvasObject) {
	d.box.Objects = objs
	d.box.Refresh()
}

func (d *detailView) empty() {
	d.fix = nil
	d.set(para("This audit found nothing to check: no platform was read."))
}

func (d *detailView) showGroup(g PlatformGroup) {
	d.fix = nil
	objs := []fyne.CanvasObject{heading(g.Name)}
	if g.Account != "" {
		objs = append(objs, para("Account: "+g.Account))
	}
	if !g.Audited {
		objs = append(objs, banner(theme.ErrorIcon(), widget.DangerImportance, "Not audited: "+g.Problem),
			para("Nothing on "+g.Name+" was scored, and nothing on it counts as fixed or new."),
			section("What to do"), para(g.Action))
		var buttons []fyne.CanvasObject
		switch g.Kind {
		case audit.ProblemLogin, audit.ProblemPassword, audit.ProblemTwoFactor, audit.ProblemSessionEnded:
			p := g.Platform
			buttons = append(buttons, widget.NewButtonWithIcon("Log in again", theme.LoginIcon(), func() { d.u.askAccount(p) }))
		case audit.ProblemNotSupported, audit.ProblemPageChanged:
			p := g.Platform
			buttons = append(buttons, widget.NewButtonWithIcon("Check by hand", theme.ListIcon(), func() { d.u.showManual(p) }))
		}
		retry := widget.NewButtonWithIcon("Run the audit again", theme.ViewRefreshIcon(), d.u.runAudit)
		if g.Kind == audit.ProblemNotSupported {
			retry.Disable()
		}
		buttons = append(buttons, retry, layout.NewSpacer())
		objs = append(objs, container.NewHBox(buttons...))
		d.set(objs...)
		return
	}
	if g.Scored {
		objs = append(objs, para(fmt.Sprintf("Score: %d out of 100.", g.Score)))
	}
	objs = append(objs, para(CountsText(g.Counts)))
	if g.Problem != "" {
		objs = append(objs, banner(theme.ErrorIcon(), widget.DangerImportance, "Could not be fully read: "+g.Problem))
	}
	d.set(objs...)
}

func (d *detailView) show(g PlatformGroup, r Row) {
	title := para(r.Title)
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameSubHeadingText
	status := widget.NewLabel(StatusWord(r.Status))
	if r.Severity != "" {
		status.SetText(status.Text + " · " + string(r.Severity) + " importance")
	}
	where := g.Name
	if g.Account != "" {
		where += " · " + g.Account
	}
	objs := []fyne.CanvasObject{
		container.NewHBox(newStatusBadge(r.Status), status),
		title,
		widget.NewLabel(where),
	}
	if r.Reason != "" {
		objs = append(objs, para(r.Reason))
	}

	objs = append(objs, widget.NewSeparator(), section("What the guidance says"))
	if len(r.Clauses) == 0 {
		objs = append(objs, para("No clause is cited for this item."))
	}
	for _, c := range r.Clauses {
		name := c.ID
		if c.Title != "" {
			name += ": " + c.Title
		}
		n := para(name)
		n.TextStyle.Bold = true
		objs = append(objs, n)
		if c.Quote != "" {
			q := para("“" + c.Quote + "”")
			q.TextStyle.Italic = true
			objs = append(objs, q)
		}
	}

	if r.Rationale != "" {
		objs = append(objs, section("Why it matters"), para(r.Rationale))
	}
	if cites := d.u.citationsElsewhere(d.guideline, r.CheckID); len(cites) > 0 {
		objs = append(objs, widget.NewSeparator(), section("Under other guidance"))
		note := para("The same finding, set beside the other guidance Chaperone holds. It is not part of this score.")
		note.Importance = widget.LowImportance
		objs = append(objs, note)
		for _, c := range cites {
			n := para(c.Guideline)
			n.TextStyle.Bold = true
			objs = append(objs, n)
			for _, cl := range c.Clauses {
				objs = append(objs, para(cl.ID+": “"+shorten(strings.Join(strings.Fields(cl.Quote), " "), shortQuoteLen)+"”"))
			}
		}
	}

	objs = append(objs, widget.NewSeparator(), section("What Chaperone read"))
	if len(r.Evidence) == 0 {
		objs = append(objs, para("Nothing could be read for this item."))
	}
	for _, e := range r.Evidence {
		objs = append(objs, para(e.What))
		var from string
		if e.Where != "" {
			from = "From " + e.Where
		}
		if e.When != "" {
			if from == "" {
				from = "Read"
			}
			from += " on " + e.When
		}
		if from != "" {
			l := para(from + ".")
			l.TextStyle.Italic = true
			objs = append(objs, l)
		}
		if e.URL != "" {
			u := widget.NewLabel(e.URL)
			u.Truncation = fyne.TextTruncateEllipsis
			u.Selectable = true
			objs = append(objs, u)
		}
	}

	objs = append(objs, widget.NewSeparator(), section("How to fix it"))
	objs = append(objs, para(remediationSentence(r)))
	d.fix = nil
	var buttons []fyne.CanvasObject
	if r.FixURL != "" {
		url := r.FixURL
		d.fix = widget.NewButtonWithIcon(fixLabel(r.Status), theme.SettingsIcon(), func() { d.u.openFix(url) })
		if r.Status != audit.Pass && r.Status != audit.NA {
			d.fix.Importance = widget.HighImportance
		}
		buttons = append(buttons, d.fix)
	}
	if r.OpenURL != "" && r.OpenURL != r.FixURL {
		url := r.OpenURL
		buttons = append(buttons, widget.NewButtonWithIcon("Open it", theme.ComputerIcon(), func() { d.u.openFix(url) }))
	}
	buttons = append(buttons, d.u.fixButtons(g.Platform, r)...)
	if len(buttons) > 0 {
		objs = append(objs, container.NewHBox(append(buttons, layout.NewSpacer())...))
	}
	d.set(objs...)
}

func section(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func remediationSentence(r Row) string {
	switch {
	case r.Status == audit.Pass || r.Status == audit.NA:
		return "Nothing to do."
	case r.Remediation != "":
		return r.Remediation
	}
	return "No fix is recorded for this item."
}

// selectionTheme tints the selected checklist row instead of filling it
// with the primary colour, on which the red and amber status words would be
// hard to read.
type selectionTheme struct{}

func (selectionTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t selectionTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameSelection {
		r, g, b, _ := t.current().Color(theme.ColorNamePrimary, v).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x38}
	}
	return t.current().Color(n, v)
}

func (t selectionTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.current().Font(s) }
func (t selectionTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }
func (t selectionTheme) Size(n fyne.ThemeSizeName) float32       { return t.current().Size(n) }
