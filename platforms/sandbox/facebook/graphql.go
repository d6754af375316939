package facebook

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

// The page's script talks to /api/graphql/ the way the real site does: a
// form post with fb_api_req_friendly_name, a JSON variables field and, for
// changes, the page's fb_dtsg token.

const friendsPageSize = 20

// apiRequest is a decoded /api/graphql/ call.
type apiRequest struct {
	Name string
	Vars map[string]any
	Dtsg string
}

// parseAPIRequest decodes the form fields of an /api/graphql/ call.
func parseAPIRequest(name, variables, dtsg string) (apiRequest, error) {
	req := apiRequest{Name: strings.TrimSpace(name), Dtsg: dtsg, Vars: map[string]any{}}
	if req.Name == "" {
		return req, errors.New("graphql: missing fb_api_req_friendly_name")
	}
	if len(variables) > 64<<10 {
		return req, errors.New("graphql: variables too large")
	}
	if strings.TrimSpace(variables) != "" {
		if err := json.Unmarshal([]byte(variables), &req.Vars); err != nil {
			return req, fmt.Errorf("graphql: variables: %w", err)
		}
		if req.Vars == nil {
			req.Vars = map[string]any{}
		}
	}
	return req, nil
}

func (r apiRequest) str(k string) string {
	switch v := r.Vars[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

func (r apiRequest) num(k string, def int) int {
	switch v := r.Vars[k].(type) {
	case float64:
		if v >= 0 && v <= 1000 {
			return int(v)
		}
	case string:
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 1000 {
			return n
		}
	}
	return def
}

type gqlError struct {
	Message  string `json:"message"`
	Severity string `json:"severity"`
	Code     int    `json:"code,omitempty"`
}

func writeJSON(w http.ResponseWriter, v any) { replica.WriteJSON(w, v) }

func gqlFail(w http.ResponseWriter, status int, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"data": nil, "errors": []gqlError{{Message: msg, Severity: "CRITICAL", Code: code}}})
}

func (s *Site) graphql(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 128<<10)
	if err := r.ParseForm(); err != nil {
		gqlFail(w, http.StatusBadRequest, 1357004, "Sorry, something went wrong.")
		return
	}
	req, err := parseAPIRequest(r.PostForm.Get("fb_api_req_friendly_name"), r.PostForm.Get("variables"), r.PostForm.Get("fb_dtsg"))
	if err != nil {
		gqlFail(w, http.StatusBadRequest, 1357004, "Sorry, something went wrong.")
		return
	}
	ws := s.session(r)
	needLogin := func() bool {
		if ws == nil {
			gqlFail(w, http.StatusOK, 1357001, "You must log in to continue.")
			return true
		}
		return false
	}
	// A change must carry the token of the page it came from.
	needToken := func() bool {
		if needLogin() {
			return true
		}
		if subtle.ConstantTimeCompare([]byte(req.Dtsg), []byte(ws.CSRF)) != 1 {
			gqlFail(w, http.StatusOK, 1357031, "This content isn't available at the moment.")
			return true
		}
		return false
	}
	switch req.Name {
	case "ProfileCometAppCollectionListRendererPaginationQuery":
		s.apiFriends(w, req, ws != nil)
	case "FriendingCometFriendRequestsRootQuery":
		if needLogin() {
			return
		}
		var list []friendView
		for _, f := range s.fb.Account().Requests {
			fv := toFriendView(f)
			fv.Requested = relativeTime(f.Since, s.now())
			list = append(list, fv)
		}
		writeJSON(w, map[string]any{"data": map[string]any{"viewer": map[string]any{"friending_possibilities": map[string]any{"count": len(list), "edges": edges(list)}}}})
	case "CometSettingsPageQuery":
		if needLogin() {
			return
		}
		tab := req.str("tab")
		secs := sections(s.fb.Layout(), tab)
		if secs == nil {
			gqlFail(w, http.StatusOK, 1675030, "This page isn't available at the moment.")
			return
		}
		rows := s.fb.settingRows(tab)
		writeJSON(w, map[string]any{"data": map[string]any{"viewer": map[string]any{"settings": map[string]any{"tab": tab, "sections": secs, "rows": rows}}}})
	case "CometPrivacySettingUpdateMutation":
		if needToken() {
			return
		}
		row, confirm, ok := s.fb.saveSetting(req.str("setting"), req.str("value"), req.str("confirmed") == "true")
		if !ok {
			gqlFail(w, http.StatusOK, 1675012, "Your change couldn't be saved. Please try again.")
			return
		}
		upd := map[string]any{"setting": row}
		if confirm != "" {
			upd["confirmation"] = map[string]any{"title": confirm, "body": "For your security, please re-enter your password to continue."}
		}
		writeJSON(w, map[string]any{"data": map[string]any{"privacy_setting_update": upd}})
	case "AccountsCenterPasswordAndSecurityQuery":
		if needLogin() {
			return
		}
		c, ok := s.acContent(req.str("page"), req.str("account_id"))
		if !ok || s.fb.Layout() != Layout2026 {
			gqlFail(w, http.StatusOK, 1675030, "This content isn't available at the moment.")
			return
		}
		writeJSON(w, map[string]any{"data": map[string]any{"xfb_password_and_security": c}})
	case "AccountsCenterSettingUpdateMutation":
		if needToken() {
			return
		}
		if req.str("account_id") != s.fb.Account().UserID || !s.acUpdate(req.str("page"), req.str("setting"), req.str("value") == "ON") {
			gqlFail(w, http.StatusOK, 1675012, "Your change couldn't be saved. Please try again.")
			return
		}
		c, _ := s.acContent(req.str("page"), req.str("account_id"))
		writeJSON(w, map[string]any{"data": map[string]any{"xfb_password_and_security": c}})
	case "CometSessionLogoutMutation":
		if needToken() {
			return
		}
		ok := s.fb.LogOutSession(req.str("session_id"))
		writeJSON(w, map[string]any{"data": map[string]any{"session_logout": map[string]any{"success": ok}}})
	case "FriendingCometFriendRequestConfirmMutation", "FriendingCometFriendRequestDeleteMutation":
		if needToken() {
			return
		}
		ok := s.fb.AnswerRequest(req.str("friend_requester_id"), req.Name == "FriendingCometFriendRequestConfirmMutation")
		writeJSON(w, map[string]any{"data": map[string]any{"friend_request_respond": map[string]any{"success": ok}}})
	case "FriendingCometUnfriendMutation":
		if needToken() {
			return
		}
		ok := s.fb.RemoveFriend(req.str("unfriended_user_id"))
		writeJSON(w, map[string]any{"data": map[string]any{"unfriend": map[string]any{"success": ok}}})
	case "CometPostAudienceMutation":
		if needToken() {
			return
		}
		err := s.fb.SetPostAudience(req.str("post_id"), strings.ToLower(req.str("audience")))
		writeJSON(w, map[string]any{"data": map[string]any{"post_privacy_update": map[string]any{"success": err == nil}}})
	case "CometPostDeleteMutation":
		if needToken() {
			return
		}
		ok := s.fb.DeletePost(req.str("post_id"))
		writeJSON(w, map[string]any{"data": map[string]any{"post_delete": map[string]any{"success": ok}}})
	case "CookieConsentMutation":
		http.SetCookie(w, &http.Cookie{Name: "cookie_consent", Value: strings.ToLower(req.str("choice")), Path: "/", MaxAge: 180 * 24 * 3600, SameSite: http.SameSiteLaxMode})
		writeJSON(w, map[string]any{"data": map[string]any{"cookie_consent": map[string]any{"success": true}}})
	default:
		gqlFail(w, http.StatusOK, 1675002, "Unknown query.")
	}
}

func edges(list []friendView) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, f := range list {
		out = append(out, map[string]any{"node": f})
	}
	return out
}

// apiFriends serves one page of a profile's friends list. A stranger gets
// the list only when the owner shows it to the Public.
func (s *Site) apiFriends(w http.ResponseWriter, req apiRequest, loggedIn bool) {
	a := s.fb.Account()
	id := req.str("id")
	if id != a.UserID && !strings.EqualFold(id, a.Username) {
		// Friends' own lists are private in the replica.
		writeJSON(w, friendsPayload(nil, 0, 0, 0))
		return
	}
	if !loggedIn && a.Settings[FactFriendsList] != audit.AudiencePublic {
		gqlFail(w, http.StatusOK, 1357001, "This content isn't available at the moment.")
		return
	}
	friends := a.Friends
	if n := s.fb.friendsLimitNow(); n > 0 && n < len(friends) {
		// A valid-looking list that ends early: the page's count still
		// says how many there are.
		friends = friends[:n]
	}
	page, err := replica.Paginate(friends, req.str("cursor"), req.num("count", friendsPageSize), friendsPageSize, 50)
	if err != nil {
		gqlFail(w, http.StatusOK, 1675004, "Sorry, something went wrong.")
		return
	}
	var list []friendView
	for _, f := range page.Items {
		list = append(list, toFriendView(f))
	}
	writeJSON(w, friendsPayload(list, page.Offset, page.End, page.Total))
}

func friendsPayload(list []friendView, off, end, total int) map[string]any {
	pe := make([]map[string]any, 0, len(list))
	for i, f := range list {
		pe = append(pe, map[string]any{"node": f, "cursor": replica.EncodeCursor(off + i + 1)})
	}
	return map[string]any{"data": map[string]any{"node": map[string]any{"__typename": "User", "friends": map[string]any{
		"count": total,
		"edges": pe,
		"page_info": map[string]any{
			"has_next_page": end < total,
			"end_cursor":    replica.EncodeCursor(end),
		},
	}}}}
}
