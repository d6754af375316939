package x

import (
	"fmt"
	"net/http"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

// rowView is one row of a settings page.
type rowView struct {
	Kind    string // check, radios, link, heading, button, text
	Key     string // the account/settings.json key the row saves
	ID      string
	Label   string
	Help    string
	Value   string
	Href    string
	On      bool
	Layout  string
	Options []optView
}

type optView struct {
	Value, Text string
	Checked     bool
}

type settingsView struct {
	Heading, Intro, Back string
	Rows                 []rowView
}

// apiKeys are the account/settings.json keys of the switches.
var apiKeys = map[string]string{
	FactProtected: "protected", FactProtectVideos: "protect_videos", FactPhotoTagging: "allow_media_tagging",
	FactDiscoverEmail: "discoverable_by_email", FactDiscoverPhone: "discoverable_by_mobile_phone",
	FactLocation: "geo_enabled", FactDMRequests: "allow_dms_from", factTwoFactorSMS: "login_verification_sms",
	factTwoFactorApp: "login_verification_app", factTwoFactorKey: "login_verification_key",
	FactResetProtect: "protect_password_reset",
}

func (s *Site) check(fact string) rowView {
	d := defOf(fact)
	lay := s.st.layoutNow()
	return rowView{Kind: "check", Key: apiKeys[fact], ID: "r" + replica.Token(3), Label: s.st.label(d.Label), Help: d.Help,
		On: s.st.setting(fact) != audit.Off && s.st.setting(fact) != "", Layout: lay}
}

func defOf(fact string) settingDef {
	for _, d := range settingDefs {
		if d.Fact == fact {
			return d
		}
	}
	return settingDef{Fact: fact, Label: fact}
}

func (s *Site) settingsPage(w http.ResponseWriter, r *http.Request) {
	p := r.PathValue("page")
	if strings.HasPrefix(p, "sessions") {
		s.sessionsPage(w, r, strings.TrimPrefix(strings.TrimPrefix(p, "sessions"), "/"))
		return
	}
	v := settingsView{Back: "/settings/privacy_and_safety"}
	switch p {
	case "privacy_and_safety":
		v.Heading, v.Back = "Privacy and safety", "/settings"
		v.Rows = []rowView{{Kind: "heading", Label: "Your X activity"},
			{Kind: "link", Href: "/settings/audience_and_tagging", Label: "Audience, media and tagging", Help: "Manage what information you allow other people on X to see."},
			{Kind: "link", Href: "/settings/your_tweets", Label: "Your posts", Help: "Manage the information associated with your posts."},
			{Kind: "link", Href: "/settings/direct_messages", Label: "Chat", Help: "Manage who can message you directly."},
			{Kind: "link", Href: "/settings/contacts", Label: "Discoverability and contacts", Help: "Control your discoverability settings and manage contacts you’ve imported."},
			{Kind: "heading", Label: "Data sharing and personalisation"},
			{Kind: "link", Href: "/settings/location_information", Label: "Location information", Help: "Manage the location information X uses to personalise your experience."}}
	case "audience_and_tagging":
		v.Heading = "Audience, media and tagging"
		v.Intro = "Manage what information you allow other people on X to see."
		tag := "Off"
		for _, o := range tagOptions {
			if o.Value == s.st.setting(FactPhotoTagging) {
				tag = o.Text
			}
		}
		v.Rows = []rowView{s.check(FactProtected), s.check(FactProtectVideos),
			{Kind: "link", Href: "/settings/tagging", Label: s.st.label("Photo tagging"), Value: tag}}
	case "tagging":
		v.Heading, v.Back = "Photo tagging", "/settings/audience_and_tagging"
		v.Rows = []rowView{s.check(FactPhotoTagging)}
		if cur := s.st.setting(FactPhotoTagging); cur != audit.Off {
			rv := rowView{Kind: "radios", Key: "allow_media_tagging", ID: "g" + replica.Token(3), Layout: s.st.layoutNow()}
			for _, o := range tagOptions {
				rv.Options = append(rv.Options, optView{Value: map[string]string{photoTaggingAll: "all", photoTaggingFollow: "following"}[o.Value], Text: s.st.label(o.Text), Checked: o.Value == cur})
			}
			v.Rows = append(v.Rows, rv)
		}
	case "contacts":
		v.Heading = "Discoverability and contacts"
		v.Intro = "Control your discoverability settings and manage contacts you’ve imported."
		v.Rows = []rowView{{Kind: "heading", Label: "Discoverability"}, s.check(FactDiscoverEmail), s.check(FactDiscoverPhone),
			{Kind: "heading", Label: "Contacts"}, {Kind: "link", Href: "/settings/contacts_dashboard", Label: "Manage contacts"}}
	case "location_information":
		v.Heading = "Location information"
		v.Rows = []rowView{{Kind: "link", Href: "/settings/location", Label: "Add location information to your posts"},
			{Kind: "link", Href: "/settings/places", Label: "Explore settings"}}
	case "location":
		v.Heading, v.Back = "Add location information to your posts", "/settings/location_information"
		v.Rows = []rowView{s.check(FactLocation), {Kind: "button", Key: "remove_geo", Label: "Remove all location information attached to your posts"}}
	case "direct_messages":
		v.Heading = "Chat"
		v.Intro = "Manage who can message you directly."
		d := defOf(FactDMRequests)
		rv := rowView{Kind: "radios", Key: "allow_dms_from", ID: "g" + replica.Token(3), Label: s.st.label(d.Label), Help: d.Help, Layout: s.st.layoutNow()}
		for _, o := range dmOptions {
			rv.Options = append(rv.Options, optView{Value: o.Value, Text: o.Text, Checked: o.Value == s.st.setting(FactDMRequests)})
		}
		v.Rows = []rowView{rv, {Kind: "text", Label: "Filter low-quality messages and show read receipts are on the Chat page of the app."}}
	case "security_and_account_access":
		v.Heading, v.Back = "Security and account access", "/settings"
		v.Rows = []rowView{{Kind: "link", Href: "/settings/security", Label: "Security", Help: "Manage your account’s security."},
			{Kind: "link", Href: "/settings/apps_and_sessions", Label: "Apps and sessions", Help: "See information about when you logged into your account and the apps you connected to your account."}}
	case "apps_and_sessions":
		v.Heading, v.Back = "Apps and sessions", "/settings/security_and_account_access"
		v.Rows = []rowView{{Kind: "link", Href: "/settings/connected_apps", Label: "Connected apps"},
			{Kind: "link", Href: "/settings/sessions", Label: "Sessions"}}
	case "security":
		v.Heading, v.Back = "Security", "/settings/security_and_account_access"
		v.Intro = "Manage your account’s security."
		v.Rows = []rowView{{Kind: "heading", Label: "Two-factor authentication"},
			{Kind: "link", Href: "/settings/account/login_verification", Label: "Two-factor authentication", Help: "Help protect your account from unauthorised access by requiring a second authentication method in addition to your X password."},
			{Kind: "heading", Label: "Additional password protection"}, s.check(FactResetProtect)}
	case "account/login_verification":
		v.Heading, v.Back = "Two-factor authentication", "/settings/security"
		v.Rows = []rowView{s.check(factTwoFactorSMS), s.check(factTwoFactorApp), s.check(factTwoFactorKey)}
	default:
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "settings", v.Heading+" / X", v)
}

type sessionsView struct {
	CurrentLabel, OthersLabel string
	Current, Others           []Session
}

func (s *Site) sessionsPage(w http.ResponseWriter, r *http.Request, tok string) {
	a := s.st.Account()
	if tok != "" {
		for _, se := range a.Sessions {
			if se.Token == tok {
				v := settingsView{Heading: se.Device, Back: "/settings/sessions", Rows: []rowView{
					{Kind: "text", Label: se.App + " · " + se.Location + " · " + se.Active},
					{Kind: "button", Key: "logout_session", Label: "Log out the device shown"}}}
				s.render(w, r, http.StatusOK, "settings", "Sessions / X", v)
				return
			}
		}
		s.notFound(w, r)
		return
	}
	v := sessionsView{CurrentLabel: s.st.label("Current active session"), OthersLabel: s.st.label("Log out of all other sessions")}
	for _, se := range a.Sessions {
		if se.Current {
			v.Current = append(v.Current, se)
		} else {
			v.Others = append(v.Others, se)
		}
	}
	s.render(w, r, http.StatusOK, "sessions", "Sessions / X", v)
}

type profileView struct {
	Owner, Protected, Hidden        bool
	UserID, Name, Handle, Bio       string
	Location, Website, Category     string
	Joined, ProtectedLabel          string
	PostCount, Followers, Following string
}

// count is how X writes a number: "1,234"; above 9,999 "12.3K".
func count(n int) string {
	switch {
	case n >= 10000:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1000), ".0") + "K"
	case n >= 1000:
		return fmt.Sprintf("%d,%03d", n/1000, n%1000)
	}
	return fmt.Sprint(n)
}

func (s *Site) profilePage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	h := r.PathValue("handle")
	if !strings.EqualFold(h, a.Handle) {
		if strings.EqualFold(h, s.st.other.Handle) && s.auth.Get(r) != nil {
			o := s.st.other
			v := profileView{Owner: strings.EqualFold(s.me(r).Handle, o.Handle), UserID: o.ID, Name: o.Name, Handle: o.Handle, Joined: "October 2022",
				PostCount: "0", Followers: "412", Following: "18", Hidden: true, ProtectedLabel: "These posts are protected", Protected: true}
			s.render(w, r, http.StatusOK, "profile", o.Name+" (@"+o.Handle+") / X", v)
			return
		}
		s.render(w, r, http.StatusNotFound, "notfound", "Profile / X", nil)
		return
	}
	in := s.auth.Get(r) != nil
	protected := a.Settings[FactProtected] == audit.On
	v := profileView{
		Owner: in && strings.EqualFold(s.me(r).Handle, a.Handle), Protected: protected, Hidden: protected && !in,
		UserID: a.UserID, Name: a.DisplayName, Handle: a.Handle, Bio: a.Bio, Location: a.Location, Website: a.Website,
		Category: a.Category, Joined: a.Joined.Format("January 2006"), ProtectedLabel: s.st.label("These posts are protected"),
		PostCount: count(len(a.Posts)), Followers: count(len(a.Followers)), Following: count(len(a.Following)),
	}
	d := s.data(r, a.DisplayName+" (@"+a.Handle+") / X", v)
	s.st.mu.RLock()
	d.Wall = !in && s.st.wall
	s.st.mu.RUnlock()
	s.ui.Render(w, http.StatusOK, "profile", d)
}

type tabView struct {
	Text, Href string
	Selected   bool
}

type listView struct {
	Heading, Sub, Back, Intro string
	Op, UserID, Empty         string
	Tabs                      []tabView
}

func (s *Site) listPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	h, which := r.PathValue("handle"), r.PathValue("list")
	if !strings.EqualFold(h, a.Handle) {
		s.notFound(w, r)
		return
	}
	if s.auth.Get(r) == nil {
		// Lists need a login, as on the real site.
		http.Redirect(w, r, "/i/flow/login?next="+hereURL(r), http.StatusFound)
		return
	}
	ops := map[string]string{"followers": "Followers", "following": "Following", "verified_followers": "BlueVerifiedFollowers"}
	op, ok := ops[which]
	if !ok {
		s.notFound(w, r)
		return
	}
	v := listView{Heading: a.DisplayName, Sub: "@" + a.Handle, Back: "/" + a.Handle, Op: op, UserID: a.UserID}
	for _, t := range []struct{ text, path string }{{"Verified Followers", "verified_followers"}, {"Followers", "followers"}, {"Following", "following"}} {
		v.Tabs = append(v.Tabs, tabView{Text: t.text, Href: "/" + a.Handle + "/" + t.path, Selected: t.path == which})
	}
	s.render(w, r, http.StatusOK, "list", "People following "+a.DisplayName+" (@"+a.Handle+") / X", v)
}

func (s *Site) requestsPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	v := listView{Heading: "Follower requests", Back: "/home", Op: "incoming", UserID: a.UserID,
		Intro: "Accept or decline requests to follow your protected posts.",
		Empty: "You don’t have any pending follower requests"}
	s.render(w, r, http.StatusOK, "list", "Follower requests / X", v)
}
