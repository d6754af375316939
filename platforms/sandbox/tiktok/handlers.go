package tiktok

import (
	"fmt"
	"image"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

func (s *Site) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loginPath+"?"+r.URL.RawQuery, http.StatusFound)
	})
	m.HandleFunc("GET "+loginPath, s.login.LoginPage)
	m.HandleFunc("POST "+loginPath, s.login.LoginPost)
	m.HandleFunc("GET "+verifyPth+"{$}", s.login.CheckpointPage)
	m.HandleFunc("POST "+verifyPth+"{$}", s.login.CheckpointPost)
	m.HandleFunc("GET /logout", s.login.Logout("sid_tt", "tt_csrf_token"))
	m.HandleFunc("GET /setting", s.require(s.settingPage))
	m.HandleFunc("GET /setting/privacy/direct-messages", s.require(s.dmPage))
	m.HandleFunc("GET /inbox/follow-requests", s.require(s.requestsPage))
	m.HandleFunc("GET /api/user/list/", s.userList)
	m.HandleFunc("GET /api/post/item_list/", s.itemList)
	m.HandleFunc("GET /webapp/desktop/{file}", func(w http.ResponseWriter, r *http.Request) {
		if !s.ui.ServeAsset(w, r) {
			http.NotFound(w, r)
		}
	})
	m.HandleFunc("GET /cover/{file}", s.cover)
	m.HandleFunc("GET /avatar/{file}", s.avatar)
	m.HandleFunc("GET /", s.profileRoutes)
}

// require sends a browser without a session to the login page.
func (s *Site) require(h http.HandlerFunc) http.HandlerFunc {
	guarded := s.auth.Require(loginPath, h)
	return func(w http.ResponseWriter, r *http.Request) {
		// A hijacked or moved page: the browser is sent to another origin
		// before anything, a login form included, is shown here.
		if to := s.st.Variants().RedirectTo; to != "" {
			http.Redirect(w, r, strings.TrimRight(to, "/")+r.URL.RequestURI(), http.StatusFound)
			return
		}
		guarded(w, r)
	}
}

func (s *Site) loggedIn(r *http.Request) bool { return s.auth.Get(r) != nil }

func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", "Couldn't find this account | TikTok", nil)
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", "TikTok - Make Your Day", nil)
}

// ---- settings ----

type row struct {
	Key, Label, Desc, Kind string
	Value                  string // the value word shown
	Switch                 replica.Switch
	Href                   string
	Parts                  []part
	B                      bool // layout B
}

type part struct {
	Label  string
	Switch replica.Switch
}

type settingView struct {
	Tab      string
	Business bool
	Sections []section
	Devices  []Device
	Alerts   []Alert
}

type section struct {
	Title string
	Rows  []row
}

// word is how the web shows a value.
func word(v string) string {
	switch v {
	case audit.AudienceEveryone:
		return "Everyone"
	case audit.AudienceFriends:
		return "Friends"
	case audit.AudienceOnlyMe:
		return "Only me"
	case audit.AudienceNobody:
		return "No one"
	case audit.On:
		return "On"
	case audit.Off:
		return "Off"
	}
	return v
}

func (s *Site) privacySections() []section {
	a, v, L := s.st.Account(), s.st.Variants(), s.st.L
	b := v.Layout == "B"
	reuse := L("Who can Duet with your posts")
	if b {
		reuse = L("Who can remix your posts")
	}
	disc := section{Title: "Discoverability", Rows: []row{
		{Key: "private", Label: L("Private account"), Kind: "switch", B: b,
			Desc:   "With a private account, only users you approve can follow you and watch your videos. Your existing followers won't be affected.",
			Switch: replica.Switch{Key: "private", On: a.Settings[FactPrivate] == audit.On, Bare: true}},
	}}
	if !v.AppOnly {
		sr := row{Key: "suggest", Label: L("Suggest your account to others"), Kind: "suggest", B: b,
			Desc: "Choose who your account can be suggested to."}
		for _, p := range suggestParts {
			sr.Parts = append(sr.Parts, part{Label: L(p), Switch: replica.Switch{Key: "suggest_" + p, On: a.Suggest[p], Bare: true}})
		}
		disc.Rows = append(disc.Rows, sr)
	}
	disc.Rows = append(disc.Rows, row{Key: "following_list", Label: L("Following list"), Kind: "value", B: b,
		Desc: "Choose who can see the accounts you follow on your profile.", Value: word(a.Settings[FactFollowingList])})
	inter := section{Title: "Interactions", Rows: []row{
		{Key: "comment", Label: L("Who can comment on your posts"), Kind: "value", B: b,
			Desc: "Choose who can leave comments on the videos you post.", Value: word(a.Settings[FactComments])},
		{Key: "duet", Label: reuse, Kind: "value", B: b,
			Desc: "Turning this off also stops Stitch, stickers and adding your posts to Stories.", Value: word(a.Settings[FactContentReuse])},
		{Key: "mention", Label: "Mentions and tags", Kind: "link", Href: "/setting?activeTab=privacy", B: b,
			Desc: "Choose who can mention and tag you in their posts."},
		{Key: "dm", Label: "Direct messages", Kind: "link", Href: "/setting/privacy/direct-messages", B: b,
			Desc: "Choose who can send you messages and how requests are filtered."},
	}}
	out := []section{disc, inter}
	if !v.AppOnly {
		out = append(out, section{Title: "Your videos", Rows: []row{
			{Key: "download", Label: L("Downloads"), Kind: "switch", B: b,
				Desc:   "Allow other people to download your videos. This can't be turned on for a private account.",
				Switch: replica.Switch{Key: "download", On: a.Settings[FactDownloads] == audit.On, Bare: true}},
		}})
	}
	return out
}

func (s *Site) settingPage(w http.ResponseWriter, r *http.Request) {
	tab := r.URL.Query().Get("activeTab")
	if tab == "" {
		tab = "account"
	}
	a := s.st.Account()
	v := settingView{Tab: tab, Business: a.Business}
	switch tab {
	case "privacy":
		v.Sections = s.privacySections()
	case "security":
		v.Sections = []section{{Title: "Security", Rows: []row{
			{Key: "2sv", Label: s.st.L("2-step verification"), Kind: "value", Value: word(a.Settings[FactTwoFactor]),
				Desc: "Add an extra layer of security: a code is needed when you log in on a new device.", Href: "/setting?activeTab=security"},
		}}}
		v.Devices, v.Alerts = a.Devices, a.Alerts
	}
	s.render(w, r, http.StatusOK, "setting", "Settings | TikTok", v)
}

type dmView struct {
	Label  string
	Radios replica.Radios
}

func (s *Site) dmPage(w http.ResponseWriter, r *http.Request) {
	cur := s.st.Account().Settings[FactDM]
	v := dmView{Label: s.st.L("Who can send you direct messages")}
	for _, o := range options[FactDM] {
		v.Radios.Options = append(v.Radios.Options, replica.Option{Value: strings.ToUpper(o), Text: word(o), Checked: o == cur})
	}
	s.render(w, r, http.StatusOK, "dm", "Direct messages | TikTok", v)
}

func (s *Site) requestsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "requests", "Follow requests | TikTok", s.st.Account().Requests)
}

// ---- profile ----

type profileView struct {
	Owner     bool
	Private   bool
	ShowList  bool // the video grid is drawn (fetched by the script)
	A         Account
	Following int
	Followers int
	Likes     string
	Nameless  bool
	LFollow   string
	LFollower string
}

func (s *Site) profileRoutes(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(segs) == 0 || !strings.HasPrefix(segs[0], "@") {
		s.notFound(w, r)
		return
	}
	a := s.st.Account()
	if !strings.EqualFold(strings.TrimPrefix(segs[0], "@"), a.Handle) {
		s.notFound(w, r)
		return
	}
	in := s.loggedIn(r)
	v := s.st.Variants()
	if !in && v.Public403 {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<!DOCTYPE html><html lang=\"en\"><head><title>Access Denied</title></head><body><h1>Access Denied</h1></body></html>"))
		return
	}
	if !in && v.PublicWall {
		http.Redirect(w, r, loginPath+"?redirect_url="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
		return
	}
	if len(segs) == 3 && segs[1] == "video" {
		s.videoPage(w, r, a, segs[2], in)
		return
	}
	if len(segs) != 1 {
		s.notFound(w, r)
		return
	}
	pv := profileView{Owner: in, Private: a.Settings[FactPrivate] == audit.On, A: a,
		Following: len(a.Following), Followers: len(a.Followers), Likes: "48.2K",
		Nameless: v.NamelessFollowers, LFollow: s.st.L("Following"), LFollower: s.st.L("Followers")}
	pv.ShowList = in || !pv.Private
	s.render(w, r, http.StatusOK, "profile", a.Nickname+" (@"+a.Handle+") | TikTok", pv)
}

func (s *Site) videoPage(w http.ResponseWriter, r *http.Request, a Account, id string, in bool) {
	if !in && a.Settings[FactPrivate] == audit.On {
		s.notFound(w, r)
		return
	}
	for _, vd := range a.Videos {
		if vd.ID == id {
			s.render(w, r, http.StatusOK, "video", vd.Caption+" | TikTok", struct {
				A Account
				V Video
			}{a, vd})
			return
		}
	}
	s.notFound(w, r)
}

// ---- JSON the page fetches ----

type apiUser struct {
	User struct {
		ID          string `json:"id"`
		UniqueID    string `json:"uniqueId"`
		Nickname    string `json:"nickname"`
		AvatarThumb string `json:"avatarThumb"`
		SecUID      string `json:"secUid"`
	} `json:"user"`
	Stats struct {
		FollowerCount int `json:"followerCount"`
	} `json:"stats"`
}

// userList serves /api/user/list/: scene 67 followers, 21 following,
// minCursor the offset of the page; status_code 10222 when the viewer may
// not see the list.
func (s *Site) userList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := s.st.Account()
	if q.Get("secUid") != a.SecUID {
		replica.WriteJSON(w, map[string]any{"statusCode": 10202, "status_code": 10202, "status_msg": "User doesn't exist"})
		return
	}
	var list []Person
	switch q.Get("scene") {
	case "67":
		list = a.Followers
	case "21":
		list = a.Following
	default:
		replica.WriteJSON(w, map[string]any{"statusCode": 10201, "status_code": 10201, "status_msg": "Invalid parameters"})
		return
	}
	if !s.loggedIn(r) && (a.Settings[FactPrivate] == audit.On || (q.Get("scene") == "21" && a.Settings[FactFollowingList] == audit.AudienceOnlyMe)) {
		replica.WriteJSON(w, map[string]any{"statusCode": 10222, "status_code": 10222, "status_msg": "This list is private", "userList": []any{}})
		return
	}
	off, _ := strconv.Atoi(q.Get("minCursor"))
	if off < 0 || off > len(list) {
		off = len(list)
	}
	count, _ := strconv.Atoi(q.Get("count"))
	if count < 1 || count > 30 {
		count = 30
	}
	end := min(off+count, len(list))
	more := end < len(list)
	if s.st.Variants().ShortList && q.Get("scene") == "67" {
		// The real list sometimes ends early while the count stays.
		more = false
	}
	users := make([]apiUser, 0, end-off)
	for _, p := range list[off:end] {
		var u apiUser
		u.User.ID, u.User.UniqueID, u.User.Nickname = p.ID, p.Handle, p.Nickname
		u.User.AvatarThumb = "/avatar/" + p.ID + ".png"
		u.User.SecUID = "MS4wLjABAAAA" + p.ID
		users = append(users, u)
	}
	replica.WriteJSON(w, map[string]any{
		"statusCode": 0, "status_code": 0, "userList": users, "total": len(list),
		"hasMore": more, "minCursor": end, "maxCursor": 0,
	})
}

type apiItem struct {
	ID         string `json:"id"`
	Desc       string `json:"desc"`
	CreateTime int64  `json:"createTime"`
	Video      struct {
		Cover string `json:"cover"`
	} `json:"video"`
	Author struct {
		UniqueID string `json:"uniqueId"`
		Nickname string `json:"nickname"`
	} `json:"author"`
	Stats struct {
		PlayCount int `json:"playCount"`
	} `json:"stats"`
}

// itemList serves a profile's videos eight at a time.
func (s *Site) itemList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := s.st.Account()
	if q.Get("secUid") != a.SecUID {
		replica.WriteJSON(w, map[string]any{"statusCode": 10202, "itemList": []any{}})
		return
	}
	if !s.loggedIn(r) && a.Settings[FactPrivate] == audit.On {
		replica.WriteJSON(w, map[string]any{"statusCode": 10222, "itemList": []any{}, "hasMore": false})
		return
	}
	off, _ := strconv.Atoi(q.Get("cursor"))
	if off < 0 || off > len(a.Videos) {
		off = len(a.Videos)
	}
	end := min(off+8, len(a.Videos))
	items := make([]apiItem, 0, end-off)
	for _, v := range a.Videos[off:end] {
		var it apiItem
		it.ID, it.Desc, it.CreateTime = v.ID, v.Caption, v.Created
		it.Video.Cover = "/cover/" + v.ID + ".png"
		it.Author.UniqueID, it.Author.Nickname = a.Handle, a.Nickname
		it.Stats.PlayCount = v.Views
		items = append(items, it)
	}
	replica.WriteJSON(w, map[string]any{"statusCode": 0, "itemList": items, "cursor": strconv.Itoa(end), "hasMore": end < len(a.Videos)})
}

// ---- images ----

func (s *Site) cover(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	a := s.st.Account()
	if !ok || (!s.loggedIn(r) && a.Settings[FactPrivate] == audit.On) {
		http.NotFound(w, r)
		return
	}
	for _, v := range a.Videos {
		if v.ID == id {
			k := v.Kind
			var caption []string
			if k == replica.PhotoXRay {
				caption = []string{"HOLLINGFORD CH  WARD 4", "BED 6  " + time.Unix(v.Created, 0).UTC().Format("02/01/2006")}
			}
			replica.Images.ServePNG(w, "tiktok/cover/"+k+"/"+id, func() image.Image { return replica.Photo(k, id, caption...) })
			return
		}
	}
	http.NotFound(w, r)
}

func (s *Site) avatar(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	a := s.st.Account()
	name := ""
	if id == a.UserID {
		name = a.Nickname
	}
	for _, list := range [][]Person{a.Followers, a.Following, a.Requests} {
		for _, p := range list {
			if p.ID == id {
				name = p.Nickname
			}
		}
	}
	if !ok || name == "" {
		http.NotFound(w, r)
		return
	}
	replica.Images.ServePNG(w, "avatar/"+name, func() image.Image { return replica.Avatar(name) })
}

// views is how the grid writes a play count.
func views(n int) string {
	if n >= 1000 {
		return fmt.Sprintf("%.1fK", float64(n)/1000)
	}
	return strconv.Itoa(n)
}
