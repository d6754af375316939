package app

import "fyne.io/fyne/v2"

// Preferences that remember the window's size between runs.
const (
	PrefWindowWidth  = "window.width"
	PrefWindowHeight = "window.height"
)

// defaultWindow is the first run's size, before the screen is known.
var defaultWindow = fyne.NewSize(1280, 800)

// savedSize is the size the window had when last closed, or the default.
func (u *UI) savedSize() fyne.Size {
	p := u.app.Preferences()
	w := float32(p.FloatWithFallback(PrefWindowWidth, float64(defaultWindow.Width)))
	h := float32(p.FloatWithFallback(PrefWindowHeight, float64(defaultWindow.Height)))
	if w < 200 || h < 200 {
		return defaultWindow
	}
	return fyne.NewSize(w, h)
}

// saveSize remembers the window's size for the next run.
func (u *UI) saveSize() {
	s := u.win.Canvas().Size()
	if s.Width < 200 || s.Height < 200 {
		return // not shown yet, or minimised
	}
	p := u.app.Preferences()
	p.SetFloat(PrefWindowWidth, float64(s.Width))
	p.SetFloat(PrefWindowHeight, float64(s.Height))
}

// FitSize is want made to fit screen, leaving room for the desktop's
// panels; a zero screen (unknown) leaves want as it is.
func FitSize(want, screen fyne.Size) fyne.Size {
	if screen.Width <= 0 || screen.Height <= 0 {
		return want
	}
	return fyne.NewSize(min(want.Width, screen.Width*0.96), min(want.Height, screen.Height*0.9))
}

// FitScreen makes the window no larger than screen (in the window's
// units), keeping the size remembered when it fits.
func (u *UI) FitScreen(screen fyne.Size) {
	want := u.savedSize()
	if got := FitSize(want, screen); got != u.win.Canvas().Size() {
		u.win.Resize(got)
	}
}
