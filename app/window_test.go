package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chaperone/audit"
)

func TestFitSize(t *testing.T) {
	for _, tt := range []struct {
		name         string
		want, screen fyne.Size
		got          fyne.Size
	}{
		{"unknown screen", fyne.NewSize(1280, 800), fyne.Size{}, fyne.NewSize(1280, 800)},
		{"fits", fyne.NewSize(1280, 800), fyne.NewSize(1920, 1080), fyne.NewSize(1280, 800)},
		{"laptop", fyne.NewSize(1280, 800), fyne.NewSize(1366, 768), fyne.NewSize(1280, 691.2)},
		{"small", fyne.NewSize(1280, 800), fyne.NewSize(1000, 700), fyne.NewSize(960, 630)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := FitSize(tt.want, tt.screen)
			if d := got.Subtract(tt.got); d.Width*d.Width > 0.01 || d.Height*d.Height > 0.01 {
				t.Errorf("got %v, want %v", got, tt.got)
			}
			if tt.screen.Width > 0 && (got.Width > tt.screen.Width || got.Height > tt.screen.Height) {
				t.Errorf("%v is larger than the screen %v", got, tt.screen)
			}
		})
	}
}

// The window opens at the size it was closed at, made to fit the screen.
func TestWindowSizeRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	h := newHarnessOn(t, a, someAccounts, &fakeAuditor{})
	h.ui.win.Resize(fyne.NewSize(1100, 700))
	h.ui.saveSize()
	if got := h.ui.savedSize(); got != fyne.NewSize(1100, 700) {
		t.Fatalf("saved %v", got)
	}
	again := New(a, Deps{Auditor: &fakeAuditor{}, Accounts: &fakeAccounts{}})
	t.Cleanup(func() { again.win.Close() })
	if got := again.win.Canvas().Size(); got != fyne.NewSize(1100, 700) {
		t.Errorf("second start at %v, want the size it was left at", got)
	}
	again.FitScreen(fyne.NewSize(1024, 600))
	if got := again.win.Canvas().Size(); got.Width > 1024 || got.Height > 600 {
		t.Errorf("%v is larger than the screen", got)
	}
}

// The menu offers About (version, licence, data folder), Help (the
// guidance and how the score works) and Quit.
func TestMainMenu(t *testing.T) {
	h := newHarness(t, someAccounts, &fakeAuditor{}, func(d *Deps) {
		d.About = About{Version: "0.1.0", DataDir: "/home/dr/.local/share/chaperone"}
	})
	m := h.ui.mainMenu()
	var labels []string
	quit := false
	for _, menu := range m.Items {
		for _, it := range menu.Items {
			labels = append(labels, it.Label)
			quit = quit || it.IsQuit
		}
	}
	got := strings.Join(labels, "|")
	for _, want := range []string{"About Chaperone", "The guidance", "How the score works", "Quit"} {
		if !strings.Contains(got, want) {
			t.Errorf("menu %q lacks %q", got, want)
		}
	}
	if !quit {
		t.Error("no Quit item")
	}
	about := h.ui.AboutText()
	for _, want := range []string{"Chaperone 0.1.0", "/home/dr/.local/share/chaperone", "licence"} {
		if !strings.Contains(about, want) {
			t.Errorf("About %q lacks %q", about, want)
		}
	}
	h.ui.showAbout()
	h.mustShow(t, "About Chaperone", "Close")
	pressKey(h, fyne.KeyEscape)
	if h.ui.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape does not close the About box")
	}
	if g := h.ui.GuidanceText(); !strings.Contains(g, "BMA") {
		t.Errorf("guidance %q", g)
	}
	h.ui.showScoring()
	h.mustShow(t, "How the score works", "UNKNOWN")
}

// Each network in the accounts list has its own badge: its colour and
// initial, told apart from every other's.
func TestNetworkBadges(t *testing.T) {
	h := newHarness(t, someAccounts, &fakeAuditor{})
	seen := map[string]audit.Platform{}
	n := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *networkBadge:
			n++
			key := x.Letter + "/" + colourKey(x.Colour)
			if p, ok := seen[key]; ok && p != x.Platform {
				t.Errorf("%s and %s share a badge", p, x.Platform)
			}
			seen[key] = x.Platform
			if x.AccessibilityLabel() != x.Platform.DisplayName() {
				t.Errorf("badge of %s labelled %q", x.Platform, x.AccessibilityLabel())
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(h.ui.side.root)
	if n != len(audit.Platforms) {
		t.Errorf("%d badges, want one per network (%d)", n, len(audit.Platforms))
	}
	if b := newNetworkBadge(audit.Platform("mastodon")); b.Letter != "M" {
		t.Errorf("a new network's badge %q", b.Letter)
	}
}

func colourKey(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, g, b, _ := c.RGBA()
	return string(rune(r>>8)) + string(rune(g>>8)) + string(rune(b>>8))
}
