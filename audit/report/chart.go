package report

import (
	"fmt"
	"html"
	"strings"
	"time"

	"chaperone/audit"
)

// Series colours, shared with the app's chart so both read the same.
var PlatformColours = map[audit.Platform]string{
	audit.Facebook:  "#1877F2",
	audit.Instagram: "#C13584",
	audit.X:         "#4B5563",
	audit.LinkedIn:  "#0E7C86",
	audit.TikTok:    "#E11D48",
	audit.WhatsApp:  "#16A34A",
}

// OverallColour draws the overall score.
const OverallColour = "#111827"

// Series is one line of the trend chart.
type Series struct {
	Name   string
	Colour string
	Points []SeriesPoint
}

// SeriesPoint is one audit's score on a line.
type SeriesPoint struct {
	At    time.Time
	Score int
}

// TrendSeries splits the trend into an overall line and one per platform,
// platforms in display order; a platform appears from its first audit on.
func TrendSeries(ts []TrendPoint) []Series {
	overall := Series{Name: "Overall", Colour: OverallColour}
	for _, t := range ts {
		overall.Points = append(overall.Points, SeriesPoint{t.At, t.Overall})
	}
	out := []Series{overall}
	for _, p := range audit.Platforms {
		s := Series{Name: p.DisplayName(), Colour: PlatformColours[p]}
		for _, t := range ts {
			if v, ok := t.PerPlatform[p]; ok {
				s.Points = append(s.Points, SeriesPoint{t.At, v})
			}
		}
		if len(s.Points) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// TrendSVG draws the score trend (0-100 over time) as an inline SVG with
// a legend. With one audit it shows the points and says a line follows
// after the next audit.
func TrendSVG(ts []TrendPoint, width, height int) string {
	const (
		left, right, top, bottom = 40, 130, 14, 34
	)
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Score trend">`, width, height, width, height)
	b.WriteString(`<style>text{font-family:inherit;font-size:11px;fill:#4B5563}.axis{stroke:#9CA3AF;stroke-width:1}.grid{stroke:#E5E7EB;stroke-width:1}</style>`)
	y := func(score int) float64 { return float64(top) + ph*(1-float64(score)/100) }
	for _, g := range []int{0, 25, 50, 75, 100} {
		cls := "grid"
		if g == 0 {
			cls = "axis"
		}
		fmt.Fprintf(&b, `<line class="%s" x1="%d" y1="%.1f" x2="%.1f" y2="%.1f"/>`, cls, left, y(g), float64(left)+pw, y(g))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`, left-6, y(g)+4, g)
	}
	if len(ts) == 0 {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">No audits yet</text></svg>`, float64(left)+pw/2, float64(top)+ph/2)
		return b.String()
	}
	t0, t1 := ts[0].At, ts[len(ts)-1].At
	span := t1.Sub(t0)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return float64(left) + pw/2
		}
		return float64(left) + 12 + (pw-24)*float64(t.Sub(t0))/float64(span)
	}
	// Date labels: every audit if few, else first, last and some between.
	step := 1
	if len(ts) > 6 {
		step = (len(ts) + 5) / 6
	}
	for i, t := range ts {
		if i%step != 0 && i != len(ts)-1 {
			continue
		}
		if i != len(ts)-1 && len(ts) > 1 && x(ts[len(ts)-1].At)-x(t.At) < 60 {
			continue // would collide with the last label
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x(t.At), height-bottom+18, html.EscapeString(t.At.Local().Format("Jan 2006")))
	}
	series := TrendSeries(ts)
	// Platforms first, overall on top.
	for i := len(series) - 1; i >= 0; i-- {
		s := series[i]
		w, r := "2", "3"
		if i == 0 {
			w, r = "3.5", "4.5"
		}
		if len(s.Points) > 1 {
			var pts []string
			for _, p := range s.Points {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.At), y(p.Score)))
			}
			dash := ""
			if i > 0 && i%2 == 0 {
				dash = ` stroke-dasharray="6 3"`
			}
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s points="%s"/>`, s.Colour, w, dash, strings.Join(pts, " "))
		}
		for _, p := range s.Points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%s" fill="%s" stroke="#fff" stroke-width="1"/>`, x(p.At), y(p.Score), r, s.Colour)
		}
	}
	// Legend, with each line's latest score.
	lx := float64(left) + pw + 18
	for i, s := range series {
		ly := float64(top) + 8 + float64(i)*20
		last := s.Points[len(s.Points)-1].Score
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, lx, ly, lx+16, ly, s.Colour)
		weight := ""
		if i == 0 {
			weight = ` font-weight="700"`
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f"%s>%s %d</text>`, lx+22, ly+4, weight, html.EscapeString(s.Name), last)
	}
	if len(ts) == 1 {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">The trend line appears after your next audit.</text>`, float64(left)+pw/2, top+12)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
