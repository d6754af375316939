package whatsapp

import (
	"net/http"
	"strconv"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

func (s *Site) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.root)
	m.HandleFunc("GET /qr.png", s.qrImage)
	m.HandleFunc("GET /favicon.ico", s.favicon)
	m.HandleFunc("GET /img/avatar/{id}", s.avatar)
	m.HandleFunc("POST /api/link/ref", s.linkRef)
	m.HandleFunc("GET /api/link/poll", s.linkPoll)
	m.HandleFunc("POST /_sandbox/phone/scan", s.phoneScan)
	m.HandleFunc("GET /api/me", s.api(s.me))
	m.HandleFunc("GET /api/privacy", s.api(s.privacy))
	m.HandleFunc("GET /api/privacy/{panel}", s.api(s.privacyPanel))
	m.HandleFunc("GET /api/chats", s.api(s.chatsPage))
	m.HandleFunc("GET /api/status/mine", s.api(s.myStatus))
	m.HandleFunc("POST /api/takeover", s.api(func(w http.ResponseWriter, r *http.Request) {
		s.st.takeOver()
		replica.WriteJSON(w, map[string]bool{"ok": true})
	}))
	m.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		if s.ui.ServeAsset(w, r) {
			return
		}
		// The real site sends every other path back to the app.
		http.Redirect(w, r, "/", http.StatusFound)
	})
}

// pageData is what the page templates get.
type pageData struct {
	Title   string
	Ref     string
	Variant string
	Other   bool
	Me      Account
	Names   map[string]string // control -> aria-label ("" once unnamed)
	Words   map[string]string // control -> visible words
	JS      map[string]string // names and words the page script draws
}

func (s *Site) root(w http.ResponseWriter, r *http.Request) {
	if s.linked(r) == nil {
		s.ui.Render(w, http.StatusOK, "landing", pageData{Title: "WhatsApp", Ref: s.phone.newRef()})
		return
	}
	d := pageData{Title: "WhatsApp", Variant: s.st.Variant(), Other: s.st.inOtherWindow(), Me: s.st.Account(),
		Names: map[string]string{}, Words: map[string]string{}}
	for _, n := range controlNames {
		d.Names[n] = s.st.ariaName(n)
		d.Words[n] = s.st.label(n)
	}
	d.JS = map[string]string{
		"back": d.Names["Back"], "settingsWords": d.Words["Settings"], "privacyWords": d.Words["Privacy"],
		"privacy": d.Names["Privacy"], "profileWords": d.Words["Profile"], "statusWords": d.Words["Status"],
	}
	s.ui.Render(w, http.StatusOK, "app", d)
}

// linkRef is a fresh code for the QR when the last one timed out.
func (s *Site) linkRef(w http.ResponseWriter, r *http.Request) {
	replica.WriteJSON(w, map[string]string{"ref": s.phone.newRef()})
}

// linkPoll is the page asking whether its code was scanned; once it was,
// the browser is linked (its session cookie set) and the page reloads.
func (s *Site) linkPoll(w http.ResponseWriter, r *http.Request) {
	st := s.phone.state(r.URL.Query().Get("ref"))
	if st == "linked" {
		ws := s.auth.Start(w)
		s.phone.remember(ws.CSRF)
	}
	replica.WriteJSON(w, map[string]string{"state": st})
}

// phoneScan stands in for the phone pointed at the screen.
func (s *Site) phoneScan(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || !s.phone.Scan(r.PostForm.Get("ref")) {
		http.Error(w, "no such code on screen", http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// api serves h to a linked browser; others get what the real site's
// socket gives a browser that is not linked: nothing.
func (s *Site) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.linked(r) == nil {
			replica.WriteJSONStatus(w, http.StatusUnauthorized, map[string]string{"error": "not linked"})
			return
		}
		h(w, r)
	}
}

func (s *Site) me(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	replica.WriteJSON(w, map[string]string{"name": a.Name, "about": a.About, "phone": a.Phone})
}

type rowJSON struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Value   string `json:"value,omitempty"`
	Help    string `json:"help,omitempty"`
	Kind    string `json:"kind"`
	Checked bool   `json:"checked,omitempty"`
	Opens   string `json:"opens,omitempty"`
}

type sectionJSON struct {
	Title string    `json:"title,omitempty"`
	Rows  []rowJSON `json:"rows"`
}

var privacySections = []string{"Who can see my personal info", "Disappearing messages", ""}

func (s *Site) privacy(w http.ResponseWriter, r *http.Request) {
	a := s.st.Account()
	var out []sectionJSON
	for _, title := range privacySections {
		sec := sectionJSON{Title: title}
		for _, d := range settingDefs {
			if d.Panel != panelPrivacy || d.Section != title {
				continue
			}
			v := a.Settings[d.Fact]
			row := rowJSON{Key: d.Fact, Label: s.st.label(d.Label), Help: d.Help, Kind: d.Kind, Opens: d.Opens}
			if d.Kind == kindToggle {
				row.Checked = v == audit.On
			} else {
				row.Value = words[v]
			}
			sec.Rows = append(sec.Rows, row)
			if d.Fact == FactAbout {
				// The status row sits after About, as on the phone.
				sec.Rows = append(sec.Rows, rowJSON{Key: "status", Label: s.st.label("Status"), Kind: kindLink, Opens: panelStatus})
			}
		}
		for _, x := range extraRows {
			if x.Section == title && x.Label != "Status" {
				sec.Rows = append(sec.Rows, rowJSON{Key: x.Label, Label: s.st.label(x.Label), Value: x.Value, Kind: kindLink, Opens: x.Opens})
			}
		}
		out = append(out, sec)
	}
	replica.WriteJSON(w, map[string]any{"title": s.st.label("Privacy"), "sections": out})
}

type optionJSON struct {
	Text    string `json:"text"`
	Checked bool   `json:"checked"`
}

type groupJSON struct {
	Label   string       `json:"label"`
	Options []optionJSON `json:"options"`
}

var panelTitles = map[string]string{
	panelLastSeen: "Last seen and online",
	panelStatus:   "Status privacy",
	panelCalls:    "Calls",
	panelAdvanced: "Advanced",
}

func (s *Site) privacyPanel(w http.ResponseWriter, r *http.Request) {
	panel := r.PathValue("panel")
	title, ok := panelTitles[panel]
	if !ok {
		replica.WriteJSONStatus(w, http.StatusNotFound, map[string]string{"error": "no such panel"})
		return
	}
	a := s.st.Account()
	var groups []groupJSON
	var toggles []rowJSON
	radio := func(label string, options []string, v string) groupJSON {
		g := groupJSON{Label: s.st.label(label)}
		for _, o := range options {
			g.Options = append(g.Options, optionJSON{Text: words[o], Checked: o == v})
		}
		return g
	}
	if panel == panelLastSeen {
		groups = append(groups, radio("Who can see my last seen", audiences, a.Settings[FactLastSeen]))
	}
	for _, d := range settingDefs {
		if d.Panel != panel {
			continue
		}
		switch d.Kind {
		case kindRadio:
			groups = append(groups, radio(d.Label, d.Options, a.Settings[d.Fact]))
		case kindToggle:
			toggles = append(toggles, rowJSON{Key: d.Fact, Label: s.st.label(d.Label), Help: d.Help, Kind: kindToggle, Checked: a.Settings[d.Fact] == audit.On})
		}
	}
	note := ""
	if panel == panelLastSeen {
		note = "If you don't share your last seen and online, you won't be able to see other people's last seen and online."
	}
	replica.WriteJSON(w, map[string]any{"title": s.st.label(title), "groups": groups, "toggles": toggles, "note": note})
}

type chatJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Group   bool   `json:"group"`
	Preview string `json:"preview"`
	Time    string `json:"time"`
	Unread  int    `json:"unread,omitempty"`
}

// chatsPage is one page of the chat list. The grid counts every chat
// (aria-rowcount) from the first page on, as the real one does.
func (s *Site) chatsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	chats := s.st.chats(q.Get("filter"))
	total := len(chats)
	s.st.mu.RLock()
	short := s.st.shortList
	s.st.mu.RUnlock()
	if short && len(chats) > 5 {
		chats = chats[:len(chats)-5]
	}
	n, _ := strconv.Atoi(q.Get("count"))
	pg, err := replica.Paginate(chats, q.Get("cursor"), n, defaultChatsPageSize, 50)
	if err != nil {
		replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	out := make([]chatJSON, 0, len(pg.Items))
	for _, c := range pg.Items {
		out = append(out, chatJSON{ID: c.ID, Name: c.Name, Group: c.Group, Preview: c.Preview, Time: c.Time, Unread: c.Unread})
	}
	next := ""
	if pg.HasNext() {
		next = pg.NextCursor()
	}
	replica.WriteJSON(w, map[string]any{"chats": out, "cursor": next, "total": total})
}

func (s *Site) myStatus(w http.ResponseWriter, r *http.Request) {
	replica.WriteJSON(w, map[string]any{"updates": s.st.Account().Statuses})
}
