package app

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"time"

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
	titleLabel := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	titleLabel.Wrapping = fyne.TextWrapWord
	heading := []fyne.CanvasObject{titleLabel, chart}
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
// in the same colours as the PDF's chart. Each platform also has its own
// marker, so that lines are told apart without colour; the overall line
// is dashed and drawn first, so that it never hides a platform's line.
type TrendChart struct {
	widget.BaseWidget
	series     []report.Series
	incomplete []time.Time // audits in which a platform was not read
}

// NewTrendChart makes a chart of the given points.
func NewTrendChart(ts []report.TrendPoint) *TrendChart {
	c := &TrendChart{series: report.TrendSeries(ts)}
	for _, p := range ts {
		if p.Incomplete {
			c.incomplete = append(c.incomplete, p.At)
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

// Series is what the chart draws, overall first.
func (c *TrendChart) Series() []report.Series { return c.series }

// Marker is the shape a series' points are drawn with.
type Marker int

// The markers, in the order series take them: overall first, then the
// platforms in display order.
const (
	MarkerNone Marker = iota // the overall line: dashed, no marker
	MarkerCircle
	MarkerSquare
	MarkerDiamond
	MarkerTriangle
	MarkerCross
	MarkerRing
)

// seriesMarker is the marker of series i (0 is overall).
func seriesMarker(i int) Marker {
	if i == 0 {
		return MarkerNone
	}
	return Marker(1 + (i-1)%int(MarkerRing))
}

// Markers lists each series' marker, overall first.
func (c *TrendChart) Markers() []Marker {
	out := make([]Marker, len(c.series))
	for i := range c.series {
		out[i] = seriesMarker(i)
	}
	return out
}

// Incomplete is when the audits that did not read every platform finished:
// they are ringed on the overall line.
func (c *TrendChart) Incomplete() []time.Time { return c.incomplete }

// AxisLabels are the dates written under the chart.
func (c *TrendChart) AxisLabels() []string {
	first, last, ok := c.span()
	if !ok {
		return nil
	}
	var out []string
	for _, t := range axisDates(first, last) {
		out = append(out, axisDate(t, first, last))
	}
	return out
}

func (c *TrendChart) span() (first, last time.Time, ok bool) {
	for _, s := range c.series {
		for _, p := range s.Points {
			if !ok || p.At.Before(first) {
				first = p.At
			}
			if !ok || p.At.After(last) {
				last = p.At
			}
			ok = true
		}
	}
	return first, last, ok
}

// axisDates are the dates labelled: the first and last audit, and the
// middle one when they are far enough apart to leave it room.
func axisDates(first, last time.Time) []time.Time {
	if !last.After(first) {
		return []time.Time{first}
	}
	if last.Sub(first) < 48*time.Hour {
		return []time.Time{first, last}
	}
	return []time.Time{first, first.Add(last.Sub(first) / 2), last}
}

// axisDate is a date as short as the span allows to tell audits apart:
// the day within a year, the month and year over longer spans, and the
// time too within two days.
func axisDate(t, first, last time.Time) string {
	t = t.Local()
	switch span := last.Sub(first); {
	case span < 48*time.Hour:
		return t.Format("2 Jan 15:04")
	case span < 366*24*time.Hour && first.Local().Year() == last.Local().Year():
		return t.Format("2 Jan")
	case span < 366*24*time.Hour:
		return t.Format("2 Jan 2006")
	}
	return t.Format("Jan 2006")
}

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
	chartRight  = 130
	chartTop    = 8
	chartBottom = 24
)

func parseHex(s string) color.Color {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.Gray{Y: 0x40}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}
}

// marker draws m centred on (x, y).
func marker(m Marker, col color.Color, x, y float32) []fyne.CanvasObject {
	const r = 4
	line := func(x1, y1, x2, y2 float32) *canvas.Line {
		l := canvas.NewLine(col)
		l.StrokeWidth = 2
		l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
		return l
	}
	switch m {
	case MarkerCircle:
		c := canvas.NewCircle(col)
		c.Resize(fyne.NewSize(2*r, 2*r))
		c.Move(fyne.NewPos(x-r, y-r))
		return []fyne.CanvasObject{c}
	case MarkerSquare:
		q := canvas.NewRectangle(col)
		q.Resize(fyne.NewSize(2*r-1, 2*r-1))
		q.Move(fyne.NewPos(x-r+0.5, y-r+0.5))
		return []fyne.CanvasObject{q}
	case MarkerDiamond:
		return []fyne.CanvasObject{line(x, y-r-1, x+r+1, y), line(x+r+1, y, x, y+r+1), line(x, y+r+1, x-r-1, y), line(x-r-1, y, x, y-r-1)}
	case MarkerTriangle:
		return []fyne.CanvasObject{line(x, y-r-1, x+r+1, y+r), line(x+r+1, y+r, x-r-1, y+r), line(x-r-1, y+r, x, y-r-1)}
	case MarkerCross:
		return []fyne.CanvasObject{line(x-r, y-r, x+r, y+r), line(x-r, y+r, x+r, y-r)}
	case MarkerRing:
		c := canvas.NewCircle(color.Transparent)
		c.StrokeColor, c.StrokeWidth = col, 2
		c.Resize(fyne.NewSize(2*r+1, 2*r+1))
		c.Move(fyne.NewPos(x-r-0.5, y-r-0.5))
		return []fyne.CanvasObject{c}
	}
	return nil
}

// dashed draws a dashed line from a to b.
func dashed(col color.Color, width float32, a, b fyne.Position) []fyne.CanvasObject {
	const dash, gap = 6, 4
	dx, dy := b.X-a.X, b.Y-a.Y
	n := float32(math.Hypot(float64(dx), float64(dy)))
	if n == 0 {
		return nil
	}
	var out []fyne.CanvasObject
	for d := float32(0); d < n; d += dash + gap {
		e := min(d+dash, n)
		l := canvas.NewLine(col)
		l.StrokeWidth = width
		l.Position1 = fyne.NewPos(a.X+dx*d/n, a.Y+dy*d/n)
		l.Position2 = fyne.NewPos(a.X+dx*e/n, a.Y+dy*e/n)
		out = append(out, l)
	}
	return out
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
	first, last, ok := r.chart.span()
	if !ok {
		return
	}
	x := func(t time.Time) float32 {
		if !last.After(first) {
			return chartLeft + pw/2
		}
		return chartLeft + 8 + (pw-16)*float32(t.Sub(first))/float32(last.Sub(first))
	}
	// Dates under the axis, each centred on its time but kept inside.
	for _, d := range axisDates(first, last) {
		t := canvas.NewText(axisDate(d, first, last), chartTextColour())
		t.TextSize = 10
		tw := t.MinSize().Width
		tx := min(max(x(d)-tw/2, chartLeft), chartLeft+pw-tw)
		t.Move(fyne.NewPos(tx, chartTop+ph+6))
		tick := canvas.NewLine(grid)
		tick.Position1, tick.Position2 = fyne.NewPos(x(d), chartTop+ph), fyne.NewPos(x(d), chartTop+ph+4)
		r.objects = append(r.objects, t, tick)
	}
	// Overall first, so that the platforms' lines are drawn over it.
	for i, s := range r.chart.series {
		col := seriesColour(s)
		for j, p := range s.Points {
			px, py := x(p.At), y(p.Score)
			if j > 0 {
				q := s.Points[j-1]
				a, b := fyne.NewPos(x(q.At), y(q.Score)), fyne.NewPos(px, py)
				if i == 0 {
					r.objects = append(r.objects, dashed(col, 2, a, b)...)
				} else {
					l := canvas.NewLine(col)
					l.StrokeWidth = 2
					l.Position1, l.Position2 = a, b
					r.objects = append(r.objects, l)
				}
			}
			if i == 0 {
				if slices.ContainsFunc(r.chart.incomplete, p.At.Equal) {
					r.objects = append(r.objects, marker(MarkerRing, theme.Color(theme.ColorNameWarning), px, py)...)
				} else if len(s.Points) == 1 {
					r.objects = append(r.objects, marker(MarkerCircle, col, px, py)...)
				}
				continue
			}
			r.objects = append(r.objects, marker(seriesMarker(i), col, px, py)...)
		}
	}
	fg := theme.Color(theme.ColorNameForeground)
	row := 0
	for i, s := range r.chart.series {
		ly := chartTop + float32(row)*16
		row++
		col := seriesColour(s)
		if i == 0 {
			r.objects = append(r.objects, dashed(col, 2, fyne.NewPos(chartLeft+pw+8, ly+8), fyne.NewPos(chartLeft+pw+24, ly+8))...)
		} else {
			l := canvas.NewLine(col)
			l.StrokeWidth = 2
			l.Position1, l.Position2 = fyne.NewPos(chartLeft+pw+8, ly+8), fyne.NewPos(chartLeft+pw+24, ly+8)
			r.objects = append(r.objects, l)
			r.objects = append(r.objects, marker(seriesMarker(i), col, chartLeft+pw+16, ly+8)...)
		}
		t := canvas.NewText(fmt.Sprintf("%s %d", s.Name, s.Points[len(s.Points)-1].Score), fg)
		t.TextSize = 11
		t.Move(fyne.NewPos(chartLeft+pw+30, ly))
		r.objects = append(r.objects, t)
	}
	if len(r.chart.incomplete) > 0 {
		ly := chartTop + float32(row)*16
		r.objects = append(r.objects, marker(MarkerRing, theme.Color(theme.ColorNameWarning), chartLeft+pw+16, ly+8)...)
		t := canvas.NewText("incomplete audit", fg)
		t.TextSize = 11
		t.Move(fyne.NewPos(chartLeft+pw+30, ly))
		r.objects = append(r.objects, t)
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

// MinSize leaves the legend a line per series and one for the
// incomplete-audit mark.
func (r *trendRenderer) MinSize() fyne.Size {
	n := len(r.chart.series)
	if len(r.chart.incomplete) > 0 {
		n++
	}
	return fyne.NewSize(360, max(160, float32(chartTop+16*n+chartBottom)))
}
func (r *trendRenderer) Refresh()                     { r.rebuild(); canvas.Refresh(r.chart) }
func (r *trendRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *trendRenderer) Destroy()                     {}
