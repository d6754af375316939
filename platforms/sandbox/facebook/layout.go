package facebook

import (
	"fmt"
	"slices"

	"chaperone/audit"
)

// Layout is an A/B variant of the replica's settings: the 2026 layout
// (settings split across Posts, How people find and contact you, Profile
// and tagging, Followers and public content; security in Accounts Centre)
// or the legacy one (Privacy, Profile and tagging, Security and login).
type Layout string

// The layouts the replica serves.
const (
	Layout2026   Layout = "2026"
	LayoutLegacy Layout = "legacy"
)

// Values of the facts only Accounts Centre shows.
const (
	// AlertsPartial: login alerts reach one of the two channels only.
	AlertsPartial = "partial"

	MethodApp         = "app"
	MethodSMS         = "sms"
	MethodSecurityKey = "security_key"
	MethodNone        = "none"
)

// PickerAccount is one entry of Accounts Centre's "Select your account".
type PickerAccount struct {
	ID       string
	Name     string
	Platform string // "Facebook", "Instagram"
}

// Accounts Centre labels RenameLabel and Unname can change.
const (
	labelPicker     = "Select your account"
	labelUseTwoFac  = "Use two-factor authentication"
	labelAuthApp    = "Authentication app"
	labelSMS        = "SMS or WhatsApp"
	labelKeys       = "Security keys"
	labelInApp      = "In-app notifications"
	labelAlertEmail = "Email"
	labelLoginAlert = "Login alerts"
	labelWhere26    = "Where you’re logged in"
)

var accountsCentreLabels = []string{labelPicker, labelUseTwoFac, labelAuthApp, labelSMS, labelKeys, labelInApp, labelAlertEmail, labelLoginAlert}

func defaultPicker(a FacebookAccount) []PickerAccount {
	out := []PickerAccount{{ID: a.UserID, Name: a.DisplayName, Platform: "Facebook"}}
	if a.InstagramUsername != "" {
		out = append(out, PickerAccount{ID: "17841400" + a.UserID[len(a.UserID)-7:], Name: a.InstagramUsername, Platform: "Instagram"})
	}
	return out
}

// SetLayout switches the replica between its layouts.
func (f *State) SetLayout(l Layout) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.layout = l
}

// Layout is the layout served now.
func (f *State) Layout() Layout {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.layout
}

// SetPicker changes what Accounts Centre's account picker lists (tests: a
// second Facebook profile, none at all).
func (f *State) SetPicker(list []PickerAccount) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.picker = slices.Clone(list)
}

// Picker is what the account picker lists now.
func (f *State) Picker() []PickerAccount {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return slices.Clone(f.picker)
}

// Unname draws the control of a label without its accessible name (and
// without visible text naming it), as the real site does with some of its
// controls. It reports whether label is one the replica knows.
func (f *State) Unname(label string) bool {
	if !slices.Contains(knownLabels(), label) {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unnamed[label] = true
	return true
}

func (f *State) unnamedLocked(label string) bool { return f.unnamed[label] }

// alertsValue is login alerts as one fact: both channels, one, none.
func alertsValue(inApp, email bool) string {
	switch {
	case inApp && email:
		return audit.On
	case inApp || email:
		return AlertsPartial
	}
	return audit.Off
}

// LoginAlerts reports the two channels.
func (f *State) LoginAlerts() (inApp, email bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.alertsInApp, f.alertsEmail
}

// SetLoginAlerts sets the two channels, as the checkboxes do.
func (f *State) SetLoginAlerts(inApp, email bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.alertsInApp, f.alertsEmail = inApp, email
	f.acct.Settings[FactLoginAlerts] = alertsValue(inApp, email)
}

// setSecurityLocked sets the facts Accounts Centre holds; ok reports
// whether factID is one of them.
func (f *State) setSecurityLocked(factID, value string) (ok bool, err error) {
	a := &f.acct
	switch factID {
	case FactLoginAlerts:
		switch value {
		case audit.On:
			f.alertsInApp, f.alertsEmail = true, true
		case audit.Off:
			f.alertsInApp, f.alertsEmail = false, false
		case AlertsPartial:
			f.alertsInApp, f.alertsEmail = true, false
		default:
			return true, fmt.Errorf("set %s: value %q is not on, off or %s", factID, value, AlertsPartial)
		}
		a.Settings[FactLoginAlerts] = alertsValue(f.alertsInApp, f.alertsEmail)
		return true, nil
	case FactTwoFactorMethod:
		switch value {
		case MethodNone:
			a.Settings[FactTwoFactor] = audit.Off
		case MethodApp, MethodSMS, MethodSecurityKey:
			a.Settings[FactTwoFactor] = audit.On
			a.TwoFactorMethod = value
		default:
			return true, fmt.Errorf("set %s: unknown method %q", factID, value)
		}
		return true, nil
	}
	return false, nil
}

// expectedLayoutLocked adds to out what the layout shows of the security
// facts: the 2026 layout the two alert channels as one value and the
// two-factor method; the legacy one a single alerts switch, on when
// alerts are sent at all.
func (f *State) expectedLayoutLocked(out map[string]string) {
	a := &f.acct
	if f.layout == LayoutLegacy {
		out[FactLoginAlerts] = audit.Off
		if f.alertsInApp || f.alertsEmail {
			out[FactLoginAlerts] = audit.On
		}
		return
	}
	out[FactLoginAlerts] = alertsValue(f.alertsInApp, f.alertsEmail)
	out[FactTwoFactorMethod] = MethodNone
	if a.Settings[FactTwoFactor] == audit.On {
		out[FactTwoFactorMethod] = a.TwoFactorMethod
	}
}

// SetFriendsLimit makes the friends API end its list after n friends while
// the page still counts them all, as the real one does when it stops
// paging; 0 serves the whole list.
func (f *State) SetFriendsLimit(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.friendsLimit = n
}

func (f *State) friendsLimitNow() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.friendsLimit
}
