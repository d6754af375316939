package x

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

// gqlVars are the variables the page sends with a GraphQL list request.
type gqlVars struct {
	UserID string `json:"userId"`
	Count  int    `json:"count"`
	Cursor string `json:"cursor"`
}

// parseVars reads the variables= parameter of a GraphQL request.
func parseVars(raw string) (gqlVars, error) {
	var v gqlVars
	if raw == "" || len(raw) > 4096 {
		return v, errors.New("variables: missing or too long")
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return v, fmt.Errorf("variables: %w", err)
	}
	if v.UserID == "" || strings.Trim(v.UserID, "0123456789") != "" {
		return v, errors.New("variables: bad userId")
	}
	return v, nil
}

// endCursor marks the last page: a bottom cursor starting "0|".
func endCursor(now time.Time) string { return "0|" + strconv.FormatInt(now.UnixMilli(), 10) }

func (s *Site) graphql(w http.ResponseWriter, r *http.Request) {
	op, qid := r.PathValue("op"), r.PathValue("qid")
	if want, ok := s.qids[op]; !ok || want != qid {
		// A stale or made-up query ID: the real API answers 404 with no body.
		w.WriteHeader(http.StatusNotFound)
		return
	}
	a := s.st.Account()
	guest := s.auth.Get(r) == nil
	if !(guest && op == "UserTweets" && a.Settings[FactProtected] != audit.On) && !s.apiAuth(w, r) {
		return
	}
	v, err := parseVars(r.URL.Query().Get("variables"))
	if err != nil {
		replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{{"message": err.Error(), "code": 214}}})
		return
	}
	if v.UserID != a.UserID {
		replica.WriteJSON(w, map[string]any{"data": map[string]any{"user": map[string]any{}}})
		return
	}
	s.st.mu.RLock()
	drop := s.st.drop
	s.st.mu.RUnlock()
	if i := strings.LastIndex(v.Cursor, "|"); i >= 0 {
		v.Cursor = v.Cursor[i+1:]
	}
	var entries []any
	var bottom string
	switch op {
	case "Followers", "Following", "BlueVerifiedFollowers":
		people := a.Followers
		switch op {
		case "Following":
			people = a.Following
		case "BlueVerifiedFollowers":
			people = nil
		}
		if drop > 0 {
			people = people[:max(0, len(people)-drop)]
		}
		pg, err := replica.Paginate(people, v.Cursor, v.Count, 20, 50)
		if err != nil {
			replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{{"message": "Bad cursor", "code": 214}}})
			return
		}
		for _, p := range pg.Items {
			entries = append(entries, userEntry(p))
		}
		bottom = endCursor(s.now())
		if pg.HasNext() {
			bottom = strconv.FormatInt(int64(pg.End)*7919+1700000000000000000, 10) + "|" + pg.NextCursor()
		}
	case "UserTweets":
		pg, err := replica.Paginate(a.Posts, v.Cursor, v.Count, 20, 40)
		if err != nil {
			replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{{"message": "Bad cursor", "code": 214}}})
			return
		}
		for _, p := range pg.Items {
			entries = append(entries, tweetEntry(a, p))
		}
		bottom = endCursor(s.now())
		if pg.HasNext() {
			bottom = pg.NextCursor()
		}
	default:
		replica.WriteJSON(w, map[string]any{"data": map[string]any{}})
		return
	}
	// Cursors carry the replica's offset after the "|" (or alone).
	entries = append(entries,
		map[string]any{"entryId": "cursor-top-" + strconv.FormatInt(s.now().UnixMilli(), 10), "sortIndex": "1", "content": map[string]any{"entryType": "TimelineTimelineCursor", "__typename": "TimelineTimelineCursor", "value": "-1|" + strconv.FormatInt(s.now().UnixMilli(), 10), "cursorType": "Top"}},
		map[string]any{"entryId": "cursor-bottom-" + strconv.FormatInt(s.now().UnixMilli(), 10), "sortIndex": "0", "content": map[string]any{"entryType": "TimelineTimelineCursor", "__typename": "TimelineTimelineCursor", "value": bottom, "cursorType": "Bottom"}})
	replica.WriteJSON(w, map[string]any{"data": map[string]any{"user": map[string]any{"result": map[string]any{
		"__typename": "User",
		"timeline": map[string]any{"timeline": map[string]any{"instructions": []any{
			map[string]any{"type": "TimelineClearCache"},
			map[string]any{"type": "TimelineAddEntries", "entries": entries},
		}}},
	}}}})
}

// userResult is a user as the GraphQL API returns it since December 2025:
// names under core, counts under legacy.
func userResult(p Person) map[string]any {
	return map[string]any{
		"__typename": "User", "id": "VXNlcjo" + p.ID, "rest_id": p.ID,
		"core":     map[string]any{"name": p.Name, "screen_name": p.Handle, "created_at": "Tue Mar 15 09:00:00 +0000 2016"},
		"legacy":   map[string]any{"description": p.Bio, "followers_count": len(p.Name) * 7, "friends_count": len(p.Handle) * 11, "default_profile": true},
		"location": map[string]any{"location": p.Location},
		"privacy":  map[string]any{"protected": false},
	}
}

func userEntry(p Person) map[string]any {
	return map[string]any{"entryId": "user-" + p.ID, "sortIndex": p.ID, "content": map[string]any{
		"entryType": "TimelineTimelineItem", "__typename": "TimelineTimelineItem",
		"itemContent": map[string]any{"itemType": "TimelineUser", "__typename": "TimelineUser", "user_results": map[string]any{"result": userResult(p)}, "userDisplayType": "User"},
	}}
}

func tweetEntry(a Account, p Post) map[string]any {
	legacy := map[string]any{
		"created_at": p.At.UTC().Format(time.RubyDate), "full_text": p.Text, "id_str": p.ID, "user_id_str": a.UserID,
		"reply_count": len(p.Text) % 7, "favorite_count": len(p.Text) % 31, "lang": "en",
		"entities": map[string]any{"hashtags": []any{}, "urls": []any{}, "user_mentions": []any{}},
	}
	if p.Place != "" {
		legacy["place"] = map[string]any{"full_name": p.Place, "place_type": "poi"}
	}
	return map[string]any{"entryId": "tweet-" + p.ID, "sortIndex": p.ID, "content": map[string]any{
		"entryType": "TimelineTimelineItem", "__typename": "TimelineTimelineItem",
		"itemContent": map[string]any{"itemType": "TimelineTweet", "__typename": "TimelineTweet", "tweet_results": map[string]any{"result": map[string]any{
			"__typename": "Tweet", "rest_id": p.ID,
			"core":   map[string]any{"user_results": map[string]any{"result": userResult(Person{ID: a.UserID, Handle: a.Handle, Name: a.DisplayName})}},
			"legacy": legacy,
		}}},
	}}
}

// incoming is the REST list of pending follower requests, a page at a
// time; its last page's next_cursor_str is "0".
func (s *Site) incoming(w http.ResponseWriter, r *http.Request) {
	if !s.apiAuth(w, r) {
		return
	}
	a := s.st.Account()
	q := r.URL.Query()
	cur := q.Get("cursor")
	if cur == "-1" {
		cur = ""
	}
	n, _ := strconv.Atoi(q.Get("count"))
	pg, err := replica.Paginate(a.Requests, cur, n, 20, 100)
	if err != nil {
		replica.WriteJSONStatus(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{{"code": 44, "message": "cursor parameter is invalid"}}})
		return
	}
	users := []any{}
	ids := []string{}
	for _, p := range pg.Items {
		ids = append(ids, p.ID)
		users = append(users, map[string]any{"id_str": p.ID, "name": p.Name, "screen_name": p.Handle, "location": p.Location, "description": p.Bio, "protected": false})
	}
	next := "0"
	if pg.HasNext() {
		next = pg.NextCursor()
	}
	replica.WriteJSON(w, map[string]any{"ids": ids, "users": users, "next_cursor_str": next, "previous_cursor_str": "0"})
}

// accountSettingsGet is the state the web client reads.
func (s *Site) accountSettingsGet(w http.ResponseWriter, r *http.Request) {
	if !s.apiAuth(w, r) {
		return
	}
	a := s.st.Account()
	tag := map[string]string{audit.Off: "none", photoTaggingAll: "all", photoTaggingFollow: "following"}[a.Settings[FactPhotoTagging]]
	replica.WriteJSON(w, map[string]any{
		"screen_name": a.Handle, "protected": a.Settings[FactProtected] == audit.On,
		"discoverable_by_email": a.Settings[FactDiscoverEmail] == audit.On, "discoverable_by_mobile_phone": a.Settings[FactDiscoverPhone] == audit.On,
		"geo_enabled": a.Settings[FactLocation] == audit.On, "allow_media_tagging": tag,
		"allow_dms_from": map[string]string{audit.AudienceNobody: "following", "verified": "verified", audit.AudienceEveryone: "all"}[a.Settings[FactDMRequests]],
		"language":       "en",
	})
}

// accountSettingsPost is the page saving a change on click.
func (s *Site) accountSettingsPost(w http.ResponseWriter, r *http.Request) {
	if !s.apiAuth(w, r) {
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	for fact, key := range apiKeys {
		v, ok := r.PostForm[key]
		if !ok || len(v) == 0 {
			continue
		}
		switch {
		case fact == FactDMRequests:
			_ = s.st.Set(fact, v[0])
		case fact == FactPhotoTagging && (v[0] == "all" || v[0] == "following"):
			_ = s.st.Set(fact, map[string]string{"all": photoTaggingAll, "following": photoTaggingFollow}[v[0]])
		default:
			s.st.setSwitch(fact, v[0] == "true")
		}
	}
	s.accountSettingsGet(w, r)
}
