package tiktok

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// userPage is one page of /api/user/list/ as the page fetched it.
type userPage struct {
	Status  int
	Message string
	Users   []listUser
	Total   int
	HasMore bool
}

type listUser struct {
	ID       string
	Handle   string
	Nickname string
}

// Status codes of the list API.
const (
	statusOK         = 0
	statusListHidden = 10222 // the viewer may not see the list
)

// parseUserList reads one /api/user/list/ response. Both spellings of the
// status field occur; a response with neither a list nor a status is not
// one Chaperone knows.
func parseUserList(body []byte) (userPage, error) {
	var raw struct {
		StatusCode  *int   `json:"statusCode"`
		StatusCode2 *int   `json:"status_code"`
		StatusMsg   string `json:"status_msg"`
		Total       *int   `json:"total"`
		HasMore     bool   `json:"hasMore"`
		UserList    []struct {
			User struct {
				ID       json.RawMessage `json:"id"`
				UniqueID string          `json:"uniqueId"`
				Nickname string          `json:"nickname"`
			} `json:"user"`
		} `json:"userList"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return userPage{}, fmt.Errorf("the followers list answer is not JSON Chaperone knows: %w", err)
	}
	var p userPage
	switch {
	case raw.StatusCode != nil:
		p.Status = *raw.StatusCode
	case raw.StatusCode2 != nil:
		p.Status = *raw.StatusCode2
	case raw.UserList == nil:
		return userPage{}, errors.New("the followers list answer has neither a list nor a status")
	}
	p.Message = raw.StatusMsg
	if p.Status != statusOK {
		return p, nil
	}
	if raw.Total == nil {
		return userPage{}, errors.New("the followers list answer gives no total")
	}
	p.Total, p.HasMore = *raw.Total, raw.HasMore
	for _, u := range raw.UserList {
		id := strings.Trim(string(u.User.ID), `"`)
		if u.User.UniqueID == "" && id == "" {
			return userPage{}, errors.New("the followers list answer has an entry with no account")
		}
		p.Users = append(p.Users, listUser{ID: id, Handle: u.User.UniqueID, Nickname: u.User.Nickname})
	}
	return p, nil
}

// captionFromAlt is a video's caption from its cover's description,
// which the site writes as "<caption> created by <name> with <sound>".
func captionFromAlt(alt string) string {
	alt = strings.TrimSpace(alt)
	if i := strings.LastIndex(alt, " created by "); i >= 0 {
		return strings.TrimSpace(alt[:i])
	}
	return alt
}

// timeFromID is when a video was posted: TikTok's IDs carry the Unix
// time in their top 32 bits. It is zero for an ID that does not.
func timeFromID(id string) time.Time {
	n, err := strconv.ParseUint(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return time.Time{}
	}
	sec := int64(n >> 32)
	// TikTok began in 2016; anything outside 2016..2100 is not a time.
	if sec < 1451606400 || sec > 4102444800 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// parseCount reads a count as the profile writes it: "87", "1,204",
// "1.2K", "3M". approx is set when it is rounded.
func parseCount(s string) (n int, approx, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "K"):
		mult, approx = 1e3, true
	case strings.HasSuffix(s, "M"):
		mult, approx = 1e6, true
	case strings.HasSuffix(s, "B"):
		mult, approx = 1e9, true
	}
	if approx {
		s = strings.TrimSpace(s[:len(s)-1])
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 || f > 1e4 || strings.ContainsAny(s, "eE+-") {
			return 0, false, false
		}
		return int(f * mult), true, true
	}
	s = strings.ReplaceAll(s, ",", "")
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || strings.HasPrefix(s, "+") {
		return 0, false, false
	}
	return v, false, true
}
