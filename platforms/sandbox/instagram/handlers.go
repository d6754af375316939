package instagram

import (
	"image"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

func (s *Site) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /accounts/login/{$}", s.login.LoginPage)
	m.HandleFunc("POST /accounts/login/{$}", s.login.LoginPost)
	m.HandleFunc("GET /accounts/login/two_factor/{$}", s.login.CheckpointPage)
	m.HandleFunc("POST /accounts/login/two_factor/{$}", s.login.CheckpointPost)
	m.HandleFunc("GET /accounts/logout/{$}", s.login.Logout("ds_user_id", "csrftoken"))
	for path, name := range map[string]string{
		"/accounts/settings/v2/account_privacy/":        "account_privacy",
		"/accounts/settings/v2/tags_and_mentions/":      "tags_and_mentions",
		"/accounts/comments/":                           "comments",
		"/accounts/messages_and_story_replies/":         "messages",
		"/accounts/settings/v2/account_type_and_tools/": "account_type",
	} {
		m.HandleFunc("GET "+path+"{$}", s.require(s.settingsPage(name)))
	}
	m.HandleFunc("GET /accounts/privacy_and_security/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/accounts/settings/v2/account_privacy/", http.StatusFound)
	})
	m.HandleFunc("GET /accounts/activity/{$}", s.require(s.activityPage))
	m.HandleFunc("GET /accountscenter/{$}", s.require(s.centreHome))
	m.HandleFunc("GET /accountscenter/password_and_security/two_factor/{$}", s.require(s.picker.Require(s.twoFactorPage)))
	m.HandleFunc("GET /accountscenter/password_and_security/login_activity/{$}", s.require(s.picker.Require(s.sessionsPage)))
	m.HandleFunc("GET /api/v1/friendships/{pk}/{list}/{$}", s.api(s.followList))
	m.HandleFunc("GET /api/v1/friendships/pending/{$}", s.api(s.pending))
	m.HandleFunc("GET /api/v1/feed/user/{pk}/{$}", s.api(s.feed))
	m.HandleFunc("GET /static/bundles/{file}", func(w http.ResponseWriter, r *http.Request) {
		if !s.ui.ServeAsset(w, r) {
			http.NotFound(w, r)
		}
	})
	m.HandleFunc("GET /static/img/{kind}/{file}", s.image)
	m.HandleFunc("GET /l/{$}", s.linkShim)
	m.HandleFunc("GET /p/{code}/{$}", s.postPage)
	m.HandleFunc("GET /{user}/{$}", s.profile)
	m.HandleFunc("GET /{user}/{list}/{$}", s.profile)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) })
}

func (s *Site) require(h http.HandlerFunc) http.HandlerFunc {
	return s.auth.Require("/accounts/login/", h)
}

func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", "Page not found • Instagram", nil)
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	if s.auth.Get(r) == nil {
		s.render(w, r, http.StatusOK, "login", "Instagram", replica.LoginForm{})
		return
	}
	s.render(w, r, http.StatusOK, "home", "Instagram", nil)
}

// ---- settings ----

type switchRow struct {
	Title, Help string
	replica.Switch
}

type radioGroup struct {
	Title string
	replica.Radios
}

type settingsView struct {
	Page     string
	Heading  string
	Section  string
	B        bool
	Switches []switchRow
	Groups   []radioGroup
	Links    []string
}

func radios(opts []option, value string, named bool) replica.Radios {
	var out replica.Radios
	for _, o := range opts {
		out.Options = append(out.Options, replica.Option{Value: o.Value, Text: o.Text, Checked: o.Value == value, Named: named})
	}
	return out
}

func (s *Site) settingsPage(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := s.st.Account()
		unnamed, _, _, _, _, b := s.st.quirks()
		L := s.st.label
		on := func(id string) bool { return a.Settings[id] == audit.On }
		v := settingsView{Page: name}
		switch name {
		case "account_privacy":
			v.Heading, v.Section, v.B = "Account privacy", "Who can see your content", b
			label := L("private")
			if unnamed {
				label = ""
			}
			v.Switches = append(v.Switches, switchRow{Title: L("private"),
				Help:   "When your account is public, your profile and posts can be seen by anyone, on or off Instagram, even if they don't have an Instagram account. When your account is private, only the followers that you approve can see what you share.",
				Switch: replica.Switch{Key: "private", Label: label, On: on(FactPrivate)}})
			if a.Professional {
				v.Switches = append(v.Switches, switchRow{Title: L("search"),
					Help:   "Your public photos and videos may appear in search engine results outside Instagram.",
					Switch: replica.Switch{Key: "search", Label: L("search"), On: on(FactSearchEngine)}})
			}
		case "tags_and_mentions":
			v.Heading = "Tags and mentions"
			g := radioGroup{Title: L("tags_who"), Radios: radios(tagWords, a.Settings[FactTagsWho], true)}
			v.Groups = append(v.Groups, g)
			v.Switches = append(v.Switches, switchRow{Title: L("tags_manual"), Help: "Choose who can tag you before the tag appears on your profile.",
				Switch: replica.Switch{Key: "tags_manual", Label: L("tags_manual"), On: on(FactTagsManual)}})
			v.Groups = append(v.Groups, radioGroup{Title: L("mentions"), Radios: radios(mentionWords, a.Settings[FactMentions], true)})
		case "comments":
			// The radios carry no aria-label: only the row text names them.
			v.Heading = "Comments"
			v.Groups = append(v.Groups, radioGroup{Title: L("comments"), Radios: radios(commentWords, a.Settings[FactComments], false)})
		case "messages":
			v.Heading = "Messages and story replies"
			v.Switches = append(v.Switches, switchRow{Title: L("activity"),
				Help:   "Allow accounts that you follow and anyone you message to see when you were last active or are currently active on Instagram apps.",
				Switch: replica.Switch{Key: "activity", Label: L("activity"), On: on(FactActivity)}})
		case "account_type":
			v.Heading = "Account type and tools"
			if a.Professional {
				v.Links = []string{L("switch_person")}
			} else {
				v.Links = []string{L("switch_pro")}
			}
		}
		s.render(w, r, http.StatusOK, "settings", v.Heading+" • Instagram", v)
	}
}

// ---- Accounts Centre ----

type centreView struct {
	Account replica.PickerAccount
	Label   string
	State   string
	Devices []Device
}

func (s *Site) centreHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "centre", "Accounts Centre", centreView{})
}

func (s *Site) twoFactorPage(w http.ResponseWriter, r *http.Request, acct replica.PickerAccount) {
	a := s.st.Account()
	v := centreView{Account: acct, Label: s.st.label("two_factor"), State: "Off"}
	// Only the Instagram account's own state is this replica's to know.
	if acct.ID == a.PK && a.Settings[FactTwoFactor] == audit.On {
		v.State = "On"
	}
	s.render(w, r, http.StatusOK, "centre", "Two-factor authentication • Accounts Centre", v)
}

func (s *Site) sessionsPage(w http.ResponseWriter, r *http.Request, acct replica.PickerAccount) {
	a := s.st.Account()
	v := centreView{Account: acct, Label: s.st.label("sessions")}
	if acct.ID == a.PK {
		v.Devices = a.Sessions
	} else {
		v.Devices = a.Sessions[:1]
	}
	s.render(w, r, http.StatusOK, "centre", "Where you’re logged in • Accounts Centre", v)
}

// ---- notifications, follow requests ----

func (s *Site) activityPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	v := struct {
		Label    string
		Requests int
		First    string
	}{Label: s.st.label("requests"), Requests: len(a.Requests)}
	if len(a.Requests) > 0 {
		v.First = a.Requests[0].Username
	}
	s.render(w, r, http.StatusOK, "activity", "Notifications • Instagram", v)
}

// ---- profiles and posts ----

type tile struct {
	Code, Caption, Src string
}

type profileView struct {
	Owner     bool
	LoggedOut bool
	Private   bool // the viewer may not see the posts
	Note      string
	A         Account
	LinkText  string
	LinkShim  string
	Posts     int
	Followers int
	Following int
	Tiles     []tile
	More      bool
	Next      string // cursor of the posts after the first tiles
	OpenList  string // "followers" / "following" when the URL asks for the dialog
	Person    *Person
}

const firstTiles = 12

func tileOf(p Post) tile {
	return tile{Code: p.Code, Caption: p.Caption, Src: "/static/img/post/" + p.Code + ".png"}
}

func (s *Site) profile(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	user := r.PathValue("user")
	list := r.PathValue("list")
	if list != "" && list != "followers" && list != "following" {
		s.notFound(w, r)
		return
	}
	loggedIn := s.auth.Get(r) != nil
	if !strings.EqualFold(user, a.Username) {
		for _, group := range [][]Person{a.Followers, a.Following, a.Requests} {
			for i := range group {
				if group[i].Username == user && list == "" {
					s.render(w, r, http.StatusOK, "profile", group[i].FullName+" (@"+user+") • Instagram photos and videos", profileView{LoggedOut: !loggedIn, Person: &group[i], Private: true, Note: s.st.label("private_note")})
					return
				}
			}
		}
		s.notFound(w, r)
		return
	}
	_, _, _, wall, _, _ := s.st.quirks()
	if !loggedIn && (wall || list != "") {
		http.Redirect(w, r, "/accounts/login/?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
		return
	}
	v := profileView{Owner: loggedIn, LoggedOut: !loggedIn, A: a, Posts: len(a.Posts), Followers: len(a.Followers), Following: len(a.Following), OpenList: list}
	if a.Link != "" {
		v.LinkText = strings.TrimPrefix(strings.TrimPrefix(a.Link, "https://"), "www.")
		v.LinkShim = "/l/?u=" + url.QueryEscape(a.Link) + "&e=" + replica.Token(6)
	}
	if !loggedIn && a.Settings[FactPrivate] == audit.On {
		v.Private, v.Note = true, s.st.label("private_note")
	} else {
		for _, p := range a.Posts[:min(firstTiles, len(a.Posts))] {
			v.Tiles = append(v.Tiles, tileOf(p))
		}
		v.More = len(a.Posts) > firstTiles
		if v.More {
			v.Next = replica.EncodeCursor(firstTiles)
		}
	}
	s.render(w, r, http.StatusOK, "profile", a.FullName+" (@"+a.Username+") • Instagram photos and videos", v)
}

func (s *Site) postPage(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	for _, p := range a.Posts {
		if p.Code == r.PathValue("code") {
			if s.auth.Get(r) == nil && a.Settings[FactPrivate] == audit.On {
				http.Redirect(w, r, "/accounts/login/?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
				return
			}
			s.render(w, r, http.StatusOK, "post", a.FullName+" on Instagram: "+p.Caption, tileOf(p))
			return
		}
	}
	s.notFound(w, r)
}

// linkShim is the bio link's redirect page (the link shim host on the real
// site): it only names where it leads, it does not go there.
func (s *Site) linkShim(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "notfound", "Leaving Instagram", nil)
}

func (s *Site) image(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	if !ok || id == "" || len(id) > 40 {
		http.NotFound(w, r)
		return
	}
	a := s.st.Account()
	switch r.PathValue("kind") {
	case "avatar":
		name := a.FullName
		replica.Images.ServePNG(w, "avatar/"+name, func() image.Image { return replica.Avatar(name) })
		return
	case "post":
		for _, p := range a.Posts {
			if p.Code == id {
				kind := p.Kind
				if kind == "xray" {
					replica.Images.ServePNG(w, "instagram/xray/"+id, func() image.Image {
						return replica.XRay(id, "HOLLINGFORD CH  AP PELVIS", "BED 6  "+p.At.Format("02/01/2006")+" 02:10")
					})
					return
				}
				replica.Images.ServePNG(w, "photo/"+kind+"/"+id, func() image.Image { return replica.Photo(kind, id) })
				return
			}
		}
	}
	http.NotFound(w, r)
}

// ---- the JSON the pages fetch ----

// api answers the web client's calls only: logged in, with its app id.
func (s *Site) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.auth.Get(r) == nil {
			replica.WriteJSONStatus(w, http.StatusUnauthorized, map[string]any{"message": "login_required", "require_login": true, "status": "fail"})
			return
		}
		if r.Header.Get("X-IG-App-ID") != appID {
			replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"message": "useragent mismatch", "status": "fail"})
			return
		}
		h(w, r)
	}
}

type userPage struct {
	Users     []Person `json:"users"`
	BigList   bool     `json:"big_list"`
	PageSize  int      `json:"page_size"`
	NextMaxID *string  `json:"next_max_id"`
	HasMore   bool     `json:"has_more"`
	Status    string   `json:"status"`
}

func (s *Site) followList(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	if r.PathValue("pk") != a.PK {
		replica.WriteJSONStatus(w, http.StatusNotFound, map[string]any{"message": "User not found", "status": "fail"})
		return
	}
	var people []Person
	switch r.PathValue("list") {
	case "followers":
		people = a.Followers
	case "following":
		people = a.Following
	default:
		replica.WriteJSONStatus(w, http.StatusNotFound, map[string]any{"status": "fail"})
		return
	}
	if _, _, n, _, _, _ := s.st.quirks(); n > 0 && len(people) > n {
		people = people[:n]
	}
	count, _ := strconv.Atoi(r.URL.Query().Get("count"))
	pg, err := replica.Paginate(people, r.URL.Query().Get("max_id"), count, 12, 12)
	if err != nil {
		replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"message": "Invalid max_id", "status": "fail"})
		return
	}
	out := userPage{Users: pg.Items, BigList: pg.HasNext(), PageSize: 12, HasMore: pg.HasNext(), Status: "ok"}
	if out.Users == nil {
		out.Users = []Person{}
	}
	if pg.HasNext() {
		c := pg.NextCursor()
		out.NextMaxID = &c
	}
	replica.WriteJSON(w, out)
}

func (s *Site) pending(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	users := a.Requests
	if users == nil {
		users = []Person{}
	}
	replica.WriteJSON(w, userPage{Users: users, PageSize: 200, Status: "ok"})
}

type feedItem struct {
	Code    string `json:"code"`
	TakenAt int64  `json:"taken_at"`
	Caption struct {
		Text string `json:"text"`
	} `json:"caption"`
	ImageURL string `json:"display_uri"`
}

func (s *Site) feed(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	if r.PathValue("pk") != a.PK {
		replica.WriteJSONStatus(w, http.StatusNotFound, map[string]any{"status": "fail"})
		return
	}
	pg, err := replica.Paginate(a.Posts, r.URL.Query().Get("max_id"), 12, 12, 12)
	if err != nil {
		replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"status": "fail"})
		return
	}
	out := struct {
		Items     []feedItem `json:"items"`
		MoreAvail bool       `json:"more_available"`
		NextMaxID string     `json:"next_max_id,omitempty"`
		Status    string     `json:"status"`
	}{Items: []feedItem{}, MoreAvail: pg.HasNext(), Status: "ok"}
	for _, p := range pg.Items {
		it := feedItem{Code: p.Code, TakenAt: p.At.Unix(), ImageURL: tileOf(p).Src}
		it.Caption.Text = p.Caption
		out.Items = append(out.Items, it)
	}
	if pg.HasNext() {
		out.NextMaxID = pg.NextCursor()
	}
	replica.WriteJSON(w, out)
}
