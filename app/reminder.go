package app

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit/remind"
)

// Autostarter is the "start at login" entry; *remind.Autostart is one.
type Autostarter interface {
	Enable() error
	Disable() error
	Enabled() (bool, error)
}

// ReminderSettings is the reminder panel: interval, reminders on or off,
// start at login, and "Add to calendar".
type ReminderSettings struct {
	Interval     *widget.Select
	Enabled      *widget.Check
	StartAtLogin *widget.Check
	Calendar     *widget.Button
	Due          *widget.Label
	Status       *widget.Label
	// OnChange (may be nil) is called with the settings after each change
	// and Refresh, e.g. to update the tab's title.
	OnChange func(remind.Settings)

	store *remind.Store
	auto  Autostarter
	last  func() time.Time
	clock remind.Clock
}

// IntervalChoices are the intervals offered, in months.
var IntervalChoices = []string{"1", "2", "3", "4", "6", "12"}

// NewReminderSettings builds the panel. last returns when the last audit
// finished (zero if none); addToCalendar (may be nil) asks for a file name
// and writes remind.ExportICS there.
func NewReminderSettings(store *remind.Store, auto Autostarter, clock remind.Clock, last func() time.Time, addToCalendar func()) *ReminderSettings {
	rs := &ReminderSettings{store: store, auto: auto, last: last, clock: clock,
		Due: widget.NewLabel(""), Status: widget.NewLabel("")}
	rs.Due.TextStyle.Bold = true
	rs.Status.Wrapping = fyne.TextWrapWord
	s, err := store.Load()
	if err != nil {
		rs.fail("Your reminder settings could not be read", err)
		s = remind.DefaultSettings()
	}
	rs.Interval = widget.NewSelect(IntervalChoices, nil)
	rs.Interval.SetSelected(strconv.Itoa(s.Interval()))
	rs.Interval.OnChanged = func(v string) {
		n, _ := strconv.Atoi(v)
		rs.update(func(s *remind.Settings) { s.IntervalMonths = n })
	}
	rs.Enabled = widget.NewCheck("Remind me when an audit is due", func(on bool) {
		rs.update(func(s *remind.Settings) { s.Enabled = on })
	})
	rs.Enabled.SetChecked(s.Enabled)
	rs.StartAtLogin = widget.NewCheck("Start Chaperone in the background when I log in", nil)
	if auto != nil {
		on, _ := auto.Enabled()
		rs.StartAtLogin.SetChecked(on)
	} else {
		rs.StartAtLogin.Disable()
	}
	rs.StartAtLogin.OnChanged = func(on bool) { rs.setStartAtLogin(on) }
	rs.Calendar = widget.NewButtonWithIcon("Add to calendar…", theme.CalendarIcon(), addToCalendar)
	if addToCalendar == nil {
		rs.Calendar.Hide()
	}
	rs.refreshDue(s)
	return rs
}

func (rs *ReminderSettings) update(fn func(*remind.Settings)) {
	s, err := rs.store.Update(fn)
	if err != nil {
		rs.fail("Not saved", err)
		return
	}
	rs.Status.SetText("")
	rs.refreshDue(s)
}

func (rs *ReminderSettings) fail(what string, err error) {
	rs.Status.Importance = widget.DangerImportance
	rs.Status.SetText(what + ": " + PlainError(err, nil))
}

// Refresh reloads the settings and works out the due date again, e.g.
// after an audit or a snooze from the tray.
func (rs *ReminderSettings) Refresh() {
	s, err := rs.store.Load()
	if err != nil {
		rs.fail("Your reminder settings could not be read", err)
		return
	}
	rs.refreshDue(s)
}

func (rs *ReminderSettings) setStartAtLogin(on bool) {
	if rs.auto == nil {
		return
	}
	var err error
	if on {
		err = rs.auto.Enable()
	} else {
		err = rs.auto.Disable()
	}
	if err != nil {
		rs.fail("Could not change the start-at-login setting", err)
		return
	}
	rs.update(func(s *remind.Settings) { s.StartAtLogin = on })
}

func (rs *ReminderSettings) refreshDue(s remind.Settings) {
	rs.Due.SetText(s.DueText(rs.last(), rs.clock.Now()))
	if rs.OnChange != nil {
		rs.OnChange(s)
	}
}

// Content lays the panel out.
func (rs *ReminderSettings) Content() fyne.CanvasObject {
	why := widget.NewLabel("A regular self-audit gives your appraisal a dated record of how you keep your online presence in line with the guidance. Chaperone reminds you when the next one is due.")
	why.Wrapping = fyne.TextWrapWord
	loginNote := widget.NewLabel("Without it, reminders appear only while Chaperone is open.")
	loginNote.TextStyle.Italic = true
	calNote := widget.NewLabel("Saves a repeating event you can open with your calendar app.")
	calNote.TextStyle.Italic = true
	return container.NewVBox(
		widget.NewLabelWithStyle("Reminders", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		why,
		rs.Due,
		widget.NewSeparator(),
		container.NewHBox(widget.NewLabel("Audit every"), rs.Interval, widget.NewLabel("months")),
		rs.Enabled,
		rs.StartAtLogin, loginNote,
		container.NewHBox(rs.Calendar), calNote,
		rs.Status,
	)
}

// TrayActions are what the tray menu does.
type TrayActions struct {
	RunAudit func()
	Snooze   func()
	Open     func()
}

// SetupTray puts Chaperone's menu in the system tray (Run audit now /
// Snooze a week / Open) when the driver has one; it reports whether it did.
func SetupTray(a fyne.App, acts TrayActions) bool {
	d, ok := a.(desktop.App)
	if !ok {
		return false
	}
	d.SetSystemTrayMenu(TrayMenu(acts))
	return true
}

// TrayMenu is the tray's menu.
func TrayMenu(acts TrayActions) *fyne.Menu {
	item := func(label string, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		if fn == nil {
			it.Disabled = true
		}
		return it
	}
	return fyne.NewMenu("Chaperone",
		item("Run audit now", acts.RunAudit),
		item("Snooze a week", acts.Snooze),
		item("Open", acts.Open),
	)
}

// NotifyDue shows the desktop notification for a due audit; pass it as
// remind.Reminder.Notify.
func NotifyDue(a fyne.App) func(remind.Status) {
	return func(st remind.Status) {
		a.SendNotification(fyne.NewNotification("Social media self-audit due", DueMessage(st)))
	}
}

// DueMessage is the notification's text.
func DueMessage(st remind.Status) string {
	if st.Due.IsZero() {
		return "You have not run an audit yet. Open Chaperone to run your first one."
	}
	return fmt.Sprintf("Your audit was due on %s. Run it now for your appraisal portfolio, or snooze for a week.", st.Due.Local().Format("2 Jan 2006"))
}
