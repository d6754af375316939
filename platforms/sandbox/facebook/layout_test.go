package facebook

import (
	"net/http"
	"strings"
	"testing"

	"chaperone/audit"
)

type apiRows struct {
	Data struct {
		Viewer struct {
			Settings struct {
				Sections []string     `json:"sections"`
				Rows     []settingRow `json:"rows"`
			} `json:"settings"`
		} `json:"viewer"`
	} `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

func rowsOf(t *testing.T, c *http.Client, s *testSite, tab string) map[string]settingRow {
	t.Helper()
	var r apiRows
	apiCall(t, c, s, "CometSettingsPageQuery", map[string]any{"tab": tab}, &r)
	out := map[string]settingRow{}
	for _, row := range r.Data.Viewer.Settings.Rows {
		out[row.Label] = row
	}
	return out
}

// TestLayout2026Rows pins what the 2026 tabs show, row by row: the value
// as text, switches in the row, "Limit Past Posts" with no value at all,
// the merged suggestion group with its "No one".
func TestLayout2026Rows(t *testing.T) {
	s := startServer26(t)
	c := newClient(t)
	login(t, s, c)
	cases := []struct {
		tab, label, text, kind string
		inline, noValue        bool
	}{
		{"posts", "Who can see your future posts?", "Public", "audience", false, false},
		{"posts", "Limit who can see past posts", "", "limit", false, true},
		{"how_people_find_and_contact_you", "Who can see your friends list?", "Public", "audience", false, false},
		{"how_people_find_and_contact_you", "People with your email address", "Everyone", "audience", false, false},
		{"how_people_find_and_contact_you", "People with your phone number", "Friends", "audience", false, false},
		{"how_people_find_and_contact_you", "Do you want search engines outside of Facebook to link to your profile?", "Yes", "switch", true, false},
		{"profile_and_tagging", "Review tags that friends add to your posts before the tags appear on Facebook?", "Off", "switch", true, false},
		{"profile_and_tagging", "Review posts that you’re tagged in before the post appears on your profile?", "Off", "switch", true, false},
		{"profile_and_tagging", "Who can see posts that you’re tagged in on your profile?", "Friends of friends", "audience", false, false},
		{"followers_and_public_content", "Who can follow me", "Public", "audience", false, false},
		{"followers_and_public_content", "Who can see your followers on your timeline?", "Public", "audience", false, false},
	}
	tabs := map[string]map[string]settingRow{}
	for _, tc := range cases {
		if tabs[tc.tab] == nil {
			tabs[tc.tab] = rowsOf(t, c, s, tc.tab)
		}
		r, ok := tabs[tc.tab][tc.label]
		if !ok {
			t.Errorf("%s: no row %q", tc.tab, tc.label)
			continue
		}
		if r.Text != tc.text || r.Kind != tc.kind || r.Inline != tc.inline || r.NoValue != tc.noValue || !r.Immediate {
			t.Errorf("%s: row %+v, want %s %s inline=%v no_value=%v", tc.label, r, tc.text, tc.kind, tc.inline, tc.noValue)
		}
	}
	// The legacy rows are not on the 2026 tabs.
	if _, ok := tabs["how_people_find_and_contact_you"]["Who can look you up using the email address you provided?"]; ok {
		t.Error("the legacy look-up row is on the 2026 layout")
	}
	if err := s.State().Set(FactLookupEmail, audit.AudienceOnlyMe); err != nil {
		t.Fatal(err)
	}
	if r := rowsOf(t, c, s, "how_people_find_and_contact_you")["People with your email address"]; r.Text != "No one" {
		t.Errorf("email suggestion row = %q after Only me, want No one", r.Text)
	}
	// The legacy addresses redirect, as the real site's do.
	for path, want := range map[string]string{
		"/settings?tab=privacy":  "/settings/?tab=how_people_find_and_contact_you",
		"/settings?tab=security": "/accountscenter/password_and_security/",
	} {
		if p := get(t, c, s.URL()+path); p.Status != http.StatusFound || p.Location != want {
			t.Errorf("%s: %d %q, want a redirect to %s", path, p.Status, p.Location, want)
		}
	}
}

// TestAccountsCentre: each Password and security page asks which account
// first, and only the picked account's settings come back.
func TestAccountsCentre(t *testing.T) {
	s := startServer26(t)
	c := newClient(t)
	login(t, s, c)
	fb := s.Seed()
	p := get(t, c, s.URL()+"/accountscenter/password_and_security/login_alerts/")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "Select your account") || !strings.Contains(p.Body, `data-ac-account="`+fb.UserID+`"`) || !strings.Contains(p.Body, "Instagram") {
		t.Fatalf("login alerts page: %d, picker missing", p.Status)
	}
	type acResp struct {
		Data struct {
			PS struct {
				Channels []acRow `json:"channels"`
				Rows     []acRow `json:"rows"`
				Methods  []acRow `json:"methods"`
			} `json:"xfb_password_and_security"`
		} `json:"data"`
		Errors []struct{ Message string } `json:"errors"`
	}
	var r acResp
	apiCall(t, c, s, "AccountsCenterPasswordAndSecurityQuery", map[string]any{"page": "login_alerts", "account_id": fb.UserID}, &r)
	if ch := r.Data.PS.Channels; len(ch) != 2 || ch[0].Label != "In-app notifications" || !ch[0].Checked || ch[1].Label != "Email" || ch[1].Checked {
		t.Errorf("channels = %+v, want in-app on, email off", ch)
	}
	var tf acResp
	apiCall(t, c, s, "AccountsCenterPasswordAndSecurityQuery", map[string]any{"page": "two_factor", "account_id": fb.UserID}, &tf)
	if len(tf.Data.PS.Rows) != 1 || tf.Data.PS.Rows[0].Text != "On" || len(tf.Data.PS.Methods) != 3 || tf.Data.PS.Methods[1].Text != "On" || tf.Data.PS.Methods[0].Text != "Off" {
		t.Errorf("two-factor = %+v", tf.Data.PS)
	}
	var bad acResp
	apiCall(t, c, s, "AccountsCenterPasswordAndSecurityQuery", map[string]any{"page": "login_alerts", "account_id": "1"}, &bad)
	if len(bad.Errors) == 0 {
		t.Error("an account the picker does not list was answered")
	}
	// A change from the page reaches the state.
	var up acResp
	apiCall(t, c, s, "AccountsCenterSettingUpdateMutation", map[string]any{"page": "login_alerts", "account_id": fb.UserID, "setting": "email", "value": "ON"}, &up)
	if v, _ := s.State().Get(FactLoginAlerts); v != audit.On {
		t.Errorf("login alerts = %q after ticking Email, want on", v)
	}
	// The legacy layout has no Accounts Centre.
	s.State().SetLayout(LayoutLegacy)
	if p := get(t, c, s.URL()+"/accountscenter/password_and_security/two_factor/"); p.Status != http.StatusNotFound {
		t.Errorf("legacy layout: Accounts Centre %d, want 404", p.Status)
	}
	if _, ok := s.State().Get(FactTwoFactorMethod); ok {
		t.Error("the legacy layout claims to show the two-factor method")
	}
}
