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
}

var extraDefs = []extraDef{
	{Tab: "privacy", Section: "Your activity", Key: "activity_log", Kind: "link",
		Label: "Review all your posts and things you're tagged in", Default: "Use Activity Log"},
	{Tab: "privacy", Section: "Your activity", Key: "lists", Kind: "audience",
		Label: "Who can see the people, Pages and lists you follow?", Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceOnlyMe}, Default: audit.AudienceOnlyMe},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "wallposts", Kind: "audience",
		Label: "Who can post on your profile?", Options: []string{audit.AudienceFriends, audit.AudienceOnlyMe}, Default: audit.AudienceFriends},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "wallview", Kind: "audience",
		Label: "Who can see what others post on your profile?", Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceFriendsExcept, audit.AudienceOnlyMe}, Default: audit.AudienceFriends},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "storyshare", Kind: "switch",
		Label: "Allow others to share your posts to their stories?", Help: "Your original audience will always be respected.", Options: []string{audit.On, audit.Off}, Default: audit.On},
	{Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "hidewords", Kind: "switch",
		Label: "Hide comments containing certain words from your profile", Options: []string{audit.On, audit.Off}, Default: audit.Off},
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
}

type settingSection struct {
	Title string
	Rows  []settingRow
}

func enum(v string) string { return strings.ToUpper(v) }

func (f *State) settingRows(tab string) []settingRow {
	f.mu.RLock()
	defer f.mu.RUnlock()
	var rows []settingRow
	for _, d := range settingDefs {
		if d.Tab != tab {
			continue
		}
		v := f.acct.Settings[d.Fact]
		row := settingRow{Key: d.Key, Section: d.Section, Label: f.labelLocked(d.Label), Help: d.Help, Value: enum(v), Text: valueWord(d.Fact, v)}
		switch {
		case d.Fact == FactPastPosts:
			row.Kind = "limit"
		case d.Options[0] == audit.On:
			row.Kind = "switch"
		default:
			row.Kind = "audience"
			row.Icon = audienceIcon(v)
		}
		for _, o := range d.Options {
			row.Options = append(row.Options, option{Value: enum(o), Text: valueWord(d.Fact, o), Description: optionDescriptions[o], Icon: audienceIcon(o)})
		}
		rows = append(rows, row)
	}
	for _, d := range extraDefs {
		if d.Tab != tab {
			continue
		}
		v := d.Default
		if x, ok := f.extra[d.Key]; ok {
			v = x
		}
		row := settingRow{Key: d.Key, Section: d.Section, Label: f.labelLocked(d.Label), Help: d.Help, Kind: d.Kind, Value: enum(v), Text: valueWord("", v)}
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

// sectionOrder keeps the real page's order of cards per tab.
var sectionOrder = map[string][]string{
	"privacy":             {"Your activity", "How people find and contact you"},
	"profile_and_tagging": {"Viewing and sharing", "Reviewing"},
	"security":            {"Login", "Setting up extra security"},
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
		return f.row(d.Tab, key)
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
		return f.row(d.Tab, key)
	}
	return settingRow{}, false
}

func (f *State) row(tab, key string) (settingRow, bool) {
	for _, r := range f.settingRows(tab) {
		if r.Key == key {
			return r, true
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
