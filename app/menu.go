package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
)

// About is what the About box says of this copy of Chaperone.
type About struct {
	Version string
	// Licence names the licence Chaperone is distributed under; empty
	// says that this build does not state one.
	Licence string
	// DataDir is where the accounts, history and reports are kept.
	DataDir string
}

// mainMenu is the window's menu: Chaperone (About, Quit) and Help (the
// guidance held, how the score works).
func (u *UI) mainMenu() *fyne.MainMenu {
	quit := fyne.NewMenuItem("Quit", u.quit)
	quit.IsQuit = true
	return fyne.NewMainMenu(
		fyne.NewMenu("Chaperone", fyne.NewMenuItem("About Chaperone", u.showAbout), fyne.NewMenuItemSeparator(), quit),
		fyne.NewMenu("Help", fyne.NewMenuItem("The guidance", u.showGuidanceHeld), fyne.NewMenuItem("How the score works", u.showScoring)),
	)
}

func (u *UI) quit() {
	u.saveSize()
	if u.cancel != nil {
		u.cancel()
	}
	u.app.Quit()
}

// AboutText is the About box's text.
func (u *UI) AboutText() string {
	a := u.deps.About
	v := a.Version
	if v == "" {
		v = "a development build"
	}
	lic := "This build does not state its licence."
	if a.Licence != "" {
		lic = "Licence: " + a.Licence + "."
	}
	where := "Your accounts, audits and reports are kept on this computer only."
	if a.DataDir != "" {
		where = "Your accounts, audits and reports are kept on this computer only, in " + a.DataDir +
			". Passwords and the keys that seal your history are in your keyring, never in that folder."
	}
	return "Chaperone " + v + "\n\nChecks your social-media accounts against the professional guidance doctors follow, and keeps a dated record for your appraisal.\n\n" +
		lic + "\n\n" + where
}

func (u *UI) showAbout() {
	u.showText("About Chaperone", u.AboutText())
}

// GuidanceText lists the guidance the audit can be scored against, as
// held by this copy, and the texts each rests on.
func (u *UI) GuidanceText() string {
	gs := u.guidelines()
	if len(gs) == 0 {
		return "This copy holds no guidance to score against."
	}
	var b strings.Builder
	b.WriteString("Chaperone scores against the guidance below; choose one under \"Score against\" on the Audit tab. Each finding quotes the words of the guidance it is scored against.")
	for _, g := range gs {
		b.WriteString("\n\n" + g.Name)
		if g.About != "" {
			b.WriteString(": " + g.About)
		}
	}
	return b.String()
}

func (u *UI) showGuidanceHeld() { u.showText("The guidance", u.GuidanceText()) }

// ScoringText says how the score is worked out, in plain words.
const ScoringText = `Each check gives each platform that was read a finding: PASS, WARN, FAIL, UNKNOWN or N/A.

A PASS counts in full, a WARN half, a FAIL nothing. UNKNOWN (something could not be read) also counts nothing: what was not seen is never taken as right. N/A (the check does not apply) is left out.

Findings weigh by importance (high three times a low one). The guidance is a list of points, each with its own weight; each point is scored from the findings that evidence it, and the score out of 100 is their weighted average. A point no finding evidences is listed but not scored.

A platform that could not be read gets no score and nothing on it counts as fixed. With nothing read there is no score at all.`

func (u *UI) showScoring() { u.showText("How the score works", ScoringText) }

// showText shows a dialog of wrapped text that scrolls if long.
func (u *UI) showText(title, text string) {
	body := container.NewVScroll(para(text))
	body.SetMinSize(fyne.NewSize(480, 260))
	d := dialog.NewCustom(title, "Close", body, u.win)
	d.Show()
}
