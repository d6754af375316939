package app

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report"
)

// HistoryStore lists past audits; *history.Store is one.
type HistoryStore interface {
	Entries() ([]history.Entry, error)
}

// NewHistoryView shows the trend chart above the list of past audits,
// newest first. onOpen (may be nil) is called with an audit's ID when the
// doctor picks it, e.g. to show its checklist or export its report. demo
// (may be nil) tells which audits were of the practice sandbox, so that
// they are labelled as such: the stored summary cannot tell.
func NewHistoryView(store HistoryStore, onOpen func(id string), demo func(id string) bool) fyne.CanvasObject {
	es, err := store.Entries()
	if err != nil {
		l := widget.NewLabel("Your past audits could not be read: " + PlainError(err, nil))
		l.Wrapping = fyne.TextWrapWord
		return l

	}
	if len(es) == 0 {
		return container.NewVBox(
			widget.NewLabelWithStyle("History", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabel("No audits yet. Each audit you run is kept here, with the trend of your score."),
		)
	}
	newest := make([]history.Entry, len(es))
	for i, e := range es {
		newest[len(es)-1-i] = e
	}
	list := widget.NewList(
		func() int { return len(newest) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, widget.NewLabel("100/100"), widget.NewLabel("date"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := newest[i]
			c := o.(*fyne.Container)
			line := HistoryLine(e)
			if demo != nil && demo(e.ID) {
				line = "Demo · " + line
			}
			c.Objects[0].(*widget.Label).SetText(line)
			c.Objects[1].(*widget.Label).SetText(strconv.Itoa(e.Score.Overall) + "/100")
		},
	)
	list.OnSelected = func(i widget.ListItemID) {
		if onOpen != nil {
			onOpen(newest[i].ID)
		}
	}
	// Scores under different guidance are on different scales: the chart
	// keeps to the guidance of the latest audit.
	latest := newest[0].Guideline
	var same []history.Entry
	for _, e := range es {
		if guidelineOf(e.Guideline) == guidelineOf(latest) {
			same = append(same, e)
		}
	}
	chart := NewTrendChart(TrendFromEntries(same))
	title := "Score over time"
	if latest.Title != "" {
		title += " against " + guidelineName(latest)
	}
	heading := []fyne.CanvasObject{widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), chart}
	if left := len(es) - len(same); left > 0 {
		verb := "are"
		if left == 1 {
			verb = "is"
		}
		note := widget.NewLabel(fmt.Sprintf("%d %s scored against other guidance %s not in the chart.", left, pluralWord(left, "audit"), verb))
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		heading = append(heading, note)
	}
	return container.NewBorder(
		container.NewVBox(append(heading,
			widget.NewLabelWithStyle("Past audits", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))...),
		nil, nil, nil, list)
}

// HistoryLine describes one past audit in the list.
func HistoryLine(e history.Entry) string {
	plats := ""
	for i, p := range e.Platforms {
		if i > 0 {
			plats += ", "
		}
		plats += p.DisplayName()
	}
	if plats == "" {
		plats = "no platform"
	}
	c := audit.CountsOf(e.Score.Counts)
	line := fmt.Sprintf("%s · %s · %d fail, %d warn, %d unknown",
		e.FinishedAt.Local().Format("2 Jan 2006 15:04"), plats, c.Fail, c.Warn, c.Unknown)
	for _, na := range e.NotAudited {
		line += " · " + na.Platform.DisplayName() + " not audited"
	}
	if guidelineOf(e.Guideline) != audit.DefaultGuidelineID {
		line += " · against " + guidelineName(e.Guideline)
	}
	return line
}

// guidelineOf is the ID of the guidance a result was scored with; results
// from before the choice existed were scored with the default.
func guidelineOf(g audit.GuidelineRef) string {
	if g.ID == "" {
		return audit.DefaultGuidelineID
	}
	return g.ID
}

func pluralWord(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// TrendFromEntries turns stored audits into the report's trend points.
func TrendFromEntries(es []history.Entry) []report.TrendPoint {
	out := make([]report.TrendPoint, 0, len(es))
	for _, e := range es {
		out = append(out, report.TrendPoint{AuditID: e.ID, At: e.FinishedAt, Overall: e.Score.Overall, PerPlatform: e.Score.PerPlatform, Incomplete: e.Incomplete})
	}
	return out
}

// TrendChart draws the score per platform over time with Fyne's canvas,
// in the same colours as the PDF's chart.
type TrendChart struct {
	widget.BaseWidget
	series []report.Series
}

// NewTrendChart makes a chart of the given points.
func NewTrendChart(ts []report.TrendPoint) *TrendChart {
	c := &TrendChart{series: report.TrendSeries(ts)}
	c.ExtendBaseWidget(c)
	return c
}

// Series is what the chart draws, overall first.
func (c *TrendChart) Series() []report.Series { return c.series }

// CreateRenderer implements fyne.Widget.
func (c *TrendChart) CreateRenderer() fyne.WidgetRenderer {
	r := &trendRenderer{chart: c}
	r.rebuild()
	return r
}

type trendRenderer struct {
	chart   *TrendChart
	objects []fyne.CanvasObject
	size    fyne.Size
}

const (
	chartLeft   = 34
	chartRight  = 120
	chartTop    = 8
	chartBottom = 22
)

func parseHex(s string) color.Color {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.Gray{Y: 0x40}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}
}

func (r *trendRenderer) rebuild() {
	r.objects = nil
	w, h := r.size.Width, r.size.Height
	if w <= chartLeft+chartRight || h <= chartTop+chartBottom {
		return
	}
	pw, ph := w-chartLeft-chartRight, h-chartTop-chartBottom
	y := func(score int) float32 { return chartTop + ph*(1-float32(score)/100) }
	grid := color.NRGBA{R: 0x9c, G: 0xa3, B: 0xaf, A: 0x60}
	for _, g := range []int{0, 50, 100} {
		l := canvas.NewLine(grid)
		l.Position1, l.Position2 = fyne.NewPos(chartLeft, y(g)), fyne.NewPos(chartLeft+pw, y(g))
		t := canvas.NewText(strconv.Itoa(g), chartTextColour())
		t.TextSize = 10
		t.Move(fyne.NewPos(2, y(g)-7))
		r.objects = append(r.objects, l, t)
	}
	var first, last int64
	for _, s := range r.chart.series {
		for _, p := range s.Points {
			u := p.At.Unix()
			if first == 0 || u < first {
				first = u
			}
			if u > last {
				last = u
			}
		}
	}
	x := func(u int64) float32 {
		if last == first {
			return chartLeft + pw/2
		}
		return chartLeft + 8 + (pw-16)*float32(u-first)/float32(last-first)
	}
	for i := len(r.chart.series) - 1; i >= 0; i-- {
		s := r.chart.series[i]
		col := seriesColour(s)
		width := float32(2)
		if i == 0 {
			width = 3
		}
		for j, p := range s.Points {
			px, py := x(p.At.Unix()), y(p.Score)
			if j > 0 {
				q := s.Points[j-1]
				l := canvas.NewLine(col)
				l.StrokeWidth = width
				l.Position1, l.Position2 = fyne.NewPos(x(q.At.Unix()), y(q.Score)), fyne.NewPos(px, py)
				r.objects = append(r.objects, l)
			}
			dot := canvas.NewCircle(col)
			dot.Resize(fyne.NewSize(2*width+2, 2*width+2))
			dot.Move(fyne.NewPos(px-width-1, py-width-1))
			r.objects = append(r.objects, dot)
		}
	}
	for i, s := range r.chart.series {
		ly := chartTop + float32(i)*16
		sw := canvas.NewRectangle(seriesColour(s))
		sw.Resize(fyne.NewSize(12, 3))
		sw.Move(fyne.NewPos(chartLeft+pw+10, ly+7))
		t := canvas.NewText(fmt.Sprintf("%s %d", s.Name, s.Points[len(s.Points)-1].Score), theme.Color(theme.ColorNameForeground))
		t.TextSize = 11
		t.Move(fyne.NewPos(chartLeft+pw+26, ly))
		r.objects = append(r.objects, sw, t)
	}
}

func chartTextColour() color.Color { return theme.Color(theme.ColorNamePlaceHolder) }

// seriesColour is the PDF's colour of a series, except that the overall
// line (near-black on paper) takes the theme's text colour, so that it
// shows on a dark background too.
func seriesColour(s report.Series) color.Color {
	if s.Colour == report.OverallColour {
		return theme.Color(theme.ColorNameForeground)
	}
	return parseHex(s.Colour)
}

func (r *trendRenderer) Layout(s fyne.Size) {
	r.size = s
	r.rebuild()
}
func (r *trendRenderer) MinSize() fyne.Size           { return fyne.NewSize(360, 160) }
func (r *trendRenderer) Refresh()                     { r.rebuild(); canvas.Refresh(r.chart) }
func (r *trendRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *trendRenderer) Destroy()                     {}
