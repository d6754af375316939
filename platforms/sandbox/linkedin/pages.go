package linkedin

import (
	"embed"
	"net/http"
	"strconv"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

//go:embed all:web
var webFS embed.FS

func itoa(n int) string { return strconv.Itoa(n) }

// row is one setting in a category list.
type row struct {
	Slug, Label, Help, Value string
}

type categoryView struct {
	Title   string
	Variant string
	Groups  []group
}

type group struct {
	Heading string
	Rows    []row
}

var categories = map[string]struct {
	title string
	list  []setting
	// groups are variant B's headings: the first n rows of what is left
	// go under each.
	groups []struct {
		heading string
		n       int
	}
}{
	"profile-visibility": {"Visibility", visibilitySettings, []struct {
		heading string
		n       int
	}{{"Visibility of your profile & network", 4}, {"Visibility of your LinkedIn activity", 4}}},
	"sign-in-and-security": {"Sign in & security", securitySettings, []struct {
		heading string
		n       int
	}{{"Account access", 6}}},
}

func (s *Site) rows(list []setting) []row {
	var out []row
	for _, st := range list {
		r := row{Slug: st.Slug, Label: s.st.label(st.Label), Help: st.Help}
		switch {
		case st.Fact != "":
			r.Value = s.st.wordFor(st)
		case st.Slug == "connections-visibility":
			r.Value = map[string]string{audit.On: "On", audit.Off: "Off"}[s.st.value(FactConnectionsVisible)]
		case st.Slug == "user-sessions":
			r.Value = itoa(len(s.st.Account().Sessions)) + " active sessions"
		}
		out = append(out, r)
	}
	return out
}

func (s *Site) categoryPage(w http.ResponseWriter, r *http.Request) {
	c, ok := categories[r.PathValue("cat")]
	if !ok {
		s.render(w, r, http.StatusNotFound, "notfound", "Page not found | LinkedIn", nil)
		return
	}
	rows := s.rows(c.list)
	v := categoryView{Title: c.title, Variant: s.st.layout()}
	if v.Variant == "a" {
		v.Groups = []group{{Rows: rows}}
	} else {
		for _, g := range c.groups {
			n := min(g.n, len(rows))
			v.Groups = append(v.Groups, group{Heading: g.heading, Rows: rows[:n]})
			rows = rows[n:]
		}
	}
	s.render(w, r, http.StatusOK, "category", "Settings | LinkedIn", v)
}

type optionView struct {
	Text    string
	Checked bool
}

type settingView struct {
	Title   string
	Help    string
	Switch  *replica.Switch
	Toggle  string // the switch's label, shown only as its accessible name
	Options []optionView
}

func (s *Site) settingPage(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if slug == "connections-visibility" {
		v := settingView{Title: s.st.label("Who can see your connections"),
			Help: "Allow your connections to see your connections list. If you turn off this setting, only you can see your connections list. People will still be able to see connections who endorse you and connections they share with you."}
		lbl := s.st.label(labelConnectionVisibility)
		if !s.st.named(labelConnectionVisibility) {
			lbl = ""
		}
		v.Switch = &replica.Switch{Key: "connections", Label: lbl, On: s.st.value(FactConnectionsVisible) == audit.On}
		s.render(w, r, http.StatusOK, "setting", v.Title+" | Settings | LinkedIn", v)
		return
	}
	for _, st := range allSettings() {
		if st.Slug != slug || st.Fact == "" {
			continue
		}
		v := settingView{Title: s.st.label(st.Label), Help: st.Help}
		cur := s.st.value(st.Fact)
		for _, wd := range st.Words {
			v.Options = append(v.Options, optionView{Text: wd[1], Checked: wd[0] == cur})
		}
		s.render(w, r, http.StatusOK, "setting", v.Title+" | Settings | LinkedIn", v)
		return
	}
	s.render(w, r, http.StatusNotFound, "notfound", "Page not found | LinkedIn", nil)
}

func (s *Site) sessionsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "sessions", "Where you’re signed in | LinkedIn", s.st.Account().Sessions)
}

type publicSettingsView struct {
	Title    string // the switch's visible label
	Switch   replica.Switch
	URL      string
	Sections []string
}

func (s *Site) publicSettingsPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	lbl := s.st.label(labelPublicVisibility)
	if !s.st.named(labelPublicVisibility) {
		lbl = ""
	}
	v := publicSettingsView{
		Title:  s.st.label(labelPublicVisibility),
		Switch: replica.Switch{Key: "public", Label: lbl, On: a.Settings[FactPublicProfile] == audit.On},
		URL:    "www.linkedin.com/in/" + a.Slug, Sections: publicSections,
	}
	s.render(w, r, http.StatusOK, "publicsettings", "Public profile settings | LinkedIn", v)
}

// publicSections are the sections the demo's public profile shows.
var publicSections = []string{"Headline", "About", "Current experience", "Education", "Websites"}

type profileView struct {
	A       Account
	Owner   bool
	About   string
	Website []string
}

func (s *Site) profilePage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	if !strings.EqualFold(r.PathValue("slug"), a.Slug) {
		s.render(w, r, http.StatusNotFound, "notfound", "Page not found | LinkedIn", nil)
		return
	}
	owner := s.valid(r)
	authwall, _, _ := s.st.flags()
	if !owner && (authwall || a.Settings[FactPublicProfile] != audit.On) {
		http.Redirect(w, r, "/authwall?trk=public_profile&sessionRedirect="+strings.ReplaceAll(r.URL.RequestURI(), "/", "%2F"), http.StatusFound)
		return
	}
	v := profileView{A: a, Owner: owner, About: a.About, Website: a.Websites}
	if a.PublicContact {
		v.About += " For teaching placements contact me directly at " + a.Email + "."
	}
	s.render(w, r, http.StatusOK, "profile", a.Name+" - "+a.Employer+" | LinkedIn", v)
}

type postView struct {
	Post
	Age       string
	Anyone    bool
	Author    string
	Headline  string
	ActorSlug string
}

func (s *Site) activityPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	if !strings.EqualFold(r.PathValue("slug"), a.Slug) {
		s.render(w, r, http.StatusNotFound, "notfound", "Page not found | LinkedIn", nil)
		return
	}
	var v []postView
	for _, p := range a.Posts {
		v = append(v, postView{Post: p, Age: ago(p.At, demoEpoch), Anyone: p.Audience == audit.AudiencePublic, Author: a.Name, Headline: a.Headline, ActorSlug: a.Slug})
	}
	s.render(w, r, http.StatusOK, "activity", "Activity | "+a.Name+" | LinkedIn", v)
}

// connectionsPageSize is how many connections a page of the list holds.
const connectionsPageSize = 20

type connectionsView struct {
	Total  int
	People []personView
	Next   string // cursor of the next page, "" at the end
}

type personView struct {
	Person
	Age string
}

func toViews(ps []Person) []personView {
	out := make([]personView, 0, len(ps))
	for _, p := range ps {
		out = append(out, personView{Person: p, Age: ago(p.Since, demoEpoch)})
	}
	return out
}

// served is the connections the pagination gives out: all of them, less
// the ones a test has it drop.
func (s *Site) served() []Person {
	a := s.st.Account()
	_, drop, _ := s.st.flags()
	return a.Connections[:max(0, len(a.Connections)-drop)]
}

func (s *Site) connectionsPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	pg, _ := replica.Paginate(s.served(), "", connectionsPageSize, connectionsPageSize, connectionsPageSize)
	v := connectionsView{Total: len(a.Connections), People: toViews(pg.Items)}
	if pg.HasNext() {
		v.Next = pg.NextCursor()
	}
	s.render(w, r, http.StatusOK, "connections", "Connections | LinkedIn", v)
}

// pagination answers the page's "Show more results": the next rows of the
// list, drawn on the server (the real site streams server-driven UI).
func (s *Site) pagination(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("sduiid") != "com.linkedin.sdui.pagers.mynetwork.connectionsList" {
		http.Error(w, `{"status":400}`, http.StatusBadRequest)
		return
	}
	pg, err := replica.Paginate(s.served(), q.Get("cursor"), connectionsPageSize, connectionsPageSize, connectionsPageSize)
	if err != nil {
		http.Error(w, `{"status":400}`, http.StatusBadRequest)
		return
	}
	v := connectionsView{People: toViews(pg.Items)}
	if pg.HasNext() {
		v.Next = pg.NextCursor()
	}
	s.ui.Render(w, http.StatusOK, "connrows", templateData{Body: v})
}

func (s *Site) invitationsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "invitations", "Invitations | LinkedIn", toViews(s.st.Account().Invitations))
}
