package whatsapp

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

type fieldResult struct {
	Found bool   `json:"found"`
	Text  string `json:"text"`
}

// postID is a stable ID for a text WhatsApp gives no ID for.
func postID(kind, text string) string {
	h := fnv.New64a()
	h.Write([]byte(kind + "\x00" + text))
	return fmt.Sprintf("%s-%x", kind, h.Sum64())
}

// readAbout reads the About text on the profile drawer, for the scanner:
// it is shown to whoever the About setting allows.
func (a *auditor) readAbout(ctx context.Context) ([]audit.Post, error) {
	ok, _, err := a.openDrawer(ctx, a.c.Profile.Open)
	if err != nil || !ok {
		return nil, err
	}
	a.s.Settle(ctx, a.s.Tab(), a.c.Profile.About)
	res, err := page.Call[fieldResult](ctx, a.s, a.s.Tab(), "reading your About text", "fieldText", map[string]any{"labels": a.c.Profile.About})
	if err != nil || !res.Found || strings.TrimSpace(res.Text) == "" {
		return nil, err
	}
	p := audit.Post{Platform: audit.WhatsApp, ID: postID("about", res.Text), Text: res.Text, Source: audit.SourceSettings}
	if f, ok := a.s.Snap.Fact("whatsapp.about"); ok {
		p.Audience = f.Value
	}
	return []audit.Post{p}, nil
}

type statusResult struct {
	Found bool       `json:"found"`
	Items [][]string `json:"items"`
}

// readStatusUpdates reads the doctor's own status updates (not other
// people's: viewing those tells their authors).
func (a *auditor) readStatusUpdates(ctx context.Context) ([]audit.Post, error) {
	ok, _, err := a.openDrawer(ctx, a.c.StatusUpdates.Open)
	if err != nil || !ok {
		return nil, err
	}
	a.s.Settle(ctx, a.s.Tab(), a.c.StatusUpdates.Mine)
	res, err := page.Call[statusResult](ctx, a.s, a.s.Tab(), "reading your status updates", "statusList", map[string]any{"mine": a.c.StatusUpdates.Mine})
	if err != nil || !res.Found {
		return nil, err
	}
	aud := ""
	if f, ok := a.s.Snap.Fact("whatsapp.status"); ok {
		aud = f.Value
	}
	return statusPosts(res.Items, aud), nil
}

// statusPosts turns status list items (text lines, the time last) into
// posts.
func statusPosts(items [][]string, audience string) []audit.Post {
	var out []audit.Post
	for _, lines := range items {
		var text []string
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				text = append(text, l)
			}
		}
		if len(text) > 1 {
			text = text[:len(text)-1] // the time it was posted
		}
		t := strings.Join(text, "\n")
		if t == "" {
			continue
		}
		out = append(out, audit.Post{Platform: audit.WhatsApp, ID: postID("status", t), Text: t, Audience: audience, Source: audit.SourceSettings})
	}
	return out
}

type chatRow struct {
	I    int    `json:"i"`
	Name string `json:"name"`
}

type chatRows struct {
	Found bool      `json:"found"`
	Count int       `json:"count"`
	Rows  []chatRow `json:"rows"`
	Busy  bool      `json:"busy"`
}

// chatList is a list read in full, or why not.
type chatList struct {
	Names []string
	Why   string
}

// readList scrolls the chat list to its end, collecting rows as they come
// (the real list draws only the rows in view), until it stops growing, and
// holds what it collected to the count the list declares.
func (a *auditor) readList(ctx context.Context, what string) (chatList, error) {
	s, q := a.s, map[string]any{"chatList": a.c.App.ChatList}
	byIndex := map[int]string{}
	var order []int
	stalls := 0
	last := chatRows{}
	for round := 0; round < 400; round++ {
		res, err := page.Call[chatRows](ctx, s, s.Tab(), "reading "+what, "chatRows", q)
		if err != nil {
			return chatList{}, err
		}
		if !res.Found {
			return chatList{Why: "the chat list was not found"}, nil
		}
		grew := false
		for _, r := range res.Rows {
			if r.Name == "" {
				continue
			}
			if _, ok := byIndex[r.I]; !ok {
				byIndex[r.I] = r.Name
				order = append(order, r.I)
				grew = true
			}
		}
		last = res
		if a.c.Chats.Max > 0 && len(order) >= a.c.Chats.Max {
			break
		}
		if !grew && !res.Busy && res.Count >= 0 && len(order) >= res.Count {
			break
		}
		if !grew && !res.Busy {
			stalls++
			if stalls > 3 {
				break
			}
		} else {
			stalls = 0
		}
		if _, err := page.Call[bool](ctx, s, s.Tab(), "loading more of "+what, "scrollChats", q); err != nil {
			return chatList{}, err
		}
		if _, err := page.Call[growth](ctx, s, s.Tab(), "loading more of "+what, "waitGrowth",
			map[string]any{"css": "[role=grid] [role=row]", "before": len(res.Rows), "idle": 150, "max": 3000}); err != nil {
			return chatList{}, err
		}
	}
	names := make([]string, 0, len(order))
	for _, i := range order {
		names = append(names, byIndex[i])
	}
	if last.Count < 0 {
		return chatList{Names: names, Why: "the chat list does not say how many chats it holds, so it cannot be shown to have been read in full"}, nil
	}
	if len(names) < last.Count && (a.c.Chats.Max == 0 || len(names) < a.c.Chats.Max) {
		return chatList{Names: names, Why: fmt.Sprintf("the %s showed %d of the %d chats it counts, so it was not read in full", what, len(names), last.Count)}, nil
	}
	return chatList{Names: names}, nil
}

type growth struct {
	N    int  `json:"n"`
	Busy bool `json:"busy"`
}

// filter clicks a chat list filter (All, Groups) and waits for the list
// to be drawn again.
func (a *auditor) filter(ctx context.Context, names []string) (bool, error) {
	ok, err := page.Call[bool](ctx, a.s, a.s.Tab(), "filtering the chat list", "press",
		map[string]any{"names": names, "by": "text", "origin": a.s.Acct.Origin})
	if err != nil || !ok {
		return false, err
	}
	_, err = page.Call[growth](ctx, a.s, a.s.Tab(), "filtering the chat list", "waitGrowth",
		map[string]any{"css": "[role=grid] [role=row]", "before": -1, "idle": 250, "max": 3000})
	return true, err
}

// readChats reads every chat, then the groups among them: people are the
// doctor's contacts (for the patient matcher), groups are counted and
// their names looked at for a clinical team's chat. Group names stay in
// this process: the facts hold only counts.
func (a *auditor) readChats(ctx context.Context) error {
	s := a.s
	ids := []string{factConnections, factGroupChats, factClinicalGroups}
	miss := func(why string) {
		for _, id := range ids {
			s.Missing(id, why)
		}
	}
	loc, err := s.Tab().Location(ctx)
	if err != nil {
		return err
	}
	if ok, err := a.filter(ctx, a.c.Chats.All); err != nil {
		return err
	} else if !ok {
		miss(fmt.Sprintf("the chat list's %q filter was not found", a.c.Chats.All[0]))
		return nil
	}
	all, err := a.readList(ctx, "chat list")
	if err != nil {
		return err
	}
	if all.Why != "" {
		miss(all.Why)
		return nil
	}
	if ok, err := a.filter(ctx, a.c.Chats.Groups); err != nil {
		return err
	} else if !ok {
		miss(fmt.Sprintf("the chat list's %q filter was not found, so groups could not be told from people", a.c.Chats.Groups[0]))
		return nil
	}
	groups, err := a.readList(ctx, "list of groups")
	if err != nil {
		return err
	}
	if groups.Why != "" {
		miss(groups.Why)
		return nil
	}
	isGroup := map[string]int{}
	for _, g := range groups.Names {
		isGroup[g]++
	}
	var people []string
	for _, n := range all.Names {
		if isGroup[n] > 0 {
			isGroup[n]--
			continue
		}
		people = append(people, n)
	}
	for _, n := range people {
		s.Snap.Connections = append(s.Snap.Connections, audit.Connection{Platform: audit.WhatsApp, Kind: "contact", Name: n, Mutual: -1})
	}
	clinical := ClinicalGroups(groups.Names, a.c.Chats.ClinicalWords)
	shot := s.Screenshot(ctx, s.Tab(), browser.Rect{}, factGroupChats)
	np, ng := fmt.Sprint(len(people)), fmt.Sprint(len(groups.Names))
	s.Set(audit.Fact{ID: factConnections, Value: np, Raw: np + " people", Source: audit.SourceSettings, URL: loc,
		Evidence: fmt.Sprintf("Chat list: %d chats with people read (of %d chats)", len(people), len(all.Names))})
	s.Set(audit.Fact{ID: factGroupChats, Value: ng, Raw: ng + " groups", Source: audit.SourceSettings, URL: loc,
		Evidence: fmt.Sprintf("Chat list, Groups: %d groups read", len(groups.Names)), Screenshot: shot})
	v, raw := "none", "no group name suggests a clinical team chat"
	if clinical > 0 {
		v, raw = "some", fmt.Sprintf("%d of %d group names suggest a clinical team chat", clinical, len(groups.Names))
	}
	s.Set(audit.Fact{ID: factClinicalGroups, Value: v, Raw: raw, Source: audit.SourceSettings, URL: loc,
		Evidence: "Groups by name (names are not kept): " + raw})
	return nil
}

// ClinicalGroups counts the group names holding one of words (whole
// words or phrases, case and punctuation folded) that suggest a clinical
// team's chat.
func ClinicalGroups(names, words []string) int {
	n := 0
	for _, name := range names {
		if clinicalName(name, words) {
			n++
		}
	}
	return n
}

func clinicalName(name string, words []string) bool {
	t := " " + fold(name) + " "
	for _, w := range words {
		if f := fold(w); f != "" && strings.Contains(t, " "+f+" ") {
			return true
		}
	}
	return false
}

// fold lower-cases and keeps letters, digits and "&" (A&E) as words.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '&' || r > 127 && !isSpaceOrPunct(r))
	}), " ")
}

func isSpaceOrPunct(r rune) bool {
	return strings.ContainsRune(" \t\n\u00a0\u2019\u2018\u201c\u201d\u2013\u2014\u2026·•", r)
}
