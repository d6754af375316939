package facebook

import (
	"net/http"
	"strconv"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

func itoa(n int) string { return strconv.Itoa(n) }

// setting returns the current value of a settings fact.
func (f *State) setting(fact string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.acct.Settings[fact]
}

// extraDef is a settings row that is not an audited fact: the real pages
// carry many of these, and they make a tidy one-row-per-fact page
// impossible to rely on.
type extraDef struct {
	Tab, Section, Key, Label, Help, Kind string
	Options                              []string
	Default                              string
	// Tab26 and Section26 place the row on the 2026 layout ("" = absent).
	Tab26, Section26 string
}

func (d extraDef) on(l Layout, tab string) bool {
	if l == Layout2026 {
		return d.Tab26 == tab && tab != ""
	}
	return d.Tab == tab && tab != ""
}

var extraDefs = []extraDef{
	{Tab: "privacy", Section: "Your activity", Key: "activity_log", Kind: "link",
		Label: "Review all your posts and things you're tagged in", Default: "Use Activity Log", Tab26: "posts", Section26: secPosts},
	{Tab: "privacy", Section: "Your activity", Key: "lists", Kind: "audience",
		Label: "Who can see the people, Pages and lists you follow?", Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceOnlyMe}, Default: audit.AudienceOnlyMe,
		Tab26: "followers_and_public_content", Section26: secFollower},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "wallposts", Kind: "audience",
		Label: "Who can post on your profile?", Options: []string{audit.AudienceFriends, audit.AudienceOnlyMe}, Default: audit.AudienceFriends,
		Tab26: "profile_and_tagging", Section26: secViewing},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "storyshare", Kind: "switch",
		Label: "Allow others to share your posts to their stories?", Help: "Your original audience will always be respected.", Options: []string{audit.On, audit.Off}, Default: audit.On,
		Tab26: "profile_and_tagging", Section26: secViewing},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "hidewords", Kind: "switch",
		Label: "Hide comments containing certain words from your profile", Options: []string{audit.On, audit.Off}, Default: audit.Off,
		Tab26: "profile_and_tagging", Section26: secViewing},
	{Key: "publiccomments", Kind: "audience", Label: "Who can comment on your public posts?", Options: []string{audit.AudiencePublic, audit.AudienceFriendsOfFriend, audit.AudienceFriends}, Default: audit.AudiencePublic,
		Tab26: "followers_and_public_content", Section26: secFollower},
	{Key: "tagexpand", Kind: "audience", Label: "When you’re tagged in a post, who do you want to add to the audience of the post if they can’t already see it?", Options: []string{audit.AudienceFriends, audit.AudienceOnlyMe, audit.AudienceCustom}, Default: audit.AudienceFriends,
		Tab26: "profile_and_tagging", Section26: secTagging},
	{Tab: "security", Section: "Login", Key: "password", Kind: "link",
		Label: "Change password", Help: "It's a good idea to use a strong password that you don't use elsewhere", Default: "Edit"},
	{Tab: "security", Section: "Login", Key: "savelogin", Kind: "switch",
		Label: "Save your login info", Help: "It will only be saved on the browsers and devices you choose.", Options: []string{audit.On, audit.Off}, Default: audit.On},
}

func extraByKey(key string) (extraDef, bool) {
	for _, d := range extraDefs {
		if d.Key == key {
			return d, true
		}
	}
	return extraDef{}, false
}

// option is one choice in an Edit dialog.
type option struct {
	Value       string `json:"value"` // upper-case enum, as the site's API speaks
	Text        string `json:"text"`
	Description string `json:"description,omitempty"`
	Icon        string `json:"icon,omitempty"`
}

var optionDescriptions = map[string]string{
	audit.AudiencePublic:          "Anyone on or off Facebook",
	audit.AudienceFriends:         "Your friends on Facebook",
	audit.AudienceFriendsExcept:   "Don't show to some friends",
	audit.AudienceSpecific:        "Only show to some friends",
	audit.AudienceOnlyMe:          "",
	audit.AudienceEveryone:        "Anyone on Facebook",
	audit.AudienceFriendsOfFriend: "Friends of your friends",
}

// settingRow is one row of a settings page, in the shape both the server
// templates and the page's script use.
type settingRow struct {
	ID      string   `json:"id"`
	Key     string   `json:"key"`
	Section string   `json:"section"`
	Label   string   `json:"label"`
	Help    string   `json:"help,omitempty"`
	Kind    string   `json:"kind"` // audience, switch, limit, link
	Value   string   `json:"value"`
	Text    string   `json:"text"`
	Icon    string   `json:"icon,omitempty"`
	Options []option `json:"options,omitempty"`
	// Inline: a switch in the row itself, saved on click (2026 layout).
	Inline bool `json:"inline,omitempty"`
	// NoValue: the row shows no current value (an action, 2026 layout).
	NoValue bool `json:"no_value,omitempty"`
	// Unnamed: the row's control is drawn without its accessible name.
	Unnamed bool `json:"unnamed,omitempty"`
	// Immediate: the dialog saves on selection and offers Done.
	Immediate bool `json:"immediate,omitempty"`
}

type settingSection struct {
	Title string
	Rows  []settingRow
}

func enum(v string) string { return strings.ToUpper(v) }

func (f *State) settingRows(tab string) []settingRow {
	f.mu.RLock()
	defer f.mu.RUnlock()
	l := f.layout
	var rows []settingRow
	for _, d := range settingDefs {
		if !d.on(l, tab) {
			continue
		}
		v := f.acct.Settings[d.Fact]
		if d.Fact == FactLoginAlerts {
			// The legacy single switch is on when alerts go anywhere.
			v = audit.Off
			if f.alertsInApp || f.alertsEmail {
				v = audit.On
			}
		}
		label := f.labelLocked(d.label(l))
		row := settingRow{Key: d.Key, Section: d.Section, Label: label, Help: d.Help, Value: enum(v), Text: f.valueWordLocked(d.Fact, v)}
		if l == Layout2026 {
			row.Section, row.Immediate, row.Unnamed = d.Section26, true, f.unnamedLocked(d.label(l))
			if d.Help26 != "" {
				row.Help = d.Help26
			}
		}
		switch {
		case d.Fact == FactPastPosts:
			row.Kind = "limit"
			if row.NoValue = l == Layout2026; row.NoValue {
				row.Text = "" // the action keeps no state to show
			}
		case d.Options[0] == audit.On:
			row.Kind = "switch"
			row.Inline = l == Layout2026
		default:
			row.Kind = "audience"
			row.Icon = audienceIcon(v)
		}
		for _, o := range d.Options {
			row.Options = append(row.Options, option{Value: enum(o), Text: f.valueWordLocked(d.Fact, o), Description: optionDescriptions[o], Icon: audienceIcon(o)})
		}
		rows = append(rows, row)
	}
	for _, d := range extraDefs {
		if !d.on(l, tab) {
			continue
		}
		v := d.Default
		if x, ok := f.extra[d.Key]; ok {
			v = x
		}
		row := settingRow{Key: d.Key, Section: d.Section, Label: f.labelLocked(d.Label), Help: d.Help, Kind: d.Kind, Value: enum(v), Text: valueWord("", v)}
		if l == Layout2026 {
			row.Section, row.Immediate = d.Section26, true
			row.Inline = d.Kind == "switch"
		}
		if d.Kind == "audience" {
			row.Icon = audienceIcon(v)
		}
		for _, o := range d.Options {
			row.Options = append(row.Options, option{Value: enum(o), Text: valueWord("", o), Description: optionDescriptions[o], Icon: audienceIcon(o)})
		}
		rows = append(rows, row)
	}
	for i := range rows {
		rows[i].ID = "u_" + replica.Token(4)
	}
	return rows
}

// valueWordLocked is valueWord on the layout served: the 2026 suggestion
// rows say "No one" where the legacy lookup rows said "Only me".
func (f *State) valueWordLocked(fact, v string) string {
	if f.layout == Layout2026 && v == audit.AudienceOnlyMe && (fact == FactLookupEmail || fact == FactLookupPhone) {
		return "No one"
	}
	return valueWord(fact, v)
}

// sectionOrder keeps the real page's order of cards per tab.
var sectionOrder = map[string][]string{
	"privacy":             {"Your activity", "How people find and contact you"},
	"profile_and_tagging": {"Viewing and sharing", "Reviewing"},
	"security":            {"Login", "Setting up extra security"},
}

// sectionOrder26 is sectionOrder on the 2026 layout.
var sectionOrder26 = map[string][]string{
	"posts":                           {secPosts},
	"how_people_find_and_contact_you": {secHowFind, secSuggest},
	"profile_and_tagging":             {secViewing, secTagging, secReview},
	"followers_and_public_content":    {secFollower},
}

// sections is the card order of a tab on layout l; nil when l has no
// such tab.
func sections(l Layout, tab string) []string {
	if l == Layout2026 {
		return sectionOrder26[tab]
	}
	return sectionOrder[tab]
}

func groupRows(tab string, rows []settingRow) []settingSection {
	var out []settingSection
	for _, title := range sectionOrder[tab] {
		sec := settingSection{Title: title}
		for _, r := range rows {
			if r.Section == title {
				sec.Rows = append(sec.Rows, r)
			}
		}
		if len(sec.Rows) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// updateSetting applies a change made in an Edit dialog. key is the row's
// key, value the API enum.
func (f *State) updateSetting(key, value string) (settingRow, bool) {
	norm := strings.ToLower(value)
	if d, ok := defByKey(key); ok {
		if d.Fact == FactPastPosts {
			norm = audit.Done
		}
		if err := f.Set(d.Fact, norm); err != nil {
			return settingRow{}, false
		}
		return f.row(key)
	}
	if d, ok := extraByKey(key); ok && len(d.Options) > 0 {
		f.mu.Lock()
		okv := false
		for _, o := range d.Options {
			if o == norm {
				okv = true
			}
		}
		if okv {
			f.extra[key] = norm
		}
		f.mu.Unlock()
		if !okv {
			return settingRow{}, false
		}
		return f.row(key)
	}
	return settingRow{}, false
}

// row is the row of key on whichever tab of the current layout holds it.
func (f *State) row(key string) (settingRow, bool) {
	tabs := sectionOrder
	if f.Layout() == Layout2026 {
		tabs = sectionOrder26
	}
	for tab := range tabs {
		for _, r := range f.settingRows(tab) {
			if r.Key == key {
				return r, true
			}
		}
	}
	return settingRow{}, false
}

type sessionView struct {
	ID       string
	Icon     string
	Device   string
	Location string
	Browser  string
	Last     string
	Current  bool
}

type settingsView struct {
	Tab      string
	Heading  string
	Sections []settingSection
	Rows     []settingRow // for the page's script
	Client   bool         // rows are fetched and drawn by the script
	Sessions []sessionView
	Nav      []navItem
	Layout   string
}

type navItem struct {
	Tab, Text, Icon string
	Current         bool
}

var settingsNav = []navItem{
	{Tab: "account", Text: "General", Icon: "gear"},
	{Tab: "security", Text: "Security and login", Icon: "shield"},
	{Tab: "privacy", Text: "Privacy", Icon: "lock"},
	{Tab: "profile_and_tagging", Text: "Profile and tagging", Icon: "tag"},
	{Tab: "followers", Text: "Public posts", Icon: "globe"},
	{Tab: "blocking", Text: "Blocking", Icon: "user"},
	{Tab: "location", Text: "Location", Icon: "pin"},
	{Tab: "language", Text: "Language and region", Icon: "chat"},
	{Tab: "notifications", Text: "Notifications", Icon: "bell"},
	{Tab: "applications", Text: "Apps and websites", Icon: "device"},
}

// settingsNav26 is the left column of the 2026 layout: Accounts Centre
// first, then "Audience and visibility".
var settingsNav26 = []navItem{
	{Tab: "@accountscenter", Text: "Accounts Centre", Icon: "shield"},
	{Tab: "profile_details", Text: "Profile details", Icon: "user"},
	{Tab: "how_people_find_and_contact_you", Text: "How people find and contact you", Icon: "search"},
	{Tab: "posts", Text: "Posts", Icon: "lock"},
	{Tab: "stories", Text: "Stories", Icon: "globe"},
	{Tab: "reels", Text: "Reels", Icon: "globe"},
	{Tab: "followers_and_public_content", Text: "Followers and public content", Icon: "friends"},
	{Tab: "profile_and_tagging", Text: "Profile and tagging", Icon: "tag"},
	{Tab: "blocking", Text: "Blocking", Icon: "user"},
	{Tab: "active_status", Text: "Active Status", Icon: "chat"},
	{Tab: "language", Text: "Language and region", Icon: "chat"},
}

var tabHeadings26 = map[string]string{
	"posts":                           "Posts",
	"how_people_find_and_contact_you": "How people find and contact you",
	"profile_and_tagging":             "Profile and tagging",
	"followers_and_public_content":    "Followers and public content",
	"account":                         "Settings & privacy",
}

var tabHeadings = map[string]string{
	"privacy":             "Privacy settings and tools",
	"profile_and_tagging": "Profile and tagging settings",
	"security":            "Security and login",
	"account":             "General account settings",
}

func (s *Site) settingsPage(w http.ResponseWriter, r *http.Request) {
	tab := r.URL.Query().Get("tab")
	if tab == "" {
		tab = "account"
	}
	if s.fb.Layout() == Layout2026 {
		s.settingsPage26(w, r, tab)
		return
	}
	v := settingsView{Tab: tab, Heading: tabHeadings[tab]}
	for _, n := range settingsNav {
		n.Current = n.Tab == tab
		v.Nav = append(v.Nav, n)
	}
	switch tab {
	case "privacy", "security":
		v.Rows = s.fb.settingRows(tab)
		v.Sections = groupRows(tab, v.Rows)
	case "profile_and_tagging":
		// Drawn by the page's script from the API, as the real page is.
		v.Client = true
	case "account":
	default:
		v.Heading = "This page isn't available at the moment"
	}
	if tab == "security" {
		for _, x := range s.fb.Account().Sessions {
			sv := sessionView{ID: x.ID, Device: x.Device, Location: x.Location, Browser: x.Browser, Last: x.LastActive, Current: x.Current, Icon: "device"}
			switch x.Device {
			case "iPhone", "Android", "iPad":
				sv.Icon = "phone"
			}
			if x.Current {
				sv.Last = "Active now"
			}
			v.Sessions = append(v.Sessions, sv)
		}
	}
	s.render(w, r, http.StatusOK, "settings", "Settings | Facebook", v)
}

// settingsPage26 serves the 2026 layout: each tab's rows drawn by the
// page's script from the settings API; the legacy addresses redirect as
// the real site's do.
func (s *Site) settingsPage26(w http.ResponseWriter, r *http.Request, tab string) {
	switch tab {
	case "privacy":
		http.Redirect(w, r, "/settings/?tab=how_people_find_and_contact_you", http.StatusFound)
		return
	case "security":
		http.Redirect(w, r, "/accountscenter/password_and_security/", http.StatusFound)
		return
	}
	v := settingsView{Tab: tab, Heading: tabHeadings26[tab], Layout: string(Layout2026)}
	for _, n := range settingsNav26 {
		n.Current = n.Tab == tab
		v.Nav = append(v.Nav, n)
	}
	switch {
	case sectionOrder26[tab] != nil:
		v.Client = true
	case tab == "account":
	default:
		v.Heading = "This page isn't available at the moment"
	}
	s.render(w, r, http.StatusOK, "settings", "Settings | Facebook", v)
}
