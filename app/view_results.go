package app

import (
	"fmt"
	"image/color"
	"slices"
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

	// What the list shows: its order and the statuses the chips chose
	// (none: all).
	sortBy  SortBy
	only    []audit.Status
	chips   map[audit.Status]*widget.Button
	sortSel *widget.Select
	// width is the list's width the row heights were measured at; measure
	// is the row they are measured with.
	width   float32
	measure *checklistItem
	listBox *fyne.Container
	// selected is the item shown in the detail pane; -1 for none.
	selected int
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
	against.Wrapping = fyne.TextWrapWord
	if cl.Guideline == "" || !cl.Scored {
		against.Hide()
	}
	when := widget.NewLabel("")
	if cl.When != "" {
		when.SetText("Audited " + cl.When + "   ·   ")
	}
	when.Truncation = fyne.TextTruncateEllipsis
	v.counts = container.NewHBox()
	v.chips = map[audit.Status]*widget.Button{}
	for _, c := range cl.Counts {
		st := c.Status
		b := countChip(c, func() { v.toggle(st) })
		v.chips[st] = b
		v.counts.Add(b)
	}
	v.sortSel = widget.NewSelect(SortNames, func(name string) {
		if i := slices.Index(SortNames, name); i >= 0 && SortBy(i) != v.sortBy {
			v.sortBy = SortBy(i)
			v.reshow()
		}
	})
	v.sortSel.SetSelectedIndex(int(SortPlatform))
	v.counts.Add(widget.NewLabel("  Sort by"))
	v.counts.Add(v.sortSel)
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
	v.measure = newChecklistItem(u)
	v.selected = -1
	v.list = v.newList()
	v.listBox = container.New(&rowHeights{v: v}, container.NewThemeOverride(v.list, selectionTheme{}))
	list := v.listBox
	split := container.NewHSplit(list, v.detail.root)
	split.Offset = 0.56
	v.root = container.New(headerAbove{}, container.NewVBox(header...), split)
	v.reshow()
	return v
}

// reshow lists the items of the chosen order and filter, and opens the
// first finding, the one most in need of attention; with none, the first
// platform, which says why it was not read.
func (v *resultsView) reshow() {
	v.items = v.cl.View(v.sortBy, v.only)
	for st, b := range v.chips {
		if slices.Contains(v.only, st) {
			b.Importance = statusImportance(st)
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	v.list.UnselectAll()
	if v.width > 0 {
		v.measureRows(v.width)
	}
	v.list.Refresh()
	v.list.ScrollToTop()
	first := slices.IndexFunc(v.items, func(it Item) bool { return !it.IsHeader() })
	if first < 0 && len(v.items) > 0 {
		first = 0
	}
	if first >= 0 {
		v.list.Select(first)
		v.list.ScrollToTop() // keep the platform's heading in view
	}
	switch {
	case len(v.items) > 0:
	case len(v.cl.Groups) == 0:
		v.detail.empty()
	default:
		v.detail.set(para("No item has that status. Choose the chip again to see every item."))
	}
}

// newList makes the checklist's list widget.
func (v *resultsView) newList() *widget.List {
	l := widget.NewList(
		func() int { return len(v.items) },
		func() fyne.CanvasObject { return newChecklistItem(v.u) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*checklistItem).showIn(v.cl, v.items[id], v.sortBy != SortPlatform)
		},
	)
	l.OnSelected = func(id widget.ListItemID) {
		v.selected = id
		it := v.items[id]
		if it.IsHeader() {
			v.detail.showGroup(v.cl.Groups[it.Group])
			return
		}
		v.detail.show(v.cl.Groups[it.Group], v.cl.Groups[it.Group].Rows[it.Row])
	}
	l.OnUnselected = func(widget.ListItemID) { v.selected = -1 }
	// The arrow keys move the highlight; the detail follows it.
	l.OnHighlighted = func(id widget.ListItemID) {
		if id >= 0 && id < len(v.items) {
			l.Select(id)
		}
	}
	return l
}

// toggle adds a status to the filter, or takes it out.
func (v *resultsView) toggle(st audit.Status) {
	if i := slices.Index(v.only, st); i >= 0 {
		v.only = slices.Delete(v.only, i, i+1)
	} else {
		v.only = append(v.only, st)
	}
	v.reshow()
}

// Filter is the statuses the chips show; none means all.
func (v *resultsView) Filter() []audit.Status { return v.only }

// measureRows sets each row's height to what its text needs wrapped at
// the list's width, so that no row is cut or runs into the next.
func (v *resultsView) measureRows(width float32) {
	// A row is as wide as the list (its scroll bar floats over it).
	w := width
	// A list on screen redraws itself for every height set, so the
	// heights go to a fresh list that then takes its place, keeping the
	// selection and the scroll position.
	old := v.list
	l := v.newList()
	for i, it := range v.items {
		v.measure.showIn(v.cl, it, v.sortBy != SortPlatform)
		v.measure.Resize(fyne.NewSize(w, 1))
		l.SetItemHeight(i, v.measure.MinSize().Height)
	}
	sel := v.selected
	v.list = l
	v.listBox.Objects[0] = container.NewThemeOverride(l, selectionTheme{})
	if sel >= 0 && sel < len(v.items) {
		l.Select(sel)
	}
	l.ScrollToOffset(old.GetScrollOffset())
}

// rowHeights lays out the list and measures its rows again whenever its
// width changes, since the rows wrap.
type rowHeights struct{ v *resultsView }

func (l *rowHeights) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(minListWidth, objs[0].MinSize().Height)
}

func (l *rowHeights) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != l.v.width && size.Width > 0 {
		l.v.width = size.Width
		l.v.measureRows(size.Width)
	}
	// measureRows may have put a new list in place.
	o := l.v.listBox.Objects[0]
	o.Resize(size)
	o.Move(fyne.NewPos(0, 0))
}

// headerAbove puts the header (objs[0]) above the body (objs[1]). The
// header's wrapped lines need more height as the window narrows, which
// they only know once laid out at the new width: it is laid out at the
// width first, then given the height it then asks for.
type headerAbove struct{}

func (headerAbove) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(h.Width, b.Width), h.Height+b.Height)
}

func (headerAbove) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	head, body := objs[0], objs[1]
	head.Resize(fyne.NewSize(size.Width, head.MinSize().Height))
	hh := head.MinSize().Height
	head.Resize(fyne.NewSize(size.Width, hh))
	head.Move(fyne.NewPos(0, 0))
	body.Move(fyne.NewPos(0, hh))
	body.Resize(fyne.NewSize(size.Width, max(size.Height-hh, 0)))
}

// minListWidth keeps a row wide enough for a word and its button.
const minListWidth = 300

// countChip is "✖ 3 FAIL", a button that shows only that status (choose
// several to see them together, again to take one out).
func countChip(c StatusCount, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(fmt.Sprintf("%d %s", c.N, c.Status), statusIcon(c.Status), tapped)
	b.Importance = widget.LowImportance
	return b
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
	it.headCounts.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	it.head = container.NewStack(bg, container.NewBorder(nil, nil, container.NewVBox(it.headTitle), nil, it.headCounts))

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
	it.text.Wrapping = fyne.TextWrapWord
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

func (it *checklistItem) show(cl Checklist, item Item) { it.showIn(cl, item, false) }

// showIn fills the item; flat rows (in a list not grouped by platform)
// name their platform.
func (it *checklistItem) showIn(cl Checklist, item Item, flat bool) {
	g := cl.Groups[item.Group]
	if item.IsHeader() {
		title := g.Name
		counts := CountsText(g.Counts)
		switch {
		case !g.Audited:
			// Why is said once, in full, above the checklist.
			title += "  not audited"
			counts = "Select it for what to do."
		case g.Scored:
			title += "  " + strconv.Itoa(g.Score) + "/100"
		}
		if g.Audited && g.Source != "" {
			counts += " · read from " + g.Source
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
	title := r.Title
	if flat {
		title = g.Name + " · " + title
	}
	segs[segTitle].(*widget.TextSegment).Text = title
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
		// Why is above the checklist, said once.
		objs = append(objs, para("Not audited: nothing on "+g.Name+" was scored, and nothing on it counts as fixed or new."),
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
	if g.Source != "" {
		objs = append(objs, para("Read from "+g.Source+", not from the live site: a setting changed since the download was made is not seen."))
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
