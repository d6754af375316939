package x

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The lists come from the JSON the page fetched. Timelines (Followers,
// Following, UserTweets) are GraphQL: instructions of entries, each a user
// or a post, with a Bottom cursor; since December 2025 names are under
// user.core (older responses have them under legacy, read too). Follower
// requests come from the REST incoming.json list.

// person is one account read from a list.
type person struct {
	ID, Handle, Name, Location, Bio string
}

// tweet is one post read from a timeline.
type tweet struct {
	ID, Text, Place string
	At              time.Time
}

// chunk is what one response held.
type chunk struct {
	People []person
	Tweets []tweet
	// Bottom is the cursor of the next page; End is set when the response
	// says no page follows (a "0|" cursor, no cursor, or no items).
	Bottom string
	End    bool
	// Skipped counts entries that were users or posts but unreadable
	// (withheld, suspended, another shape).
	Skipped int
}

type tlUser struct {
	Typename string `json:"__typename"`
	RestID   string `json:"rest_id"`
	Core     struct {
		Name       string `json:"name"`
		ScreenName string `json:"screen_name"`
	} `json:"core"`
	Legacy struct {
		Name        string `json:"name"`
		ScreenName  string `json:"screen_name"`
		Description string `json:"description"`
		Location    string `json:"location"`
	} `json:"legacy"`
	Location struct {
		Location string `json:"location"`
	} `json:"location"`
}

type tlTweet struct {
	Typename string          `json:"__typename"`
	RestID   string          `json:"rest_id"`
	Tweet    json.RawMessage `json:"tweet"` // TweetWithVisibilityResults
	Legacy   struct {
		CreatedAt string `json:"created_at"`
		FullText  string `json:"full_text"`
		Place     *struct {
			FullName string `json:"full_name"`
		} `json:"place"`
	} `json:"legacy"`
	NoteTweet struct {
		Results struct {
			Result struct {
				Text string `json:"text"`
			} `json:"result"`
		} `json:"note_tweet_results"`
	} `json:"note_tweet"`
}

type itemContent struct {
	UserResults *struct {
		Result json.RawMessage `json:"result"`
	} `json:"user_results"`
	TweetResults *struct {
		Result json.RawMessage `json:"result"`
	} `json:"tweet_results"`
}

type entry struct {
	EntryID string `json:"entryId"`
	Content struct {
		EntryType   string       `json:"entryType"`
		CursorType  string       `json:"cursorType"`
		Value       string       `json:"value"`
		ItemContent *itemContent `json:"itemContent"`
		Items       []struct {
			Item struct {
				ItemContent *itemContent `json:"itemContent"`
			} `json:"item"`
		} `json:"items"`
	} `json:"content"`
}

type instruction struct {
	Type    string  `json:"type"`
	Entries []entry `json:"entries"`
	Entry   *entry  `json:"entry"`
}

type timelineResponse struct {
	Data struct {
		User struct {
			Result *struct {
				Typename string `json:"__typename"`
				Timeline *struct {
					Timeline *struct{ Instructions []instruction }
				} `json:"timeline"`
				TimelineV2 *struct {
					Timeline *struct{ Instructions []instruction }
				} `json:"timeline_v2"`
			} `json:"result"`
		} `json:"user"`
	} `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// parseTimeline reads one GraphQL timeline response.
func parseTimeline(body []byte) (chunk, error) {
	var r timelineResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return chunk{}, fmt.Errorf("not the list's JSON: %w", err)
	}
	res := r.Data.User.Result
	if res == nil {
		if len(r.Errors) > 0 {
			return chunk{}, fmt.Errorf("the site answered with an error (%s)", clip(r.Errors[0].Message))
		}
		return chunk{}, errors.New("the response names no user")
	}
	var ins []instruction
	switch {
	case res.Timeline != nil && res.Timeline.Timeline != nil:
		ins = res.Timeline.Timeline.Instructions
	case res.TimelineV2 != nil && res.TimelineV2.Timeline != nil:
		ins = res.TimelineV2.Timeline.Instructions
	default:
		return chunk{}, errors.New("the response holds no timeline")
	}
	var p chunk
	items := 0
	add := func(ic *itemContent) {
		if ic == nil {
			return
		}
		switch {
		case ic.UserResults != nil:
			items++
			var u tlUser
			if json.Unmarshal(ic.UserResults.Result, &u) != nil || u.Typename != "User" || u.RestID == "" {
				p.Skipped++
				return
			}
			per := person{ID: u.RestID, Handle: first(u.Core.ScreenName, u.Legacy.ScreenName), Name: first(u.Core.Name, u.Legacy.Name),
				Bio: u.Legacy.Description, Location: first(u.Location.Location, u.Legacy.Location)}
			if per.Handle == "" {
				p.Skipped++
				return
			}
			p.People = append(p.People, per)
		case ic.TweetResults != nil:
			items++
			t, ok := readTweet(ic.TweetResults.Result, 0)
			if !ok {
				p.Skipped++
				return
			}
			p.Tweets = append(p.Tweets, t)
		}
	}
	sawBottom := false
	for _, in := range ins {
		es := in.Entries
		if in.Entry != nil {
			es = append(es, *in.Entry)
		}
		for _, e := range es {
			c := e.Content
			if c.EntryType == "TimelineTimelineCursor" || strings.HasPrefix(e.EntryID, "cursor-") {
				if c.CursorType == "Bottom" {
					p.Bottom, sawBottom = c.Value, true
				}
				continue
			}
			add(c.ItemContent)
			for _, it := range c.Items {
				add(it.Item.ItemContent)
			}
		}
	}
	p.End = !sawBottom || items == 0 || strings.HasPrefix(p.Bottom, "0|")
	return p, nil
}

// readTweet reads a post, unwrapping a TweetWithVisibilityResults.
func readTweet(raw json.RawMessage, depth int) (tweet, bool) {
	var t tlTweet
	if depth > 2 || json.Unmarshal(raw, &t) != nil {
		return tweet{}, false
	}
	if t.Typename == "TweetWithVisibilityResults" && len(t.Tweet) > 0 {
		return readTweet(t.Tweet, depth+1)
	}
	if t.Typename != "Tweet" || t.RestID == "" {
		return tweet{}, false
	}
	out := tweet{ID: t.RestID, Text: first(t.NoteTweet.Results.Result.Text, t.Legacy.FullText)}
	if at, err := time.Parse(time.RubyDate, t.Legacy.CreatedAt); err == nil {
		out.At = at.UTC()
	}
	if t.Legacy.Place != nil {
		out.Place = t.Legacy.Place.FullName
	}
	return out, true
}

// parseIncoming reads one page of the REST follower-requests list.
func parseIncoming(body []byte) (chunk, error) {
	var r struct {
		Users *[]struct {
			ID          string `json:"id_str"`
			Name        string `json:"name"`
			ScreenName  string `json:"screen_name"`
			Location    string `json:"location"`
			Description string `json:"description"`
		} `json:"users"`
		IDs  []json.RawMessage `json:"ids"`
		Next *string           `json:"next_cursor_str"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return chunk{}, fmt.Errorf("not the requests' JSON: %w", err)
	}
	if r.Next == nil || (r.Users == nil && r.IDs == nil) {
		return chunk{}, errors.New("the response is not a list of requests")
	}
	var p chunk
	if r.Users == nil {
		// Only IDs: who is asking cannot be told.
		p.Skipped = len(r.IDs)
	} else {
		for _, u := range *r.Users {
			if u.ID == "" || u.ScreenName == "" {
				p.Skipped++
				continue
			}
			p.People = append(p.People, person{ID: u.ID, Handle: u.ScreenName, Name: u.Name, Location: u.Location, Bio: u.Description})
		}
	}
	p.Bottom = *r.Next
	p.End = p.Bottom == "0" || p.Bottom == ""
	return p, nil
}

// parseCount reads a count as X writes it ("87", "1,234", "12.3K", "1M")
// into the range of exact numbers it may stand for.
func parseCount(s string) (lo, hi int, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || len(s) > 16 {
		return 0, 0, false
	}
	mult := 0.0
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1e3, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1e6, strings.TrimSuffix(s, "M")
	}
	if mult == 0 {
		digits := strings.ReplaceAll(s, ",", "")
		n, err := strconv.Atoi(digits)
		if err != nil || n < 0 || digits == "" || strings.Trim(digits, "0123456789") != "" {
			return 0, 0, false
		}
		return n, n, true
	}
	if strings.Trim(s, "0123456789.") != "" || strings.Count(s, ".") > 1 || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return 0, 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e4 {
		return 0, 0, false
	}
	// "12.3K" is 12,300 rounded to one place: 12,250 .. 12,349 at most.
	step := mult
	if i := strings.IndexByte(s, '.'); i >= 0 {
		step = mult / math.Pow(10, float64(len(s)-i-1))
	}
	return max(0, int(math.Floor(f*mult-step/2))), int(math.Ceil(f*mult+step/2)) - 1, true
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
