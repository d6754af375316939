package app

import (
	"image/color"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/report"
)

// networkBadge tells the networks apart in the accounts list at a glance:
// a disc in the network's colour (the report's) with its initial. They are
// Chaperone's own marks, not the networks' logos.
type networkBadge struct {
	widget.BaseWidget
	Platform audit.Platform
	Letter   string
	Colour   color.Color
}

const badgeSize = 22

func newNetworkBadge(p audit.Platform) *networkBadge {
	b := &networkBadge{Platform: p, Letter: badgeLetter(p), Colour: badgeColour(p)}
	b.ExtendBaseWidget(b)
	return b
}

// badgeLetter is the network's initial, upper case.
func badgeLetter(p audit.Platform) string {
	r, _ := utf8.DecodeRuneInString(p.DisplayName())
	if r == utf8.RuneError {
		return "?"
	}
	return string(unicode.ToUpper(r))
}

// badgeColour is the network's colour in the report's chart, or grey for
// a network that has none yet.
func badgeColour(p audit.Platform) color.Color {
	if hex, ok := report.PlatformColours[p]; ok {
		return parseHex(hex)
	}
	return color.NRGBA{R: 0x6b, G: 0x72, B: 0x80, A: 0xff}
}

func (b *networkBadge) CreateRenderer() fyne.WidgetRenderer {
	disc := canvas.NewCircle(b.Colour)
	letter := canvas.NewText(b.Letter, color.White)
	letter.TextStyle.Bold = true
	letter.TextSize = 12
	letter.Alignment = fyne.TextAlignCenter
	return widget.NewSimpleRenderer(container.New(&badgeLayout{}, disc, letter))
}

// AccessibilityLabel names the network.
func (b *networkBadge) AccessibilityLabel() string { return b.Platform.DisplayName() }

type badgeLayout struct{}

func (badgeLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(badgeSize, badgeSize)
}

// Layout centres the disc vertically beside the name.
func (badgeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := (size.Height - badgeSize) / 2
	objs[0].Resize(fyne.NewSize(badgeSize, badgeSize))
	objs[0].Move(fyne.NewPos(0, y))
	t := objs[1]
	ts := t.MinSize()
	t.Resize(fyne.NewSize(badgeSize, ts.Height))
	t.Move(fyne.NewPos(0, y+(badgeSize-ts.Height)/2))
}
