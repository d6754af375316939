package app

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
)

// setAsider is a watch-list store that can start afresh, keeping the old
// files; *watchlist.Store is one.
type setAsider interface {
	SetAside(now time.Time) (string, error)
}

// freshStartButton is, when the watch-list's key is lost, the offer of a
// new watch-list; nil otherwise.
func (t *ReviewTab) freshStartButton() fyne.CanvasObject {
	sa, ok := t.deps.Store.(setAsider)
	if !ok || !errors.Is(t.listErr, vault.ErrKeyLost) {
		return nil
	}
	b := widget.NewButtonWithIcon("Start a new watch-list…", theme.ContentAddIcon(), func() { t.offerNewWatchlist(sa) })
	b.Importance = widget.HighImportance
	return container.NewHBox(b, layout.NewSpacer())
}

// offerNewWatchlist confirms, then sets the old watch-list aside (renamed
// with the date, never deleted) so that a new one can be kept.
func (t *ReviewTab) offerNewWatchlist(sa setAsider) {
	start := func() {
		var kept string
		t.run("Starting a new watch-list", true, func() error {
			var err error
			kept, err = sa.SetAside(t.now())
			return err
		}, func(err error) {
			if err != nil {
				t.fail(err)
				return
			}
			t.say(widget.SuccessImportance, "Started a new watch-list. The old one is kept as "+kept+".")
		})
	}
	if t.win == nil {
		start()
		return
	}
	msg := para("The key that protected your watch-list and your answers is no longer in your keyring, or the keyring holds another one " +
		"(this happens when the keyring is reset). Start a new watch-list? The old files stay in Chaperone's folder, renamed with today's date (" +
		watchlist.SetAsidePrefix + t.now().Format("2006-01-02") + "); nothing is deleted.")
	d := dialog.NewCustomConfirm("Your watch-list cannot be opened", "Start a new watch-list", "Not now", msg, func(yes bool) {
		if yes {
			start()
		}
	}, t.win)
	d.Resize(fyne.NewSize(520, 280))
	d.Show()
}
