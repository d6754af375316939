package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// statusIcon is the coloured symbol of a status. The symbols differ in
// shape as well as colour (cross, question mark, triangle, tick, dash) so
// that colour is never the only cue.
func statusIcon(s audit.Status) fyne.Resource {
	switch s {
	case audit.Fail:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	case audit.Unknown:
		return theme.NewPrimaryThemedResource(theme.QuestionIcon())
	case audit.Warn:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case audit.Pass:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	}
	return theme.NewDisabledResource(theme.ContentRemoveIcon())
}

// statusImportance colours a status's text to match its icon.
func statusImportance(s audit.Status) widget.Importance {
	switch s {
	case audit.Fail:
		return widget.DangerImportance
	case audit.Unknown:
		return widget.HighImportance
	case audit.Warn:
		return widget.WarningImportance
	case audit.Pass:
		return widget.SuccessImportance
	}
	return widget.LowImportance
}

// statusBadge is an icon with the status written beside it.
type statusBadge struct {
	widget.BaseWidget
	icon  *widget.Icon
	label *widget.Label
}

func newStatusBadge(s audit.Status) *statusBadge {
	b := &statusBadge{
		icon:  widget.NewIcon(nil),
		label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	}
	b.ExtendBaseWidget(b)
	b.set(s)
	return b
}

func (b *statusBadge) set(s audit.Status) {
	b.icon.SetResource(statusIcon(s))
	b.label.Importance = statusImportance(s)
	b.label.SetText(string(s))
}

func (b *statusBadge) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewHBox(b.icon, b.label))
}

// AccessibilityLabel lets a screen reader say the status in words.
func (b *statusBadge) AccessibilityLabel() string {
	return b.label.Text + ": " + StatusWord(audit.Status(b.label.Text))
}

// AccessibilityRole marks the badge as text.
func (b *statusBadge) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// statusColor is the theme colour of a status's text.
func statusColor(s audit.Status) fyne.ThemeColorName {
	switch s {
	case audit.Fail:
		return theme.ColorNameError
	case audit.Unknown:
		return theme.ColorNamePrimary
	case audit.Warn:
		return theme.ColorNameWarning
	case audit.Pass:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameDisabled
}

// profileBusyText is the error the browser gives when its profile is held
// by another Chaperone (platforms/browser.ErrProfileBusy, matched by its
// words: this package does not see the browser layer).
const profileBusyText = "an audit is already running"

// profileBusy reports whether err is the browser's "profile in use".
func profileBusy(err error) bool {
	return err != nil && strings.Contains(err.Error(), profileBusyText)
}

// AuditRunningText is what the app says when another audit holds the
// browser.
const AuditRunningText = "An audit is already running, in another Chaperone window or in a terminal. Wait for it to finish, then run this one again."

// keyLostText says a lost key in plain words, and where the fresh start is
// offered.
func keyLostText(kl *vault.KeyLostError) string {
	what, it := "Your past audits", "them"
	if kl.Name == watchlist.BoxName {
		what, it = "Your watch-list", "it"
	}
	how := "the key that protected " + it + " is no longer in your keyring"
	if kl.Other {
		how = "your keyring holds a different key from the one that protected " + it
	}
	s := what + " cannot be opened: " + how + " (this happens when the keyring is reset, for example after your login password was reset)."
	if kl.Name == watchlist.BoxName {
		return s + " Start a new watch-list on the Patients & connections tab: the old one is kept aside, never deleted."
	}
	return s + " New audits are not kept in the history until you start a new one on the History & report tab: the old file is kept aside, never deleted."
}

// knownError says the errors of the layers below in plain words, naming
// the network name ("" for "the site"); "" when err is not one of them.
// A browser's net::ERR_ code or a Go error chain is never what it returns.
func knownError(err error, name string) string {
	var kl *vault.KeyLostError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &kl):
		return keyLostText(kl)
	case profileBusy(err):
		return AuditRunningText
	case errors.Is(err, vault.ErrNotRegularFile):
		return "That is not a plain file (it is a link, a device or a pipe), so Chaperone does not write over it. Choose another file name."
	}
	if name == "" {
		name = "The site"
	}
	for _, known := range []error{platforms.ErrTwoFactor, platforms.ErrSessionEnded, platforms.ErrServerError,
		platforms.ErrPasswordRefused, platforms.ErrLoginRequired, platforms.ErrLoginFailed,
		platforms.ErrOtherOrigin, platforms.ErrPageChanged, browser.ErrUnreachable, browser.ErrChromiumMissing} {
		if errors.Is(err, known) {
			reason, action := platforms.ProblemOf(err).Explain(name)
			return reason + " " + action
		}
	}
	return ""
}
