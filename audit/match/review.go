package match

import (
	"context"
	"fmt"
	"sort"
	"time"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

// Kind of a review item.
const (
	KindMatch     = "match"        // matches someone on the watch-list
	KindWorthLook = "worth a look" // no watch-list match; signals only
)

// Item is one connection for the doctor to review: a watch-list match, or
// a connection worth a look. It holds names and must stay on this
// computer; findings use only ConnID.
type Item struct {
	Kind    string
	ConnID  string
	Conn    audit.Connection
	Person  *watchlist.Person // nil for worth a look
	Score   float64
	Reasons []string
	// Patient is set when the doctor confirmed the connection as a patient.
	Patient bool
	// Reviewed is set when the doctor has answered about this item.
	Reviewed bool
}

// Look is a connection worth a look without a watch-list.
type Look struct {
	Index   int
	Score   float64
	Reasons []string
}

// LookThreshold is the score from which a connection is worth a look.
const LookThreshold = 0.4

// WorthALook ranks connections by signals that a doctor should check them
// even without a watch-list: living in the practice's town while sharing
// no friends, a pending request, being connected after the doctor started
// at the practice. These are not matches, and are labelled as such.
func WorthALook(conns []audit.Connection, pr watchlist.Practice, now time.Time) []Look {
	var out []Look
	for i, c := range conns {
		var score float64
		var why []string
		inTown := len(pr.Towns) > 0 && InPlaces(c.Location, pr.Towns)
		if inTown {
			score += 0.4
			why = append(why, "lives in the practice's town")
		}
		switch {
		case c.Mutual == 0:
			score += 0.25
			why = append(why, "no friends in common")
			if inTown {
				score += 0.15
			}
		case c.Mutual > 0 && c.Mutual <= 2:
			score += 0.1
			why = append(why, "few friends in common")
		}
		if c.Kind == audit.ConnRequest {
			score += 0.2
			why = append(why, "pending friend request")
		}
		if !c.Since.IsZero() {
			if !pr.Since.IsZero() && c.Since.After(pr.Since) {
				score += 0.15
				why = append(why, "connected after you started at the practice")
			}
			if !now.IsZero() && now.Sub(c.Since) < 90*24*time.Hour && c.Since.Before(now.Add(time.Hour)) {
				score += 0.1
				why = append(why, "connected in the last three months")
			}
		}
		if score >= LookThreshold {
			out = append(out, Look{Index: i, Score: min(score, 1), Reasons: why})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// Items lists what the doctor should review for platform p ("" for every
// platform) in snapshot s: watch-list matches among connections and
// pending requests and, when the watch-list is empty, connections worth a
// look. Confirmed patients are always included.
func Items(ctx context.Context, s *audit.Snapshot, rv *watchlist.Review, p audit.Platform, now time.Time) ([]Item, error) {
	var conns []audit.Connection
	for _, list := range [][]audit.Connection{s.Connections, s.PendingRequests} {
		for _, c := range list {
			if p == "" || c.Platform == p {
				conns = append(conns, c)
			}
		}
	}
	var items []Item
	seen := map[int]bool{}
	if len(rv.People) > 0 {
		m, err := New(rv.People, Options{Now: now})
		if err != nil {
			return nil, err
		}
		cands, err := m.MatchAll(ctx, conns)
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			conn := conns[c.Conn]
			id := rv.ConnID(conn)
			person := c.Person
			items = append(items, Item{
				Kind: KindMatch, ConnID: id, Conn: conn, Person: &person,
				Score: c.Score, Reasons: c.Reasons,
				Patient:  rv.IsPatient(id),
				Reviewed: rv.Reviewed(id, person.ID),
			})
			seen[c.Conn] = true
		}
	} else {
		for _, l := range WorthALook(conns, rv.Practice, now) {
			conn := conns[l.Index]
			id := rv.ConnID(conn)
			items = append(items, Item{
				Kind: KindWorthLook, ConnID: id, Conn: conn, Score: l.Score, Reasons: l.Reasons,
				Patient: rv.IsPatient(id), Reviewed: rv.Reviewed(id, ""),
			})
			seen[l.Index] = true
		}
	}
	// Confirmed patients stay listed even if they no longer match (the
	// watch-list changed, or they renamed themselves).
	for i, c := range conns {
		if seen[i] {
			continue
		}
		if id := rv.ConnID(c); rv.IsPatient(id) {
			items = append(items, Item{Kind: KindMatch, ConnID: id, Conn: c, Patient: true, Reviewed: true,
				Reasons: []string{"confirmed by you as a patient"}})
		}
	}
	return items, nil
}

// Unreviewed counts the items still waiting for an answer.
func Unreviewed(items []Item) int {
	n := 0
	seen := map[string]bool{}
	for _, it := range items {
		if !it.Reviewed && !seen[it.ConnID] {
			seen[it.ConnID] = true
			n++
		}
	}
	return n
}

// Dismiss and Confirm build the decisions the app records for an item.
func Dismiss(it Item, now time.Time) watchlist.Decision {
	return decision(it, watchlist.NotPatient, now)
}

// Confirm records that the item's connection is a current or former patient.
func Confirm(it Item, now time.Time) watchlist.Decision {
	return decision(it, watchlist.Patient, now)
}

func decision(it Item, v watchlist.Verdict, now time.Time) watchlist.Decision {
	d := watchlist.Decision{Conn: it.ConnID, Verdict: v, At: now.UTC()}
	if it.Person != nil {
		d.Person = it.Person.ID
	}
	return d
}

// describe is a connection count in words, for findings.
func describe(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
