package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
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
