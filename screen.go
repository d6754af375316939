package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// screenSize is the primary screen's size in win's units (pixels over
// the canvas's scale); zero when it cannot be told. Fyne does not say,
// so glfw, which it runs on, is asked: on the main thread, once the app
// has started (Lifecycle's OnStarted), when glfw is up.
func screenSize(win fyne.Window) fyne.Size {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	mode := m.GetVideoMode()
	if mode == nil || mode.Width <= 0 || mode.Height <= 0 {
		return fyne.Size{}
	}
	scale := win.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	return fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
}
