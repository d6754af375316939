package facebook

import (
	"net/http"

	"chaperone/audit"
)

// Accounts Centre is its own origin on the real site
// (accountscenter.facebook.com). The replica serves it under /accountscenter/
// of its own origin, which is where the adapter's "@accountscenter/..."
// pages resolve on a sandbox: nothing is read from any other host.

// acPages are the Password and security pages, each behind the account
// picker, by their path segment.
var acPages = map[string]string{
	"two_factor":     "Two-factor authentication",
	"login_alerts":   labelLoginAlert,
	"login_activity": labelWhere26,
}

type acView struct {
	Page    string // "" on the hubs
	Heading string
	Picker  []PickerAccount
	Links   []acLink
}

type acLink struct{ Href, Text, Icon string }

func (s *Site) acRoutes() {
	m := s.mux
	m.HandleFunc("GET /accountscenter/{$}", s.requireLogin(s.acHub))
	m.HandleFunc("GET /accountscenter/password_and_security/{$}", s.requireLogin(s.acHub))
	m.HandleFunc("GET /accountscenter/password_and_security/{page}/{$}", s.requireLogin(s.acPage))
}

func (s *Site) acHub(w http.ResponseWriter, r *http.Request) {
	if s.fb.Layout() != Layout2026 {
		s.notFound(w, r)
		return
	}
	v := acView{Heading: "Password and security", Links: []acLink{
		{"/accountscenter/password_and_security/password/change/", "Change password", "lock"},
		{"/accountscenter/password_and_security/two_factor/", "Two-factor authentication", "shield"},
		{"/accountscenter/password_and_security/login_alerts/", labelLoginAlert, "bell"},
		{"/accountscenter/password_and_security/login_activity/", labelWhere26, "device"},
	}}
	s.render(w, r, http.StatusOK, "accountscenter", "Accounts Centre", v)
}

func (s *Site) acPage(w http.ResponseWriter, r *http.Request) {
	page := r.PathValue("page")
	heading, ok := acPages[page]
	if s.fb.Layout() != Layout2026 || !ok {
		s.notFound(w, r)
		return
	}
	v := acView{Page: page, Heading: s.fb.label(heading), Picker: s.fb.Picker()}
	s.render(w, r, http.StatusOK, "accountscenter", heading+" | Accounts Centre", v)
}

// acMethod is a two-factor method row.
type acRow struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Help    string `json:"help,omitempty"`
	Text    string `json:"text"`
	Checked bool   `json:"checked"`
	Unnamed bool   `json:"unnamed,omitempty"`
}

// acContent is what the picked account's page shows, as the page's API
// returns it. Another account than the persona's (a second profile in the
// picker) has settings of its own, so that picking the wrong one shows.
func (s *Site) acContent(page, accountID string) (map[string]any, bool) {
	a := s.fb.Account()
	own := accountID == a.UserID
	known := own
	for _, p := range s.fb.Picker() {
		known = known || p.ID == accountID
	}
	if !known {
		return nil, false
	}
	st := s.fb
	st.mu.RLock()
	defer st.mu.RUnlock()
	onOff := func(b bool) string {
		if b {
			return "On"
		}
		return "Off"
	}
	row := func(key, label, help string, on bool) acRow {
		return acRow{Key: key, Label: st.labelLocked(label), Help: help, Text: onOff(on), Checked: on, Unnamed: st.unnamedLocked(label)}
	}
	switch page {
	case "two_factor":
		on, method := a.Settings[FactTwoFactor] == audit.On, a.TwoFactorMethod
		if !own {
			on = false
		}
		return map[string]any{"rows": []acRow{
			row("use", labelUseTwoFac, "We’ll ask for a code or a security key when you log in from a device we don’t recognise.", on),
		}, "methods": []acRow{
			row("app", labelAuthApp, "Recommended. Use an app like Google Authenticator or Duo Mobile to generate login codes.", on && method == MethodApp),
			row("sms", labelSMS, "We’ll send a code to the number you choose.", on && method == MethodSMS),
			row("keys", labelKeys, "Use a physical security key to help protect your account.", on && method == MethodSecurityKey),
		}}, true
	case "login_alerts":
		inApp, email := st.alertsInApp, st.alertsEmail
		if !own {
			inApp, email = true, true
		}
		return map[string]any{"channels": []acRow{
			row("in_app", labelInApp, "We’ll notify you on the device you usually use.", inApp),
			row("email", labelAlertEmail, "We’ll send an email to your primary address.", email),
		}}, true
	case "login_activity":
		var list []sessionView
		for _, x := range a.Sessions {
			if !own && !x.Current {
				continue
			}
			sv := sessionView{ID: x.ID, Device: x.Device, Location: x.Location, Browser: x.Browser, Last: x.LastActive, Current: x.Current}
			if x.Current {
				sv.Last = "Active now"
			}
			list = append(list, sv)
		}
		return map[string]any{"label": st.labelLocked(labelWhere26), "sessions": list}, true
	}
	return nil, false
}

// acUpdate applies a change made on a Password and security page.
func (s *Site) acUpdate(page, key string, on bool) bool {
	switch {
	case page == "login_alerts" && (key == "in_app" || key == "email"):
		inApp, email := s.fb.LoginAlerts()
		if key == "in_app" {
			inApp = on
		} else {
			email = on
		}
		s.fb.SetLoginAlerts(inApp, email)
		return true
	case page == "two_factor" && key == "use":
		v := audit.Off
		if on {
			v = audit.On
		}
		return s.fb.Set(FactTwoFactor, v) == nil
	}
	return false
}
